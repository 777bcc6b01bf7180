"""The page crawl the words test and the axe test share: every page an account reaches from its home page by
following same-site links and submitting its filter and search forms (GET), as a reader would, and the text a
reader sees on each; for the words test also the text of every Excel and Word file a link downloads, and each
link that answers 403, 404 or 405 to the reader who was shown it."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any
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


def anchors(html: str) -> list[str]:
    """Each link of the page."""
    import lxml.html

    return [str(h) for h in lxml.html.fromstring(html).xpath("//a/@href")]


def forms(html: str) -> list[str]:
    """Each GET form (a filter, a search) as the address it submits to as it stands: its selects at their chosen
    (else first real) option, a search box with a name in it."""
    import lxml.html

    tree = lxml.html.fromstring(html)
    out = []
    for form in tree.xpath("//form[not(@method) or translate(@method, 'GET', 'get')='get']"):
        query: list[tuple[str, str]] = []
        for field_ in form.xpath(".//input[@name]|.//select[@name]"):
            name, kind = str(field_.get("name")), (field_.get("type") or "text").lower()
            if field_.tag == "select":
                options = field_.xpath(".//option[@selected]") or field_.xpath(".//option[@value!='']")
                query.append((name, str(options[0].get("value", options[0].text_content())) if options else ""))
            elif kind in ("checkbox", "radio"):
                if field_.get("checked") is not None:
                    query.append((name, str(field_.get("value", "on"))))
            elif kind not in ("submit", "button", "file"):
                query.append((name, str(field_.get("value") or ("昆山" if kind in ("text", "search") else ""))))
        out.append(str(form.get("action") or "") + "?" + urlencode(query))
    return out


# A file a user uploaded, served back as it came: its words are the uploader's, not the portal's.
UPLOADED = re.compile(r"/materials/\d|/objections/\d+/files/|/report/versions/\d+/letter")
NOT_FETCHED = re.compile(r"^/logout|^/static/")  # a link that would end the session, or the stylesheets
UNFOLLOWABLE = (403, 404, 405)  # a link its reader cannot follow: forbidden, gone, or not a page at all
MAX_FETCHES = 900


@dataclass
class Reached:
    """What a reader reaches from a home page: the pages ({url: html}), the text of each Excel or Word file a
    link downloads ({url: text}), and each link that answered 403/404/405 ({url: (status, the page linking it)}).
    A search form sent with a name typed in may rightly find nothing: only links are held to answering."""

    pages: dict[str, str] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)
    unfollowable: dict[str, tuple[int, str]] = field(default_factory=dict)


def office_kind(data: bytes) -> str:
    """ "xlsx" or "docx" for a workbook or a Word file (the portal serves every download as octet-stream), else ""."""
    import io
    import zipfile

    if not data.startswith(b"PK"):
        return ""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        return ""
    return "xlsx" if "xl/workbook.xml" in names else "docx" if "word/document.xml" in names else ""


def document_text(data: bytes, kind: str) -> str:
    """What a reader of a downloaded workbook or Word file sees: a workbook's sheet names, every cell, its
    drop-down lists, headers, footers and title; a document's paragraphs, tables (nested too), headers, footers
    and properties."""
    import io

    if kind == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        out = [str(book.properties.title or ""), str(book.properties.subject or "")]
        for sheet in book.worksheets:
            out.append(sheet.title)
            out += [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
            out += [str(v.formula1 or "") for v in sheet.data_validations.dataValidation]
            for part in (sheet.oddHeader, sheet.oddFooter):
                out += [str(getattr(part, side).text or "") for side in ("left", "center", "right")]
        return "\n".join(out)
    import docx

    document = docx.Document(io.BytesIO(data))

    def blocks(container: Any) -> list[str]:
        text = [p.text for p in container.paragraphs]
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    text += blocks(cell)
        return text

    out = [document.core_properties.title or "", document.core_properties.subject or "", *blocks(document)]
    for section in document.sections:
        out += blocks(section.header) + blocks(section.footer)
    return "\n".join(out)


def reach(client: TestClient, start: str, documents: bool = True) -> Reached:
    """Everything reachable from ``start`` by links (GET, same site): each page, each Excel and Word download
    read (``documents``), each link that answers 403, 404 or 405 to the reader who was shown it."""
    reached = Reached()
    variants: dict[tuple[str, tuple[str, ...]], int] = {}
    todo: deque[tuple[str, str, bool]] = deque([(start, "", True)])  # (where, from which page, by a link)
    fetched = 0
    while todo and len(reached.pages) < MAX_PAGES and fetched < MAX_FETCHES:
        url, source, linked = todo.popleft()
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or NOT_FETCHED.search(parts.path):
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        is_page = not NOT_PAGES.search(parts.path)
        if not is_page and not documents:
            continue
        shape = (parts.path, tuple(sorted(k for k, _ in parse_qsl(parts.query))))
        if url in reached.pages or url in reached.documents or variants.get(shape, 0) >= VARIANTS:
            continue
        variants[shape] = variants.get(shape, 0) + 1
        fetched += 1
        r = client.get(url)
        media = r.headers.get("content-type", "")
        if r.status_code in UNFOLLOWABLE:
            if linked:
                reached.unfollowable.setdefault(url, (r.status_code, source))
        elif r.status_code in (301, 302, 303, 307):
            todo.append((r.headers["location"], source, linked))
        elif (
            r.status_code == 200
            and not is_page
            and not UPLOADED.search(parts.path)
            and (kind := office_kind(r.content))
        ):
            reached.documents[url] = document_text(r.content, kind)
        elif r.status_code == 200 and media.startswith("text/html") and is_page:
            reached.pages[url] = r.text
            todo.extend((urljoin(url, link), url, True) for link in anchors(r.text))
            todo.extend((urljoin(url, link), url, False) for link in forms(r.text))
    return reached


def crawl(client: TestClient, start: str) -> dict[str, str]:
    """Every page reachable from ``start`` by links (GET, same site), as {url: html}."""
    return reach(client, start, documents=False).pages
