"""The one spreadsheet writer every export uses, so each sheet prints as a clerk expects on A4.

A sheet is a title row (and the 文号 and byline where there are any), one header row that is frozen and
repeated on every printed page, then the rows under a 序号 column. Columns are sized from their content,
wrapped rows get the height their lines need (LibreOffice and WPS do not grow a row by themselves), dates
and numbers are real cells with Chinese formats, and the page is A4, turned to landscape when the columns
are wider than a portrait page, scaled to fit its width. openpyxl is used in normal mode: merged title cells
and per-row heights need it, and a 1,000-row list is written in well under a second (bench/ not needed).

Text is always written as text (:mod:`engine.files.sheets`), so a name beginning with ``=`` stays a name.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from engine.files.sheets import put
from engine.kernel.errors import BadInput

Kind = Literal["text", "int", "number", "date", "datetime"]

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
NUMBER_FORMATS: dict[str, str] = {"int": "0", "number": "0.00", "date": DATE_FORMAT, "datetime": DATETIME_FORMAT}
# Display widths of a formatted value, in character units (a Han character counts 2).
FORMATTED_WIDTH: dict[str, int] = {"date": 16, "datetime": 22}

BODY_FONT, BODY_SIZE = "宋体", 11
TITLE_FONT, TITLE_SIZE = "黑体", 16
HEADER_FONT = "黑体"
LINE_POINTS = 15.0  # one wrapped line of 11-point CJK text (Excel and WPS give 宋体 14.25 pt)
# Printable width of A4 with 1.8 cm side margins, in column-width units (about 0.2 cm each at 100 %).
PORTRAIT_UNITS, LANDSCAPE_UNITS = 88, 130
MARGIN_CM = 1.8
SERIAL = "序号"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TEMPLATE_ROWS = 500  # rows of a template that carry the drop-down lists


@dataclass(frozen=True)
class Column:
    """One column: its Chinese header, what its cells hold, and bounds on its width (character units)."""

    header: str
    kind: Kind = "text"
    min_width: int = 6
    max_width: int = 60
    choices: Sequence[str] = ()  # a drop-down list (templates): the values a clerk picks from


@dataclass(frozen=True)
class Heading:
    """A row across the whole table that groups the rows under it (一、示范市 …)."""

    text: str


@dataclass(frozen=True)
class Sheet:
    """What a sheet shows. ``title`` empty: the header is row 1 (a template that an importer reads back)."""

    name: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any] | Heading]
    title: str = ""
    document: str = ""  # 文号
    byline: Sequence[str] = ()
    notes: Sequence[str] = ()
    numbered: bool = True  # a 序号 column first, counting the data rows
    template_rows: int = 0  # empty rows a template formats (text cells, drop-downs)
    text_columns: Sequence[int] = field(default=())  # 0-based columns typed in as text (codes keep their zeros)


def display_width(text: str) -> int:
    """How wide ``text`` shows, in column-width units: a Han character or full-width mark 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _value_width(value: Any, kind: Kind) -> int:
    if value is None or value == "":
        return 0
    if kind in FORMATTED_WIDTH and isinstance(value, date):
        return FORMATTED_WIDTH[kind]
    return max((display_width(line) for line in _as_text(value).splitlines()), default=0)


def column_widths(sheet: Sheet) -> list[float]:
    """Widths from the content, each within its bounds; when the total is wider than a landscape page the
    widest columns give way first, so a table of long texts prints at a readable scale."""
    columns = _all_columns(sheet)
    data = [r for r in sheet.rows if not isinstance(r, Heading)]
    widths: list[float] = []
    for j, column in enumerate(columns):
        serial = sheet.numbered and j == 0
        values = [i + 1 for i in range(len(data))] if serial else [r[j - sheet.numbered] for r in data]
        longest = max([display_width(column.header), *(_value_width(v, column.kind) for v in values)])
        widths.append(float(min(column.max_width, max(column.min_width, longest + 2))))
    while sum(widths) > LANDSCAPE_UNITS:
        widest = max(range(len(widths)), key=widths.__getitem__)
        floor = max(columns[widest].min_width, 12)
        if widths[widest] <= floor:
            break
        widths[widest] = max(floor, widths[widest] - (sum(widths) - LANDSCAPE_UNITS))
    return widths


def _all_columns(sheet: Sheet) -> list[Column]:
    return [Column(SERIAL, "int", 5, 6)] * sheet.numbered + list(sheet.columns)


def _lines(value: Any, width: float) -> int:
    """How many lines ``value`` wraps to in a column ``width`` units wide."""
    usable = max(width - 1.5, 1)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in _as_text(value).splitlines() or [""])


def _write_cell(ws: Worksheet, row: int, col: int, value: Any, column: Column) -> None:
    if column.kind in ("date", "datetime") and isinstance(value, str) and not value:
        value = None
    if column.kind == "date" and isinstance(value, datetime):
        value = value.date()
    if column.kind == "datetime" and isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # spreadsheets hold wall-clock time; the caller gives China's
    cell = put(ws, row, col, value)
    cell.border = BOX
    cell.font = Font(name=BODY_FONT, size=BODY_SIZE)
    if column.kind in NUMBER_FORMATS and not isinstance(value, str):
        cell.number_format = NUMBER_FORMATS[column.kind]
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    else:
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _banner(ws: Worksheet, row: int, last: int, text: str, font: Font, horizontal: str, width: float) -> None:
    """A line across the whole table (title, 文号, byline, group heading), as tall as its text needs."""
    if last > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    cell = put(ws, row, 1, text)
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    size = font.sz or BODY_SIZE
    per_line = size * 1.5
    ws.row_dimensions[row].height = max(per_line, _lines(text, width * BODY_SIZE / size) * per_line) + 4


def _print_setup(ws: Worksheet, total: float, header_row: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if total > PORTRAIT_UNITS else "portrait"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_options.horizontalCentered = True
    inch = MARGIN_CM / 2.54
    ws.page_margins.left = ws.page_margins.right = inch
    ws.page_margins.top = ws.page_margins.bottom = 2.0 / 2.54
    ws.print_title_rows = f"{header_row}:{header_row}"
    if ws.oddFooter is not None:
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = f"A{header_row + 1}"


def _fill(ws: Worksheet, sheet: Sheet) -> None:
    columns = _all_columns(sheet)
    widths = column_widths(sheet)
    last, total = len(columns), sum(widths)
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    row = 1
    if sheet.title:
        _banner(ws, row, last, sheet.title, Font(name=TITLE_FONT, size=TITLE_SIZE, bold=True), "center", total)
        row += 1
        if sheet.document:
            _banner(ws, row, last, sheet.document, Font(name=BODY_FONT, size=BODY_SIZE), "center", total)
            row += 1
        for line in sheet.byline:
            _banner(ws, row, last, line, Font(name=BODY_FONT, size=BODY_SIZE), "left", total)
            row += 1
    header_row = row
    header_lines = 1
    for j, column in enumerate(columns, start=1):
        cell = put(ws, row, j, column.header)
        cell.font, cell.border = Font(name=HEADER_FONT, size=BODY_SIZE, bold=True), BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header_lines = max(header_lines, _lines(column.header, widths[j - 1]))
    ws.row_dimensions[row].height = header_lines * LINE_POINTS + 6
    number = 0
    for values in sheet.rows:
        row += 1
        if isinstance(values, Heading):  # a group numbers its rows from 1, as its Word table does
            number = 0
            _banner(ws, row, last, values.text, Font(name=HEADER_FONT, size=BODY_SIZE, bold=True), "left", total)
            continue
        number += 1
        cells = [number, *values] if sheet.numbered else list(values)
        lines = 1
        for j, (value, column) in enumerate(zip(cells, columns, strict=True), start=1):
            _write_cell(ws, row, j, value, column)
            if column.kind == "text":
                lines = max(lines, _lines(value, widths[j - 1]))
        ws.row_dimensions[row].height = lines * LINE_POINTS + 6
    _template(ws, sheet, columns, header_row)
    for k, note in enumerate(sheet.notes):
        _banner(ws, row + 2 + k, last, note, Font(name=BODY_FONT, size=BODY_SIZE), "left", total)
    _print_setup(ws, total, header_row)


def _template(ws: Worksheet, sheet: Sheet, columns: list[Column], header_row: int) -> None:
    """Drop-down lists (in Chinese) and text-formatted code columns over a template's empty rows."""
    if not sheet.template_rows:
        return
    first, last = header_row + 1, header_row + sheet.template_rows
    for j, column in enumerate(columns, start=1):
        letter = get_column_letter(j)
        if column.choices:
            listed = '"' + ",".join(column.choices) + '"'
            dv = DataValidation(type="list", formula1=listed, allow_blank=True, showErrorMessage=True)
            dv.error, dv.errorTitle = f"请从列表中选择{column.header}", "输入值无效"
            dv.add(f"{letter}{first}:{letter}{last}")
            ws.add_data_validation(dv)
    for index in sheet.text_columns:
        for r in range(first, last + 1):
            ws.cell(row=r, column=index + 1 + sheet.numbered).number_format = "@"


def build_workbook(sheets: Sequence[Sheet], creator: str = "", now: datetime | None = None) -> Workbook:
    """A workbook of ``sheets`` in order; ``creator`` and ``now`` (the injected clock) go in its properties."""
    book = Workbook()
    book.remove(book.worksheets[0])
    for sheet in sheets:
        _fill(book.create_sheet(sheet.name[:31]), sheet)
    if creator:
        book.properties.creator = book.properties.lastModifiedBy = creator
    if now is not None:
        book.properties.created = book.properties.modified = now.replace(tzinfo=None)
    if sheets and sheets[0].title:
        book.properties.title = sheets[0].title
    return book


def write_workbook(
    target: Path | IO[bytes], sheets: Sequence[Sheet], creator: str = "", now: datetime | None = None,
    field_key: str = "--out",
) -> None:  # fmt: skip
    """Write the workbook to a file (a bad path names ``field_key``) or a binary stream."""
    book = build_workbook(sheets, creator, now)
    try:
        book.save(target)
    except OSError as exc:
        raise BadInput(f"{field_key}: cannot write {target}: {exc.strerror or exc}") from None


def workbook_bytes(sheets: Sequence[Sheet], creator: str = "", now: datetime | None = None) -> bytes:
    """The workbook as bytes, for a download."""
    out = io.BytesIO()
    write_workbook(out, sheets, creator, now)
    return out.getvalue()


def labelled(value: str, labels: Mapping[str, str]) -> str:
    """A code shown by its Chinese label (an unknown code is shown as it is: better than a blank)."""
    return labels.get(value, value)
