"""A value that is not among a field's choices, route by route: 400 in the one error shape, naming the field.

The routes are found, not listed: every parameter of every route whose type is a closed set (an enum or a
``Literal``) gets a value outside it, sent by each role the authorization table lets in; a new such field is tested
without touching this file. The choices a programme defines (categories, events, milestones, list kinds) are not
types; the table below sends each of them a value the programme lacks.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel

from engine.services.accounts import users
from tests.portal.test_portal_security import LOGINS, PUBLIC, ROUTES, _url
from tests.support.portal_support import demo_site, demo_site_on, log_in

BAD = "nonesuch"


def _closed(annotation: Any) -> bool:
    """Whether the type is a closed set of values (an enum, a ``Literal``), inside ``Optional``/``Annotated``."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return True
    if typing.get_origin(annotation) is typing.Literal:
        return True
    return any(_closed(a) for a in typing.get_args(annotation) if a is not type(None))


def _closed_fields(route: APIRoute) -> Iterator[tuple[str, str]]:
    """(where, name) of each closed-set input of the route: a query parameter, or a field of its body (a form's
    field, or a JSON model's), as the client names it."""
    dependants = [route.dependant]
    while dependants:
        dependant = dependants.pop()
        dependants += dependant.dependencies
        for param in dependant.query_params:
            if _closed(param.field_info.annotation):
                yield "query", param.alias
        for param in dependant.body_params:
            annotation = param.field_info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                for name, info in annotation.model_fields.items():
                    if _closed(info.annotation):
                        yield "json", info.alias or name
            elif _closed(annotation):
                yield "form", param.alias


def _routes(client: TestClient) -> Iterator[APIRoute]:
    stack = list(client.app.routes)  # type: ignore[attr-defined]
    while stack:
        route = stack.pop()
        inner = getattr(route, "original_router", None)
        if inner is not None:
            stack += inner.routes
        elif isinstance(route, APIRoute):
            yield route


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    ws, demo, client = demo_site_on(tmp_path_factory.mktemp("choices"))  # PostgreSQL too, with IPCYCLE_TEST_DB
    yield ws, demo, client
    ws.dispose()


def _send(client: TestClient, method: str, path: str, where: str, name: str, headers: dict[str, str]) -> Any:
    url = _url(path).replace("{key}", "p1")  # the demo's first public notice
    if where == "query":
        return client.request(method, url + ("&" if "?" in url else "?") + f"{name}={BAD}", headers=headers)
    if where == "json":
        return client.request(method, url, json={name: BAD}, headers=headers)
    return client.request(method, url, data={name: BAD, "csrf": headers.get("X-CSRF-Token", "")}, headers=headers)


def test_every_closed_choice_of_every_route_answers_400_naming_the_field(site: tuple) -> None:
    ws, _demo, client = site
    tokens = {role: users.create_token(ws, login).token for role, login in LOGINS.items()}
    found: set[tuple[str, str, str]] = set()
    for route in _routes(client):
        for method in (route.methods or set()) - {"HEAD"}:
            allowed = ROUTES.get((method, route.path), set())
            roles = sorted(LOGINS) if "*" in allowed else sorted(allowed & set(LOGINS))
            roles += ["anyone"] if (method, route.path) in PUBLIC else []
            for where, name in _closed_fields(route):
                found.add((method, route.path, name))
                for role in roles:
                    client.cookies.clear()
                    if role == "anyone":
                        headers = {}
                    elif route.path.startswith("/api/"):
                        headers = {"Authorization": f"Bearer {tokens[role]}"}
                    else:
                        headers = {"X-CSRF-Token": log_in(client, LOGINS[role])}
                    r = _send(client, method, route.path, where, name, headers)
                    what = f"{method} {route.path} {name}={BAD} as {role}"
                    assert r.status_code == 400, f"{what}: {r.status_code} {r.text[:300]}"
                    if route.path.startswith("/api/"):
                        body = r.json()
                        assert set(body) == {"status", "code", "message", "verdicts", "errors"}, what
                        bad = [e for e in body["errors"] if e["field"] == f"/{name}"]
                        assert bad and "可选" in bad[0]["message"], f"{what}: {body}"
                    else:
                        assert "不是可选的值" in r.text and "可选：" not in r.text, what  # no codes on a page
    # the walk found the closed sets there are (so it cannot pass by finding none)
    assert {
        ("POST", "/api/v1/objections/{objection_id}/resolve", "outcome"),
        ("POST", "/api/v1/applications/{app_id}/objections", "kind"),
        ("POST", "/api/v1/cycles/{cycle_id}/mail/retry", "status"),
        ("GET", "/api/v1/timers", "status"),
        ("POST", "/notices/{key}/objections", "kind"),
        ("POST", "/objections/{objection_id}/resolve", "outcome"),
    } <= found, found


# choices a programme or the register defines: (login, method, path, body, the field named); the stage, list kind,
# programme and event are in tests/portal/test_portal_limits.py
PROGRAMME_CHOICES = [
    ("kunshan", "POST", "/api/v1/cycles/1/applications", {"category": BAD}, "category"),
    ("kunshan", "POST", "/api/v1/cycles/1/applications", {"category": "county", "track": BAD}, "track"),
    ("cnipa", "POST", f"/api/v1/cycles/1/milestones/{BAD}", {"due": "2025-12-30", "reason": "改期"}, "milestone"),
    ("cnipa", "PUT", "/api/v1/cycles/1/quotas", {"province": "320000", "category": BAD, "places": 3, "reason": "调"},
     "category"),
    ("cnipa", "POST", "/api/v1/cycles/1/selection", {"category": BAD, "places": 3}, "category"),
    ("cnipa", "POST", "/api/v1/cycles/1/messages", {"audience": BAD, "subject": "通知", "body": "请报送"}, "audience"),
    ("cnipa", "POST", "/api/v1/users", {"login": "newcomer", "role": BAD}, "role"),
    ("cnipa", "POST", "/api/v1/organisations", {"name": "某某公司", "kind": BAD}, "kind"),
]  # fmt: skip


@pytest.mark.parametrize(("login", "method", "path", "body", "field"), PROGRAMME_CHOICES)
def test_a_choice_the_programme_lacks_answers_400_naming_the_field(
    site: tuple, login: str, method: str, path: str, body: dict | None, field: str
) -> None:
    ws, _demo, client = site
    headers = {"Authorization": f"Bearer {users.create_token(ws, login).token}"}
    r = client.request(method, path, json=body, headers=headers)
    assert r.status_code == 400, r.text
    assert [e["field"] for e in r.json()["errors"]] == [f"/{field}"], r.json()


def test_the_api_document_declares_400_for_bad_input_and_no_422(site: tuple) -> None:
    """What a client reads in the schema is what it gets: every operation with input declares 400 in the one shape."""
    *_, client = site
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "422" not in operation["responses"], f"{method} {path}"
            assert operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith(
                "/ErrorBody"
            ), f"{method} {path}"
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def test_a_malformed_page_form_answers_400_on_the_error_page(tmp_path: Path) -> None:
    """A form's value of the wrong type (not a number) is bad input too, shown on the error page, nothing changed."""
    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "jiangsu")
    r = client.post("/province/applications/bulk", data={"csrf": csrf, "ids": "x", "action": "recommend"})
    assert r.status_code == 400 and "输入有误" in r.text
    ws.dispose()
