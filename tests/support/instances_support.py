"""Helpers for the several-instance and kill-anywhere tests (not a test module): a creation cycle with
Jiangsu counties ready to be recommended, and real ``ipcycle`` processes (clerks, schedulers) started on it.

The databases come from :func:`tests.support.db.fresh_url`, so the same tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.national import quotas
from engine.services.reference import organisations
from engine.store.core import Application, Event
from engine.store.workspace import Workspace
from policies.reference.divisions import registry
from tests.support.lifecycle import prepare, review
from tests.support.reminders_support import FROM

REPO = Path(__file__).resolve().parents[2]
IPCYCLE = str(Path(sys.executable).with_name("ipcycle"))
JIANGSU = "320000"
CLERK = Actor(Role.PROVINCE, JIANGSU)
NATIONAL = Actor(Role.NATIONAL)


def county_codes() -> list[str]:
    """Jiangsu's county-level cities: each may apply once in the county category (B2)."""
    r = registry()
    return [
        c.code for p in r.children(JIANGSU) for c in r.children(p.code) if str(r.level(c.code)) == "county-level-city"
    ]


def reviewed_counties(ws: Workspace, cycle: int, codes: list[str], places: int | None = None) -> list[int]:
    """One county application per code, submitted and reviewed by Jiangsu: ready for ``recommend``."""
    if places is not None:
        quotas.change_quota(ws, cycle, JIANGSU, "county", places, NATIONAL, "test places")
    out = []
    for code in codes:
        org = organisations.add_organisation(ws, f"{code}人民政府", "government", code, email=f"gov-{code}@example.cn")
        me = Actor(Role.APPLICANT, str(org.id))
        app = stage_moves.apply(ws, cycle, "county", org.id, me).id
        prepare(ws, app, org.id)
        stage_moves.fire(ws, app, "submit", me)
        review(ws, app, JIANGSU)
        out.append(app)
    return out


# A clerk's process: fires the moves it is given in order (each one transaction), after saying it is ready
# (connected) and waiting for the go file if one is named; prints one JSON line per move; exits 0, or 3/4 like
# the CLI when its only move failed.
CLERK_SCRIPT = """
import json, os, sys, time
from datetime import datetime
from pathlib import Path
from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import ConcurrentChange, Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.store.workspace import Workspace
url, now, go, moves = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
ws = Workspace(url, FixedClock(datetime.fromisoformat(now)))
ws.engine.connect().close()
if go:
    Path(f"{go}.{os.getpid()}.ready").touch()
    while not Path(go).exists():
        time.sleep(0.0005)
code = 0
for app, event, role in moves:
    kind, _, who = role.partition(":")
    try:
        moved = stage_moves.fire(ws, app, event, Actor(Role(kind), who or None))
        print(json.dumps([app, event, "moved", moved.stage]), flush=True)
        code = 0
    except Refused as exc:
        print(json.dumps([app, event, "refused", [v.rule_id for v in exc.failed()]]), flush=True)
        code = 3
    except ConcurrentChange:
        print(json.dumps([app, event, "concurrent", None]), flush=True)
        code = 4
sys.exit(code if len(moves) == 1 else 0)
"""


def clerk(url: str, now: str, moves: list[tuple[int, str, str]], go: Path | None = None) -> subprocess.Popen[str]:
    """A real process firing ``moves`` ((application, event, role)) as a clerk's commands would."""
    args = [sys.executable, "-c", CLERK_SCRIPT, url, now, str(go or ""), json.dumps(moves)]
    return subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def release(go: Path, clerks: list[subprocess.Popen[str]]) -> None:
    """Let the clerks waiting for ``go`` fire at one instant, once every one of them has imported and connected."""

    def all_ready() -> bool:
        return all(Path(f"{go}.{p.pid}.ready").exists() for p in clerks) or any(p.poll() is not None for p in clerks)

    wait_for(all_ready, 120, "the clerks to connect")
    assert all(p.poll() is None for p in clerks), [p.communicate() for p in clerks if p.poll() is not None]
    go.touch()


def smtp_env(port: int) -> dict[str, str]:
    return {
        **os.environ,
        "IPCYCLE_SMTP_HOST": "127.0.0.1",
        "IPCYCLE_SMTP_PORT": str(port),
        "IPCYCLE_SMTP_TLS": "none",
        "IPCYCLE_MAIL_FROM": FROM,
    }


def scheduler(url: str, now: str, port: int, log: Path, *, once: bool = False) -> subprocess.Popen[bytes]:
    """``ipcycle scheduler run`` against the SMTP server on ``port``, its clock starting at ``now``."""
    mode = ["--once"] if once else ["--interval", "0.2"]
    args = [IPCYCLE, "scheduler", "run", "--db", url, "--now", now, *mode, "--batch", "10"]
    return subprocess.Popen(args, env=smtp_env(port), stdout=log.open("ab"), stderr=subprocess.STDOUT)


def ticker(url: str, now: str, log: Path) -> subprocess.Popen[bytes]:
    """``ipcycle tick``: the timed moves alone, as a cron job would run them."""
    args = [IPCYCLE, "tick", "--db", url, "--now", now]
    return subprocess.Popen(args, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def wait_for(condition: Callable[[], bool], timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            detail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise AssertionError(f"timed out waiting for {what}; log:\n{detail}")
        time.sleep(0.05)


def history_rows(ws: Workspace, cycle: int) -> dict[int, list[Any]]:
    """Every application of the cycle with its audit rows, oldest first."""
    with ws.transaction() as s:
        apps = {a.id: a.stage for a in s.scalars(select(Application).where(Application.cycle_id == cycle))}
        events = s.scalars(select(Event).where(Event.application_id.in_(apps)).order_by(Event.id)).all()
    out: dict[int, list[Any]] = {a: [] for a in apps}
    for e in events:
        out[e.application_id].append(e)
    return out


def stages_of(ws: Workspace, cycle: int) -> dict[int, str]:
    with ws.transaction() as s:
        return {a.id: a.stage for a in s.scalars(select(Application).where(Application.cycle_id == cycle))}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
