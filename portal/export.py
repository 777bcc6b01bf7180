"""Files the portal hands out: a list as xlsx, and stored documents as attachments only."""

from __future__ import annotations

import io
from urllib.parse import quote

from fastapi.responses import Response

from engine.services.programmes import ProgrammeSummary
from engine.services.worklists import ApplicationRow
from portal.views import cn_time

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: str) -> str:
    """Text that a spreadsheet will never run as a formula (a name that starts with = stays a name)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def application_sheet(rows: list[ApplicationRow], definition: ProgrammeSummary) -> bytes:
    from openpyxl import Workbook

    titles = {s.id: s.title for s in definition.stages}
    names = {c.id: c.name for c in definition.categories}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "申报"
    sheet.append(["编号", "申报单位", "类别", "省份代码", "阶段", "更新时间"])
    for r in rows:
        sheet.append(
            [
                r.id,
                cell_text(r.organisation),
                names.get(r.category, r.category),
                r.province,
                titles.get(r.stage, r.stage),
                cn_time(r.updated_at),
            ]
        )
    for letter, width in zip("ABCDEF", (8, 36, 30, 10, 20, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def attachment(content: bytes, filename: str) -> Response:
    """Served as a download whatever it holds: octet-stream, attachment, nosniff (set for every answer)."""
    ascii_name = "".join(ch if ch.isascii() and ch.isalnum() or ch in "._-" else "_" for ch in filename) or "file"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": disposition},  # its sandbox CSP: portal.security, for every download
    )
