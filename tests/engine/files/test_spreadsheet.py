"""The spreadsheet writer's print set-up, cells and widths, read back as a second reader (openpyxl) sees them."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from engine.files.spreadsheet import Column, Heading, Sheet, write_workbook

NOW = datetime(2025, 10, 9, 9, 0)
NARROW = [Column("单位名称"), Column("截止日期", "date"), Column("剩余工作日", "int")]
WIDE = [
    Column("案例名称", max_width=30),
    Column("案例摘要", min_width=40, max_width=90),
    Column("报送时间", "datetime"),
]


def test_a_narrow_list_prints_portrait_on_a4_with_its_header_on_every_page(tmp_path: Path) -> None:
    rows: list[Any] = [["昆山市人民政府", date(2025, 10, 24), 13], ["=HYPERLINK(1)", None, None]]
    made = Sheet("申报清单", NARROW, rows, title="申报清单", document="国知发运字〔2025〕28号")
    write_workbook(tmp_path / "a.xlsx", [made], "国家知识产权局", NOW)
    book = load_workbook(tmp_path / "a.xlsx")
    sheet = book["申报清单"]
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "portrait"  # 9 is A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0  # as many pages down as needed
    assert sheet.print_title_rows == "$3:$3" and sheet.freeze_panes == "A4"  # title, 文号, then the header
    assert [c.value for c in sheet[3]] == ["序号", "单位名称", "截止日期", "剩余工作日"]
    assert sheet["A1"].value == "申报清单" and sheet["A2"].value == "国知发运字〔2025〕28号"
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:D1", "A2:D2"}
    due = sheet["C4"]
    assert due.value == datetime(2025, 10, 24) and due.is_date and "年" in due.number_format
    assert sheet["A4"].value == 1 and sheet["A5"].value == 2 and sheet["D4"].value == 13
    assert sheet["B5"].data_type == "s" and sheet["B5"].value == "=HYPERLINK(1)"  # text, never a formula
    assert book.properties.creator == "国家知识产权局"
    assert book.properties.created == datetime(2025, 10, 9, 1, 0)  # 09:00 in Beijing, kept as UTC


def test_a_wide_table_turns_landscape_keeps_its_abstract_wide_and_rows_tall_enough(tmp_path: Path) -> None:
    abstract = "国家博物馆出台多项内部管理制度，加强知识产权、经营性无形资产和品牌保护力度。" * 4
    rows = [[f"案例{i}", abstract, datetime(2024, 6, 10, 9, 30)] for i in range(1, 31)]
    write_workbook(tmp_path / "b.xlsx", [Sheet("案例", WIDE, rows, title="案例汇总表")])
    sheet = load_workbook(tmp_path / "b.xlsx").active
    widths = {c.value: sheet.column_dimensions[c.column_letter].width for c in sheet[2]}
    assert widths["序号"] < widths["案例名称"] < widths["案例摘要"]
    assert sheet.page_setup.orientation == "landscape"
    lines = len(abstract) * 2 / widths["案例摘要"]  # a Han character is two width units
    assert sheet.row_dimensions[3].height >= lines * 14  # one 11-point line each, at least
    sent = sheet["D3"]
    assert sent.value == datetime(2024, 6, 10, 9, 30) and sent.is_date and "hh:mm" in sent.number_format


def test_group_headings_span_the_table_and_number_their_rows_from_one(tmp_path: Path) -> None:
    rows: list[Any] = [Heading("一、示范市"), ["宁波市人民政府"], ["苏州市人民政府"]]
    rows += [Heading("二、示范县"), ["昆山市人民政府"]]
    write_workbook(tmp_path / "c.xlsx", [Sheet("名单", [Column("单位名称")], rows, title="名单")])
    values = list(load_workbook(tmp_path / "c.xlsx").active.iter_rows(min_row=3, values_only=True))
    assert values == [
        ("一、示范市", None),
        (1, "宁波市人民政府"),
        (2, "苏州市人民政府"),
        ("二、示范县", None),
        (1, "昆山市人民政府"),
    ]


def test_a_template_offers_chinese_lists_and_keeps_codes_as_text(tmp_path: Path) -> None:
    columns = [Column("单位类型", choices=["人民政府", "企业"]), Column("行政区划代码")]
    write_workbook(tmp_path / "t.xlsx", [Sheet("名录", columns, [], numbered=False, template_rows=9, text_columns=[1])])
    sheet = load_workbook(tmp_path / "t.xlsx").active
    (listed,) = sheet.data_validations.dataValidation
    assert listed.formula1 == '"人民政府,企业"' and str(listed.sqref) == "A2:A10"
    assert sheet["B2"].number_format == "@" and sheet.print_title_rows == "$1:$1"
