"""The portal's security, route by route: every route of the app is listed here with who may use it, so a
new route without an authorization test fails; another province's object answers 404; CSRF, headers,
uploads, log-in limits and markup in names."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Mount

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.machine.machine import Actor
from engine.services.accounts import login_limits, users
from engine.services.applications import trail
from engine.services.reference import organisations
from engine.store.workspace import Workspace
from portal.demo import Demo, demo_password
from tests.support.eligibility_support import make_uscc
from tests.support.portal_support import csrf_of, demo_site, demo_site_on, log_in

# Jiangsu's 江阴 (320281) is application 2; Zhejiang's 宁波 is application 6 (see portal/demo.py's CAST order).
OWN, OTHERS = 2, 6
PUBLIC = {("GET", "/login"), ("POST", "/login"), ("GET", "/api/docs"), ("GET", "/api/openapi.json")}
# the public pages (no log-in): tests/portal/test_portal_public.py shows they reveal nothing internal
PUBLIC |= {
    ("GET", "/notices"),
    ("GET", "/notices/{key}"),
    ("POST", "/notices/{key}/objections"),
    ("GET", "/objections/outcome"),
    ("GET", "/lists"),
    ("GET", "/lists/{copy_id}"),
    ("GET", "/lists/{copy_id}/file.{fmt}"),
    ("GET", "/public"),
    ("GET", "/guide"),  # 办事指南: the caller's role's, the public's without a log-in
}
# the operator's probes: no log-in; /metrics answers only its token or loopback (tests/portal/test_portal_operations.py)
PUBLIC |= {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics")}
# route -> the roles that may use it at all ("*": every logged-in role; scoping is tested separately)
ROUTES: dict[tuple[str, str], set[str]] = {
    ("POST", "/logout"): {"*"},
    ("GET", "/account"): {"*"},
    ("POST", "/account/tokens"): {"*"},
    ("POST", "/account/tokens/{token_id}/revoke"): {"*"},  # its own tokens only: test_portal_accounts.py
    ("POST", "/account/password"): {"*"},
    ("POST", "/national/accounts/unlock"): {"national"},
    ("GET", "/api/v1/me/tokens"): {"*"},
    ("DELETE", "/api/v1/me/tokens/{token_id}"): {"*"},
    ("POST", "/api/v1/me/password"): {"*"},
    ("GET", "/"): {"*"},
    ("GET", "/province"): {"province"},
    ("GET", "/province/applications"): {"province", "national"},
    ("POST", "/province/applications/bulk"): {"province"},
    ("GET", "/province/applications.xlsx"): {"province", "national"},
    ("GET", "/province/calendar.ics"): {"province"},
    ("GET", "/province/liaison"): {"province"},
    ("POST", "/province/liaison"): {"province"},
    ("GET", "/province/roster"): {"province"},
    ("POST", "/province/roster"): {"province"},
    ("GET", "/applicant"): {"applicant"},
    ("POST", "/applicant/apply"): {"applicant"},
    ("GET", "/national"): {"national"},
    ("GET", "/applications/{app_id}"): {"*"},
    ("POST", "/applications/{app_id}/fire"): {"*"},
    ("POST", "/applications/{app_id}/findings"): {"province"},
    ("POST", "/applications/{app_id}/attest"): {"applicant"},
    ("POST", "/applications/{app_id}/materials"): {"applicant", "province"},
    ("GET", "/applications/{app_id}/materials/{material_id}"): {"*"},
    ("GET", "/applications/{app_id}/application-form.docx"): {"*"},
    ("POST", "/applications/{app_id}/progress-report"): {"applicant"},
    ("POST", "/applications/{app_id}/progress-report/review"): {"province"},
    ("GET", "/province/progress-reports"): {"province"},
    ("POST", "/province/progress-reports/remind"): {"province"},
    ("GET", "/api/v1/applications/{app_id}/progress-reports"): {"*"},  # each its own (owned)
    ("POST", "/api/v1/applications/{app_id}/progress-reports"): {"applicant"},
    ("POST", "/api/v1/applications/{app_id}/progress-reports/{year}/review"): {"province"},
    ("GET", "/api/v1/cycles/{cycle_id}/progress-reports"): {"province", "national"},  # a province: its own only
    ("POST", "/api/v1/cycles/{cycle_id}/progress-reports/reminders"): {"province"},
    ("GET", "/national/promotion"): {"national"},
    ("POST", "/national/promotion"): {"national"},
    ("GET", "/api/v1/promotions"): {"national"},
    ("POST", "/api/v1/promotions"): {"national"},
    ("GET", "/api/v1/me"): {"*"},
    ("GET", "/api/v1/cycles/{cycle_id}/applications"): {"*"},
    ("POST", "/api/v1/cycles/{cycle_id}/applications"): {"applicant"},
    ("GET", "/api/v1/applications/{app_id}"): {"*"},
    ("GET", "/api/v1/applications/{app_id}/next"): {"*"},
    ("POST", "/api/v1/applications/{app_id}/events"): {"*"},
    ("GET", "/api/v1/cycles/{cycle_id}/quotas"): {"province", "national"},
    ("POST", "/api/v1/cycles/{cycle_id}/liaison"): {"province"},
    ("GET", "/api/v1/cycles/{cycle_id}/status"): {"province", "national"},
    ("GET", "/national/cycles/new"): {"national"},
    ("POST", "/national/cycles/preview"): {"national"},
    ("POST", "/national/cycles"): {"national"},
    ("POST", "/national/applications/bulk"): {"national"},
    ("POST", "/national/select-by-rank"): {"national"},
    ("POST", "/national/evaluations"): {"national"},
    ("GET", "/national/cycles/{cycle_id}/score-sheet.xlsx"): {"national"},
    ("POST", "/applications/{app_id}/fraud"): {"national"},
    ("POST", "/applications/{app_id}/scores"): {"national"},
    ("POST", "/applications/{app_id}/effectiveness"): {"national"},
    ("POST", "/applications/{app_id}/revoke"): {"national"},
    ("POST", "/national/lists"): {"national"},
    ("GET", "/national/outbox"): {"national"},
    ("GET", "/national/cycles/new/quota-template.xlsx"): {"national"},
    ("GET", "/province/roster/template.xlsx"): {"province"},
    ("GET", "/objections"): {"province", "national"},
    ("POST", "/objections/{objection_id}/resolve"): {"province", "national"},  # each its own notices' only
    ("GET", "/national/view-as"): {"national"},
    ("GET", "/national/view-as/log"): {"national"},
    ("GET", "/cases"): {"*"},
    ("POST", "/cases/check"): {"applicant", "province"},  # a call addressed to provincial offices (C1)
    ("POST", "/cases/submit"): {"applicant", "province"},
    ("POST", "/cases/summary"): {"province"},  # its own cases only (tests/portal/test_portal_case_desk.py)
    ("GET", "/api/v1/cycles/{cycle_id}/cases"): {"*"},  # each party its own (test_portal_case_desk.py)
    ("POST", "/api/v1/cycles/{cycle_id}/cases"): {"applicant", "province"},
    ("POST", "/api/v1/cycles/{cycle_id}/cases/summary"): {"province"},
    ("GET", "/cases/export.xlsx"): {"province", "national"},
    ("POST", "/cases/publish"): {"national"},
    ("GET", "/cases/collection.docx"): {"national"},
    ("GET", "/cases/template.docx"): {"applicant", "province"},  # those a call is addressed to (C1, D1)
    ("GET", "/national/cases"): {"national"},
    ("GET", "/national/cycles/{cycle_id}/dates"): {"national"},
    ("POST", "/national/cycles/{cycle_id}/dates"): {"national"},
    ("GET", "/national/cycles/{cycle_id}/indicators"): {"national"},
    ("GET", "/national/cycles/{cycle_id}/indicators/template-{which}.xlsx"): {"national"},
    ("POST", "/national/cycles/{cycle_id}/indicators/preview"): {"national"},
    ("POST", "/national/cycles/{cycle_id}/indicators"): {"national"},
    ("POST", "/api/v1/cycles"): {"national"},
    ("POST", "/api/v1/cycles/{cycle_id}/milestones/{milestone}"): {"national"},
    ("PUT", "/api/v1/cycles/{cycle_id}/quotas"): {"national"},
    ("POST", "/api/v1/cycles/{cycle_id}/indicators"): {"national"},
    ("GET", "/api/v1/cycles/{cycle_id}/indicators"): {"national"},
    ("POST", "/api/v1/cycles/{cycle_id}/standard"): {"national"},
    ("POST", "/api/v1/applications/{app_id}/scores"): {"national"},
    ("GET", "/api/v1/cycles/{cycle_id}/score-sheet"): {"national"},
    ("POST", "/api/v1/cycles/{cycle_id}/scores"): {"national"},
    ("POST", "/api/v1/cycles/{cycle_id}/selection"): {"national"},
    ("POST", "/api/v1/cycles/{cycle_id}/lists"): {"national"},
    ("POST", "/api/v1/recognitions/{rec_id}/evaluations"): {"national"},
    ("POST", "/api/v1/recognitions/{rec_id}/revocation"): {"national"},
    ("POST", "/api/v1/applications/{app_id}/fraud"): {"national"},
    ("POST", "/api/v1/users"): {"national", "province"},  # a province: its own applicants' accounts only
    ("PATCH", "/api/v1/users/{login}"): {"national", "province"},
    ("POST", "/api/v1/organisations"): {"national", "province"},  # a province: within its own province
    ("PATCH", "/api/v1/organisations/{org_id}"): {"national", "province"},
    ("POST", "/api/v1/rosters"): {"national", "province"},
    ("POST", "/api/v1/pilots"): {"national"},
    ("POST", "/api/v1/recognitions"): {"national"},
    ("GET", "/api/v1/cycles/{cycle_id}/reminders"): {"national"},
    ("POST", "/api/v1/cycles/{cycle_id}/mail/retry"): {"national"},
    ("GET", "/api/v1/timers"): {"national"},
    ("POST", "/api/v1/timers/{timer_id}/retry"): {"national"},
    ("GET", "/api/v1/search"): {"national"},
    ("POST", "/api/v1/cycles/{cycle_id}/messages"): {"national"},
    ("GET", "/national/cycles/{cycle_id}/messages"): {"national"},
    ("GET", "/national/cycles/{cycle_id}/quotas"): {"national"},
    ("POST", "/national/cycles/{cycle_id}/quotas"): {"national"},
    ("POST", "/national/outbox/retry"): {"national"},
    ("GET", "/national/timers"): {"national"},
    ("POST", "/national/timers/{timer_id}/retry"): {"national"},
    ("GET", "/accounts"): {"national", "province"},  # a province: its own applicants' accounts only
    ("POST", "/accounts"): {"national", "province"},
    ("POST", "/accounts/{login}/password"): {"national", "province"},
    ("POST", "/accounts/{login}/disable"): {"national", "province"},
    ("GET", "/organisations"): {"national", "province"},  # a province: its own province's only
    ("POST", "/organisations"): {"national", "province"},
    ("GET", "/organisations/roster-template.xlsx"): {"national", "province"},
    ("GET", "/organisations/{org_id}"): {"national", "province"},
    ("POST", "/organisations/{org_id}"): {"national", "province"},
    ("GET", "/national/audit"): {"national"},
    ("GET", "/national/search"): {"national"},
    ("GET", "/national/reference"): {"national"},
    ("POST", "/national/reference/preview"): {"national"},
    ("POST", "/national/reference"): {"national"},
    ("POST", "/national/cycles/{cycle_id}/messages"): {"national"},
    ("GET", "/messages"): {"*"},  # each account its own party's (tests/portal/test_portal_messages.py)
    ("GET", "/messages/{message_id}"): {"*"},  # another party's message answers 404
    ("POST", "/messages/read"): {"*"},
    ("GET", "/api/v1/messages"): {"*"},
    ("POST", "/api/v1/messages/{message_id}/read"): {"*"},
    ("POST", "/objections"): {"province"},  # an objection received by post, to the province's own notice
    ("GET", "/objections/{objection_id}/files/{number}"): {"province", "national"},  # the office handling it
    ("POST", "/api/v1/applications/{app_id}/objections"): {"province"},
    ("POST", "/api/v1/objections/{objection_id}/resolve"): {"province", "national"},  # the office handling it
    ("GET", "/api/v1/objections/{objection_id}/files/{number}"): {"province", "national"},
    ("GET", "/api/v1/cycles/{cycle_id}/objections"): {"province", "national"},  # a province: its own notices' only
    ("GET", "/province/report"): {"province"},
    ("GET", "/province/report/list.{fmt}"): {"province"},
    ("GET", "/province/report/versions/{version}/letter"): {"province"},  # its own province's only
    ("POST", "/province/report"): {"province"},
    ("POST", "/province/report/nil"): {"province"},
    ("POST", "/api/v1/applications/{app_id}/declarations"): {"applicant"},
    ("POST", "/api/v1/applications/{app_id}/findings"): {"province"},
    ("POST", "/api/v1/applications/{app_id}/materials"): {"applicant", "province"},
    ("GET", "/api/v1/cycles/{cycle_id}/report-package"): {"province"},
    ("POST", "/api/v1/cycles/{cycle_id}/report-package"): {"province"},
    ("GET", "/applications/{app_id}/receipt"): {"*"},  # the application's own parties (404 for another's)
    ("GET", "/api/v1/applications/{app_id}/receipt"): {"*"},
    # its own account, its province, the national office; any other organisation answers 404 (test_portal_contacts.py)
    ("GET", "/organisations/{org_id}/contact"): {"*"},
    ("POST", "/organisations/{org_id}/contact"): {"*"},
    ("PUT", "/api/v1/organisations/{org_id}/contact"): {"*"},
}
# routes that take an application id: another province's id must answer 404 there
SCOPED = [r for r in ROUTES if "{app_id}" in r[1]]
LOGINS = {"national": "cnipa", "province": "jiangsu", "applicant": "kunshan"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    ws, clock, demo, client = demo_site(tmp_path_factory.mktemp("portal"))
    yield ws, clock, demo, client
    ws.dispose()


def _walk(routes: list) -> Iterator[tuple[str, str]]:
    """(method, path) of every endpoint, inside included routers too (FastAPI keeps those as wrappers)."""
    for route in routes:
        if isinstance(route, Mount):
            continue
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _walk(inner.routes)
            continue
        for method in getattr(route, "methods", None) or ():
            if method != "HEAD":
                yield method, route.path


def _app_routes(client: TestClient) -> set[tuple[str, str]]:
    return set(_walk(client.app.routes))  # type: ignore[attr-defined]


def test_every_route_of_the_app_is_in_the_authorization_table(site: tuple) -> None:
    *_, client = site
    assert _app_routes(client) == set(ROUTES) | PUBLIC, "a route without an authorization test: add it to ROUTES"


def _url(path: str, app_id: int = OWN) -> str:
    if path == "/national/view-as":
        return path + "?role=province&scope=320000"
    if path in ("/cases/export.xlsx", "/cases/collection.docx"):
        return path + "?cycle=1"
    path = path.replace("{objection_id}", "1").replace("{milestone}", "recommendation").replace("{rec_id}", "1")
    path = path.replace("{message_id}", "1").replace("{token_id}", "1")
    path = path.replace("{which}", "indicators").replace("{login}", "kunshan").replace("{org_id}", "1")
    path = path.replace("{timer_id}", "1").replace("{year}", "2026")
    path = path.replace("{fmt}", "xlsx").replace("{version}", "1").replace("{number}", "1")
    return path.replace("{app_id}", str(app_id)).replace("{cycle_id}", "1").replace("{material_id}", "application-form")


def _call(client: TestClient, method: str, path: str, csrf: str = "", headers: dict | None = None):  # noqa: ANN202
    if path.startswith("/api/"):
        body = {
            "event": "recommend",
            "category": "county",
            "name": "张三",
            "title": "处长",
            "phone": "025-1",
            "mobile": "13800000000",
            "email": "a@b.example",
            "numbers": [1],
            "met": True,
            **{"outcome": "dismissed", "reasons": "核实", "handler": "张三"},
        }
        if method == "POST" and path.endswith(("materials", "report-package", "objections", "cases", "summary")):
            pdf = ("x.pdf", b"%PDF-1.4 x", "application/pdf")
            form = {"material": "application-form", "kind": "person", "name": "王某", "unit": "个人",
                    "phone": "13800000000", "content": "数据不实"}  # fmt: skip
            return client.request(method, path, data=form, files={"file": pdf, "letter": pdf}, headers=headers or {})
        return client.request(method, path, json=body if method == "POST" else None, headers=headers or {})
    data = {
        "csrf": csrf,
        "event": "recommend",
        "numbers": "1",
        "ids": str(OWN),
        "action": "recommend",
        "category": "county",
        "material": "application-form",
        **{"name": "张三", "title": "处长", "phone": "025-1", "mobile": "13800000000", "email": "a@b.example"},
        **{"programme": "demonstration-creation", "edition": "2026", "places": "1", "kind": "creation-objects"},
        **{
            "outcome": "dismissed",
            "reasons": "核实",
            "handler": "张三",
            "reason": "查实",
            "cycle": "1",
            "draft": "eA==",
        },
    }
    upload = ("x.pdf", b"%PDF-1.4 x", "application/pdf")
    uploads = path.endswith(("materials", "roster", "preview", "evaluations", "check", "summary"))
    files = {"file": upload, "quota": upload} if uploads else None
    return client.request(method, path, data=data if method == "POST" else None, files=files)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_without_logging_in_every_route_sends_to_log_in_or_answers_401(site: tuple, route: tuple[str, str]) -> None:
    *_, client = site
    client.cookies.clear()
    r = _call(client, route[0], _url(route[1]))
    if route[1].startswith("/api/"):
        assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
    else:
        assert r.status_code == 303 and r.headers["location"].split("?")[0] == "/login"


@pytest.mark.parametrize("role", sorted(LOGINS))
def test_each_role_is_refused_the_routes_of_other_roles(site: tuple, role: str) -> None:
    ws, *_, client = site
    client.cookies.clear()
    csrf = log_in(client, LOGINS[role])
    token = users.create_token(ws, LOGINS[role]).token
    for (method, path), roles in ROUTES.items():
        if "*" in roles or role in roles:
            continue
        if path.startswith("/api/"):
            r = _call(client, method, _url(path), headers={"Authorization": f"Bearer {token}"})
        else:
            r = _call(client, method, _url(path), csrf)
        assert r.status_code in (403, 404), (role, method, path, r.status_code)


@pytest.mark.parametrize("route", SCOPED)
def test_another_province_s_application_answers_404_and_reveals_nothing(site: tuple, route: tuple[str, str]) -> None:
    ws, *_, client = site
    client.cookies.clear()
    csrf = log_in(client, "jiangsu")
    token = users.create_token(ws, "jiangsu").token
    before = trail.history(ws, OTHERS)
    headers = {"Authorization": f"Bearer {token}"}
    theirs = _call(client, route[0], _url(route[1], OTHERS), csrf, headers)
    nobody = _call(client, route[0], _url(route[1], 99999), csrf, headers)
    allowed = {"*", "province"} & ROUTES[route]
    assert theirs.status_code == nobody.status_code == (404 if allowed else 403), route
    assert "宁波" not in theirs.text
    assert theirs.text.replace(csrf, "").replace(str(OTHERS), "?") == nobody.text.replace(csrf, "").replace(
        "99999", "?"
    )
    assert trail.history(ws, OTHERS) == before


def test_an_applicant_sees_only_its_own_organisation_s_applications(site: tuple) -> None:
    *_, demo, client = site
    client.cookies.clear()
    log_in(client, "kunshan")
    assert client.get("/applications/1").status_code == 200  # 昆山's own
    assert client.get(f"/applications/{OWN}").status_code == 404  # 江阴's, the same province
    listed = client.get("/api/v1/cycles/1/applications").json()
    assert {a["organisation"] for a in listed["items"]} == {"昆山市人民政府"}


def test_state_changing_forms_need_the_session_s_csrf_token(site: tuple) -> None:
    ws, *_, client = site
    client.cookies.clear()
    log_in(client, "jiangsu")
    for token in ("", "forged"):
        r = client.post(f"/applications/{OWN}/fire", data={"csrf": token, "event": "decline"})
        assert r.status_code == 403
        r = client.post("/api/v1/applications/2/events", json={"event": "decline"}, headers={"X-CSRF-Token": token})
        assert r.status_code == 403 and r.json()["code"] == "csrf"
    assert trail.history(ws, OWN).stage == "provincial_review"
    login_page = client.get("/login")
    assert client.post("/login", data={"login": "jiangsu", "password": "x", "csrf": "other"}).status_code == 403
    assert csrf_of(login_page.text)


def test_every_page_carries_the_security_headers(site: tuple) -> None:
    *_, client = site
    client.cookies.clear()
    log_in(client, "jiangsu")
    for url in ("/login", "/province", f"/applications/{OWN}", "/api/v1/me", "/api/docs", "/nowhere"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert r.headers["x-content-type-options"] == "nosniff", url
    assert "<script" not in client.get(f"/applications/{OWN}").text  # no inline scripts to allow


def test_the_session_cookie_is_httponly_samesite_and_log_out_ends_it_on_the_server(site: tuple) -> None:
    *_, client = site
    client.cookies.clear()
    page = client.get("/login")
    form = {"login": "jiangsu", "password": demo_password("jiangsu"), "csrf": csrf_of(page.text)}
    r = client.post("/login", data=form)
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie  # plain http here
    kept = client.cookies.get("ipcycle_session")
    csrf = csrf_of(client.get("/province").text)
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    client.cookies.set("ipcycle_session", kept)  # the old cookie, replayed
    assert client.get("/province").headers["location"] == "/login?next=%2Fprovince&expired=1"


def test_log_in_is_rate_limited_per_account_and_address(site: tuple) -> None:
    *_, client = site
    client.cookies.clear()
    for _ in range(login_limits.PER_PAIR):
        page = client.get("/login")
        r = client.post("/login", data={"login": "zhejiang", "password": "wrong", "csrf": csrf_of(page.text)})
        assert r.status_code == 401 and "[LOGIN]" in r.text
    page = client.get("/login")
    form = {"login": "zhejiang", "password": demo_password("zhejiang"), "csrf": csrf_of(page.text)}
    r = client.post("/login", data=form)
    assert r.status_code == 401 and "[LOGIN-RATE]" in r.text


def test_uploads_are_checked_by_content_and_served_back_only_as_attachments(site: tuple) -> None:
    ws, *_, client = site
    client.cookies.clear()
    csrf = log_in(client, "kunshan")
    url = "/applications/1/materials"
    html = b"<html><script>alert(1)</script></html>"
    for name, data in (("form.pdf", html), ("form.html", html), ("form.pdf", b"")):
        r = client.post(url, data={"csrf": csrf, "material": "application-form"}, files={"file": (name, data)})
        assert r.status_code == 400, name
    big = b"%PDF-1.4" + b"0" * (20 * 1024 * 1024)
    r = client.post(url, data={"csrf": csrf, "material": "application-form"}, files={"file": ("big.pdf", big)})
    assert r.status_code == 400 and "20 MB" in r.text
    pdf = b"%PDF-1.4\n<html><script>alert(2)</script>"
    r = client.post(url, data={"csrf": csrf, "material": "application-form"}, files={"file": ("申报书 v2.pdf", pdf)})
    assert r.status_code == 409 and "[A8]" in r.text  # submitted: only its province replaces a filed material
    client.cookies.clear()
    csrf = log_in(client, "jiangsu")
    r = client.post(url, data={"csrf": csrf, "material": "application-form"}, files={"file": ("申报书 v2.pdf", pdf)})
    assert r.status_code == 303
    got = client.get("/applications/1/materials/application-form")
    assert got.content == pdf
    assert got.headers["content-disposition"].startswith("attachment;")
    assert got.headers["content-type"] == "application/octet-stream"
    assert got.headers["x-content-type-options"] == "nosniff"


def test_names_with_markup_or_line_breaks_render_as_text(site: tuple) -> None:
    """A name with markup is shown as its characters; a name with a line break never gets in (the service
    refuses it), and a reason, which may have line breaks, is shown as text too."""
    ws, *_, client = site
    from engine.services.applications import stage_moves

    with pytest.raises(BadInput):
        organisations.add_organisation(ws, name="一行\n二行", kind="park", division_code="320505")
    org = organisations.add_organisation(
        ws,
        name='<img src=x onerror="alert(1)">园区',
        kind="park",
        division_code="320505",
        attributes={"park_level": "national"},
    )
    me = Actor(Role.APPLICANT, str(org.id))
    app = stage_moves.apply(ws, 1, "park", org.id, me)
    stage_moves.fire(ws, app.id, "withdraw", me, "<b>撤回</b>\n第二行")
    client.cookies.clear()
    log_in(client, "jiangsu")
    for url in (f"/applications/{app.id}", "/province/applications"):
        text = client.get(url).text
        assert "<img src=x" not in text and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;园区" in text, url
    assert "&lt;b&gt;撤回&lt;/b&gt;" in client.get(f"/applications/{app.id}").text


def test_a_move_made_in_the_portal_is_audited_with_the_account(site: tuple) -> None:
    ws, *_, client = site
    client.cookies.clear()
    csrf = log_in(client, "jiangsu")
    r = client.post(f"/applications/{OWN}/fire", data={"csrf": csrf, "event": "recommend", "reason": "择优"})
    assert r.status_code == 303
    last = trail.history(ws, OWN).events[-1]
    assert (last.event, last.actor, last.role, last.account) == ("recommend", "province:320000", "province", "jiangsu")
    assert "（jiangsu）" in client.get(f"/applications/{OWN}").text


def test_the_roster_upload_shows_each_bad_row_and_imports_nothing(site: tuple) -> None:
    ws, *_, client = site
    client.cookies.clear()
    csrf = log_in(client, "jiangsu")
    before = len(organisations.list_organisations(ws))
    text = "name,kind,division_code\n海门区人民政府,government,320614\n,government,320000x\n"
    r = client.post(
        "/province/roster", data={"csrf": csrf}, files={"file": ("名册.csv", io.BytesIO(text.encode()), "text/csv")}
    )
    assert r.status_code == 400 and "第3行" in r.text and "/tmp" not in r.text
    assert len(organisations.list_organisations(ws)) == before
    ok = "name,kind,division_code\n海门区人民政府,government,320614\n"
    r = client.post("/province/roster", data={"csrf": csrf}, files={"file": ("名册.csv", ok.encode(), "text/csv")})
    assert r.status_code == 200 and "新增 1" in r.text
    outside = "name,kind,division_code\n杭州市人民政府,government,330100\n"
    r = client.post("/province/roster", data={"csrf": csrf}, files={"file": ("名册.csv", outside.encode(), "text/csv")})
    assert r.status_code == 400 and "not in province 320000" in r.text


def test_pages_speak_chinese_with_weekdays_in_china_standard_time(site: tuple) -> None:
    *_, client = site
    client.cookies.clear()
    log_in(client, "jiangsu")
    page = client.get("/province").text
    assert '<html lang="zh-CN">' in page
    assert "2025年10月9日（星期四） 10:00 北京时间" in page  # the demo's injected clock
    assert "2025年10月24日（星期五）" in page and "个工作日" in page


def test_api_errors_have_one_shape_with_rule_ids_and_both_reasons(site: tuple, tmp_path: Path) -> None:
    ws, *_, client = site
    client.cookies.clear()
    token = users.create_token(ws, "jiangsu").token
    headers = {"Authorization": f"Bearer {token}"}
    r = client.post("/api/v1/applications/3/events", json={"event": "report"}, headers=headers)
    body = r.json()
    assert r.status_code == 409 and body["code"] == "refused" and body["status"] == 409
    assert body["verdicts"] and {"rule", "ok", "reason_zh", "reason_en"} <= set(body["verdicts"][0])
    r = client.post("/api/v1/applications/3/events", json={"event": "nonsense"}, headers=headers)
    assert r.status_code == 400 and r.json()["code"] == "bad_input"
    r = client.post("/api/v1/applications/3/events", json={"event": 5}, headers=headers)
    assert r.status_code == 400 and r.json()["code"] == "invalid"


# Writes to shared records: a province reaches another province's organisation or account only by a key (an id, a
# log-in, a USCC on a roster row, an applicant role naming an organisation). Every write route that changes those
# records has a case here: Jiangsu aims it at Zhejiang's records and is refused, and nothing changes.
SHARED_WRITES = [
    ("PATCH", "/api/v1/organisations/{org_id}"),
    ("POST", "/api/v1/organisations"),
    ("POST", "/api/v1/users"),
    ("PATCH", "/api/v1/users/{login}"),
    ("POST", "/api/v1/rosters"),
    ("POST", "/province/roster"),
    ("POST", "/organisations/{org_id}/contact"),
    ("PUT", "/api/v1/organisations/{org_id}/contact"),
    ("POST", "/organisations"),
    ("POST", "/organisations/{org_id}"),
    ("POST", "/accounts"),
    ("POST", "/accounts/{login}/password"),
    ("POST", "/accounts/{login}/disable"),
]


def test_every_write_route_to_a_shared_record_has_a_cross_province_case() -> None:
    shared = re.compile(r"/(organisations|users|rosters?|accounts)(/|$)")
    writes = {r for r in ROUTES if r[0] != "GET" and not r[1].startswith("/national") and shared.search(r[1])}
    assert writes == set(SHARED_WRITES)


def _zhejiang_company(ws: Workspace) -> organisations.OrganisationRecord:
    """A Zhejiang company known by its USCC only (registered in 宁波), with the address its mail goes to."""
    uscc = make_uscc("91330200", "MA2H0000")
    return organisations.add_organisation(ws, "宁波甬江科技有限公司", "company", None, uscc, "ip@yj.example",
                                          {"entity_form": "llc"})  # fmt: skip


def _aimed_at_zhejiang(route: tuple[str, str], demo: Demo, company: organisations.OrganisationRecord) -> dict:
    """What Jiangsu sends through ``route`` at Zhejiang's records: the URL, a JSON body or a file."""
    row = f"南京某公司,company,320106,{company.uscc},llc,x@evil.example"  # its USCC, under a Jiangsu division
    sheet = {"file": ("名册.csv", f"name,kind,division_code,uscc,entity_form,email\n{row}\n".encode(), "text/csv")}
    zju = demo.organisations["zju"]
    calls: dict[tuple[str, str], dict] = {
        ("PATCH", "/api/v1/organisations/{org_id}"): {"url": f"/api/v1/organisations/{company.id}",
                                                      "json": {"email": "x@evil.example", "name": "改名"}},
        ("POST", "/api/v1/organisations"): {"json": {"name": "杭州市西湖区人民政府", "kind": "government",
                                                     "division_code": "330106"}},
        ("POST", "/api/v1/users"): {"json": {"login": "zju-clerk", "role": f"applicant:{zju}"}},
        ("PATCH", "/api/v1/users/{login}"): {"url": "/api/v1/users/zju", "json": {"disabled": True}},
        ("POST", "/api/v1/rosters"): {"files": sheet},
        ("POST", "/province/roster"): {"files": sheet},
        ("POST", "/organisations/{org_id}/contact"): {"url": f"/organisations/{company.id}/contact",
                                                      "data": {"email": "x@evil.example"}},
        ("PUT", "/api/v1/organisations/{org_id}/contact"): {"url": f"/api/v1/organisations/{company.id}/contact",
                                                            "json": {"email": "x@evil.example"}},
        ("POST", "/organisations"): {"data": {"name": "杭州市西湖区人民政府", "kind": "government",
                                              "division": "330106"}},
        ("POST", "/organisations/{org_id}"): {"url": f"/organisations/{company.id}",
                                              "data": {"name": "改名", "email": "x@evil.example"}},
        ("POST", "/accounts"): {"data": {"login": "zju-clerk", "organisation": str(zju)}},
        ("POST", "/accounts/{login}/password"): {"url": "/accounts/zju/password"},
        ("POST", "/accounts/{login}/disable"): {"url": "/accounts/zju/disable", "data": {"confirm": "yes"}},
    }  # fmt: skip
    return calls[route]


@pytest.mark.parametrize("route", SHARED_WRITES, ids=[f"{m} {p}" for m, p in SHARED_WRITES])
def test_a_province_cannot_write_another_province_s_shared_record(tmp_path: Path, route: tuple[str, str]) -> None:
    ws, demo, client = demo_site_on(tmp_path)
    company = _zhejiang_company(ws)
    users.create_user(ws, "zju", f"applicant:{demo.organisations['zju']}", "浙江大学-账号-2025-秋季")
    before = (organisations.list_organisations(ws), users.list_users(ws))
    call = _aimed_at_zhejiang(route, demo, company)
    if route[1].startswith("/api/"):
        headers = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
        r = client.request(route[0], call.get("url", route[1]), json=call.get("json"), files=call.get("files"),
                           headers=headers)  # fmt: skip
    else:
        form = {"csrf": log_in(client, "jiangsu"), **call.get("data", {})}
        r = client.post(call.get("url", route[1]), data=form, files=call.get("files"))
    assert r.status_code in (400, 403, 404), (route, r.status_code, r.text[:300])
    assert "宁波甬江" not in r.text  # the other province's record is not named to the caller
    assert (organisations.list_organisations(ws), users.list_users(ws)) == before
    ws.dispose()
