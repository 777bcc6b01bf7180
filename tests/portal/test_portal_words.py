"""The words users read: every page each demo account (the national office, two provinces, two applicants) and
the public can reach by following links says things in Chinese, by name, never in the CLI's language.

The crawl follows every same-site link (GET) from each account's home page and fails on a CLI flag, an
``ipcycle`` command, an internal id shown as a name, an English event/stage/status code, or "timed:" (the check
is tests/support/words.py, which the walkthrough's mails use too); it opens every Excel and Word file a link
downloads (templates, exports, lists) and holds its cells and paragraphs to the same check and to having no
lowercase English word, and fails on any link that answers 403, 404 or 405 to the reader who was shown it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from engine.definition.model import Role
from engine.services.shared.reference_audit import ChangeKind
from engine.store.core import MilestoneSource, WindowEffect
from engine.store.outbox import OutboxStatus
from engine.store.registers import RecognitionStatus
from tests.support.crawl import ACCOUNTS, reach, visible_text
from tests.support.portal_support import demo_site, log_in
from tests.support.words import english_words, known_codes, problems


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    ws, _clock, _demo, client = demo_site(Path(tmp_path_factory.mktemp("words")))
    yield client
    ws.dispose()


@pytest.mark.parametrize("login", ACCOUNTS, ids=[a or "public" for a in ACCOUNTS])
def test_every_page_an_account_reaches_speaks_chinese_by_name(site: TestClient, login: str | None) -> None:
    client = site
    client.cookies.clear()
    if login:
        log_in(client, login)
    reached = reach(client, "/" if login else "/notices")
    assert len(reached.pages) >= 3, sorted(reached.pages)
    vocabulary = [Role, OutboxStatus, RecognitionStatus, MilestoneSource, WindowEffect, ChangeKind]
    codes = known_codes(vocabulary, extra=["public-form", "no-address", "nil-return"])
    if login == "cnipa":  # the files are read, not only fetched: the templates' Chinese headers are in their text
        read = {url.split("?")[0].rsplit("/", 1)[1]: text for url, text in reached.documents.items()}
        assert "省份\n类别\n名额" in read["quota-template.xlsx"] and "指标代码" in read["template-indicators.xlsx"]
    texts = {url: visible_text(html) for url, html in reached.pages.items()}
    found = {url: p for url, text in texts.items() if (p := problems(text, codes))}
    found |= {url: p for url, text in reached.documents.items() if (p := problems(text, codes) + english_words(text))}
    assert not found, "\n".join(f"{url}: {p}" for url, ps in found.items() for p in ps[:5])
    broken = [
        f"{url} answers {status} (linked from {source})" for url, (status, source) in reached.unfollowable.items()
    ]
    assert not broken, "\n".join(broken)


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The demonstration two years on: 昆山 scored, selected, accepted and recognised, the cycle's indicators and
    standard loaded, the list of creation objects published — the files the morning's demo has none of."""
    from engine.services.publicity import published_copies
    from tests.support.lifecycle import NATIONAL
    from tests.support.portal_support import recognise_kunshan, reviewed_demo_site

    folder = Path(tmp_path_factory.mktemp("later"))
    ws, clock, client = reviewed_demo_site(folder)
    recognise_kunshan(ws, clock, folder)
    published_copies.publish_list_copy(ws, 1, "creation-objects", NATIONAL)
    yield client
    ws.dispose()


@pytest.mark.parametrize("login", ["cnipa", "jiangsu", None], ids=["cnipa", "jiangsu", "public"])
def test_the_files_of_a_later_day_speak_chinese_too(later: TestClient, login: str | None) -> None:
    """The score sheet, the standard as loaded, the published list and the province's report read as the
    morning's files do, and every link still opens."""
    later.cookies.clear()
    if login:
        log_in(later, login)
    reached = reach(later, "/" if login else "/notices")
    wanted = {"cnipa": ["/score-sheet.xlsx", "/lists/1/file.docx", "/lists/1/file.xlsx"],
              "jiangsu": ["/province/report/list.docx", "/province/report/list.xlsx"],
              None: ["/lists/1/file.docx", "/lists/1/file.xlsx"]}[login]  # fmt: skip
    assert all(any(w in url for url in reached.documents) for w in wanted), sorted(reached.documents)
    codes = known_codes([Role, OutboxStatus, RecognitionStatus, MilestoneSource, WindowEffect, ChangeKind])
    found = {url: p for url, text in reached.documents.items() if (p := problems(text, codes) + english_words(text))}
    assert not found, "\n".join(f"{url}: {p}" for url, ps in found.items() for p in ps[:5])
    assert not reached.unfollowable, reached.unfollowable


@pytest.mark.parametrize("login", ACCOUNTS, ids=[a or "public" for a in ACCOUNTS])
def test_each_role_has_a_guide_whose_every_link_opens(site: TestClient, login: str | None) -> None:
    """办事指南: each role reads its own steps (the public its own), and every page a step points to opens for it."""
    client = site
    client.cookies.clear()
    if login:
        log_in(client, login)
    guide = client.get("/guide")
    assert guide.status_code == 200
    import lxml.html

    tree = lxml.html.fromstring(guide.text)
    steps = tree.xpath("//ol[@class='guide']/li")
    assert len(steps) >= 4
    role = {"cnipa": "国家知识产权局", "jiangsu": "省级知识产权局", "zhejiang": "省级知识产权局"}
    assert tree.xpath("string(//p[@class='guide-for'])") == role.get(login or "", "申报单位" if login else "社会公众")
    for href in {str(h) for h in tree.xpath("//ol[@class='guide']//a/@href")}:
        assert client.get(href).status_code == 200, href


def test_every_upload_of_the_offices_has_a_template_beside_it(site: TestClient) -> None:
    """The roster and the quota table each have a template to download on the page where they are uploaded, and
    it opens as a workbook with the headers the importer reads."""
    import io

    from openpyxl import load_workbook

    client = site
    for login, page, sheet_header in (
        ("jiangsu", "/province/roster", None),
        ("cnipa", "/national/cycles/new", ["省份", "类别", "名额"]),
    ):
        client.cookies.clear()
        log_in(client, login)
        import lxml.html

        hrefs = lxml.html.fromstring(client.get(page).text).xpath("//a[@class='template']/@href")
        assert hrefs, page
        got = client.get(str(hrefs[0]))
        assert got.status_code == 200 and got.headers["content-disposition"].startswith("attachment")
        first = load_workbook(io.BytesIO(got.content)).worksheets[0]
        header = [c.value for c in next(first.iter_rows(max_row=1))]
        if sheet_header:
            assert header == sheet_header
            assert first.max_row - 1 >= 31 * 7  # every province × category of the programme
        else:
            assert "单位名称" in "".join(str(h) for h in header)
