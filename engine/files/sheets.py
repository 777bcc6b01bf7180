"""Writing xlsx sheets whose text cells stay text: a name like ``=HYPERLINK(…)`` must never become a formula.

openpyxl turns any string starting with ``=`` into a formula; every string cell written here is
marked as a string after assignment, so user text is shown as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from engine.kernel.errors import BadInput


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell | MergedCell:
    """Write one cell; a string is always a string cell, never a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_rows(out: Path, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """One sheet: a bold header row, then ``rows``; columns sized to their text."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    for j, label in enumerate(header, start=1):
        put(sheet, 1, j, label).font = Font(bold=True)
    for i, values in enumerate(rows, start=2):
        for j, value in enumerate(values, start=1):
            put(sheet, i, j, value).alignment = Alignment(vertical="top", wrap_text=True)
    for j, label in enumerate(header, start=1):
        longest = max([len(str(label)), *(len(str(r[j - 1])) for r in rows if j <= len(r))])
        sheet.column_dimensions[get_column_letter(j)].width = min(60, 4 + 2 * longest)
    sheet.freeze_panes = "A2"
    save(book, out)


def save(book: Workbook, out: Path) -> None:
    try:
        book.save(out)
    except OSError as exc:
        raise BadInput(f"--out: cannot write {out}: {exc.strerror or exc}") from None
