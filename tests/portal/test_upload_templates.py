"""A template beside every upload: each form that takes a file the user fills in offers 下载模板, the link opens
for that user, and the file is one the upload reads back (the case form: its application-form table and its
sections, as the word count reads any case)."""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient

from engine.files.casedoc import read_case
from tests.support.portal_support import demo_site, log_in

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# (account, page with the upload form): each form whose file the user fills in from a template
UPLOADS = [
    ("jiangsu", "/province/roster"),
    ("cnipa", "/national/cycles/new"),
    ("cnipa", "/national/cycles/1/indicators"),
    ("jiangsu", "/cases?cycle=2"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    ws, _clock, _demo, client = demo_site(Path(tmp_path_factory.mktemp("templates")))
    yield client
    ws.dispose()


def template_links(client: TestClient, page: str) -> list[str]:
    tree = lxml.html.fromstring(client.get(page).text)
    assert tree.xpath("//input[@type='file']"), page
    return [str(a.get("href")) for a in tree.xpath("//a[@href]") if "模板" in a.text_content()]


@pytest.mark.parametrize(("login", "page"), UPLOADS)
def test_each_upload_form_offers_a_template_that_downloads(site: TestClient, login: str, page: str) -> None:
    site.cookies.clear()
    log_in(site, login)
    links = template_links(site, page)
    assert links, f"{page}: no 下载模板 beside the upload"
    for href in links:
        got = site.get(href)
        assert got.status_code == 200 and got.headers["content-disposition"].startswith("attachment"), href
        assert got.content[:2] == b"PK"  # an Office file (xlsx or docx), not a page


def test_the_case_template_is_read_back_as_a_case_with_its_form_and_sections(site: TestClient, tmp_path: Path) -> None:
    site.cookies.clear()
    log_in(site, "jiangsu")
    (href,) = [h for h in template_links(site, "/cases?cycle=2") if h.startswith("/cases/template.docx")]
    got = site.get(href)
    assert got.headers["content-type"] == DOCX
    path = tmp_path / "template.docx"
    path.write_bytes(got.content)
    case = read_case(path)
    assert case.sectioned and case.title == "（案例标题）"
    assert (case.practices, case.effects, case.next_steps) == ("（正文）", "（正文）", "（正文）")
    assert case.name == case.region == "（请填写）"  # the application form's table is read as the form
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(got.content)).paragraphs)
    assert "一、主要做法" in text and "三、下一步工作思路" in text
    site.cookies.clear()
    log_in(site, "kunshan")  # not addressed by the call: no template either
    assert site.get(href).status_code in (403, 404)


def _sheet_rows(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    return [list(row) for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)]


def _workbook(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_quota_template_is_filled_in_chinese_and_read_back_and_a_bad_cell_names_its_header(
    tmp_path: Path,
) -> None:
    from engine.services.national import quotas
    from tests.support.lifecycle import NATIONAL

    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "cnipa")
    got = client.get("/national/cycles/new/quota-template.xlsx?programme=demonstration-creation")
    header, *rows = _sheet_rows(got.content)
    assert header == ["省份", "类别", "名额"]
    assert ["江苏省", "国家知识产权强县建设示范县", None] in rows and len(rows) == 32 * 7
    filled = [header, *([p, c, 3 if (p, c) == ("江苏省", "国家知识产权强县建设示范县") else 0] for p, c, _ in rows)]
    shown = client.post("/national/cycles/preview", data={"csrf": csrf, "programme": "demonstration-creation",
                        "edition": 2028}, files={"quota": ("名额.xlsx", _workbook(filled), XLSX)})  # fmt: skip
    assert shown.status_code == 200, shown.text
    preview = lxml.html.fromstring(shown.text)
    jiangsu = preview.xpath("//tr[@data-province='320000'][@data-category='county']/td/text()")
    assert jiangsu == ["江苏省", "国家知识产权强县建设示范县", "3"]
    path = tmp_path / "名额.xlsx"
    path.write_bytes(_workbook(filled))
    quotas.import_quotas(ws, 1, path, NATIONAL)
    standing = {(q.province, q.category): q.quota for q in quotas.quota_table(ws, 1)}
    assert standing[("江苏省", "county")] == 3 and standing[("浙江省", "city")] == 0

    filled[5][2] = "三"
    refused = client.post("/national/cycles/preview", data={"csrf": csrf, "programme": "demonstration-creation",
                          "edition": 2028}, files={"quota": ("名额.xlsx", _workbook(filled), XLSX)})  # fmt: skip
    said = lxml.html.fromstring(refused.text).text_content()
    assert refused.status_code == 400 and "第6行“名额”列：名额 '三' 须为 0 至 1000 的整数" in said


def test_the_indicator_and_standard_templates_are_filled_in_chinese_and_loaded_back(tmp_path: Path) -> None:
    from engine.services.evaluation import indicator_sets

    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "cnipa")

    def load(which: str, rows: list[list[object]]) -> int:
        data = {"csrf": csrf, "which": which}
        shown = client.post("/national/cycles/1/indicators/preview", data=data,
                            files={"file": (f"{which}.xlsx", _workbook(rows), XLSX)})  # fmt: skip
        if shown.status_code != 200:
            return shown.status_code
        start = shown.text.index('name="carried" value="') + len('name="carried" value="')
        carried = shown.text[start : shown.text.index('"', start)]
        return client.post("/national/cycles/1/indicators", data={**data, "name": f"{which}.xlsx",
                           "carried": carried}).status_code  # fmt: skip

    header, *_example = _sheet_rows(client.get("/national/cycles/1/indicators/template-indicators.xlsx").content)
    assert header == ["指标代码", "指标名称", "权重", "满分"]
    assert load("indicators", [header, ["I1", "创造质量", 60, 100], ["I2", "运用效益", 40, 50]]) == 303
    assert [(i.id, i.name, i.weight) for i in indicator_sets.list_indicators(ws, 1)] == [
        ("I1", "创造质量", 60), ("I2", "运用效益", 40)
    ]  # fmt: skip
    again = _sheet_rows(client.get("/national/cycles/1/indicators/template-indicators.xlsx").content)
    assert again[1:] == [["I1", "创造质量", 60, 100], ["I2", "运用效益", 40, 50]]  # the set as it stands

    standard = _sheet_rows(client.get("/national/cycles/1/indicators/template-standard.xlsx").content)
    assert standard == [["指标", "最低分"], ["创造质量", None], ["运用效益", None], ["总分", 60]]
    standard[2][1] = 30  # 运用效益 at least 30; 创造质量 left blank: no least score
    assert load("standard", standard) == 303
    assert [(t.indicator, t.minimum) for t in indicator_sets.list_standard(ws, 1)] == [("I2", 30), ("total", 60)]

    standard[3][1] = "及格"
    refused = client.post("/national/cycles/1/indicators/preview", data={"csrf": csrf, "which": "standard"},
                          files={"file": ("标准.xlsx", _workbook(standard), XLSX)})  # fmt: skip
    said = lxml.html.fromstring(refused.text).text_content()
    assert refused.status_code == 400 and "第4行“最低分”列：最低分 '及格' 须为 0 至 100 之间的数" in said
    sheet = _workbook([header, ["I1", "创造质量", "很多", 100]])
    bad = client.post("/national/cycles/1/indicators/preview", data={"csrf": csrf, "which": "indicators"},
                      files={"file": ("指标.xlsx", sheet, XLSX)})  # fmt: skip
    said = lxml.html.fromstring(bad.text).text_content()
    assert bad.status_code == 400 and "第2行“权重”列：权重 '很多' 须为正数" in said
