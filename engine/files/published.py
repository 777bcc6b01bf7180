"""Published lists of typical cases (C8): parse one like seed 002 and render one in its shape.

A list is an 附件 label, a title line and a three-column table 序号 / 案例名称 / 案例摘要. The
text form tolerates what extraction from the published PDF/web page leaves behind: the header
row repeated at each page break, blank lines, stray formatting tags (``<p>``, ``<b>``), an
abstract wrapped onto the next line, and Markdown pipe tables as well as tab-separated rows.
Anything else after the table starts is an error naming its line, so no row is ever dropped
silently. md, html and docx renderings parse back to the same cases, text unchanged.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import IO

import docx
from jinja2 import Environment, PackageLoader, StrictUndefined

from engine.files.casedoc import open_docx, read_text_file, table_rows
from engine.files.worddoc import TableColumn, TableGroup, write_table_document

HEADER = ("序号", "案例名称", "案例摘要")
DEFAULT_ATTACHMENT = "附件"

# Only formatting tags are extraction residue; anything else in angle brackets is the case's own text.
_STRAY_TAG = re.compile(
    r"</?(?:p|b|i|u|s|em|strong|span|font|br|div|a|sup|sub|small|center|strike|del|ins|mark)\b[^<>]*/?>",
    re.IGNORECASE,
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TAG_MARK = "\x00"
_AROUND_TAG = re.compile(rf"[\s{_TAG_MARK}]*{_TAG_MARK}[\s{_TAG_MARK}]*")
_ATTACHMENT_LINE = re.compile(r"附\s*件\s*\d*")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_SENTENCE_END = ("。", "！", "？", ".", "”", "）")
_NOTE = re.compile(r"[（(][^（）()]*[）)]")  # a whole-line remark such as （以上排名不分先后）
_UNSPLIT_ROW = re.compile(r"\d{1,3}\s+\S")  # "4 山西省…": a row whose columns lost their tabs


@dataclass(frozen=True, slots=True)
class PublishedCase:
    """One row of a published list."""

    number: int
    name: str
    abstract: str


@dataclass(frozen=True, slots=True)
class PublishedList:
    """A published list: its title line, its 附件 label and its cases in order."""

    title: str
    cases: tuple[PublishedCase, ...]
    attachment: str = DEFAULT_ATTACHMENT


def _clean(cell: str, strip_tags: bool = True) -> str:
    """Cell text without extraction residue: formatting tags (and the space a tag left between two Han
    characters) and HTML entities; any other space is the text's own and stays, collapsed to one."""
    if strip_tags:
        cell = _AROUND_TAG.sub(_join_at_tag, _STRAY_TAG.sub(_TAG_MARK, cell))
        cell = html.unescape(cell)
    return re.sub(r"\s+", " ", cell).strip()


def markup_as_text(text: str) -> str:
    """A case's own name or abstract as a 名单 prints it: formatting tags left by a web page or an editor
    (``<b>``, ``<p>``) are dropped and their words kept, so a list never shows a tag; other text is untouched."""
    return _clean(text)


def _join_at_tag(m: re.Match[str]) -> str:
    """Where tags were: nothing, or one space if there was one and it did not sit between two Han characters."""
    if not any(ch.isspace() for ch in m.group(0)):
        return ""
    text, start, end = m.string, m.start(), m.end()
    both_han = start > 0 and end < len(text) and _HAN.match(text[start - 1]) and _HAN.match(text[end])
    return "" if both_han else " "


def _is_header(cells: Sequence[str]) -> bool:
    return tuple(re.sub(r"\s+", "", c) for c in cells[:3]) == HEADER


def _cases_from_rows(
    rows: Iterable[tuple[int, list[str]]], source: str, strip_tags: bool = True
) -> list[PublishedCase]:
    """Turn (line, cells) rows into cases; header rows are skipped, bad rows name their line."""
    cases: list[PublishedCase] = []
    numbers: dict[int, int] = {}
    for line_no, cells in rows:
        if _is_header(cells) or not any(c.strip() for c in cells):
            continue
        if len(cells) < 3:
            wanted = "/".join(HEADER)
            raise ValueError(f"{source}:{line_no}: expected 3 columns {wanted}, got {len(cells)}")
        number_text = _clean(cells[0])
        if not number_text.isdigit():
            raise ValueError(f"{source}:{line_no}: 序号 {number_text!r} is not a number")
        number = int(number_text)
        if number in numbers:
            raise ValueError(f"{source}:{line_no}: 序号 {number} already used on line {numbers[number]}")
        numbers[number] = line_no
        abstract = " ".join(cells[2:])  # a tab inside the abstract split it: put it back
        cases.append(
            PublishedCase(number, _clean(cells[1], strip_tags), _clean(abstract, strip_tags)),
        )
    return cases


def _cells(raw: str) -> list[str]:
    line = raw.strip()
    if line.startswith("|"):
        return [c.replace("\\|", "|") for c in _PIPE_SPLIT.split(line.strip("|"))]
    return raw.rstrip("\r\n").split("\t")


def parse_published(text: str, source: str = "<text>") -> PublishedList:
    """Parse a list given as text: tab-separated rows (as in seed 002) or a Markdown pipe table.

    Lines before the table give the 附件 label and the title (``## …`` or plain). From the header
    on, a line is a header, a numbered row, a continuation of a row whose abstract is unfinished
    (no closing 。) or a whole-line remark in brackets; anything else raises ValueError naming
    ``source:line``, so nothing is imported from a list that was not read whole.
    """
    title, attachment = "", DEFAULT_ATTACHMENT
    rows: list[tuple[int, list[str]]] = []
    in_table = False
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or re.fullmatch(r"\|?[\s:|-]+\|?", line) and "-" in line:
            continue  # blank, or a Markdown table's |---|---| rule
        cells = _cells(raw)
        if _is_header(cells):
            in_table = True
            continue
        where = f"{source}:{line_no}"
        if sum(1 for c in cells if c.strip()) >= 2:
            number = _clean(cells[0])
            if not number.isdigit():
                raise ValueError(f"{where}: column 序号: {number!r} is not a number")
            rows.append((line_no, cells))
            in_table = True
        elif _UNSPLIT_ROW.match(line) and in_table:
            raise ValueError(f"{where}: a row must separate 序号, 案例名称 and 案例摘要 by tabs: {line[:24]!r}…")
        elif rows and not _clean(rows[-1][1][-1]).endswith(_SENTENCE_END):
            rows[-1][1][-1] += line  # the abstract was wrapped onto this line
        elif _NOTE.fullmatch(line):
            continue
        elif in_table:
            raise ValueError(
                f"{where}: not a row of 序号/案例名称/案例摘要 nor the rest of the abstract above: {line[:24]!r}"
            )
        elif _ATTACHMENT_LINE.fullmatch(line):
            attachment = line
        elif not title:
            title = _clean(line.lstrip("#"))
        else:
            raise ValueError(f"{where}: a second title line {line[:24]!r} before the table")
    cases = _cases_from_rows(rows, source)
    if not cases:
        raise ValueError(f"{source}: no cases found (expected rows 序号<TAB>案例名称<TAB>案例摘要)")
    return PublishedList(title, tuple(cases), attachment)


class _TableReader(HTMLParser):
    """Collects the title (<h1>), the 附件 label and table rows of a rendered list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[int, list[str]]] = []
        self.title = ""
        self.attachment = DEFAULT_ATTACHMENT
        self._row: list[str] | None = None
        self._buf: list[str] | None = None
        self._target = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th", "h1") or (tag == "p" and ("class", "attachment") in attrs):
            self._buf, self._target = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None:
            self.rows.append((self.getpos()[0], self._row))
            self._row = None
        elif self._buf is not None and tag == self._target:
            text = "".join(self._buf).strip()
            if tag in ("td", "th") and self._row is not None:
                self._row.append(text)
            elif tag == "h1":
                self.title = text
            elif tag == "p":
                self.attachment = text
            self._buf = None

    def handle_data(self, data: str) -> None:
        if self._buf is not None:
            self._buf.append(data)


def parse_published_html(text: str, source: str = "<html>") -> PublishedList:
    """Parse a list rendered by ``render_published_html`` (or any page with such a table)."""
    reader = _TableReader()
    reader.feed(text)
    reader.close()
    cases = _cases_from_rows(reader.rows, source, strip_tags=False)
    if not cases:
        raise ValueError(f"{source}: no table rows 序号/案例名称/案例摘要 found")
    return PublishedList(_clean(reader.title, False), tuple(cases), reader.attachment)


def _md_cell(value: object) -> str:
    """A value safe inside a Markdown table cell: no line breaks, pipes escaped, and ``<`` and ``&``
    as entities, so a literal ``<b>`` or ``&amp;`` in a case's text reads back as itself."""
    text = html.escape(re.sub(r"\s*\n\s*", " ", str(value)), quote=False)
    return text.replace("|", "\\|")


def _environment() -> Environment:
    """The list templates live beside this module; only the HTML one is autoescaped."""
    env = Environment(
        loader=PackageLoader("engine.files", "templates"),
        autoescape=lambda name: name is not None and name.endswith((".html.j2", ".htm.j2")),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md_cell"] = _md_cell
    return env


@dataclass(frozen=True, slots=True)
class ListGroup:
    """A block of a 名单: its heading (a category; empty for a list without groups) and its rows of cells."""

    heading: str
    rows: tuple[tuple[str, ...], ...]


def _case_groups(cases: Sequence[PublishedCase]) -> list[ListGroup]:
    return [ListGroup("", tuple((str(c.number), c.name, c.abstract) for c in cases))]


def render_list_md(
    groups: Sequence[ListGroup], title: str, header: Sequence[str], attachment: str = DEFAULT_ATTACHMENT,
    document: str = "", notes: Sequence[str] = (),
) -> str:  # fmt: skip
    """Any 名单 as Markdown: 附件 label, ``## title``, the 文号, a correction's 更正说明, then a heading and a pipe
    table per group."""
    return (
        _environment()
        .get_template("named_list.md.j2")
        .render(groups=list(groups), title=html.escape(title, quote=False), attachment=attachment, header=list(header),
                document=document, notes=list(notes))
    )  # fmt: skip


def render_list_html(
    groups: Sequence[ListGroup], title: str, header: Sequence[str], attachment: str = DEFAULT_ATTACHMENT,
    document: str = "", notes: Sequence[str] = (),
) -> str:  # fmt: skip
    """Any 名单 as a standalone HTML page, every cell escaped."""
    return (
        _environment()
        .get_template("named_list.html.j2")
        .render(groups=list(groups), title=title, attachment=attachment, header=list(header), document=document,
                notes=list(notes))
    )  # fmt: skip


def render_published_md(cases: Sequence[PublishedCase], title: str, attachment: str = DEFAULT_ATTACHMENT) -> str:
    """The list as Markdown: 附件 label, ``## title``, a pipe table."""
    return render_list_md(_case_groups(cases), title, HEADER, attachment)


def render_published_html(cases: Sequence[PublishedCase], title: str, attachment: str = DEFAULT_ATTACHMENT) -> str:
    """The list as a standalone HTML page; every case text is escaped."""
    return render_list_html(_case_groups(cases), title, HEADER, attachment)


CASE_COLUMNS = (
    TableColumn(HEADER[0], 1.4, center=True),
    TableColumn(HEADER[1], 3.5, share=1),
    TableColumn(HEADER[2], 6.0, share=2.4),
)


def write_list_docx(
    groups: Sequence[ListGroup],
    target: str | Path | IO[bytes],
    title: str,
    columns: Sequence[TableColumn],
    *,
    office: str,
    now: datetime,
    attachment: str = DEFAULT_ATTACHMENT,
    document: str = "",
    notes: Sequence[str] = (),
) -> None:
    """Any 名单 as a Word file in the official layout (:mod:`engine.files.worddoc`): 附件, title, 文号, a
    correction's 更正说明 under them, and per group a 黑体 heading and a table whose header row repeats on every
    page (where 002's repeats came from)."""
    write_table_document(
        target, office=office, now=now, title=title, columns=columns, attachment=attachment, number=document,
        groups=[TableGroup(g.heading, g.rows) for g in groups], byline=["更正说明", *notes] if notes else (),
    )  # fmt: skip


def write_published_docx(
    cases: Sequence[PublishedCase],
    target: str | Path | IO[bytes],
    title: str,
    *,
    office: str,
    now: datetime,
    attachment: str = DEFAULT_ATTACHMENT,
    document: str = "",
) -> None:
    """The case list (序号/案例名称/案例摘要, 序号 narrow and 案例摘要 wide) as a Word file in 002's shape."""
    write_list_docx(_case_groups(cases), target, title, CASE_COLUMNS, office=office, now=now,
                    attachment=attachment, document=document)  # fmt: skip


def read_published_docx(source: str | Path | IO[bytes]) -> PublishedList:
    """Read a Word list: the first table headed 序号/案例名称/案例摘要, and the paragraphs above it."""
    document = open_docx(source) if isinstance(source, Path) else docx.Document(source)
    name = str(source) if isinstance(source, str | Path) else "<docx>"
    texts = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    attachment = next((t for t in texts if _ATTACHMENT_LINE.fullmatch(t)), DEFAULT_ATTACHMENT)
    title = next((t for t in texts if not _ATTACHMENT_LINE.fullmatch(t)), "")
    for table in document.tables:
        rows = list(enumerate(table_rows(table), start=1))
        if rows and _is_header(rows[0][1]):
            cases = _cases_from_rows(rows, name, strip_tags=False)  # Word cells hold no HTML residue
            return PublishedList(_clean(title), tuple(cases), attachment)
    raise ValueError(f"{name}: no table headed 序号/案例名称/案例摘要")


def read_published(path: str | Path) -> PublishedList:
    """Read a list from ``.txt``/``.md`` (text rows), ``.html``/``.htm`` or ``.docx``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_published_docx(path)
    text = read_text_file(path)
    if suffix in (".html", ".htm"):
        return parse_published_html(text, str(path))
    return parse_published(text, str(path))
