"""Timed moves under pressure: a busy database never fails a timer, long expiries commit in batches,
and a failed timer is listed and can be retried by the national office."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import event, func, select

from engine.cli import main
from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import BadInput
from engine.machine.machine import Actor
from engine.services.applications import stage_moves, timers
from engine.services.programmes.programme_definitions import load_programmes
from engine.services.reference import organisations
from engine.store import workspace
from engine.store.core import Application, Timer, TimerStatus
from engine.store.workspace import Workspace
from notifications.outbox import delivery_log
from notifications.planning.reminders import plan_due
from policies.reference.divisions import Level, registry
from tests.support.lifecycle import open_2025

EXPIRY = datetime(2025, 10, 25, 9, 0)  # the day after the 2025 recommendation deadline: drafts expire


def drafts(ws: Workspace, cycle: int, n: int) -> list[int]:
    """``n`` county governments' applications left as drafts (they expire at the deadline)."""
    counties = [d for d in registry() if d.level is Level.COUNTY][:n]
    out = []
    for d in counties:
        org = organisations.add_organisation(ws, f"{d.name}人民政府", "government", d.code)
        out.append(stage_moves.apply(ws, cycle, "county", org.id, Actor(Role.APPLICANT, str(org.id))).id)
    return out


def stages(ws: Workspace, cycle: int) -> dict[str, int]:
    with ws.transaction() as s:
        q = select(Application.stage, func.count()).where(Application.cycle_id == cycle).group_by(Application.stage)
        return dict(s.execute(q).all())


@pytest.fixture
def busy_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setattr(workspace, "BUSY_TIMEOUT_MS", 100)  # a lock waits 0.1 s, not 10 s
    ws = Workspace(f"sqlite:///{tmp_path / 'busy.db'}", FixedClock(datetime(2025, 9, 15, 10, 0)))
    ws.create_schema()
    load_programmes(ws)
    yield ws
    ws.dispose()


def test_a_locked_database_is_retried_and_never_counted_as_the_timers_failure(busy_ws: Workspace) -> None:
    ws = busy_ws
    cycle = open_2025(ws)
    drafts(ws, cycle, 3)
    ws.clock = FixedClock(EXPIRY)
    other = sqlite3.connect(str(ws.engine.url.database))
    other.execute("BEGIN IMMEDIATE")  # another command holds the write lock (a long import, say)
    for _ in range(timers.MAX_FAILURES + 2):
        done = timers.tick(ws)
        assert done and all(isinstance(d, timers.TimerFailure) and d.retry and "database busy" in d.error for d in done)
    with ws.transaction() as s:
        assert {t.status for t in s.scalars(select(Timer).where(Timer.due_at <= EXPIRY))} == {TimerStatus.PENDING}
        assert all(t.outcome is None for t in s.scalars(select(Timer)))  # no failure was counted
    result = CliRunner().invoke(main, ["tick", "--db", ws.url, "--now", EXPIRY.isoformat()])
    assert result.exit_code == 1 and "database busy" in result.output  # cron sees the tick did not finish
    other.rollback()
    other.close()
    assert not any(isinstance(d, timers.TimerFailure) for d in timers.tick(ws))
    assert stages(ws, cycle) == {"expired": 3}


def test_an_expiry_of_many_drafts_commits_in_bounded_batches(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timers, "BATCH", 20)
    cycle = open_2025(ws)
    drafts(ws, cycle, 45)
    ws.clock = FixedClock(EXPIRY)
    commits: list[int] = []
    event.listen(ws.engine, "commit", lambda conn: commits.append(1))
    (done,) = [d for d in timers.tick(ws) if d.moved]
    assert len(done.moved) == 45 and stages(ws, cycle) == {"expired": 45}
    assert len(commits) >= 3  # 20 + 20 + 5, each in its own transaction, and the lock released between
    with ws.transaction() as s:
        assert (s.scalar(select(func.count()).select_from(Timer).where(Timer.status == TimerStatus.DONE)) or 0) >= 1
    assert timers.tick(ws) == []  # done once: a second tick finds nothing


def test_a_failed_timer_is_listed_and_retried_by_the_national_office(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    cycle = open_2025(ws)
    (app,) = drafts(ws, cycle, 1)
    ws.clock = FixedClock(EXPIRY)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a guard crashed reading /srv/ipcycle/private/rules.yaml")

    monkeypatch.setattr(timers, "fire_in_session", broken)
    for _ in range(timers.MAX_FAILURES):
        timers.tick(ws)
    (failed,) = timers.list_timers(ws, TimerStatus.FAILED, cycle)
    assert "a guard crashed" in (failed.outcome or "") and "rules.yaml" in (failed.outcome or "")
    assert "/srv/ipcycle" not in (failed.outcome or "")  # the timer page shows it: the server's folders stay out
    plan_due(ws)
    plan_due(ws)  # told once, not at every tick
    (told,) = [r for r in delivery_log.log(ws, cycle) if r.kind == "timers-failed"]
    assert told.recipient == "国家知识产权局" and "1项定时操作未能执行" in told.subject
    with pytest.raises(BadInput, match="national"):
        timers.retry_timer(ws, failed.id, Actor(Role.PROVINCE, "320000"))
    listed = CliRunner().invoke(main, ["timers", "list", "--status", "failed", "--db", ws.url, "--json"])
    assert listed.exit_code == 0 and f'"id": {failed.id}' in listed.output
    plain = CliRunner().invoke(main, ["timers", "list", "--status", "failed", "--db", ws.url])  # crashed (issue 22)
    assert plain.exit_code == 0 and "failed" in plain.output and "a guard crashed" in plain.output, plain.output
    monkeypatch.undo()
    retried = CliRunner().invoke(main, ["timers", "retry", str(failed.id), "--as", "national", "--db", ws.url])
    assert retried.exit_code == 0, retried.output
    with pytest.raises(BadInput, match="not failed"):
        timers.retry_timer(ws, failed.id, Actor(Role.NATIONAL))
    timers.tick(ws)
    assert stages(ws, cycle) == {"expired": 1} and timers.list_timers(ws, TimerStatus.FAILED) == []
    assert app
