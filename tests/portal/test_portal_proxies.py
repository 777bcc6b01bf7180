"""Forwarded headers are believed from IPCYCLE_TRUSTED_PROXIES only: by default no client, loopback included,
chooses the address the log-in limits count or the scheme HSTS and the Secure cookie depend on."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from engine.kernel.errors import BadInput
from portal.app import create_app
from portal.cli import run_server
from portal.security import trusted_proxies
from tests.support.portal_support import demo_site_on
from tests.support.reminders_support import free_port

FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}


def _served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, proxies: str | None) -> httpx.Response:
    """GET /login through the real server ``ipcycle serve`` runs, from loopback, with forwarded headers."""
    if proxies is None:
        monkeypatch.delenv("IPCYCLE_TRUSTED_PROXIES", raising=False)
    else:
        monkeypatch.setenv("IPCYCLE_TRUSTED_PROXIES", proxies)
    ws, *_ = demo_site_on(tmp_path)  # the log-in limits are rows: PostgreSQL too, with IPCYCLE_TEST_DB
    port, stop = free_port(), threading.Event()
    server = threading.Thread(target=run_server, args=(ws, "127.0.0.1", port), kwargs={"stop": stop}, daemon=True)
    server.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(600):  # until it listens (a condition, bounded)
                try:
                    return client.get("/login", headers=FORWARDED)
                except httpx.ConnectError:
                    stop.wait(0.1)
            raise AssertionError("the server never listened")
    finally:
        stop.set()
        server.join()
        ws.dispose()


def test_by_default_a_loopback_client_cannot_claim_https_or_another_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = _served(tmp_path, monkeypatch, None)
    assert r.status_code == 200
    assert "strict-transport-security" not in r.headers  # the scheme stayed http


def test_a_configured_proxy_s_forwarded_scheme_and_address_are_believed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = _served(tmp_path, monkeypatch, "127.0.0.1")
    assert r.headers["strict-transport-security"].startswith("max-age=")


def test_the_log_in_limit_counts_the_forwarded_address_only_from_a_trusted_proxy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.services.accounts import users

    seen: list[str] = []
    real = users.log_in

    def spy(ws, login, password, address):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202
        seen.append(address)
        return real(ws, login, password, address)

    monkeypatch.setattr(users, "log_in", spy)
    ws, *_ = demo_site_on(tmp_path)  # the log-in limits are rows: PostgreSQL too, with IPCYCLE_TEST_DB
    for proxies in ("", "10.0.0.0/8, 127.0.0.1"):
        monkeypatch.setenv("IPCYCLE_TRUSTED_PROXIES", proxies)
        client = TestClient(create_app(ws, secret="s"), client=("127.0.0.1", 40000), follow_redirects=False)
        page = client.get("/login")
        csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
        client.post("/login", data={"login": "jiangsu", "password": "wrong", "csrf": csrf}, headers=FORWARDED)
    assert seen == ["127.0.0.1", "203.0.113.9"]
    ws.dispose()


def test_a_value_that_is_no_address_stops_the_start_naming_the_variable() -> None:
    assert trusted_proxies("") == [] and trusted_proxies("127.0.0.1, 10.0.0.0/8") == ["127.0.0.1", "10.0.0.0/8"]
    with pytest.raises(BadInput, match="IPCYCLE_TRUSTED_PROXIES: '\\*'"):
        trusted_proxies("*")
