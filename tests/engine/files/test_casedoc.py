"""Reading case documents (.docx, .md, .txt) into the template's sections, and refusing ones without them."""

from __future__ import annotations

from pathlib import Path

import docx
import docx.document
import pytest

from engine.files.casedoc import CaseDocError, parse_case_text, read_case
from engine.files.freecase import read_free_case
from policies.reference.textlength import check_limits, count_zi

TITLE = "某市探索数据知识产权登记制度"
BASIC = "某市知识产权局于2022年启动数据知识产权登记试点。"
PRACTICE_1 = "（一）建立登记制度。制定登记办法，明确登记主体和程序。"
PRACTICE_2 = "（二）成效导向。搭建WIPO标准兼容的登记平台。"  # 成效 in a sub-heading must stay body text
EFFECTS = "累计登记数据知识产权1200余件，质押融资3.5亿元。"
NEXT = "继续完善制度，推动数据要素流通。"


def _write_docx(path: Path, *, with_form_table: bool = True, drop: str | None = None) -> Path:
    document = docx.Document()
    if with_form_table:
        table = document.add_table(rows=2, cols=4)
        labels = ("案例地区", "案例名称", "案例摘要", "案例联系人及联系方式")
        values = ("浙江省杭州市", "杭州市探索数据知识产权登记", "杭州市率先开展登记试点。", "张三 0571-1234567")
        for cell, text in zip(table.rows[0].cells, labels, strict=True):
            cell.text = text
        for cell, text in zip(table.rows[1].cells, values, strict=True):
            cell.text = text
    document.add_paragraph(TITLE)
    document.add_paragraph(BASIC)
    parts = [
        ("一、主要做法", [PRACTICE_1, PRACTICE_2]),
        ("二、实践效果", [EFFECTS]),
        ("三、下一步工作思路", [NEXT]),
    ]
    for heading, paragraphs in parts:
        if heading == drop:
            continue
        document.add_paragraph(heading)
        for text in paragraphs:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def test_docx_case_with_form_table(tmp_path: Path) -> None:
    case = read_case(_write_docx(tmp_path / "case.docx"))
    assert case.title == TITLE
    assert case.basic == BASIC
    assert case.practices == f"{PRACTICE_1}\n{PRACTICE_2}"
    assert case.effects == EFFECTS
    assert case.next_steps == NEXT
    assert (case.region, case.name, case.contact) == ("浙江省杭州市", "杭州市探索数据知识产权登记", "张三 0571-1234567")
    assert case.abstract == "杭州市率先开展登记试点。"
    assert case.warnings == ()


def test_total_excludes_title_and_headings(tmp_path: Path) -> None:
    case = read_case(_write_docx(tmp_path / "case.docx"))
    body = [BASIC, PRACTICE_1, PRACTICE_2, EFFECTS, NEXT]
    assert count_zi(case.total) == sum(count_zi(part) for part in body)
    assert "主要做法" not in case.total and TITLE not in case.total
    fields = case.as_fields()
    limits = {"total": {"min": 1000, "max": 1500}, "basic": {"max": 200}, "name": {"max": 25}}
    assert [(v.field, v.bound) for v in check_limits(fields, limits)] == [("total", "min")]


def test_docx_without_form_leaves_fields_empty(tmp_path: Path) -> None:
    case = read_case(_write_docx(tmp_path / "bare.docx", with_form_table=False))
    assert (case.region, case.name, case.abstract, case.contact) == (None, None, None, None)
    assert case.title == TITLE


def test_docx_missing_section_names_file_and_heading(tmp_path: Path) -> None:
    path = _write_docx(tmp_path / "no_effects.docx", drop="二、实践效果")
    with pytest.raises(CaseDocError) as err:
        read_case(path)
    assert str(path) in str(err.value)
    assert "二、实践效果" in str(err.value)
    assert err.value.expected == ("二、实践效果",)


MARKDOWN = f"""案例所属地区：浙江省杭州市
**案例名称**: 杭州市探索数据知识产权登记
案例摘要：杭州市率先开展登记试点。
联系人 ： 张三

# {TITLE}

{BASIC}（此部分请控制在200字以内）

## 一、 主要做法

{PRACTICE_1}

{PRACTICE_2}

## 二. 实践效果：

{EFFECTS}

## **三 、下一步 工作思路**

{NEXT}
"""


def test_markdown_with_form_lines_and_loose_headings(tmp_path: Path) -> None:
    path = tmp_path / "case.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    case = read_case(path)
    assert case.title == TITLE
    assert case.name == "杭州市探索数据知识产权登记"
    assert case.region == "浙江省杭州市"
    assert case.contact == "张三"
    assert case.basic == BASIC  # the template's note was left in and is dropped
    assert case.warnings and "此部分请控制在" in case.warnings[0]
    assert case.practices == f"{PRACTICE_1}\n{PRACTICE_2}"
    assert case.effects == EFFECTS and case.next_steps == NEXT


def test_txt_in_gb18030_with_bracketed_headings(tmp_path: Path) -> None:
    # Top-level sections numbered （一）… fix the style, so "1. 取得成效" inside 主要做法 stays body text.
    text = "\n".join(
        [
            TITLE,
            BASIC,
            "（一）主要做法",
            "1. 取得成效",
            "建立制度。",
            "(二) 实践效果",
            EFFECTS,
            "（三）下一步工作思路",
            NEXT,
        ]
    )
    path = tmp_path / "case.txt"
    path.write_bytes(text.encode("gb18030"))
    case = read_case(path)
    assert case.practices == "1. 取得成效\n建立制度。"
    assert case.effects == EFFECTS
    assert case.next_steps == NEXT


def test_sub_headings_do_not_open_sections() -> None:
    text = "\n".join(
        [TITLE, BASIC, "一、主要做法", "（一）成效", "做法正文。", "二、实践效果", EFFECTS, "三、下一步工作思路", NEXT]
    )
    case = parse_case_text(text)
    assert case.practices == "（一）成效\n做法正文。"
    assert case.effects == EFFECTS


def test_explicit_basic_heading_and_untitled_text() -> None:
    text = "一、基本情况\n" + BASIC + "\n二、主要做法\n做法。\n三、实践效果\n效果。\n四、下一步工作思路\n思路。"
    case = parse_case_text(text, source="inline")
    assert case.title == ""
    assert case.basic == BASIC
    assert (case.practices, case.effects, case.next_steps) == ("做法。", "效果。", "思路。")


def test_no_sections_at_all(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("某市知识产权工作总结\n今年我们做了很多工作。\n", encoding="utf-8")
    with pytest.raises(CaseDocError, match="no section headings found") as err:
        read_case(path)
    assert "plain.txt" in str(err.value)
    assert err.value.expected == ("一、主要做法", "二、实践效果", "三、下一步工作思路")


def test_unsupported_and_unreadable_files(tmp_path: Path) -> None:
    pdf = tmp_path / "case.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(CaseDocError, match=r"case\.pdf: unsupported file type \.pdf"):
        read_case(pdf)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(CaseDocError, match=r"broken\.docx: cannot read"):
        read_case(broken)


def _table(document: docx.document.Document, rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text


def test_a_table_in_the_body_is_body_text_and_never_the_form(tmp_path: Path) -> None:
    document = docx.Document()
    _table(document, [("案例地区", "案例名称"), ("浙江省杭州市", "杭州市探索数据知识产权登记")])
    _table(document, [("案例名称", "案例联系人"), ("另一个名称", "李四")])  # a second form: fills gaps only
    for text in (TITLE, BASIC, "一、主要做法", PRACTICE_1):
        document.add_paragraph(text)
    _table(document, [("地区", "名称", "登记量"), ("杭州", "数据登记平台", "1200件")])  # the practices' own table
    for text in ("二、实践效果", EFFECTS, "三、下一步工作思路", NEXT):
        document.add_paragraph(text)
    case = read_case(_save(document, tmp_path / "tables.docx"))
    assert (case.region, case.name, case.contact) == ("浙江省杭州市", "杭州市探索数据知识产权登记", "李四")
    assert case.practices == f"{PRACTICE_1}\n地区\t名称\t登记量\n杭州\t数据登记平台\t1200件"
    assert count_zi(case.total) == sum(count_zi(p) for p in (BASIC, case.practices, EFFECTS, NEXT))


def test_a_free_text_in_word_counts_its_tables(tmp_path: Path) -> None:
    document = docx.Document()
    _table(document, [("案例名称", "案例地区"), ("专利信息助力企业出海", "江苏省")])
    document.add_paragraph("专利信息助力企业出海")
    document.add_paragraph(BASIC)
    _table(document, [("服务对象", "成效"), ("某公司", "授权5件")])
    case = read_free_case(_save(document, tmp_path / "free.docx"))
    assert (case.name, case.region, case.title) == ("专利信息助力企业出海", "江苏省", "专利信息助力企业出海")
    assert case.total == f"{BASIC}\n服务对象\t成效\n某公司\t授权5件"
    assert "basic" not in case.as_fields()  # a free text has no template sections to report


def _save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_the_application_form_after_the_case_fills_the_fields_and_is_never_counted(tmp_path: Path) -> None:
    """Attachment 1 then attachment 2, as notice 000 prints them: the form's table (its columns in another order
    than the notice's), its byline and its notes are read as the form, not as the next steps' text."""
    document = docx.Document()
    sections = ("一、主要做法", PRACTICE_1, "二、实践效果", EFFECTS, "三、下一步工作思路", NEXT)
    case_first = ("附件1", TITLE, BASIC, *sections)
    byline = "报送单位（加盖印章）：某市知识产权局 报送人及联系方式：王五"
    for text in (*case_first, "附件2", "知识产权强国建设典型案例申报表", byline):
        document.add_paragraph(text)
    labels = ("案例名称", "案例联系人及联系方式", "案例摘要", "案例地区")
    values = ("杭州市探索数据知识产权登记", "张三 0571-1234567", "杭州市率先开展登记试点。", "浙江省杭州市")
    _table(document, [labels, values])
    document.add_paragraph("填写说明：1．报送案例的地区请按照行政区划规范填写；")
    document.add_paragraph("2．案例名称要精炼准确，不超过25个字，尽量体现地区/单位、做法、成效；")
    case = read_case(_save(document, tmp_path / "form-last.docx"))
    assert (case.region, case.name, case.contact) == ("浙江省杭州市", "杭州市探索数据知识产权登记", "张三 0571-1234567")
    assert case.abstract == "杭州市率先开展登记试点。"
    assert (case.title, case.next_steps) == (TITLE, NEXT)
    assert count_zi(case.total) == sum(count_zi(p) for p in (BASIC, PRACTICE_1, EFFECTS, NEXT))
