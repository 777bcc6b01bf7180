"""The words users read: every page each demo account (the national office, two provinces, two applicants) and
the public can reach by following links says things in Chinese, by name, never in the CLI's language.

The crawl follows every same-site link (GET) from each account's home page and fails on a CLI flag, an
``ipcycle`` command, an internal id shown as a name, an English event/stage/status code, or "timed:" (the check
is tests/support/words.py, which the walkthrough's mails use too).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from engine.definition.model import Role
from engine.store.outbox import OutboxStatus
from engine.store.registers import RecognitionStatus
from tests.support.portal_support import demo_site, log_in
from tests.support.words import known_codes, problems

ACCOUNTS = ["cnipa", "jiangsu", "zhejiang", "taicang", "kunshan", None]  # None: the public, not logged in
NOT_PAGES = re.compile(r"^/api/|^/logout|^/static/|\.(xlsx|docx|ics|csv|pdf|html|json)$|/file\.|/materials/")
MAX_PAGES = 300
VARIANTS = 3  # pages of one path with the same query keys (filters, pages): a few are enough


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    ws, _clock, _demo, client = demo_site(Path(tmp_path_factory.mktemp("words")))
    yield client
    ws.dispose()


def visible_text(html: str) -> str:
    """What a reader sees or hears: the text, the title, and the labels a screen reader speaks."""
    import lxml.html

    tree = lxml.html.fromstring(html)
    for el in tree.xpath("//script|//style"):
        el.drop_tree()
    spoken = [v for attr in ("title", "aria-label", "placeholder", "alt") for v in tree.xpath(f"//@{attr}")]
    return "\n".join([tree.text_content(), *map(str, spoken)])


def links(html: str) -> list[str]:
    import lxml.html

    return [str(h) for h in lxml.html.fromstring(html).xpath("//a/@href")]


def crawl(client: TestClient, start: str) -> dict[str, str]:
    """Every page reachable from ``start`` by links (GET, same site), as {url: html}."""
    seen: dict[str, str] = {}
    variants: dict[tuple[str, tuple[str, ...]], int] = {}
    todo = deque([start])
    while todo and len(seen) < MAX_PAGES:
        url = todo.popleft()
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or NOT_PAGES.search(parts.path):
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        shape = (parts.path, tuple(sorted(k for k, _ in parse_qsl(parts.query))))
        if url in seen or variants.get(shape, 0) >= VARIANTS:
            continue
        variants[shape] = variants.get(shape, 0) + 1
        r = client.get(url)
        if r.status_code in (301, 302, 303, 307):
            todo.append(r.headers["location"])
            continue
        if not r.headers.get("content-type", "").startswith("text/html"):
            continue
        seen[url] = r.text
        todo.extend(links(r.text))
    return seen


@pytest.mark.parametrize("login", ACCOUNTS, ids=[a or "public" for a in ACCOUNTS])
def test_every_page_an_account_reaches_speaks_chinese_by_name(site: TestClient, login: str | None) -> None:
    client = site
    client.cookies.clear()
    if login:
        log_in(client, login)
    pages = crawl(client, "/" if login else "/notices")
    assert len(pages) >= 3, sorted(pages)
    codes = known_codes([Role, OutboxStatus, RecognitionStatus], extra=["public-form", "no-address", "nil-return"])
    found = {url: p for url, html in pages.items() if (p := problems(visible_text(html), codes))}
    assert not found, "\n".join(f"{url}: {p}" for url, ps in found.items() for p in ps[:5])
