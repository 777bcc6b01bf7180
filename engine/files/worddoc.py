"""The one Word writer every list uses: A4 with the margins of an official document (GB/T 9704), body in
仿宋, titles in 小标宋 and headings in 黑体, and tables that print as drawn.

Fonts are named with fall-backs in the document's font table (``w:altName``), so a machine without
方正小标宋简体 or 仿宋_GB2312 shows 宋体 or 仿宋 rather than a Latin face. A table's grid (``w:tblGrid``) is
written with the same widths as its cells and a fixed layout, because Word and LibreOffice lay a table out
from its grid and would otherwise print equal columns; its header row repeats on every page and no row is
split across a page break. The document properties name the office and the clock's date, not python-docx's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

import docx
import docx.document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from engine.kernel.clock import as_utc
from engine.kernel.errors import BadInput

BODY = "仿宋_GB2312"
TITLE = "方正小标宋简体"
HEADING = "黑体"
# Each named font, the face a machine without it should use, and the face for Latin letters and digits.
FALLBACKS = {BODY: "仿宋", TITLE: "宋体", HEADING: "SimHei"}
LATIN = "Times New Roman"
# GB/T 9704 page: A4, top 37 mm, bottom 35 mm, inside 28 mm, outside 26 mm (a 156 × 225 mm text block).
A4_CM = (21.0, 29.7)
MARGINS_CM = (3.7, 3.5, 2.8, 2.6)  # top, bottom, left, right in portrait
TABLE_PT = 12.0  # 小四 in tables: 三号 (16 pt) body text leaves a three-column list two words a line


@dataclass(frozen=True)
class TableColumn:
    """A column of a table: its header and its narrowest useful width (cm); spare width goes by ``share``."""

    header: str
    min_cm: float
    share: float = 0.0
    center: bool = False


@dataclass(frozen=True)
class TableGroup:
    """A block of a table: a 黑体 heading above it (empty for none) and its rows of cell texts."""

    heading: str
    rows: Sequence[Sequence[str]]


def set_font(run: object, name: str, size_pt: float, bold: bool = False) -> None:
    """Word picks a Chinese font from ``w:eastAsia``, which python-docx does not set by itself."""
    font = run.font  # type: ignore[attr-defined]
    font.name = LATIN if name == BODY else name
    font.size = Pt(size_pt)
    font.bold = bold
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    rfonts.set(qn("w:eastAsia"), name)
    rfonts.set(qn("w:hAnsi"), LATIN if name == BODY else name)


def _font_table(document: docx.document.Document) -> None:
    """Name each Chinese font in the font table with its fall-back (altName) and the GB2312 charset."""
    part = next(p for p in document.part.package.iter_parts() if str(p.partname).endswith("/fontTable.xml"))
    root = parse_xml(part.blob)
    for name, alternative in FALLBACKS.items():
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
            )
        )
    part._blob = serialize_part_xml(root)  # a plain part keeps its bytes


def new_document(office: str, now: datetime, title: str, landscape: bool = False) -> docx.document.Document:
    """An empty A4 document with official margins, 仿宋 as its body font, and properties naming ``office``."""
    document = docx.Document()
    section = document.sections[0]
    width, height = A4_CM
    top, bottom, left, right = MARGINS_CM
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
        top, bottom, left, right = right, left, top, bottom  # the page turned a quarter
    section.page_width, section.page_height = Cm(width), Cm(height)
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    normal = document.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(TABLE_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY)
    _font_table(document)
    props = document.core_properties
    props.author = props.last_modified_by = office
    props.title = title
    props.comments = props.keywords = props.subject = ""
    stamp = as_utc(now)  # the clock gives China time; the file records UTC (Word shows it in local time again)
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    return document


def text_width_cm(document: docx.document.Document) -> float:
    section = document.sections[0]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None  # new_document set them all
    return float((width - left - right) / 360000)


def fits_portrait(columns: Sequence[TableColumn]) -> bool:
    """Whether the columns' narrowest widths fit the portrait text block (15.6 cm)."""
    return sum(c.min_cm for c in columns) <= A4_CM[0] - MARGINS_CM[2] - MARGINS_CM[3]


def paragraph(document: docx.document.Document, text: str, font: str, size_pt: float, center: bool = False,
              bold: bool = False) -> Paragraph:  # fmt: skip
    p = document.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run(text), font, size_pt, bold)
    return p


def heading_block(document: docx.document.Document, attachment: str, title: str, number: str = "",
                  byline: Sequence[str] = ()) -> None:  # fmt: skip
    """附件 label in 黑体 三号, the title in 小标宋 二号 centred, the 文号 and any byline in 仿宋."""
    if attachment:
        paragraph(document, attachment, HEADING, 16)
    paragraph(document, title, TITLE, 22, center=True)
    if number:
        paragraph(document, number, BODY, 16, center=True)
    for line in byline:
        paragraph(document, line, BODY, TABLE_PT)


def _widths(columns: Sequence[TableColumn], available: float) -> list[float]:
    """The narrowest widths plus the spare by share; narrowed in proportion when even those overflow the page."""
    narrowest = sum(c.min_cm for c in columns)
    if narrowest > available:
        return [c.min_cm * available / narrowest for c in columns]
    spare = available - narrowest
    shares = sum(c.share for c in columns) or float(len(columns))
    return [c.min_cm + spare * ((c.share if any(x.share for x in columns) else 1.0) / shares) for c in columns]


def _twips(cm: float) -> int:
    return round(cm / 2.54 * 1440)


def _row_flags(row: object, header: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _cell(cell: _Cell, text: str, header: bool, center: bool, size_pt: float) -> None:
    p = cell.paragraphs[0]
    if header or center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run(text), HEADING if header else BODY, size_pt)


def add_table(
    document: docx.document.Document, columns: Sequence[TableColumn], rows: Sequence[Sequence[str]],
    size_pt: float = TABLE_PT,
) -> Table:  # fmt: skip
    """A bordered table filling the text width: fixed layout, grid = cell widths, the header row repeated
    on every page and no row split across pages."""
    widths = _widths(columns, text_width_cm(document))
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(_twips(w) for w in widths)}" w:type="dxa"/>'))
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(_twips(width)))
    _row_flags(table.rows[0], header=True)
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        _cell(cell, column.header, True, True, size_pt)
    for values in rows:
        row = table.add_row()
        _row_flags(row, header=False)
        for cell, value, column in zip(row.cells, values, columns, strict=True):
            _cell(cell, value, False, column.center, size_pt)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def write_table_document(
    target: str | Path | IO[bytes],
    *,
    office: str,
    now: datetime,
    title: str,
    columns: Sequence[TableColumn],
    groups: Sequence[TableGroup],
    attachment: str = "附件",
    number: str = "",
    byline: Sequence[str] = (),
    landscape: bool | None = None,
    size_pt: float = TABLE_PT,
) -> None:
    """A 名单 as an official Word file: heading block, then per group a 黑体 heading and a table.
    ``landscape`` None: turned when the columns do not fit a portrait page; ``size_pt`` the table's text
    (五号, 10.5, for a dense table whose codes and periods must each keep to one line)."""
    turned = not fits_portrait(columns) if landscape is None else landscape
    document = new_document(office, now, title, landscape=turned)
    heading_block(document, attachment, title, number, byline)
    for group in groups:
        if group.heading:
            paragraph(document, group.heading, HEADING, 16)
        add_table(document, columns, group.rows, size_pt)
    save(document, target)


def save(document: docx.document.Document, target: str | Path | IO[bytes], field_key: str = "out") -> None:
    try:
        document.save(str(target) if isinstance(target, Path) else target)
    except OSError as exc:
        raise BadInput(f"cannot write {target}: {exc.strerror or exc}", field=field_key) from None
