"""The shipped deployment, run: PostgreSQL, two portal processes behind Debian's nginx with deploy/nginx/ipcycle.conf
(only its ports, log directory and certificate substituted), and a scheduler. A clerk logs in through nginx over TLS,
makes moves that land on both portals, and one session is honoured by both (the same IPCYCLE_SECRET)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from engine.services.accounts import users
from tests.support.db import ON_POSTGRES
from tests.support.instances_support import IPCYCLE, JIANGSU, county_codes, reviewed_counties, stages_of, wait_for
from tests.support.paths import REPO
from tests.system.test_instances import OPENED, creation_cycle

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = REPO / "deploy" / "nginx" / "ipcycle.conf"
SECRET = "deployment-test-secret-" + "x" * 24
PASSWORD = "Provincial-clerk-2025"

pytestmark = [
    pytest.mark.skipif(not ON_POSTGRES, reason="the deployment runs on PostgreSQL: IPCYCLE_TEST_DB (.ci/run sets it)"),
    pytest.mark.skipif(not Path(NGINX).exists(), reason="needs Debian's nginx (.ci/run installs it)"),
    pytest.mark.skipif(os.geteuid() != 0, reason="nginx is run as root here, as .ci/run does"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def substituted(site: str, ports: dict[str, int], tmp: Path) -> str:
    """The shipped site with this machine's ports and paths; each piece replaced must be there (else the test
    would silently run something else than what ships)."""
    swaps = {
        "server 127.0.0.1:8001 ": f"server 127.0.0.1:{ports['a']} ",
        "server 127.0.0.1:8002 ": f"server 127.0.0.1:{ports['b']} ",
        "listen 80;": f"listen 127.0.0.1:{ports['http']};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{ports['https']} ssl http2;",
        "/etc/ssl/certs/ipcycle.pem": str(tmp / "cert.pem"),
        "/etc/ssl/private/ipcycle.key": str(tmp / "key.pem"),
        "/var/log/nginx/": f"{tmp}/",
    }
    for old, new in swaps.items():
        assert old in site, f"deploy/nginx/ipcycle.conf no longer has {old!r}: update this test"
        site = site.replace(old, new)
    return site


def nginx_conf(tmp: Path) -> str:
    """The main nginx.conf Debian would have, every path under ``tmp``; it includes the site."""
    temps = "\n".join(f"    {k}_temp_path {tmp}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""
user root;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    default_type application/octet-stream;
    access_log off;
{temps}
    include {tmp}/site.conf;
}}
"""


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[dict]:
    ws, cycle = creation_cycle(tmp_path, "deploy")
    url = ws.url
    apps = reviewed_counties(ws, cycle, county_codes()[:4], places=4)
    users.create_user(ws, "jiangsu", f"province:{JIANGSU}", PASSWORD)
    ports = {k: free_port() for k in ("a", "b", "http", "https")}
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "2",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    (tmp_path / "site.conf").write_text(substituted(SITE.read_text(), ports, tmp_path))
    (tmp_path / "nginx.conf").write_text(nginx_conf(tmp_path))
    env = {**os.environ, "IPCYCLE_DB": url, "IPCYCLE_SECRET": SECRET, "IPCYCLE_NOW": OPENED, "PYTHONPATH": str(REPO),
           "IPCYCLE_TRUSTED_PROXIES": "127.0.0.1"}  # fmt: skip  # nginx, as the env file names it
    env.pop("IPCYCLE_METRICS_TOKEN", None)
    procs: list[subprocess.Popen[bytes]] = []
    logs = {name: tmp_path / f"{name}.log" for name in ("a", "b", "scheduler")}
    for name in ("a", "b"):  # the unit's command line, on this test's port
        args = [IPCYCLE, "serve", "--host", "127.0.0.1", "--port", str(ports[name]), "--workers", "1"]
        procs.append(subprocess.Popen(args, env=env, stdout=logs[name].open("ab"), stderr=subprocess.STDOUT))
    sink = tmp_path / "mail"
    args = [IPCYCLE, "scheduler", "run", "--interval", "1", "--sink", str(sink)]
    sched_env = {**env, "IPCYCLE_LOG_FORMAT": "json"}
    procs.append(subprocess.Popen(args, env=sched_env, stdout=logs["scheduler"].open("ab"), stderr=subprocess.STDOUT))
    conf = str(tmp_path / "nginx.conf")
    started = subprocess.run([NGINX, "-c", conf, "-p", str(tmp_path)], capture_output=True, text=True)
    assert started.returncode == 0, started.stderr
    try:
        for name in ("a", "b"):
            wait_for(partial(_answers, ports[name]), 60, f"portal {name}", logs[name])
        yield {"ws": ws, "cycle": cycle, "apps": apps, "ports": ports, "logs": logs, "tmp": tmp_path}
    finally:
        subprocess.run([NGINX, "-c", conf, "-p", str(tmp_path), "-s", "quit"], capture_output=True)
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        ws.dispose()


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def served_by(logs: dict[str, Path]) -> dict[str, dict[str, Any]]:
    """request id -> (portal, status), from each portal's JSON access lines."""
    out: dict[str, dict[str, Any]] = {}
    for name in ("a", "b"):
        for line in logs[name].read_text().splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("logger") == "ipcycle.access":
                    out[entry["request_id"]] = {"portal": name, "status": entry["status"], "path": entry["path"]}
    return out


def test_two_portals_behind_the_shipped_nginx_share_sessions_and_both_make_moves(deployment: dict) -> None:
    ports, logs = deployment["ports"], deployment["logs"]
    site = f"https://127.0.0.1:{ports['https']}"
    plain = httpx.get(f"http://127.0.0.1:{ports['http']}/login", follow_redirects=False)
    assert plain.status_code == 301 and plain.headers["location"].startswith("https://")

    with httpx.Client(base_url=site, verify=False, follow_redirects=False, timeout=30) as client:
        form = client.get("/login")
        assert form.status_code == 200
        token = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        r = client.post("/login", data={"login": "jiangsu", "password": PASSWORD, "csrf": token})
        assert r.status_code == 303, r.text
        cookie = r.headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie, cookie  # X-Forwarded-Proto reached the portal
        home = client.get(r.headers["location"])
        assert home.status_code == 200
        csrf = home.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]

        seen: list[str] = []
        for _ in range(6):  # nginx alternates between the two: the one session must hold on both
            me = client.get("/api/v1/me")
            assert me.status_code == 200, me.text
            seen.append(me.headers["x-request-id"])
        moved: list[str] = []
        for app in deployment["apps"]:
            r = client.post(
                f"/api/v1/applications/{app}/events",
                json={"event": "recommend", "reason": "择优推荐"},
                headers={"X-CSRF-Token": csrf},
            )
            assert r.status_code == 200, r.text
            moved.append(r.headers["x-request-id"])

    # a portal writes its access line after the answer has gone: wait for every request's line, not for time
    wait_for(lambda: set(seen + moved) <= set(served_by(logs)), 60, "the portals' access lines", logs["a"])
    served = served_by(logs)
    assert {served[rid]["portal"] for rid in seen} == {"a", "b"}, "the session was honoured by one portal only"
    assert {served[rid]["portal"] for rid in moved} == {"a", "b"}, "every move landed on one portal"
    ws = deployment["ws"]
    stages = stages_of(ws, deployment["cycle"])
    assert {stages[app] for app in deployment["apps"]} == {"provincial_notice"}

    # the scheduler passes: the portals report ready, through nginx too
    wait_for(lambda: httpx.get(f"{site}/readyz", verify=False).status_code == 200, 60, "readiness", logs["scheduler"])
    assert httpx.get(f"{site}/metrics", verify=False).status_code == 404  # not through the public site
    nginx_log = deployment["tmp"] / "ipcycle.access.log"  # nginx's line and the portal's match
    wait_for(lambda: all(f"request_id={r}" in nginx_log.read_text() for r in seen + moved), 60, "nginx's lines")
