"""The Word writer's page, fonts, tables and properties, read back through python-docx."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from engine.files.published import read_published, write_published_docx
from engine.files.worddoc import TableColumn, TableGroup, write_table_document
from engine.services.province.report_packages import LIST_COLUMNS
from tests.support.paths import SEED_002

NOW = datetime(2025, 10, 9, 9, 0)  # the clock's China time
NOW_UTC = datetime(2025, 10, 9, 1, 0, tzinfo=UTC)  # as the file records it


def _grid(table) -> list[int]:  # noqa: ANN001
    return [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def test_the_published_case_list_is_a4_with_official_margins_fonts_and_a_table_that_prints_as_drawn(
    tmp_path: Path,
) -> None:
    listing = read_published(SEED_002)
    path = tmp_path / "名单.docx"
    write_published_docx(
        listing.cases, path, listing.title, office="国家知识产权局", now=NOW, document="国知办发〔2023〕1号"
    )
    document = docx.Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(section.top_margin.cm, 1), round(section.left_margin.cm, 1)) == (3.7, 2.8)
    texts = [p.text for p in document.paragraphs[:3]]
    assert texts == ["附件", "知识产权强国建设第二批典型案例", "国知办发〔2023〕1号"]
    title_font = document.paragraphs[1].runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))
    assert title_font == "方正小标宋简体"
    table_xml = next(p for p in document.part.package.iter_parts() if str(p.partname).endswith("fontTable.xml")).blob
    assert '<w:altName w:val="宋体"/>' in table_xml.decode() and '<w:altName w:val="仿宋"/>' in table_xml.decode()

    (table,) = document.tables
    grid = _grid(table)
    assert grid[0] < grid[1] < grid[2]  # 序号 narrow, 案例摘要 widest
    cells = [int(c._tc.tcPr.tcW.get(qn("w:w"))) for c in table.rows[1].cells]
    assert cells == grid  # the grid says what the cells ask, so no reader prints equal columns
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # the header repeats on each page
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)  # no row split in two
    assert len(table.rows) == 31
    props = document.core_properties
    assert (props.author, props.last_modified_by, props.created, props.title) == (
        "国家知识产权局", "国家知识产权局", NOW_UTC, "知识产权强国建设第二批典型案例"
    )  # fmt: skip


def test_a_wide_list_turns_landscape_and_a_narrow_one_stays_portrait(tmp_path: Path) -> None:
    rows = [["1", "国家知识产权强县建设示范县", "昆山市人民政府", "江苏省苏州市昆山市", "11320583MB1B0003X",
             "2025.10.13—2025.10.17", "无异议"]]  # fmt: skip
    wide, narrow = tmp_path / "wide.docx", tmp_path / "narrow.docx"
    write_table_document(wide, office="江苏省知识产权局", now=NOW, title="推荐名单", columns=LIST_COLUMNS,
                         groups=[TableGroup("", rows)])  # fmt: skip
    columns = [TableColumn("序号", 1.2), TableColumn("单位名称", 6, share=1)]
    write_table_document(narrow, office="国家知识产权局", now=NOW, title="名单", columns=columns,
                         groups=[TableGroup("一、示范市", [["1", "宁波市人民政府"]])])  # fmt: skip
    turned = docx.Document(str(wide)).sections[0]
    assert turned.orientation == WD_ORIENT.LANDSCAPE and (turned.page_width or 0) > (turned.page_height or 0)
    period = LIST_COLUMNS[5]
    (table,) = docx.Document(str(wide)).tables
    assert _grid(table)[5] >= period.min_cm / 2.54 * 1440 - 1  # the notice period keeps one line: 2025.10.13—…
    upright = docx.Document(str(narrow))
    assert upright.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert [p.text for p in upright.paragraphs if p.text] == ["附件", "名单", "一、示范市"]
