"""One broken part never stops the mail: a timer that raises, a cycle whose planning raises, and a
batch so slow that its claim would lapse while a second worker is looking for work."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from engine.kernel.clock import FixedClock
from engine.services.applications import timers
from engine.store.core import Timer
from notifications.outbox import delivery_log, dispatch
from notifications.planning import reminders as planning
from notifications.planning.audiences import STILL_OWED
from notifications.planning.reminders import plan_due
from notifications.scheduler import TickError, scheduler_tick
from tests.support.reminders_support import (
    FROM,
    RecordingSender,
    cli,
    creation_workspace,
    open_creation_2025,
    open_holiday_call,
    recording,
    with_offices,
)


class SlowWorker(RecordingSender):
    """Three minutes a message (a claim lasts five); while its second message goes out, ``meanwhile`` runs."""

    def __init__(self, clock: FixedClock, meanwhile: Callable[[], Any]) -> None:
        super().__init__()
        self.clock, self.meanwhile = clock, meanwhile

    def send(self, messages: Any, on_result: Any = None, before: Any = None) -> Any:
        def slow(i: int) -> bool:
            ok = before is None or before(i)
            if ok:
                self.clock.advance(timedelta(minutes=3))
                if i == 1:
                    self.meanwhile()
            return ok

        return super().send(messages, on_result, slow)


def test_a_batch_that_outlives_its_claim_sends_no_mail_twice(tmp_path: Path) -> None:
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        plan_due(ws)
        second = RecordingSender()
        first = SlowWorker(clock, lambda: dispatch.send_due(ws, second, FROM, STILL_OWED, batch=50))
        counts = dispatch.send_due(ws, first, FROM, STILL_OWED, batch=5, max_batches=1)
        sent = [str(m["X-Ipcycle-Key"]).strip() for m in first.sent + second.sent]
        assert len(first.sent) == 2 and counts["skipped"] == 3  # the rest had been taken over meanwhile
        assert Counter(sent).most_common(1)[0][1] == 1 and len(sent) == 32
        assert sorted(sent) == sorted(r.key for r in delivery_log.log(ws, cycle, "sent"))


def test_a_broken_timer_is_retried_then_marked_failed_and_mail_still_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        with ws.transaction() as s:
            broken = Timer(key="broken", cycle_id=cycle, due_at=datetime(2025, 9, 12), event="close", stages=["x"])
            s.add(broken)
            s.flush()
            broken_id = broken.id
        real = timers._run_timer

        def run(ws_: Any, timer_id: int) -> Any:
            if timer_id == broken_id:
                raise RuntimeError("the definition has no stage x")
            return real(ws_, timer_id)

        monkeypatch.setattr(timers, "_run_timer", run)
        sender = RecordingSender()
        report = scheduler_tick(ws, recording(sender))
        assert len(sender.sent) == 32  # the province reminders went out regardless
        assert report.errors == [TickError(timer="broken", error="RuntimeError: the definition has no stage x")]
        assert "1 failed: timer broken: RuntimeError: the definition has no stage x" in report.summary()
        for _ in range(timers.MAX_FAILURES - 1):
            clock.advance(timedelta(minutes=1))
            scheduler_tick(ws, recording(sender))
        with ws.transaction() as s:
            row = s.scalars(select(Timer).where(Timer.key == "broken")).one()
            assert row.status == "failed" and "no stage x" in (row.outcome or "")
        clock.advance(timedelta(minutes=1))
        assert scheduler_tick(ws, recording(sender)).errors == []  # failed for good: not retried every tick


def test_one_cycle_whose_planning_fails_does_not_silence_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with creation_workspace(tmp_path, datetime(2025, 9, 29, 9, 0)) as (ws, _):
        with_offices(ws)
        broken = open_creation_2025(ws)
        other = open_holiday_call(ws, tmp_path, datetime(2025, 10, 9).date())
        real = planning.plan_cycle

        def plan(ws_: Any, cycle_id: int) -> Any:
            if cycle_id == broken:
                raise ValueError("milestone dates out of order")
            return real(ws_, cycle_id)

        monkeypatch.setattr(planning, "plan_cycle", plan)
        sender = RecordingSender()
        report = scheduler_tick(ws, recording(sender))
        assert TickError(cycle=broken, error="ValueError: milestone dates out of order") in report.errors
        assert sender.sent and {r.kind for r in delivery_log.log(ws, other, "sent")} == {"liaison-receipt"}


def test_a_phase_that_meets_a_locked_database_is_put_off_to_the_next_tick_and_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holding the write lock past the wait (SQLite "database is locked", PostgreSQL's lock timeout)
    is a race lost, not a fault: the tick says the database was busy, the next tick plans and sends everything."""
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, _):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        real = planning.plan_cycle

        def locked(ws_: Any, cycle_id: int) -> Any:
            raise OperationalError("INSERT INTO outbox …", {}, sqlite3.OperationalError("database is locked"))

        monkeypatch.setattr(planning, "plan_cycle", locked)
        monkeypatch.setattr(timers, "tick", lambda ws_: locked(ws_, cycle))
        sender = RecordingSender()
        report = scheduler_tick(ws, recording(sender))
        assert len(report.errors) == 2 and all("database busy" in e.error for e in report.errors), report.errors
        monkeypatch.setattr(planning, "plan_cycle", real)
        monkeypatch.undo()
        again = scheduler_tick(ws, recording(sender))
        assert again.errors == [] and len(delivery_log.log(ws, cycle, "sent")) == 32


def test_scheduler_run_on_a_database_that_is_not_initialised_exits_2(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    for extra in (["--once"], ["--interval", "0.1"]):
        code, out = cli("scheduler", "run", "--db", db, "--sink", str(tmp_path / "sink"), *extra)
        assert code == 2 and "no database at" in out and "ipcycle init" in out
    assert not (tmp_path / "empty.db").exists()
    with sqlite3.connect(tmp_path / "other.db") as conn:  # someone else's database
        conn.execute("CREATE TABLE notes (id INTEGER)")
    code, out = cli("scheduler", "run", "--db", str(tmp_path / "other.db"), "--once")
    assert code == 2 and "not an ipcycle database" in out and "ipcycle init" in out
    code, out = cli("scheduler", "run", "--db", db, "--batch", "0", "--once")
    assert code == 2 and "x>=1" in out
