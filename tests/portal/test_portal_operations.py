"""What the operator's probes and scrapes see: /healthz, /readyz (database, schema, scheduler), /metrics behind
its token, a request id on every answer and access line, and a 5xx logged with its traceback."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from engine.kernel.logs import JsonLines
from engine.services.operations import health
from notifications.scheduler import scheduler_tick, transport_from_env
from portal.app import create_app
from tests.support.portal_support import csrf_of, demo_site, log_in


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple]:
    ws, clock, demo, client = demo_site(tmp_path)
    yield ws, clock, demo, client, tmp_path
    ws.dispose()


@pytest.fixture
def lines() -> Iterator[list[dict]]:
    """Every log record as the JSON line the service writes."""
    got: list[dict] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            got.append(json.loads(JsonLines().format(record)))

    handler, root = Keep(), logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield got
    root.removeHandler(handler)
    root.setLevel(level)


def test_healthz_answers_and_readyz_waits_for_a_scheduler_pass(site: tuple) -> None:
    ws, clock, _demo, client, tmp_path = site
    assert client.get("/healthz").json() == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.json()["checks"]["database"]["ok"] and r.json()["checks"]["schema"]["ok"]
    assert not r.json()["checks"]["scheduler"]["ok"]
    scheduler_tick(ws, transport_from_env(tmp_path / "sink"))
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready"
    clock.advance(timedelta(minutes=6))  # the default allows 5 minutes since the last pass
    r = client.get("/readyz")
    assert r.status_code == 503 and not r.json()["checks"]["scheduler"]["ok"]


def test_readyz_says_the_database_is_unreachable(tmp_path: Path) -> None:
    from engine.store.workspace import Workspace

    ws = Workspace("postgresql+psycopg://ipcycle:s3cret@127.0.0.1:1/none?connect_timeout=2")
    client = TestClient(create_app(ws, secret="x"))
    r = client.get("/readyz")
    assert r.status_code == 503
    assert not r.json()["checks"]["database"]["ok"]
    assert "s3cret" not in r.text
    assert client.get("/healthz").status_code == 200


def test_metrics_need_the_token_off_loopback_and_count_by_route_template(
    site: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, _clock, _demo, client, tmp_path = site
    monkeypatch.setenv("IPCYCLE_METRICS_TOKEN", "scrape-me")
    assert client.get("/metrics").status_code == 404  # the test client is not on loopback
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    scheduler_tick(ws, transport_from_env(tmp_path / "sink"))
    sent = len(list((tmp_path / "sink").glob("*.eml")))
    stranger = TestClient(client.app)
    form = stranger.get("/login")
    stranger.post("/login", data={"login": "jiangsu", "password": "wrong-password", "csrf": csrf_of(form.text)})
    log_in(client, "jiangsu")
    assert client.get("/applications/2").status_code == 200
    r = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    text = r.text
    assert 'ipcycle_request_seconds_count{method="GET",route="/applications/{app_id}",status="200"}' in text
    assert sent and f'ipcycle_outbox_messages{{status="sent"}} {float(sent)}' in text
    assert "ipcycle_timers_failed 0.0" in text
    assert "ipcycle_login_failures_recent 1.0" in text
    assert 'ipcycle_scheduler_last_pass_age_seconds{loop="timers"} 0.0' in text


def test_every_answer_and_log_line_of_a_request_carries_its_id(site: tuple, lines: list[dict]) -> None:
    *_, client, _tmp = site
    r = client.get("/login", headers={"X-Request-ID": "from-nginx-42"})
    assert r.headers["x-request-id"] == "from-nginx-42"
    access = [x for x in lines if x["logger"] == "ipcycle.access"]
    assert access[-1]["request_id"] == "from-nginx-42"
    assert access[-1]["route"] == "/login" and access[-1]["status"] == 200 and "ts" in access[-1]
    r = client.get("/login", headers={"X-Request-ID": "bad id\nwith a line break"})
    assert r.headers["x-request-id"] != "bad id\nwith a line break" and len(r.headers["x-request-id"]) == 16


def test_a_5xx_is_logged_with_its_traceback_and_request_id(
    site: tuple, lines: list[dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, *_ = site

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr(health, "readiness", broken)
    client = TestClient(create_app(ws, secret="x"), raise_server_exceptions=False)
    r = client.get("/readyz")
    assert r.status_code == 500
    failed = [x for x in lines if x["level"] == "ERROR" and x["logger"] == "ipcycle.portal"]
    assert failed and "RuntimeError: the disk caught fire" in failed[-1]["exc"]
    assert "Traceback" in failed[-1]["exc"] and failed[-1]["request_id"]
    assert [x for x in lines if x["logger"] == "ipcycle.access" and x["status"] == 500]


def test_a_rotated_secret_keeps_sessions_signed_with_the_previous_one(
    site: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, *_rest, client, _tmp = site  # its app signs with "test-secret"
    log_in(client, "jiangsu")
    assert client.get("/api/v1/me").status_code == 200
    rotated = TestClient(create_app(ws, secret="the-new-secret"), cookies=client.cookies)
    assert rotated.get("/api/v1/me").status_code == 401  # a plain change logs everyone out
    monkeypatch.setenv("IPCYCLE_SECRET_PREVIOUS", "test-secret")
    rotating = TestClient(create_app(ws, secret="the-new-secret"), cookies=client.cookies)
    assert rotating.get("/api/v1/me").status_code == 200
