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
