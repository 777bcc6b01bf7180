"""The page crawl the words test and the axe test share: every page an account reaches from its home page by
following same-site links and submitting its filter and search forms (GET), as a reader would, and the text a
reader sees on each."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

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
    """Where a reader can go from the page: each link, and each GET form (a filter, a search) submitted as it
    stands — its selects at their chosen (else first real) option, a search box with a name in it."""
    import lxml.html

    tree = lxml.html.fromstring(html)
    out = [str(h) for h in tree.xpath("//a/@href")]
    for form in tree.xpath("//form[not(@method) or translate(@method, 'GET', 'get')='get']"):
        query: list[tuple[str, str]] = []
        for field in form.xpath(".//input[@name]|.//select[@name]"):
            name, kind = str(field.get("name")), (field.get("type") or "text").lower()
            if field.tag == "select":
                options = field.xpath(".//option[@selected]") or field.xpath(".//option[@value!='']")
                query.append((name, str(options[0].get("value", options[0].text_content())) if options else ""))
            elif kind in ("checkbox", "radio"):
                if field.get("checked") is not None:
                    query.append((name, str(field.get("value", "on"))))
            elif kind not in ("submit", "button", "file"):
                query.append((name, str(field.get("value") or ("昆山" if kind in ("text", "search") else ""))))
        out.append(str(form.get("action") or "") + "?" + urlencode(query))
    return out


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
        todo.extend(urljoin(url, link) for link in links(r.text))
    return seen
