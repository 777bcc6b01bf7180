"""Uploads off the database's hot path: a material is a content-addressed file in the store with its hash and size
on the row; a request cut off before its commit leaves nothing named; existing rows are moved by migration 0016.
Objection evidence and stamped scans and a province's letter are kept the same way (moved by 0019)."""

from __future__ import annotations

import hashlib
import tracemalloc
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from engine.definition.model import Role
from engine.files.scans import ScanType
from engine.machine.machine import Actor
from engine.services.applications import dossier
from engine.services.applications.timers import tick
from engine.services.province import report_packages
from engine.services.publicity import objections
from engine.store import migrate
from engine.store.filestore import FileStore, store_root
from tests.support.portal_support import demo_site, log_in

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4096  # a megabyte of a stamped scan


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple]:
    ws, clock, demo, client = demo_site(tmp_path)
    yield ws, client, tmp_path
    ws.dispose()


def _rows(ws: object, app: int) -> list[tuple]:
    with ws.engine.begin() as conn:  # type: ignore[attr-defined]
        q = (
            "SELECT sha256, size, content IS NULL FROM material"
            " WHERE application_id = :a AND material_id = 'application-form' ORDER BY id"
        )
        return [tuple(r) for r in conn.execute(text(q), {"a": app})]


def test_an_upload_is_kept_as_a_file_named_by_its_hash(site: tuple) -> None:
    ws, client, tmp_path = site
    csrf = log_in(client, "jiangsu")
    r = client.post(
        "/applications/1/materials",
        data={"csrf": csrf, "material": "application-form"},
        files={"file": ("申报书.pdf", PDF)},
    )
    assert r.status_code == 303, r.text
    sha = hashlib.sha256(PDF).hexdigest()
    assert _rows(ws, 1)[-1] == (sha, len(PDF), True)  # hash and size on the row, not the bytes
    root = store_root(ws.url)
    assert root is not None and root == tmp_path / "demo.db.files"
    kept = FileStore(root).path_of(sha)
    assert kept.read_bytes() == PDF
    got = client.get("/applications/1/materials/application-form")
    assert got.content == PDF and got.headers["content-disposition"].startswith("attachment;")
    assert not list((root / "tmp").iterdir())  # nothing half-written left behind


def test_a_filing_that_fails_before_its_commit_leaves_no_row_and_no_named_file(
    site: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, _client, _tmp = site
    before = _rows(ws, 1)
    other = b"%PDF-1.4 another version\n" * 1000
    sha = hashlib.sha256(other).hexdigest()
    province = Actor(Role.PROVINCE, "320000")

    def crash(_self: FileStore, _staged: object) -> Path:
        raise OSError(28, "No space left on device")  # the disk fills as the file is named

    monkeypatch.setattr(FileStore, "keep", crash)
    with pytest.raises(OSError):
        dossier.add_material_data(ws, 1, "application-form", "v3.pdf", other, province)
    root = store_root(ws.url)
    assert root is not None
    assert _rows(ws, 1) == before and not FileStore(root).path_of(sha).exists()
    assert not list((root / "tmp").iterdir())


def test_migration_0016_moves_kept_bytes_into_the_store_and_back(site: tuple) -> None:
    ws, _client, _tmp = site
    sha = hashlib.sha256(PDF).hexdigest()
    dossier.add_material_data(ws, 1, "application-form", "v2.pdf", PDF, Actor(Role.PROVINCE, "320000"))
    cfg = migrate._config(ws.engine)
    migrate._with_connection(cfg, ws.engine, lambda c: command.downgrade(c, "0015"))
    assert _rows(ws, 1)[-1] == (sha, len(PDF), False)  # back in the row
    migrate._with_connection(cfg, ws.engine, lambda c: command.upgrade(c, "head"))
    assert all(null for _s, _n, null in _rows(ws, 1))
    assert dossier.material_content(ws, 1, "application-form").content == PDF


def _null_bytes(ws: object) -> dict[str, list[bool]]:
    """For each kind of kept file, whether each row's bytes column is empty (the file in the store)."""
    queries = {
        "objection": "SELECT content IS NULL FROM objection_file ORDER BY id",
        "letter": "SELECT letter IS NULL FROM report_package WHERE letter_sha256 IS NOT NULL ORDER BY id",
    }
    with ws.engine.begin() as conn:  # type: ignore[attr-defined]
        return {k: [bool(r[0]) for r in conn.execute(text(q))] for k, q in queries.items()}


def test_objection_files_and_letters_are_kept_in_the_store_and_0019_moves_existing_ones(site: tuple) -> None:
    ws, client, tmp_path = site
    province = Actor(Role.PROVINCE, "320000")
    who = objections.Objector(kind=objections.ObjectorKind.UNIT, name="王某", unit="某公司", phone="0512-1234567")
    scan = b"%PDF-1.4\n" + b"stamped scan " * 50_000
    objections.record_objection(ws, 1, province, who, "数据不实", [("stamped-scan", "异议书.pdf", scan, ScanType.PDF)])
    objections.resolve_objection(ws, 1, province, objections.ObjectionOutcome.DISMISSED, "经核实，数据属实", "李处长")
    letter = b"%PDF-1.4\n% the Jiangsu office's letter\n" * 1000
    clock = ws.clock
    clock.advance(timedelta(days=14))
    tick(ws)  # the notices end
    report_packages.report(ws, 1, province, letter_upload=("推荐函.pdf", letter))
    root = store_root(ws.url)
    assert root is not None
    assert _null_bytes(ws) == {"objection": [True], "letter": [True]}  # the rows keep hash and size only
    assert FileStore(root).path_of(hashlib.sha256(scan).hexdigest()).read_bytes() == scan

    def downloads() -> tuple[bytes, bytes]:
        log_in(client, "jiangsu")
        got = client.get("/objections/1/files/1"), client.get("/province/report/versions/1/letter?cycle=1")
        assert all(r.status_code == 200 and r.headers["content-disposition"].startswith("attachment") for r in got)
        return got[0].content, got[1].content

    assert downloads() == (scan, letter)
    headers, sha, length, largest, _peak = _download_over_asgi(client, "/objections/1/files/1")
    assert (sha, length) == (hashlib.sha256(scan).hexdigest(), len(scan)) and largest < len(scan)  # streamed
    assert "sandbox" in headers["content-security-policy"] and headers["content-disposition"].startswith("attachment")
    cfg = migrate._config(ws.engine)
    migrate._with_connection(cfg, ws.engine, lambda c: command.downgrade(c, "0018"))
    assert _null_bytes(ws) == {"objection": [False], "letter": [False]}  # back in the rows, as before 0019
    migrate._with_connection(cfg, ws.engine, lambda c: command.upgrade(c, "head"))
    assert _null_bytes(ws) == {"objection": [True], "letter": [True]}
    assert downloads() == (scan, letter)  # users see no difference


def _download_over_asgi(client: object, path: str) -> tuple[dict[str, str], str, int, int, int]:
    """GET ``path`` talking ASGI to the app itself (TestClient would gather the body first), as the logged-in
    client: (headers, sha256 of the body, its length, the largest piece sent at once, peak Python memory)."""
    import anyio

    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())  # type: ignore[attr-defined]
    started: dict = {}
    digest, length, largest = hashlib.sha256(), 0, 0

    asked: list[int] = []

    async def receive() -> dict:
        if asked:  # the response listens for the client going away: it stays
            await anyio.sleep_forever()
        asked.append(1)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        nonlocal length, largest
        if message["type"] == "http.response.start":
            started.update(message)
        elif message["type"] == "http.response.body":
            piece = message.get("body", b"")
            digest.update(piece)
            length += len(piece)
            largest = max(largest, len(piece))

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode())],
        "client": ("127.0.0.1", 1), "server": ("testserver", 80),
    }  # fmt: skip
    tracemalloc.start()
    try:
        anyio.run(client.app, scope, receive, send)  # type: ignore[attr-defined]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert started["status"] == 200, started
    headers = {k.decode().lower(): v.decode() for k, v in started["headers"]}
    return headers, digest.hexdigest(), length, largest, peak


def test_a_large_kept_file_is_streamed_from_the_store_with_the_download_headers(site: tuple) -> None:
    """16 MB filed, 16 MB downloaded: the same bytes, as an attachment the browser runs nothing of, sent in pieces
    read from the store as they go out; the server never holds the file whole (its peak memory stays a fraction)."""
    ws, client, _tmp_path = site
    big = b"%PDF-1.4\n" + hashlib.sha256(b"seed").digest() * (16 * 1024 * 1024 // 32)  # 16 MiB (20 is the limit)
    csrf = log_in(client, "jiangsu")
    r = client.post(
        "/applications/1/materials",
        data={"csrf": csrf, "material": "application-form"},
        files={"file": ("申报书（盖章）.pdf", big, "application/pdf")},
    )
    assert r.status_code == 303, r.text
    assert _rows(ws, 1)[-1] == (hashlib.sha256(big).hexdigest(), len(big), True)  # kept in the store
    path = "/applications/1/materials/application-form"
    _download_over_asgi(client, path)  # the first request of a route builds what it caches
    headers, sha, length, largest, peak = _download_over_asgi(client, path)
    assert (sha, length) == (hashlib.sha256(big).hexdigest(), len(big))
    assert headers["content-type"] == "application/octet-stream" and headers["content-length"] == str(len(big))
    assert (
        headers["content-disposition"].startswith("attachment;")
        and "filename*=UTF-8''" in headers["content-disposition"]
    )
    assert "sandbox" in headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"
    assert largest <= 1024 * 1024 < len(big)  # pieces, not the file in one message
    assert peak < len(big) // 4, f"peak {peak} bytes of Python memory to send {len(big)}"
