"""Read a typical-case document (C3/C4, D3) into its template sections, so their lengths can be checked.

The template (000, attachment 1) is: a title; the basic situation with no heading; then
``一、主要做法``, ``二、实践效果``, ``三、下一步工作思路``. The application form (attachment 2) gives
region, name, abstract and contact; in a submitted file they may sit at the top, before the body,
as ``案例名称：…`` lines or in a table headed with the form's own labels, or be missing (the caller
then supplies them). Any other table is body text of the section it stands in.

``CaseText.total`` — the text whose length the 1,000–1,500 字 rule measures — is the four
sections' bodies joined: the title, the section headings and the form fields are not counted,
sub-headings inside a section (``（一）建立机制``) are, as they are part of the body.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO

import docx
import docx.document
from docx.table import Table, _Cell

from engine.kernel.errors import BadInput
from engine.kernel.limits import (
    MAX_DOCX_BYTES,
    MAX_DOCX_ELEMENTS,
    MAX_DOCX_UNPACKED,
    MAX_DOCX_XML,
    MAX_TEXT_BYTES,
    check_xml_parts,
    check_zip,
    read_limited,
)

MAX_GRID_COLUMNS = 63  # the widest table Word makes
SECTIONS = ("basic", "practices", "effects", "next_steps")
# The headings as the template spells them, for error messages.
SECTION_HEADINGS = {
    "basic": "（标题下的基本情况）",
    "practices": "一、主要做法",
    "effects": "二、实践效果",
    "next_steps": "三、下一步工作思路",
}

# Heading text after its number, normalised (NFKC, no white space); fullmatch, so body sentences never hit.
_SECTION_RE = {
    "basic": re.compile(r"(?:案例)?(?:基本情况|基本概况|概况|简介)(?:介绍)?"),
    "practices": re.compile(r"(?:主要|具体|创新)?(?:做法|举措|措施)(?:[与和及、](?:举措|措施|经验|创新))?"),
    "effects": re.compile(r"(?:实践|主要|工作|实施|取得的?)?(?:效果|成效)(?:[与和及、](?:经验|启示))?"),
    "next_steps": re.compile(
        r"(?:(?:经验启示|工作启示|经验|启示|建议)[与和及、]?)?下一步(?:工作)?(?:思路|打算|计划|安排|考虑|方向|工作)?"
        r"|经验启示|工作建议"
    ),
}
_CN = "一二三四五六七八九十"
_NUMBERING = (
    ("cn", re.compile(rf"[{_CN}]+[、.,]")),
    ("paren", re.compile(rf"\([{_CN}]+\)")),
    ("arabic", re.compile(r"\d{1,2}[、.)]")),
    ("part", re.compile(rf"第[{_CN}]+(?:部分|节)[、.:]?")),
)
_TEMPLATE_NOTE = re.compile(r"[（(]\s*此部分请?\s*控制在\s*\d+\s*字以内\s*[)）]")

# Form fields of attachment 2 and the labels people actually write for them.
_FORM_LABELS = {
    "region": ("案例所属地区", "案例所属区域", "案例地区", "所属地区", "所属区域", "地区", "区域"),
    "name": ("案例名称", "名称"),
    "abstract": ("案例摘要", "摘要"),
    "contact": ("案例联系人及联系方式", "案例联系人", "联系人及联系方式", "联系人及电话", "联系人"),
    "period": ("案例时间", "案例时间期限", "案例起止时间", "案例实施时间"),  # D2: 2020年至今
    # On the form but not the case's own: recognised so they are never taken for the title.
    "": ("报送单位", "报送单位(加盖印章)", "报送人及联系方式"),
}
_FORM_KEYS = {label: key for key, labels in _FORM_LABELS.items() for label in labels}
# A table is the form only if it carries the form's full labels: "名称"/"地区" head many a body table.
_FULL_LABELS = frozenset(label for label in _FORM_KEYS if label.startswith(("案例", "报送")))
_ATTACHMENT = re.compile(r"附\s*件\s*\d*")
# The application form's own title (…申报表, 案例报送表): from it on, until the next attachment, the form's part
_FORM_TITLE = re.compile(r".{0,40}(?:申报表|报送表)")
_FIELD_LINE = re.compile(r"^\s*([^:：]{1,24}?)\s*[:：]\s*(.*)$")


class CaseDocError(ValueError):
    """A case file that cannot be split into the template's sections; names the file and the heading."""

    def __init__(self, source: str, message: str, expected: Sequence[str] = ()) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.expected = tuple(expected)


@dataclass(frozen=True, slots=True)
class CaseText:
    """A case split into the template's parts; form fields are ``None`` when the file lacks them."""

    title: str
    basic: str
    practices: str
    effects: str
    next_steps: str
    region: str | None = None
    name: str | None = None
    abstract: str | None = None
    contact: str | None = None
    period: str | None = None  # D2: when the case happened, as written
    source: str = "<text>"
    warnings: tuple[str, ...] = field(default=())
    sectioned: bool = True  # False for a free text: its whole body sits in ``basic``

    @property
    def total(self) -> str:
        """The body whose length counts: the four sections, headings and title excluded."""
        return "\n".join(part for part in (self.basic, self.practices, self.effects, self.next_steps) if part)

    def as_fields(self) -> dict[str, str]:
        """The texts keyed as length limits name them (``total``, ``basic``, …, ``name``, ``abstract``)."""
        out = {key: getattr(self, key) for key in SECTIONS} if self.sectioned else {}
        out["total"] = self.total
        out["title"] = self.title
        for key in ("name", "abstract", "region", "contact", "period"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


def _norm(text: str) -> str:
    """Fold full-width forms to half-width and drop white space, for matching labels only."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _form_key(label: str, full: bool = False) -> str | None:
    """The CaseText field a form label stands for, "" for known labels we ignore, None if not a label;
    ``full`` accepts only the form's own labels (案例名称, not 名称)."""
    label = _norm(label).strip("*#-_>|")
    return _FORM_KEYS.get(label) if not full or label in _FULL_LABELS else None


@dataclass(frozen=True, slots=True)
class DocTable:
    """A Word table in document order: its rows of cell texts, a merged cell kept once."""

    rows: tuple[tuple[str, ...], ...]

    def lines(self) -> list[str]:
        return ["\t".join(row) for row in self.rows]


def _heading(line: str) -> tuple[str, str] | None:
    """(section, numbering style) if ``line`` is a section heading, else None."""
    text = _norm(line)
    hashes = len(text) - len(text.lstrip("#"))
    text = text[hashes:].strip("*_")
    text = re.sub(r"\([^()]*\)$", "", text).rstrip(":").strip("*_")
    kind = ""
    for name, pattern in _NUMBERING:
        m = pattern.match(text)
        if m:
            kind, text = name, text[m.end() :].strip("*_")
            break
    for section, pattern in _SECTION_RE.items():
        if pattern.fullmatch(text):
            return section, kind or f"#{hashes}"
    return None


def form_from_rows(rows: Sequence[Sequence[str]]) -> dict[str, str]:
    """Form fields from a table headed with the form's full labels: a header row over a row of values,
    or label|value rows. Empty when the table is not the form."""
    for i, row in enumerate(rows[:-1]):
        if sum(1 for cell in row if _form_key(cell, full=True)) >= 2:
            keys = [_form_key(cell) for cell in row]
            return {k: v.strip() for k, v in zip(keys, rows[i + 1], strict=False) if k and v.strip()}
    pairs: dict[str, str] = {}
    for row in rows:
        key = _form_key(row[0], full=True) if len(row) >= 2 else None
        value = next((cell for cell in row[1:] if cell != row[0]), "").strip() if key else ""
        if key and value:
            pairs.setdefault(key, value)
    return pairs if len(pairs) >= 2 else {}


def _pieces(lines: Iterable[str | DocTable]) -> list[str | DocTable]:
    """Lines with their soft line breaks split (Word keeps a Shift+Enter break inside a paragraph)."""
    return [piece for item in lines for piece in (item.split("\n") if isinstance(item, str) else [item])]


def parse_case_text(lines: Iterable[str | DocTable] | str, source: str = "<text>") -> CaseText:
    """Split a case given as lines (or one string; Word tables as :class:`DocTable`) into title,
    form fields and the four sections. Form fields are read only in the head, before any body text,
    and the first value found for a field is kept."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    queue: deque[str | DocTable] = deque(_pieces(lines))
    fields: dict[str, str] = {}
    title = ""
    bodies: dict[str, list[str]] = {key: [] for key in SECTIONS}
    current = "basic"
    style: str | None = None
    seen: set[str] = set()
    pending_header: list[str | None] | None = None
    in_form = False  # inside the application form's attachment (附件2): its fields are read, nothing is counted
    while queue:
        item = queue.popleft()
        in_head = not seen and not bodies["basic"]
        if isinstance(item, DocTable):
            got = form_from_rows(item.rows) if in_head or in_form else {}
            if not got and not in_form:  # the form's table wherever it stands, by its full labels
                got = form_from_rows(item.rows)
            for key, value in got.items():
                fields.setdefault(key, value)
            if not got and not in_form:
                queue.extendleft(reversed(_pieces(item.lines())))
            continue
        line = item.strip()
        if not line:
            continue
        normalised = _norm(line)
        if _ATTACHMENT.fullmatch(normalised):  # 附件2 after the case opens the form; any attachment ends it
            in_form = not in_head and not in_form
            continue
        if _FORM_TITLE.fullmatch(normalised) and not normalised.startswith(("一", "二", "三")):
            in_form = True
            continue
        if in_form:  # the form's byline, labelled lines or notes (填写说明): never body text
            cells = line.split("\t")
            if pending_header is not None:
                for k, v in zip(pending_header, cells, strict=False):
                    if k and v.strip():
                        fields.setdefault(k, v.strip())
                pending_header = None
            elif len(cells) >= 2 and sum(1 for c in cells if _form_key(c, full=True)) >= 2:
                pending_header = [_form_key(c) for c in cells]
            elif (m := _FIELD_LINE.match(line)) and (labelled := _form_key(m.group(1))):
                value = m.group(2).strip().strip("*").strip()
                if value:
                    fields.setdefault(labelled, value)
            continue
        found = _heading(line)
        if found and found[0] not in seen and (found[0] == "basic" or style in (None, found[1])):
            section, kind = found
            if section != "basic":
                style = kind
            seen.add(section)
            current = section
            continue
        if in_head:  # form fields, then the title
            cells = line.split("\t")
            if pending_header is not None:  # the values row under a tab-separated form header
                for k, v in zip(pending_header, cells, strict=False):
                    if k and v.strip():
                        fields.setdefault(k, v.strip())
                pending_header = None
                continue
            if len(cells) >= 2 and sum(1 for c in cells if _form_key(c, full=True)) >= 2:
                pending_header = [_form_key(c) for c in cells]
                continue
            m = _FIELD_LINE.match(line)
            if m and _form_key(m.group(1)) is not None:
                field_key, value = _form_key(m.group(1)), m.group(2).strip().strip("*").strip()
                if field_key and value:
                    fields.setdefault(field_key, value)
                continue
            if not title:
                if _ATTACHMENT.fullmatch(line):
                    continue
                candidate = line.lstrip("#").strip().strip("*_").strip()
                if not candidate.endswith(("。", "；", "：")) and len(candidate) <= 60:
                    title = candidate
                    continue
        bodies[current].append(line)
    missing = [key for key in SECTIONS[1:] if key not in seen]
    if missing:
        wanted = [SECTION_HEADINGS[key] for key in missing]
        what = "no section headings found" if len(missing) == 3 else "missing section heading"
        raise CaseDocError(source, f"{what}: expected “{'”, “'.join(wanted)}”", wanted)
    warnings: list[str] = []
    texts: dict[str, str] = {}
    for key in SECTIONS:
        text = "\n".join(bodies[key])
        cleaned = _TEMPLATE_NOTE.sub("", text).strip()
        if cleaned != text.strip():
            warnings.append(f"{key}: removed the template's note “此部分请控制在…字以内”")
        texts[key] = cleaned
    if _norm(title) == "案例标题":
        warnings.append("title is still the template placeholder “案例标题”")
    return CaseText(
        title=title,
        basic=texts["basic"],
        practices=texts["practices"],
        effects=texts["effects"],
        next_steps=texts["next_steps"],
        region=fields.get("region"),
        name=fields.get("name"),
        abstract=fields.get("abstract"),
        contact=fields.get("contact"),
        period=fields.get("period"),
        source=source,
        warnings=tuple(warnings),
    )


def decode_text(data: bytes) -> str:
    """Text files from Chinese offices come as UTF-8 (with or without BOM) or GB18030; raises
    UnicodeDecodeError for anything else."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_text_file(path: Path) -> str:
    """A text file's content, decoded as :func:`decode_text` does; a regular file within the text limit only."""
    return decode_text(read_limited(path, MAX_TEXT_BYTES, "text file"))


def open_docx(path: Path) -> docx.document.Document:
    """A Word document, once its size, its members' declared sizes and its XML's size and element count show that
    parsing it costs a few seconds and a hundred MB at most (a 2 MB file of 62 MB XML once cost a minute and 1 GB)."""
    check_zip(path, MAX_DOCX_BYTES, MAX_DOCX_UNPACKED, "Word document")
    check_xml_parts(path, "Word document", MAX_DOCX_XML, MAX_DOCX_ELEMENTS)
    return docx.Document(str(path))


def table_rows(table: Table) -> list[list[str]]:
    """Each row's cell texts as Word lays them out, in one pass: a cell spanning columns repeats, a cell merged with
    the one above repeats that one's text. (python-docx's ``row.cells`` follows each merged cell up to its first row,
    so a long merged column costs its length squared, and repeats a cell for any span it declares.)"""
    above: dict[int, str] = {}
    rows: list[list[str]] = []
    for tr in table._tbl.tr_lst:
        cells: list[str] = []
        column = tr.grid_before
        for tc in tr.tc_lst:
            span = tc.grid_span
            if not 1 <= span <= MAX_GRID_COLUMNS:
                raise BadInput(f"a table cell spans {span} columns; Word tables have at most {MAX_GRID_COLUMNS}")
            text = above.get(column, "") if tc.vMerge == "continue" else _Cell(tc, table).text
            for _ in range(span):
                above[column] = text
                cells.append(text)
                column += 1
        rows.append(cells)
    return rows


def read_lines(path: Path) -> list[str | DocTable]:
    """A ``.docx`` as paragraphs and tables in document order, or a text file as lines."""
    if path.suffix.lower() != ".docx":
        return list(read_text_file(path).splitlines())
    out: list[str | DocTable] = []
    for block in open_docx(path).iter_inner_content():
        if not isinstance(block, Table):
            out.append(block.text)
            continue
        rows = []
        for row in table_rows(block):
            cells: list[str] = []
            for text in row:  # a merged cell repeats: keep it once
                if not cells or text.strip() != cells[-1]:
                    cells.append(text.strip())
            rows.append(tuple(cells))
        out.append(DocTable(tuple(rows)))
    return out


def read_case(path: str | Path) -> CaseText:
    """Read a ``.docx``, ``.md`` or ``.txt`` case file; raises CaseDocError naming the file on failure."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".docx", ".md", ".markdown", ".txt"):
            return parse_case_text(read_lines(path), source=str(path))
    except (CaseDocError, BadInput):  # BadInput: a limit refused the file, with its own message
        raise
    except Exception as exc:  # a corrupt .docx raises many kinds; all mean "cannot read this file"
        raise CaseDocError(str(path), f"cannot read the file ({exc})") from exc
    raise CaseDocError(str(path), f"unsupported file type {suffix or '(none)'}; expected .docx, .md or .txt")


def write_case_template(target: IO[bytes], office: str, now: datetime, period: bool = False) -> None:
    """The case form a submitter fills in (notice 000, attachments 1 and 2): the application form's table, the
    title, the basic situation and the three numbered sections — the parts this module reads back."""
    from engine.files import worddoc

    document = worddoc.new_document(office, now, "典型案例模板")
    labels = ["案例所属地区", "案例名称", "案例摘要", "案例联系人及联系方式"] + (["案例时间"] if period else [])
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label in labels:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, "（请填写）"
    worddoc.paragraph(document, "（案例标题）", worddoc.TITLE, 22, center=True)
    worddoc.paragraph(document, "（基本情况：请写在标题之下，不加小标题）", worddoc.BODY, 16)
    for key in SECTIONS[1:]:
        worddoc.paragraph(document, SECTION_HEADINGS[key], worddoc.HEADING, 16)
        worddoc.paragraph(document, "（正文）", worddoc.BODY, 16)
    document.save(target)
