"""Reading a Word document or a workbook costs seconds and tens of MB at most, whatever the file holds: XML that
expands modestly (under the compression ratio a zip bomb shows) but far beyond any real document, elements by the
hundred thousand, a cell spanning a million columns, or a row reaching column XFD is refused before it is parsed,
naming the file."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from engine.files.casedoc import read_case
from engine.files.published import read_published
from engine.files.tabular import read_table
from engine.kernel import limits
from engine.kernel.errors import BadInput

BODY = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>'


def _docx_with_body(tmp_path: Path, name: str, body: bytes) -> Path:
    """A real .docx whose word/document.xml is replaced by ``body`` (inside <w:body>)."""
    buf = io.BytesIO()
    docx.Document().save(buf)
    path = tmp_path / name
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = BODY % body if item.filename == "word/document.xml" else src.read(item.filename)
            dst.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return path


def _noisy_paragraphs(megabytes: int) -> bytes:
    """Paragraphs of text that compress about as well as prose does (well under the bomb ratio)."""
    paragraph = "<w:p><w:r><w:t>知识产权强国建设典型案例{}</w:t></w:r></w:p>"
    count = megabytes * limits.MIB // 120
    return "".join(paragraph.format(os.urandom(8).hex()) for _ in range(count)).encode()


def test_a_docx_of_more_xml_than_any_document_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    big = _docx_with_body(tmp_path, "大文档.docx", _noisy_paragraphs(12))
    assert big.stat().st_size < limits.MAX_DOCX_BYTES  # small enough to pass the older checks
    for read in (read_case, read_published):
        with pytest.raises(BadInput, match=r"大文档\.docx：文件所含 XML 超过 8 MB"):
            read(big)


def test_a_docx_of_a_quarter_million_tiny_elements_is_refused_by_count(tmp_path: Path) -> None:
    body = "".join(f'<w:p w:rsidR="{os.urandom(4).hex()}"/>' for _ in range(250_000)).encode()
    assert len(body) < limits.MAX_DOCX_XML  # within the size: the count refuses it
    many = _docx_with_body(tmp_path, "many.docx", body)
    with pytest.raises(BadInput, match=r"many\.docx：文件所含 XML 元素超过 200,000 个"):
        read_case(many)


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
def test_the_element_count_is_the_parser_s_wherever_the_chunks_fall(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """The count reads start tags a chunk at a time; a ``<`` at a chunk's end must be neither lost nor doubled,
    and end tags, the XML declaration and a comment must not count."""
    from lxml import etree

    paragraphs = b"<!-- a comment --><w:p><w:r><w:t>\xe6\xa1\x88</w:t></w:r></w:p><w:p/>" * 40
    part = b'<?xml version="1.0"?>' + BODY % paragraphs
    path = tmp_path / "count.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", part)
    elements = sum(1 for _ in etree.iterparse(io.BytesIO(part), events=("start",)))
    monkeypatch.setattr(limits, "_COUNT_CHUNK", chunk)
    limits.check_xml_parts(path, "案例文件", max_elements=elements)  # exactly at the limit: accepted
    with pytest.raises(BadInput, match=r"count\.docx：文件所含 XML 元素超过"):
        limits.check_xml_parts(path, "案例文件", max_elements=elements - 1)


@pytest.mark.parametrize("encoding", ["utf-16-be", "utf-16-le", "utf-16"])
def test_a_part_in_another_encoding_is_counted_by_the_parser(tmp_path: Path, encoding: str) -> None:
    """In UTF-16BE an element named 㼀 is the bytes ``00 3C 3F 00``: counted as bytes it would read as ``<?`` and
    not count, so fifty of them would pass a limit of fifty with room to spare."""
    part = ('<?xml version="1.0" encoding="UTF-16"?><a>' + "<㼀/>" * 50 + "</a>").encode(encoding)
    path = tmp_path / "utf16.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", part)
    limits.check_xml_parts(path, "案例文件", max_elements=51)  # <a> and fifty 㼀
    with pytest.raises(BadInput, match=r"utf16\.docx：文件所含 XML 元素超过 50 个"):
        limits.check_xml_parts(path, "案例文件", max_elements=50)


def test_a_table_cell_spanning_a_million_columns_is_refused(tmp_path: Path) -> None:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="1000000"/></w:tcPr><w:p><w:r><w:t>案例名称</w:t></w:r></w:p></w:tc>'
    table = f"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr>{cell}</w:tr></w:tbl>".encode()
    wide = _docx_with_body(tmp_path, "wide.docx", table)
    with pytest.raises(BadInput, match="spans 1000000 columns"):
        read_case(wide)


def test_a_merged_column_reads_its_first_cell_s_text_on_every_row(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("案例标题")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(2, 0)).text = "案例名称"
    for row, text in enumerate(("甲", "乙", "丙")):
        table.cell(row, 1).text = text
    path = tmp_path / "merged.docx"
    document.save(str(path))
    from engine.files.casedoc import read_lines

    tables = [block for block in read_lines(path) if not isinstance(block, str)]
    assert tables[0].rows == (("案例名称", "甲"), ("案例名称", "乙"), ("案例名称", "丙"))


def test_a_workbook_whose_shared_strings_are_too_large_to_hold_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "名册.xlsx"
    Workbook().save(book)
    strings = "".join(f"<si><t>{os.urandom(12).hex()}</t></si>" for _ in range(420_000))
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/sharedStrings.xml", f'<sst xmlns="x">{strings}</sst>', compresslevel=1)
    assert book.stat().st_size < limits.MAX_TABLE_BYTES
    with pytest.raises(BadInput, match=r"名册\.xlsx：其中 xl/sharedStrings\.xml 为 [\d,]+ 字节"):
        read_table(book, ("name",))


def test_a_workbook_whose_rows_reach_column_xfd_is_refused_as_it_is_read(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in range(1, 120):
        sheet.cell(row=row, column=16_384, value=1)  # every row 16,384 cells wide, as read
    path = tmp_path / "wide.xlsx"
    book.save(path)
    with pytest.raises(BadInput, match=r"wide\.xlsx：工作簿超过 1,000,000 个单元格"):
        read_table(path, ("name",))
