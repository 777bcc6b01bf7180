"""Writing user text into spreadsheets so that no spreadsheet program ever evaluates it (CSV/formula injection).

A name such as ``=cmd|' /C calc'!A0`` or ``=HYPERLINK(…)`` is data, never a formula. OWASP's guidance
names the dangerous leading characters: ``=``, ``+``, ``-``, ``@``, tab and carriage return.

- In an .xlsx every text value is written as a string cell (``data_type = "s"``), which no spreadsheet
  evaluates; a dangerous one also gets the cell's ``quotePrefix`` flag, which is exactly what Excel records
  when a person types ``'=…``: the text stays as typed (the roster imports back the same name, with no
  stray quote), shows no apostrophe, and stays text when someone edits the cell and presses Enter.
- In a CSV there are no types, so a dangerous value is prefixed with a single quote, as OWASP advises;
  the quote is visible, which is the price of a format that cannot say "this is text".

Every writer of the system goes through :func:`text_cell` (in :mod:`engine.files.spreadsheet`) or :func:`csv_safe`.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell, MergedCell

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


def text_cell(sheet: Any, value: Any) -> Any:
    """A cell for ``sheet.append`` in write-only mode (or any mode): text is a string cell, other values pass."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell

    return _as_text(WriteOnlyCell(sheet), value)


def csv_safe(value: Any) -> Any:
    """A CSV field a spreadsheet opens as text: a dangerous leading character gets a single quote before it."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value
