"""A portal served with a fixed clock (``serve --now``, as ``ipcycle demo`` serves) sees what other processes
write (issue 22): an application created, a move made and an API token made from the CLI after it started are
there on its next request, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from engine.definition.loader import WORKFLOWS_DIR
from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.accounts import users
from engine.services.applications import stage_moves
from engine.services.programmes import programme_definitions
from engine.services.reference import organisations
from engine.store.workspace import Workspace
from tests.support.db import fresh_url
from tests.support.instances_support import IPCYCLE, at, wait_for
from tests.support.reminders_support import open_creation_2025

NOW = "2025-09-22T10:00"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, token: str) -> tuple[int, Any]:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())
    except urllib.error.URLError:  # not listening yet
        return 0, None


def _cli(url: str, *args: str, stdin: str = "") -> str:
    done = subprocess.run([IPCYCLE, *args, "--db", url], input=stdin, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_served_portal_with_a_fixed_clock_shows_what_another_process_wrote_on_its_next_request(
    tmp_path: Path,
) -> None:
    ws = Workspace(fresh_url(tmp_path, "serve"), FixedClock(at(NOW)))
    ws.create_schema()
    programme_definitions.load_programmes(ws, [WORKFLOWS_DIR / "demonstration-creation.yaml"])
    cycle = open_creation_2025(ws)
    first = organisations.add_organisation(ws, "昆山市人民政府", "government", "320583")
    stage_moves.apply(ws, cycle, "county", first.id, Actor(Role.APPLICANT, str(first.id)))
    users.create_user(ws, "jiangsu", "province:320000", "a-long-passphrase-1")
    before = users.create_token(ws, "jiangsu").token
    port = _free_port()
    log = tmp_path / "serve.log"
    server = subprocess.Popen(
        [IPCYCLE, "serve", "--db", ws.url, "--now", NOW, "--port", str(port)],
        stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(lambda: "ipcycle portal:" in log.read_text(), 60, "the portal to listen", log)
        wait_for(lambda: _get(port, "/api/v1/me", before)[0] == 200, 60, "the portal to answer", log)
        status, listed = _get(port, f"/api/v1/cycles/{cycle}/applications", before)
        assert status == 200 and listed["total"] == 1

        # another process: a second application, then the first withdrawn, then a token made after the start
        second = _cli(ws.url, "org", "add", "--name", "太仓市人民政府", "--kind", "government", "--division", "320585",
                      "--as", "national", "--json")  # fmt: skip
        org = json.loads(second)["id"]
        made = json.loads(_cli(ws.url, "apply", "--cycle", str(cycle), "--category", "county", "--org", str(org),
                               "--json", "--now", NOW))  # fmt: skip
        status, listed = _get(port, f"/api/v1/cycles/{cycle}/applications", before)
        assert status == 200 and listed["total"] == 2, listed
        assert made["id"] in {a["id"] for a in listed["items"]}

        _cli(ws.url, "fire", str(made["id"]), "withdraw", "--as", f"applicant:{org}", "--now", NOW)
        status, shown = _get(port, f"/api/v1/applications/{made['id']}", before)
        assert status == 200 and shown["stage"] == "withdrawn", shown

        after = _cli(ws.url, "token", "create", "--login", "jiangsu").splitlines()[0].strip()
        status, me = _get(port, "/api/v1/me", after)
        assert status == 200 and me["login"] == "jiangsu", me
    finally:
        server.terminate()
        server.wait(30)
