"""Answers before and after the routes: an unexpected error is a 500 in the portal's own shape with the security
headers, and a body over its route's limit is refused 413 at once, before log-in and before it is spooled."""

from __future__ import annotations

from collections.abc import Iterator

import anyio
import pytest
from fastapi.testclient import TestClient

from engine.services.accounts import users
from engine.services.applications import trail, worklists
from portal import limits
from tests.support.portal_support import demo_site_on, log_in

HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    ws, _demo, client = demo_site_on(tmp_path_factory.mktemp("limits"))  # PostgreSQL too, with IPCYCLE_TEST_DB
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


def test_an_id_out_of_range_or_not_a_number_answers_404_as_an_unknown_one(site: tuple) -> None:
    ws, client = site
    token = users.create_token(ws, "cnipa").token
    api = TestClient(client.app, headers={"Authorization": f"Bearer {token}"}, follow_redirects=False)
    unknown = api.get("/api/v1/applications/99999")
    assert unknown.status_code == 404
    for ref in (str(2**70), "0", "-1", "abc"):
        r = api.get(f"/api/v1/applications/{ref}")
        assert (r.status_code, r.json()) == (404, unknown.json()), ref
    r = api.post(f"/api/v1/recognitions/{2**70}/revocation", json={"reason": "x"})
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert api.get("/api/v1/cycles/1/applications?limit=abc").status_code == 400  # a query stays bad input
    client.cookies.clear()
    log_in(client, "cnipa")
    assert client.get(f"/applications/{2**70}").status_code == 404


def test_a_value_outside_its_choices_is_refused_with_400_naming_the_field(site: tuple) -> None:
    ws, client = site
    national = {"Authorization": f"Bearer {users.create_token(ws, 'cnipa').token}"}
    province = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
    cases = [
        ("GET", "/api/v1/cycles/1/applications?stage=bogus", None, national, "/stage"),
        ("GET", "/api/v1/cycles/1/applications?category=bogus", None, national, "/category"),
        ("POST", "/api/v1/cycles/1/lists", {"kind": "bogus"}, national, "/kind"),
        ("POST", "/api/v1/cycles", {"programme": "bogus", "edition": 2028}, national, "/programme"),
        ("POST", "/api/v1/applications/2/events", {"event": "bogus"}, province, "/event"),
        ("POST", "/api/v1/organisations", {"name": "某公司", "kind": "bogus", "division_code": "320509"}, province,
         "/kind"),
    ]  # fmt: skip
    for method, url, body, headers, field in cases:
        r = client.request(method, url, json=body, headers=headers)
        assert r.status_code == 400, (url, r.status_code, r.text)
        assert [e["field"] for e in r.json()["errors"]] == [field], (url, r.text)
        assert "--" not in r.json()["message"], r.text  # the field, never the command line's option
    client.cookies.clear()
    csrf = log_in(client, "jiangsu")
    before = client.get("/applications/2").text
    r = client.post("/applications/2/findings", data={"csrf": csrf, "numbers": "1", "met": "maybe"})
    assert r.status_code == 400 and "符合" in r.text  # once kept as "not met"
    r = client.post("/province/applications/bulk", data={"csrf": csrf, "action": "withdraw", "ids": "2"})
    assert r.status_code == 400
    assert client.get("/applications/2").text == before


def test_no_answer_names_where_the_server_kept_an_upload(site: tuple) -> None:
    ws, client = site
    headers = {"Authorization": f"Bearer {users.create_token(ws, 'cnipa').token}"}
    sheet = "name,kind,division_code\n海安市人民政府,government,320685\n"
    r = client.post("/api/v1/rosters", files={"file": ("名册.csv", sheet.encode(), "text/csv")}, headers=headers)
    assert r.status_code == 200 and r.json()["file"] == "名册.csv", r.text  # it said /tmp/ipcycle-upload-…/….csv
    bad = "name,kind,division_code\n某单位,government,999999\n"
    r = client.post("/api/v1/rosters", files={"file": ("名册.csv", bad.encode(), "text/csv")}, headers=headers)
    assert r.status_code == 400 and "ipcycle-upload" not in r.text and "名册.csv" in r.json()["message"]
    assert [e["field"] for e in r.json()["errors"]] == ["/file"]
    indicators = "id,name,weight,maximum\nI1,综合评价,100,100\n"
    r = client.post("/api/v1/cycles/1/indicators", files={"file": ("指标.csv", indicators.encode(), "text/csv")},
                    headers=headers, data={"dry_run": "true"})  # fmt: skip
    assert r.status_code == 200 and r.json()["source"].split(" sha256:")[0] == "指标.csv", r.text  # name and hash


INVISIBLE = ["\u200b\u2060", "\u3164", "\u202e", "\ufeff\u200d"]  # zero-width, Hangul filler, RTL override, BOM


@pytest.mark.parametrize("blank", INVISIBLE, ids=["zero-width", "hangul-filler", "rtl-override", "bom-joiner"])
def test_a_required_text_of_invisible_characters_is_refused_naming_its_field(site: tuple, blank: str) -> None:
    ws, client = site
    national = {"Authorization": f"Bearer {users.create_token(ws, 'cnipa').token}"}
    province = {"Authorization": f"Bearer {users.create_token(ws, 'zhejiang').token}"}
    before = trail.history(ws, 6)
    cases = [
        ("/api/v1/applications/6/fraud", {"reason": blank}, national, "/reason"),
        ("/api/v1/cycles/1/milestones/recommendation", {"due": "2025-10-31", "reason": blank}, national, "/reason"),
        ("/api/v1/cycles/1/messages", {"audience": "all-liaisons", "subject": blank, "body": "请按时报送"}, national,
         "/subject"),
        ("/api/v1/cycles/1/report-package", None, province, "/reason"),
    ]  # fmt: skip
    for url, body, headers, field in cases:
        if body is None:
            r = client.post(url, data={"nil_reason": blank}, headers=headers)
        else:
            r = client.request("PUT" if url.endswith("quotas") else "POST", url, json=body, headers=headers)
        assert r.status_code == 400, (url, r.status_code, r.text)
        assert field in [e["field"] for e in r.json()["errors"]], (url, r.text)
    r = client.put("/api/v1/cycles/1/quotas", json={"province": "320000", "category": "county", "places": 3,
                   "reason": blank}, headers=national)  # fmt: skip
    assert r.status_code == 400 and "/reason" in [e["field"] for e in r.json()["errors"]], r.text
    assert trail.history(ws, 6) == before


def test_a_reason_and_a_token_label_are_kept_without_their_invisible_characters(site: tuple) -> None:
    ws, client = site
    headers = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
    r = client.post("/api/v1/applications/3/events", json={"event": "decline", "reason": "材料\u202e不全\u200b"},
                    headers=headers)  # fmt: skip
    assert r.status_code == 200, r.text
    assert trail.history(ws, 3).events[-1].reason == "材料不全"
    assert users.create_token(ws, "jiangsu", "省局\u2060系统\u202e").label == "省局系统"
