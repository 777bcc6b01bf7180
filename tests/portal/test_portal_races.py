"""Eight identical requests at once, at every write route of the API and at the public objection form: no 5xx,
and no more records than the same eight requests leave one after another (SQLite, and PostgreSQL with
IPCYCLE_TEST_DB).

The API's write routes are read from the app, so a route added later is covered once it has a valid request
in tests/support/api_writes.py (the first test fails, naming it, until then)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import inspect, text

from engine.services.accounts import users
from engine.services.publicity import open_notices
from engine.store.workspace import Workspace
from portal.app import create_app
from portal.demo import Demo
from tests.support.api_writes import WRITES, WriteCall
from tests.support.db import ON_POSTGRES
from tests.support.portal_support import demo_site_on

AT_ONCE = 8
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _api_write_routes() -> dict[str, tuple[str, str]]:
    """operationId (the route function's name) -> (method, path) of every write route under /api/."""
    ws = Workspace("sqlite://")
    try:
        app = create_app(ws, secret="routes")
    finally:
        ws.dispose()
    found: dict[str, tuple[str, str]] = {}

    def walk(routes: list[Any]) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                walk(inner.routes)
            elif isinstance(route, APIRoute) and route.path.startswith("/api/"):
                for method in set(route.methods or ()) & WRITE_METHODS:
                    found[route.name] = (method, route.path)

    walk(list(app.routes))
    return found


API_WRITES = _api_write_routes()


def test_every_write_route_of_the_api_has_a_request_to_race() -> None:
    missing = sorted(set(API_WRITES) - set(WRITES))
    assert not missing, f"add a valid request for {missing} to tests/support/api_writes.py"


def _site(tmp_path: Path, name: str) -> tuple[Workspace, Demo, TestClient]:
    """The demonstration with a plain client: each request on an event loop of its own, so the eight truly race
    (the suite's shared loop would run an ``async`` route's blocking part one request at a time)."""
    ws, demo, shared = demo_site_on(tmp_path, name)
    return ws, demo, TestClient(shared.app, follow_redirects=False)


def _rows(ws: Workspace) -> dict[str, int]:
    """Every table's row count, in one statement (compiling a count per table cost more than the requests)."""
    names = inspect(ws.engine).get_table_names()
    counts = " UNION ALL ".join(f"SELECT '{n}', COUNT(*) FROM \"{n}\"" for n in names)
    with ws.engine.connect() as conn:
        return {n: c for n, c in conn.execute(text(counts))}


def _grown(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {t: after[t] - before.get(t, 0) for t in after if after[t] != before.get(t, 0)}


def _at_once(send: Callable[[], Response]) -> list[Response]:
    """``send`` from AT_ONCE threads released together."""
    gate = threading.Barrier(AT_ONCE)
    answers: list[Response | BaseException] = [RuntimeError("not sent")] * AT_ONCE

    def one(i: int) -> None:
        gate.wait()
        try:
            answers[i] = send()
        except BaseException as exc:  # noqa: BLE001  (reported below, with the others' answers)
            answers[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(AT_ONCE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [a for a in answers if isinstance(a, BaseException)]
    assert not errors, errors
    return [a for a in answers if isinstance(a, Response)]


def _api_sender(ws: Workspace, demo: Demo, client: TestClient, call: WriteCall, method: str) -> Callable[[], Response]:
    if call.prepare is not None:
        call.prepare(ws, demo)
    token = users.create_token(ws, call.login, "race").token
    headers = {"Authorization": f"Bearer {token}"}

    def send() -> Response:
        return client.request(method, call.url, json=call.json, data=call.data, files=call.files, headers=headers)

    return send


def _no_5xx(answers: list[Response]) -> None:
    assert all(r.status_code < 500 for r in answers), [(r.status_code, r.text[:300]) for r in answers]
    assert all(r.status_code < 400 or "text/plain" not in r.headers.get("content-type", "") for r in answers)


# A write route known to race on PostgreSQL, expected to fail there until fixed (none now: the national office's
# score, recognition and quota writes take their key's lock first, engine/store/locks.py).
RACING_ON_POSTGRES: set[str] = set()


def _race_case(name: str) -> Any:
    known = pytest.mark.xfail(
        ON_POSTGRES and name in RACING_ON_POSTGRES,
        reason="a known race on PostgreSQL in the national office's writes (issue 21, open)",
        strict=False,
    )
    return pytest.param(name, marks=known)


@pytest.mark.slow  # one demonstration and eight racing requests for each write route
@pytest.mark.parametrize("name", [_race_case(n) for n in sorted(set(API_WRITES) & set(WRITES))])
def test_eight_identical_api_writes_at_once_leave_no_5xx_and_no_duplicate(tmp_path: Path, name: str) -> None:
    method = API_WRITES[name][0]
    ws, demo, client = _site(tmp_path, "serial")
    call = WRITES[name](demo)
    send = _api_sender(ws, demo, client, call, method)
    before = _rows(ws)
    serial = [send() for _ in range(AT_ONCE)]
    assert serial[0].status_code < 300, f"the registered request for {name} must succeed: {serial[0].text}"
    _no_5xx(serial)
    one_by_one = _grown(before, _rows(ws))
    ws.dispose()

    ws, demo, client = _site(tmp_path, "racing")
    send = _api_sender(ws, demo, client, WRITES[name](demo), method)
    before = _rows(ws)
    racing = _at_once(send)
    _no_5xx(racing)
    assert any(r.status_code < 300 for r in racing), [r.text for r in racing]
    at_once = _grown(before, _rows(ws))
    ws.dispose()
    more = {t: (n, one_by_one.get(t, 0)) for t, n in at_once.items() if n > one_by_one.get(t, 0)}
    assert not more, f"more rows at once than one after another (table: (at once, one by one)): {more}"


FIELD = re.compile(r'name="(csrf|request_key)" value="([^"]+)"')


def _objection_sender(ws: Workspace, client: TestClient) -> Callable[[], Response]:
    """The public form as a browser sends it: the same page's tokens, the same fields, the same file."""
    notice = next(n for n in open_notices.running_notices(ws) if n.key.startswith("p"))
    page = client.get(f"/notices/{notice.key}")
    hidden = dict(FIELD.findall(page.text))
    cookies = dict(client.cookies)
    form = {
        **hidden,
        "application": str(notice.units[0].application),
        "kind": "person",
        "name": "赵六",
        "phone": "13600000000",
        "content": "申报材料中的数据与实际不符。",
    }
    evidence = [("evidence", ("证明.pdf", b"%PDF-1.4\n% evidence\n", "application/pdf"))]

    def send() -> Response:
        fresh = TestClient(client.app, follow_redirects=False, cookies=cookies)
        return fresh.post(f"/notices/{notice.key}/objections", data=form, files=evidence)

    return send


def test_eight_identical_public_objections_at_once_record_one(tmp_path: Path) -> None:
    ws, _demo, client = _site(tmp_path, "public")
    send = _objection_sender(ws, client)
    before = _rows(ws)
    answers = _at_once(send)
    _no_5xx(answers)
    assert any(r.status_code == 201 for r in answers), [r.text[:300] for r in answers]
    grown = _grown(before, _rows(ws))
    assert grown.get("objection") == 1, grown
    receipts = {m for r in answers for m in re.findall(r"YY\d{8}-[0-9A-F]+", r.text)}
    assert len(receipts) == 1  # every answer that shows a receipt shows the one objection's
    again = send()  # the same form sent once more later (a reload): the same receipt, nothing new
    assert again.status_code < 400 and receipts <= {m for m in re.findall(r"YY\d{8}-[0-9A-F]+", again.text)}
    assert _grown(before, _rows(ws)).get("objection") == 1
    ws.dispose()
