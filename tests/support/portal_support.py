"""Portal test helpers: the demonstration database, an app over it, and logging in as a client would."""

from __future__ import annotations

import atexit
import contextlib
import copy
import re
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from anyio.from_thread import BlockingPortal, start_blocking_portal
from fastapi import FastAPI
from fastapi.testclient import TestClient

from engine.kernel.clock import FixedClock
from engine.store.workspace import Workspace
from portal.app import create_app
from portal.demo import DEMO_NOW, Demo, demo_password, demo_workspace

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
RAM = Path("/dev/shm")
_built: tuple[Path, Demo] | None = None  # this test process's demonstration database, built on first use
_loop = contextlib.ExitStack()  # the event loop every suite_client's requests run on, closed at exit
_portal: BlockingPortal | None = None


def suite_client(app: FastAPI, **options: Any) -> TestClient:
    """A test client whose requests run on this test process's one event-loop thread.

    Starlette's client, used outside ``with``, starts a thread and an event loop for each request: ~2 ms of CPU
    that the app never sees, in a fast loop of ~13,000 requests. One loop is what a portal worker has too.
    Tests of requests racing each other build a plain ``TestClient``: there each request keeps a loop of its own."""
    global _portal
    if _portal is None:
        _portal = _loop.enter_context(start_blocking_portal("asyncio"))
        atexit.register(close_suite_loop)  # left running, its thread would hang the interpreter's exit
    client = TestClient(app, **options)
    client.portal = _portal
    return client


def close_suite_loop() -> None:
    """Stop the suite's event loop (at the process's exit); a later ``suite_client`` starts another."""
    global _portal
    _loop.close()
    _portal = None


def demo_copy(path: Path) -> tuple[Workspace, FixedClock, Demo]:
    """The demonstration database (``portal.demo.demo_workspace``) as a file of this test's own at ``path``.

    Built once per test process and copied for each test: building takes seconds (every move through the
    machine, five argon2 hashes), a copy milliseconds, and no test sees another's changes.
    """
    global _built
    if _built is None:
        folder = Path(tempfile.mkdtemp(prefix="ipcycle-demo-", dir=RAM if RAM.is_dir() else None))
        atexit.register(shutil.rmtree, folder, True)
        ws, _clock, demo = demo_workspace(folder / "demo.db")
        ws.dispose()  # no connection left open, so the files below are the whole database
        _built = folder / "demo.db", demo
    source, demo = _built
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{path}{suffix}")
    files = Path(f"{source}.files")  # the uploads' store beside the file (engine/store/filestore.py)
    if files.is_dir():
        shutil.rmtree(f"{path}.files", ignore_errors=True)
        shutil.copytree(files, f"{path}.files")
    clock = FixedClock(DEMO_NOW)
    return Workspace(f"sqlite:///{path}", clock), clock, copy.deepcopy(demo)


def demo_site(tmp_path: Path) -> tuple[Workspace, FixedClock, Demo, TestClient]:
    """The demonstration (2025 cycle, mid-application) on its own SQLite file, with a test client for its app."""
    ws, clock, demo = demo_copy(tmp_path / "demo.db")
    return ws, clock, demo, suite_client(create_app(ws, secret="test-secret"), follow_redirects=False)


def _built_demo(url: str) -> Demo:
    """The demonstration built into the empty database at ``url``, every connection closed afterwards."""
    from portal.demo import OPENED, prepare_demo

    clock = FixedClock(OPENED)
    ws = Workspace(url, clock)
    try:
        return prepare_demo(ws, clock)
    finally:
        ws.dispose()


def demo_site_on(tmp_path: Path, name: str = "demo") -> tuple[Workspace, Demo, TestClient]:
    """The demonstration on the test database (SQLite, or PostgreSQL with IPCYCLE_TEST_DB), built once per test
    process and copied for each test."""
    from tests.support.db import ON_POSTGRES, copied_url

    if not ON_POSTGRES:  # an SQLite file: the copy of the demonstration built once
        ws, _clock, demo = demo_copy(tmp_path / f"{name}.db")
        return ws, demo, suite_client(create_app(ws, secret="test-secret"), follow_redirects=False)
    url, built = copied_url(tmp_path, name, "demo", _built_demo)
    ws = Workspace(url, FixedClock(DEMO_NOW))
    return ws, copy.deepcopy(built), suite_client(create_app(ws, secret="test-secret"), follow_redirects=False)


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def log_in(client: TestClient, login: str, password: str | None = None) -> str:
    """Log in through the form; returns the session's CSRF token (read from the home page's forms)."""
    page = client.get("/login")
    r = client.post(
        "/login", data={"login": login, "password": password or demo_password(login), "csrf": csrf_of(page.text)}
    )
    assert r.status_code == 303, r.text
    home = client.get(r.headers["location"])
    assert home.status_code == 200, home.text
    return csrf_of(home.text)


KUNSHAN, CHENGDU = 1, 9  # the demo's two applications under provincial notice on its morning: a county and a city


def reviewed_demo_site(tmp_path: Path) -> tuple[Workspace, FixedClock, TestClient]:
    """The demo a fortnight on (2025-10-23): Jiangsu's and Sichuan's notices ended and reported, 昆山 and 成都
    in national review, the cycle's indicators loaded (one indicator, I1, out of 100)."""
    from engine.services.applications.timers import tick
    from engine.services.evaluation import indicator_sets
    from tests.support.lifecycle import INDICATORS, NATIONAL, report_package

    ws, clock, _demo, client = demo_site(tmp_path)
    clock.advance(timedelta(days=14))
    tick(ws)
    assert report_package(ws, 1, "320000") == [KUNSHAN]
    assert report_package(ws, 1, "510000") == [CHENGDU]
    path = tmp_path / "indicators.yaml"
    path.write_text(INDICATORS, "utf-8")
    indicator_sets.load_indicators(ws, 1, path, NATIONAL)
    return ws, clock, client


def recognise_kunshan(ws: Workspace, clock: FixedClock, folder: Path) -> int:
    """From :func:`reviewed_demo_site`: 昆山 through selection, creation and acceptance (a standard of 60 loaded)
    to a valid recognition; its register row's id."""
    from engine.services.applications import stage_moves
    from engine.services.applications.timers import tick
    from engine.services.applications.trail import history
    from engine.services.evaluation import indicator_sets
    from engine.services.national import recognition_register
    from tests.support.lifecycle import NATIONAL, evaluate, to_acceptance

    evaluate(ws, KUNSHAN, 90)
    stage_moves.fire(ws, KUNSHAN, "select", NATIONAL)
    clock.advance(timedelta(days=15))
    tick(ws)
    to_acceptance(ws, clock, 1)  # the creation period's last year (B7)
    stage_moves.fire(ws, KUNSHAN, "start_acceptance", NATIONAL)
    standard = folder / "standard.yaml"
    standard.write_text("thresholds:\n  - {indicator: total, minimum: 60}\n", "utf-8")
    indicator_sets.load_standard(ws, 1, standard, NATIONAL)
    evaluate(ws, KUNSHAN, 80)
    stage_moves.fire(ws, KUNSHAN, "pass", NATIONAL)
    clock.advance(timedelta(days=15))
    tick(ws)
    assert history(ws, KUNSHAN).stage == "recognised"
    unit = recognition_register.application_recognition(ws, KUNSHAN)
    assert unit is not None and unit.status == "valid"
    return unit.id


def _tree(html: str):  # noqa: ANN202  (lxml has no type stubs here)
    import lxml.html

    return lxml.html.fromstring(html)


def field_error(html: str, name: str, prefix: str = "") -> str | None:
    """The error shown beside the form input ``name`` (the span the input's aria-describedby points to), if any."""
    found = _tree(html).xpath(f'//*[@id="f-{prefix}{name}-error"]')
    return found[0].text_content().strip() if found else None


def field_value(html: str, name: str, prefix: str = "") -> str | None:
    """What the form shows in the input ``name``: its value, a textarea's text, the selected option, the checked
    radio; None when the page has no such input."""
    tree = _tree(html)
    by_id = tree.xpath(f'//*[@id="f-{prefix}{name}"][@name="{name}"]')  # the form's own input, not a namesake
    for el in by_id or tree.xpath(f'//*[@name="{name}"]'):
        if el.tag == "textarea":
            return el.text_content()
        if el.tag == "select":
            chosen = el.xpath("./option[@selected]") or el.xpath("./option")
            return chosen[0].get("value") if chosen else ""
        if el.get("type") == "radio":
            if el.get("checked") is not None:
                return el.get("value")
            continue
        return el.get("value", "")
    return None


def summary_errors(html: str) -> list[str]:
    """The messages of the error summary at the top of the page, in order."""
    return [li.text_content().strip() for li in _tree(html).xpath('//*[contains(@class, "error-summary")]//li')]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(*rows: tuple[object, ...]) -> bytes:
    """A workbook of these rows, as a clerk's upload would arrive."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
