"""Answers before and after the routes: an unexpected error is a 500 in the portal's own shape with the security
headers, and a body over its route's limit is refused 413 at once, before log-in and before it is spooled."""

from __future__ import annotations

from collections.abc import Iterator

import anyio
import pytest
from fastapi.testclient import TestClient

from engine.services.applications import worklists
from portal import limits
from tests.support.portal_support import demo_site, log_in

HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    ws, clock, demo, client = demo_site(tmp_path_factory.mktemp("limits"))
    yield ws, client
    ws.dispose()


def _broken(*_args: object, **_kwargs: object) -> object:
    raise RuntimeError("/srv/ipcycle/secret/path exploded")


def test_an_unexpected_error_answers_500_in_the_error_shape_with_the_security_headers(
    site: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ws, client = site
    log_in(client, "jiangsu")
    monkeypatch.setattr(worklists, "open_cycles", _broken)
    api = client.get("/api/v1/cycles/1/quotas")
    assert api.status_code == 500
    assert api.headers["content-type"].startswith("application/json")
    body = api.json()
    assert (body["status"], body["code"]) == (500, "internal") and body["verdicts"] == []
    assert "/srv/ipcycle" not in api.text and "RuntimeError" not in api.text  # nothing of the server shown
    page = client.get("/province")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "系统出错了" in page.text and "/srv/ipcycle" not in page.text
    for r in (api, page):
        assert all(h in r.headers for h in HEADERS), r.headers


def test_every_error_status_carries_the_security_headers(site: tuple) -> None:
    _ws, client = site
    client.cookies.clear()
    answers = [
        client.get("/api/v1/me"),  # 401
        client.get("/no-such-page"),  # 404
        client.get("/api/v1/applications/99999999999999999999999"),  # 2^76: a range-checked id
        client.post("/api/v1/cycles/1/liaison", content=b"{", headers={"content-type": "application/json"}),
    ]
    for r in answers:
        assert r.status_code < 500, (r.request.url, r.status_code, r.text)
        assert all(h in r.headers for h in HEADERS), (r.request.url, r.headers)


def test_hsts_is_sent_over_tls_only(site: tuple) -> None:
    _ws, client = site
    assert "strict-transport-security" not in client.get("/login").headers
    tls = TestClient(client.app, base_url="https://testserver", follow_redirects=False)
    assert tls.get("/login").headers["strict-transport-security"].startswith("max-age=")


def test_a_download_keeps_its_sandbox_policy(site: tuple) -> None:
    _ws, client = site
    log_in(client, "jiangsu")
    r = client.get("/province/applications.xlsx?cycle=1")
    assert r.status_code == 200
    assert "sandbox" in r.headers["content-security-policy"]


def test_a_declared_body_over_the_limit_is_refused_413_before_log_in(site: tuple) -> None:
    _ws, client = site
    client.cookies.clear()
    too_big = str(limits.UPLOAD_BYTES + 1)
    # no session at all: the size is judged first, so an anonymous upload is not read, let alone spooled
    r = client.post(
        "/applications/2/materials", content=b"x", headers={"content-length": too_big, "content-type": "text/plain"}
    )
    assert r.status_code == 413 and "上限" in r.text
    api = client.post("/api/v1/cycles/1/liaison", content=b"{}", headers={"content-length": str(limits.FORM_BYTES + 1)})
    assert api.status_code == 413 and api.json()["code"] == "too_large"
    public = client.post("/notices/p1/objections", content=b"x", headers={"content-length": too_big})
    assert public.status_code == 413


def test_a_streamed_body_is_counted_and_refused_as_it_passes_the_limit(site: tuple) -> None:
    """Chunked, without Content-Length: the app pulls the body from the server chunk by chunk, and stops pulling
    just past the limit (TestClient buffers a body before sending it, so this talks ASGI to the app itself)."""
    _ws, client = site
    pulled = 0
    chunk = b"a" * (64 * 1024)
    started: dict = {}

    async def receive() -> dict:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": chunk, "more_body": pulled < 64}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            started.update(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/cycles/1/liaison",
        "raw_path": b"/api/v1/cycles/1/liaison",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    anyio.run(client.app, scope, receive, send)
    assert started["status"] == 413
    assert pulled == limits.FORM_BYTES // len(chunk) + 1  # just past 1 MiB, not all 4 MiB


def test_an_upload_route_accepts_more_than_a_form_route(site: tuple) -> None:
    _ws, client = site
    csrf = log_in(client, "kunshan")
    body = b"%PDF-1.4 " + b"0" * (2 * limits.MIB)  # 2 MB: over a form's limit, well under an upload's
    r = client.post(
        "/applications/1/materials",
        data={"csrf": csrf, "material": "application-form"},
        files={"file": ("申报书.pdf", body, "application/pdf")},
    )
    assert r.status_code != 413, r.text
    form = client.post("/province/liaison", data={"csrf": csrf, "name": "张" * (2 * limits.MIB)})
    assert form.status_code == 413
