"""Reading the CSV and XLSX files provinces fill in, keeping each value's row number and column.

Row numbers are the spreadsheet's own (the header is row 1), and a column is named by its header as the file
writes it (a template's Chinese one), so "第7行“统一社会信用代码”列" is the cell the clerk sees. Every problem in
a file is collected before anything is imported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from engine.kernel.errors import BadInput
from engine.kernel.limits import (
    MAX_TABLE_BYTES,
    MAX_TABLE_CELLS,
    MAX_XLSX_UNPACKED,
    MAX_XLSX_WHOLE_PART,
    check_xml_parts,
    check_zip,
    read_limited,
)

MAX_SHOWN = 50


@dataclass
class Problems:
    """Problems found in a file, each naming its row and column (by the header the file gives it, when ``shown``
    knows it); raise them all at once."""

    path: Path
    shown: Mapping[str, str] = field(default_factory=dict)  # column -> its header as the file writes it
    items: list[str] = field(default_factory=list)

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append(f"第{row}行“{self.shown.get(column, column)}”列：{message}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:MAX_SHOWN]
        more = len(self.items) - len(shown)
        tail = f"\n  ……另有 {more} 处" if more else ""
        raise BadInput(f"{self.path}：有 {len(self.items)} 处问题，未导入任何内容\n  " + "\n  ".join(shown) + tail)


def _cell(value: object) -> str:
    """Spreadsheet values as the text a person typed: 320583.0 -> '320583', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _csv_rows(path: Path) -> Iterator[list[str]]:
    raw = read_limited(path, MAX_TABLE_BYTES, "table")
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK unless told otherwise
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BadInput(f"{path}：文件既不是 UTF-8 也不是 GB18030 编码的文本")
    yield from csv.reader(io.StringIO(text, newline=""))


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    """Every row of the first sheet, however few the sheet's ``<dimension>`` declares.

    Read-only mode trusts the declared dimension (a writer may leave it stale, A1:I3 over ten rows),
    so it is reset and the rows are read as they are in the XML.
    """
    from openpyxl import load_workbook

    check_zip(path, MAX_TABLE_BYTES, MAX_XLSX_UNPACKED, "workbook")
    check_xml_parts(path, "workbook", whole=MAX_XLSX_WHOLE_PART, streamed="xl/worksheets/")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise BadInput(f"{path}：无法读取该 Excel 工作簿") from None
    try:
        sheet = book.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):  # a read-only sheet; a chartsheet has no cells to read
            sheet.reset_dimensions()
        cells = 0
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
            if cells > MAX_TABLE_CELLS:  # streamed, so refused as it passes the limit, not after
                raise BadInput(f"{path}：工作簿超过 {MAX_TABLE_CELLS:,} 个单元格，不予读取")
            yield [_cell(v) for v in row]
    finally:
        book.close()


def column_name(index: int, xlsx: bool) -> str:
    """How a clerk finds the 0-based column ``index``: its letter in a workbook, its number in a CSV."""
    if xlsx:
        from openpyxl.utils import get_column_letter

        return get_column_letter(index + 1)
    return str(index + 1)


@dataclass
class Table:
    """The data rows of a file: (row number, {column: text}) with every cell stripped, and each column's header
    as the file writes it."""

    path: Path
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    shown: dict[str, str] = field(default_factory=dict)

    def problems(self) -> Problems:
        """A collector of this file's problems, naming each column as the file's header does."""
        return Problems(self.path, self.shown)


def read_table(
    path: Path, required: Sequence[str], optional: Sequence[str] = (), aliases: Mapping[str, str] | None = None
) -> Table:
    """Read a CSV or XLSX file whose header names ``required`` (and maybe ``optional``) columns; ``aliases``
    maps another header (a template's Chinese one) to its column, and a header the file lacks is named by its
    first alias."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        lines = list(_csv_rows(path))
    elif suffix in (".xlsx", ".xlsm"):
        lines = list(_xlsx_rows(path))
    else:
        raise BadInput(f"{path}：请使用 csv 或 xlsx 文件")
    if not lines:
        raise BadInput(f"{path}：文件为空；第一行须为列名：{'、'.join(required)}")
    aliases = aliases or {}
    named: dict[str, str] = {}
    for alias, column in aliases.items():
        named.setdefault(column, alias)
    written = [h.strip() for h in lines[0]]
    header = [aliases.get(h, h.lower()) for h in written]
    while header and not header[-1]:
        header.pop()
    unknown = [w for h, w in zip(header, written, strict=False) if h not in (*required, *optional)]
    missing = [named.get(c, c) for c in required if c not in header]
    if unknown or missing:
        parts = ([f"无法识别的列：{'、'.join(unknown)}"] if unknown else []) + (
            [f"缺少的列：{'、'.join(missing)}"] if missing else []
        )
        expected = "、".join(named.get(c, c) for c in (*required, *optional))
        raise BadInput(f"{path}：第1行：{'；'.join(parts)}（应为：{expected}）")
    if len(set(header)) != len(header):
        raise BadInput(f"{path}：第1行有重复的列名")
    rows = []
    shown = dict(zip(header, written, strict=False))
    problems = Problems(path, shown)
    xlsx = suffix != ".csv"
    for number, line in enumerate(lines[1:], start=2):
        cells = [c.strip() for c in line] + [""] * (len(header) - len(line))
        for index in range(len(header), len(cells)):  # a value no column names would be lost: refuse it
            if cells[index]:
                span = f"第{column_name(0, xlsx)}至{column_name(len(header) - 1, xlsx)}列"
                problems.items.append(
                    f"第{number}行第{column_name(index, xlsx)}列：“{cells[index][:40]}”不在表头所列的列内"
                    f"（{span}：{'、'.join(written[: len(header)])}）"
                )
        if not any(cells):
            continue
        rows.append((number, dict(zip(header, cells[: len(header)], strict=True))))
    problems.raise_if_any()
    return Table(path, header, rows, shown)
