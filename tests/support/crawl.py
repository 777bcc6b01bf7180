"""The page crawl the words test and the axe test share: every page an account reaches from its home page by
following same-site links (GET), as a reader would, and the text a reader sees on each."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import parse_qsl, urlsplit

from fastapi.testclient import TestClient

ACCOUNTS = ["cnipa", "jiangsu", "zhejiang", "taicang", "kunshan", None]  # None: the public, not logged in
NOT_PAGES = re.compile(r"^/api/|^/logout|^/static/|\.(xlsx|docx|ics|csv|pdf|html|json)$|/file\.|/materials/")
MAX_PAGES = 300
VARIANTS = 3  # pages of one path with the same query keys (filters, pages): a few are enough


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
