"""Published case lists: the real seed 002 parses to 30 cases; md, html and docx renderings round-trip."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import docx
import pytest

from engine.files.published import (
    PublishedCase,
    parse_published,
    parse_published_html,
    read_published,
    read_published_docx,
    render_published_html,
    render_published_md,
    write_published_docx,
)
from tests.support.paths import SEED_002

NOW = datetime(2025, 10, 9, 9, 0)

TRICKY = [
    PublishedCase(1, "某市<script>alert('x')</script>案例", "摘要含竖线 A|B 与 & 符号，以及“引号”。"),
    PublishedCase(2, "贵州省台江县塑造“村 BA”品牌", "以“村 BA”品牌赋能乡村发展。"),
    PublishedCase(3, "标签<b>原样</b>保留", "实体 &amp; 与 &lt; 照录，汉字 之间 的空格不删。"),
]


def test_parse_seed_002() -> None:
    listing = read_published(SEED_002)
    assert len(listing.cases) == 30
    assert [c.number for c in listing.cases] == list(range(1, 31))
    assert listing.cases[0].name == "国家博物馆加强知识产权保护利用，推动文博事业高质量发展"
    assert listing.cases[-1].name == "宁夏回族自治区银川市用好地理标志“四加”模式，助力宁夏葡萄酒产业高质量发展"
    assert listing.title == "知识产权强国建设第二批典型案例"
    assert listing.attachment == "附件"


def test_seed_002_stray_tags_are_stripped() -> None:
    cases = {c.number: c for c in read_published(SEED_002).cases}
    assert all("<" not in c.abstract and ">" not in c.abstract for c in cases.values())
    # "<b>福建省</b> 德化县" → the tag and the space it left between two Han characters go
    assert cases[16].abstract.startswith("福建省德化县强化陶瓷产业")
    assert cases[18].abstract.endswith("推动中小企业走好“专精特新”创新之路。")
    assert "“村 BA”" in cases[28].abstract  # a space next to Latin letters is kept


def test_markdown_round_trip() -> None:
    listing = read_published(SEED_002)
    text = render_published_md(listing.cases, title=listing.title)
    assert text.startswith("附件\n\n## 知识产权强国建设第二批典型案例\n\n| 序号 | 案例名称 | 案例摘要 |")
    assert parse_published(text) == listing


def test_markdown_round_trip_of_awkward_text(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(render_published_md(TRICKY, title="测试名单"), encoding="utf-8")
    assert "A\\|B" in path.read_text(encoding="utf-8")
    back = read_published(path)
    assert list(back.cases) == TRICKY and back.title == "测试名单"


def test_html_escapes_names_and_round_trips() -> None:
    page = render_published_html(TRICKY, title="测试<名单>")
    assert "<script>" not in page
    assert "某市&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;案例" in page
    assert "<h1>测试&lt;名单&gt;</h1>" in page
    back = parse_published_html(page)
    assert list(back.cases) == TRICKY and back.title == "测试<名单>"


def test_html_round_trip_of_seed(tmp_path: Path) -> None:
    listing = read_published(SEED_002)
    path = tmp_path / "list.html"
    path.write_text(render_published_html(listing.cases, title=listing.title), encoding="utf-8")
    assert read_published(path) == listing


def test_docx_round_trip_and_layout(tmp_path: Path) -> None:
    listing = read_published(SEED_002)
    path = tmp_path / "list.docx"
    write_published_docx(listing.cases, path, listing.title, office="国家知识产权局", now=NOW)
    assert read_published(path) == listing
    document = docx.Document(str(path))
    assert [p.text for p in document.paragraphs[:2]] == ["附件", "知识产权强国建设第二批典型案例"]
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "案例名称", "案例摘要"]
    assert len(table.rows) == 31
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # header repeats on each page


def test_docx_round_trip_in_memory() -> None:
    buffer = io.BytesIO()
    write_published_docx(TRICKY, buffer, "测试名单", office="国家知识产权局", now=NOW)
    buffer.seek(0)
    back = read_published_docx(buffer)
    assert list(back.cases) == TRICKY and back.title == "测试名单"


def test_wrapped_abstract_continues_on_next_line() -> None:
    text = "附件\n\n测试名单\n\n序号\t案例名称\t案例摘要\n1\t甲案例\t前半句，\n后半句。\n（以上排名不分先后）\n"
    listing = parse_published(text)
    assert listing.title == "测试名单"
    assert listing.cases == (PublishedCase(1, "甲案例", "前半句，后半句。"),)


def test_a_tag_s_own_space_goes_but_the_text_s_spaces_stay() -> None:
    text = "序号\t案例名称\t案例摘要\n1\t<b>福建省</b> 德化县\t<p>德化 瓷都</p> 发展 <i>WIPO</i> 合作。\n"
    (case,) = parse_published(text).cases
    assert (case.name, case.abstract) == ("福建省德化县", "德化 瓷都发展 WIPO 合作。")


def test_a_gb18030_list_reads_like_utf8(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(SEED_002.read_text("utf-8").encode("gb18030"))
    assert read_published(path) == read_published(SEED_002)


def test_a_remark_line_is_no_row_but_anything_else_after_the_table_is_an_error() -> None:
    head = "附件\n\n名单\n\n序号\t案例名称\t案例摘要\n1\t甲案例\t摘要。\n"
    assert len(parse_published(head + "（以上排名不分先后）\n").cases) == 1
    with pytest.raises(ValueError, match=r"<text>:7: not a row"):
        parse_published(head + "此处有一行说明文字\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("序号\t案例名称\t案例摘要\n1\t甲\t摘要。\n1\t乙\t摘要。\n", r"<text>:3: 序号 1 already used on line 2"),
        ("序号\t案例名称\t案例摘要\n1\t甲\t摘要。\n\t乙\t摘要。\n", r"<text>:3: column 序号: '' is not a number"),
        ("序号\t案例名称\t案例摘要\n1\t甲\t摘要，\n2 乙 摘要。\n", r"<text>:3: a row must separate 序号"),
        ("| 序号 | 案例名称 | 案例摘要 |\n| --- | --- | --- |\n| 一 | 甲 | 摘要。 |\n", r"<text>:3: column 序号: '一'"),
        ("附件\n名单\n又一行标题\n序号\t案例名称\t案例摘要\n", r"<text>:3: a second title line"),
        ("附件\n\n只有标题\n", "no cases found"),
        ("序号\t案例名称\t案例摘要\n1\t只有名称\n", r"<text>:2: expected 3 columns"),
    ],
)
def test_bad_lists_name_the_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_published(text)
