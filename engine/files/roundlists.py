"""A province's 推荐名单 (its recommendation list and summary table) as .xlsx and .docx.

Every cell is written from what the system holds, so the clerk types nothing; text cells are written as
text, so a name beginning with ``=`` can never become a live formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from engine.files.published import _cell_text, _set_font

Cell = str | int
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def write_list_xlsx(
    path: Path, title: str, byline: Sequence[str], headers: Sequence[tuple[str, int]], rows: Sequence[Sequence[Cell]]
) -> None:
    """Title, byline, a bordered table under ``headers`` ((text, width) each); ints stay numbers."""
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "推荐名单"
    last = get_column_letter(len(headers))
    sheet.merge_cells(f"A1:{last}1")
    _text(sheet.cell(row=1, column=1), title).font = Font(name="方正小标宋简体", size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for i, line in enumerate(byline):
        _text(sheet.cell(row=2, column=1 + i * max(len(headers) // 2, 1)), line)
    for j, (header, width) in enumerate(headers, start=1):
        cell = _text(sheet.cell(row=3, column=j), header)
        cell.font, cell.border = Font(name="黑体", bold=True), BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(j)].width = width
    for i, row in enumerate(rows, start=4):
        for j, value in enumerate(row, start=1):
            cell = sheet.cell(row=i, column=j)
            if isinstance(value, int):
                cell.value = value
            else:
                _text(cell, value)
            cell.border, cell.alignment = BOX, Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A4"
    wb.save(path)


def _text(cell, value: str):  # type: ignore[no-untyped-def]  # openpyxl's cell types are a union of stubs
    """A text cell that stays text (never a formula, whatever its first character)."""
    cell.value = value
    cell.data_type = "s"
    return cell


def write_list_docx(
    path: Path,
    attachment: str,
    title: str,
    byline: Sequence[str],
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
) -> None:
    """The list as a Word file in the official layout (附件 in 黑体, title in 小标宋, bordered table)."""
    document = docx.Document()
    _set_font(document.add_paragraph().add_run(attachment), "黑体", 16)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(heading.add_run(title), "方正小标宋简体", 22)
    for line in byline:
        _set_font(document.add_paragraph().add_run(line), "仿宋_GB2312", 12)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, text, bold=True)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            _cell_text(cell, str(value), size_pt=10.5)
    document.save(str(path))
