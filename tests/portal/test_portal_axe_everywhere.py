"""axe on every page: each page the words crawl (tests/support/crawl.py) reaches for each demo account and for
the public has no serious or critical accessibility violation in a real Chromium.

Kept cheap: the crawl runs through a test client, and one browser page, opened once on the portal's own
address (so the pages' stylesheets load), is given each crawled page's HTML in turn, axe-core staying injected.
Pages whose markup is the same but for text, numbers and the count of like rows (45 organisations' pages, a
list filtered by another cycle) are one page to axe: it is checked once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from engine.store.workspace import Workspace
from portal.app import create_app
from tests.support import portal_support
from tests.support.browser import needs_chromium, serve
from tests.support.crawl import ACCOUNTS, crawl
from tests.support.portal_support import demo_copy

pytestmark = needs_chromium
SERIOUS = ("critical", "serious")
DIGITS = re.compile(r"\d+")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, str]]:
    ws, _clock, _demo = demo_copy(Path(tmp_path_factory.mktemp("axe")) / "demo.db")
    for base in serve(ws):
        yield ws, base
    ws.dispose()


def markup(html: str) -> str:
    """The page's markup as axe sees it: elements and attributes (digits folded), whether each holds text, and
    a run of like siblings (the rows of a table) as one."""
    import lxml.html

    def shape(el) -> str:  # noqa: ANN001
        if not isinstance(el.tag, str):
            return ""
        attrs = " ".join(f"{k}={DIGITS.sub('0', v)}" for k, v in sorted(el.attrib.items()) if k != "value")
        kids: list[str] = []
        for child in el:
            if (s := shape(child)) and (not kids or kids[-1] != s):
                kids.append(s)
        return f"<{el.tag} {attrs}{' t' if (el.text or '').strip() else ''}>{''.join(kids)}</{el.tag}>"

    return hashlib.sha1(shape(lxml.html.fromstring(html)).encode()).hexdigest()


def every_page(ws: Workspace) -> dict[str, tuple[str, str]]:
    """Each distinct page the crawl reaches, over all accounts: {markup: (who and where, html)}."""
    out: dict[str, tuple[str, str]] = {}
    for login in ACCOUNTS:
        client = TestClient(create_app(ws, secret="test-secret"), follow_redirects=False)
        if login:
            portal_support.log_in(client, login)
        for url, html in crawl(client, "/" if login else "/notices").items():
            out.setdefault(markup(html), (f"{login or 'public'} {url}", html))
    return out


def axe_violations(page) -> list[str]:  # noqa: ANN001
    """The serious and critical violations axe-core finds on the page as it stands, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        from axe_playwright_python.sync_playwright import Axe

        page.evaluate(Axe().axe_script)
    found = page.evaluate("axe.run({resultTypes: ['violations']})")["violations"]
    return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in found if v["impact"] in SERIOUS]


def test_no_page_any_account_reaches_has_a_serious_axe_violation(chromium, site) -> None:  # noqa: ANN001
    ws, base = site
    pages = every_page(ws)
    assert len(pages) >= 60, len(pages)  # the crawl did reach the portal's pages
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(base + "/login")
        found: dict[str, list[str]] = {}
        for where, html in pages.values():
            page.set_content(html, wait_until="load")
            if bad := axe_violations(page):
                found[where] = bad
        assert not found, "\n".join(f"{where}: {v}" for where, vs in found.items() for v in vs)
    finally:
        context.close()
