"""Writing user text into spreadsheets so that no spreadsheet program ever evaluates it (CSV/formula injection).

A name such as ``=cmd|' /C calc'!A0`` or ``=HYPERLINK(…)`` is data, never a formula. OWASP's guidance
names the dangerous leading characters: ``=``, ``+``, ``-``, ``@``, tab and carriage return.

- In an .xlsx every text value is written as a string cell (``data_type = "s"``), which no spreadsheet
  evaluates; a dangerous one also gets the cell's ``quotePrefix`` flag, which is exactly what Excel records
  when a person types ``'=…``: the text stays as typed (the roster imports back the same name, with no
  stray quote), shows no apostrophe, and stays text when someone edits the cell and presses Enter.
- In a CSV there are no types, so a dangerous value is prefixed with a single quote, as OWASP advises;
  the quote is visible, which is the price of a format that cannot say "this is text".

Every writer of the system goes through :func:`put`, :func:`text_cell` or :func:`csv_safe`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from engine.kernel.errors import BadInput

DANGEROUS_LEADS = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula (or a DDE call) if it were typed in."""
    return text.startswith(DANGEROUS_LEADS)


def _as_text(cell: Cell | MergedCell, value: str) -> Cell | MergedCell:
    cell.value = value
    cell.data_type = "s"  # set after the value: openpyxl infers "f" for a leading "=", this undoes it
    if is_dangerous(value):
        cell.quotePrefix = True
    return cell


def put(sheet: Any, row: int, column: int, value: Any) -> Cell | MergedCell:
    """``sheet.cell(row, column, value)`` for a normal sheet, with text always written as text."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        return _as_text(cell, value)
    cell.value = value
    return cell


def text_cell(sheet: Any, value: Any) -> Any:
    """A cell for ``sheet.append`` in write-only mode (or any mode): text is a string cell, other values pass."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell

    return _as_text(WriteOnlyCell(sheet), value)


def safe_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for ``sheet.append`` whose text cells cannot become formulas."""
    return [text_cell(sheet, v) for v in values]


def csv_safe(value: Any) -> Any:
    """A CSV field a spreadsheet opens as text: a dangerous leading character gets a single quote before it."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value


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
