"""What an operator trusts the scheduler to do: a due timed move performed while a long send goes on (and, in
``scheduler run``'s independent loops, while the relay hangs; mail sent while a timed move is stuck), a dead
sender's claims taken back at once on PostgreSQL, a tick's summary naming what failed, retention, and stage
notices too old to be news recorded as expired instead of sent."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from engine.definition.model import Role
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.accounts import users
from engine.services.applications import timers
from engine.services.applications.stage_moves import fire
from engine.store.core import Timer, TimerStatus
from engine.store.outbox import OutboxMessage
from engine.store.workspace import Workspace
from notifications import scheduler
from notifications.outbox import claims, dispatch
from notifications.planning.audiences import STILL_OWED
from notifications.planning.reminders import plan_due
from notifications.scheduler import Retention, StopRequest, purge, run_scheduler, scheduler_tick
from tests.support.db import ON_POSTGRES
from tests.support.instances_support import wait_for
from tests.support.reminders_support import (
    FROM,
    RecordingSender,
    creation_workspace,
    open_creation_2025,
    recording,
    with_offices,
)

NINE = datetime(2025, 9, 12, 9, 0)


def _statuses(ws: Workspace) -> dict[str, int]:
    with ws.transaction() as s:
        out: dict[str, int] = {}
        for status in s.scalars(select(OutboxMessage.status)):
            out[status] = out.get(status, 0) + 1
        return out


def test_a_timed_move_falling_due_during_a_long_send_is_made_between_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler, "TIMERS_DURING_SEND", 0.0)  # the send below is slow in mails, not in seconds
    with creation_workspace(tmp_path, NINE) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        with ws.transaction() as s:  # falls due after the tick began: only a pass during the send can make it
            s.add(Timer(key="later", cycle_id=cycle, due_at=NINE + timedelta(minutes=30), event="close", stages=[]))
        done: list[str] = []
        real = timers._run_timer

        def run(ws_: Any, timer_id: int) -> Any:
            done.append(f"{clock.now():%H:%M}")
            return real(ws_, timer_id)

        monkeypatch.setattr(timers, "_run_timer", run)

        class Slow(RecordingSender):
            def send(self, messages: Any, on_result: Any = None, before: Any = None) -> Any:
                clock.advance(timedelta(minutes=10))  # a batch takes ten minutes of the clock
                return super().send(messages, on_result, before)

        sender = Slow()
        report = scheduler_tick(ws, recording(sender), batch=5)
        assert len(sender.sent) == 32
        assert done and done[0] < "10:00", "the move waited for the whole backlog"  # 7 batches: 70 minutes
        assert any(m.timer == "later" for m in report.moves)


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite cannot tell a dead sender: its claims expire after 5 minutes")
def test_a_dead_sender_s_claims_are_taken_back_at_once_on_postgresql(tmp_path: Path) -> None:
    with creation_workspace(tmp_path, NINE) as (ws, _clock):
        with_offices(ws)
        open_creation_2025(ws)
        plan_due(ws)
        other = Workspace(ws.url, ws.clock)  # another process: its own connections
        with claims.sender_presence(other) as owner:
            claimed = claims.claim(other, 10, STILL_OWED, owner=owner)
            assert len(claimed.rows) == 10
            alive = RecordingSender()
            counts = dispatch.send_due(ws, alive, FROM, STILL_OWED, batch=50)
            assert counts["sent"] == 22 and "reclaimed" not in counts  # a live sender's claims are left alone
        other.dispose()  # its connection ends, as a killed process's does
        later = RecordingSender()
        counts = dispatch.send_due(ws, later, FROM, STILL_OWED, batch=50)  # the clock has not moved: no expiry
        assert counts["reclaimed"] == 10 and counts["sent"] == 10
        assert _statuses(ws) == {"sent": 32}


def test_a_half_failed_send_is_named_in_the_summary(tmp_path: Path) -> None:
    with creation_workspace(tmp_path, NINE) as (ws, _clock):
        with_offices(ws)
        open_creation_2025(ws)

        class Broken(RecordingSender):
            def send(self, messages: Any, on_result: Any = None, before: Any = None) -> Any:
                if self.sent:
                    raise ConnectionResetError("relay went away")
                return super().send(messages, on_result, before)

        report = scheduler_tick(ws, recording(Broken()), batch=10)
        summary = report.summary()
        assert "nothing to send" not in summary
        assert "1 failed: sending: ConnectionResetError: relay went away" in summary


def test_retention_purges_old_sessions_attempts_and_sent_bodies(tmp_path: Path) -> None:
    with creation_workspace(tmp_path, NINE) as (ws, clock):
        with_offices(ws)
        open_creation_2025(ws)
        users.create_user(ws, "jiangsu", "province:320000", "Provincial-clerk-2025")
        users.log_in(ws, "jiangsu", "Provincial-clerk-2025", "10.0.0.1")
        with pytest.raises(Refused):
            users.log_in(ws, "jiangsu", "wrong-password-1", "10.0.0.2")
        scheduler_tick(ws, recording(RecordingSender()))
        assert _statuses(ws) == {"sent": 32}
        keep = Retention(login_attempts=30, mail_bodies=180)
        clock.advance(timedelta(days=2))
        assert purge(ws, keep) == {"sessions": 1, "login_throttles": 5}  # a session kept a day after its 8 hours
        clock.advance(timedelta(days=29))
        assert purge(ws, keep) == {"login_attempts": 2}
        clock.advance(timedelta(days=150))
        assert purge(ws, keep) == {"mail_bodies": 32}
        with ws.transaction() as s:
            rows = list(s.scalars(select(OutboxMessage)))
        assert {(r.body_text, r.body_html) for r in rows} == {("", "")} and all(r.subject for r in rows)
        assert purge(ws, keep) == {}
        assert Retention.from_env({"IPCYCLE_KEEP_MAIL_DAYS": "7"}).mail_bodies == 7


def test_a_stage_notice_older_than_its_age_is_marked_expired_not_sent(tmp_path: Path) -> None:
    from tests.support.lifecycle import new_application

    with creation_workspace(tmp_path, NINE) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        app = new_application(ws, cycle, "county")
        fire(ws, app["id"], "submit", Actor(Role.APPLICANT, str(app["org"])))
        clock.advance(timedelta(days=5))  # the scheduler was down: the move is 5 days old when it runs
        sender = RecordingSender()
        scheduler_tick(ws, recording(sender))
        with ws.transaction() as s:
            notices = list(s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "stage-change")))
        assert notices and {n.status for n in notices} == {"expired"}
        assert not [m for m in sender.sent if "/event/" in str(m["X-Ipcycle-Key"])]
        fresh = new_application(ws, cycle, "city")  # a move of today is told
        fire(ws, fresh["id"], "submit", Actor(Role.APPLICANT, str(fresh["org"])))
        scheduler_tick(ws, recording(sender))
        assert [m for m in sender.sent if "/event/" in str(m["X-Ipcycle-Key"])]


class HangingRelay(RecordingSender):
    """An SMTP relay that takes the first batch and then hangs until released."""

    def __init__(self) -> None:
        super().__init__()
        self.hanging, self.release = threading.Event(), threading.Event()

    def send(self, messages: Any, on_result: Any = None, before: Any = None) -> Any:
        self.hanging.set()
        assert self.release.wait(120), "the test never released the relay"
        return super().send(messages, on_result, before)


def _scheduler_thread(ws: Workspace, sender: RecordingSender, stop: StopRequest) -> threading.Thread:
    """``scheduler run`` as its command runs it, in a thread: both loops every 0.2 s."""
    worker = threading.Thread(target=run_scheduler, args=(ws, recording(sender), 0.2), kwargs={"stop": stop})
    worker.start()
    return worker


def _timer_status(ws: Workspace, key: str) -> str:
    with ws.transaction() as s:
        return str(s.scalar(select(Timer.status).where(Timer.key == key)))


def test_a_due_timed_move_is_made_while_the_relay_hangs(tmp_path: Path) -> None:
    with creation_workspace(tmp_path, NINE) as (ws, _clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        plan_due(ws)  # 32 reminders due now
        with ws.transaction() as s:
            s.add(Timer(key="due", cycle_id=cycle, due_at=NINE, event="close", stages=[]))
        relay, stop = HangingRelay(), StopRequest()
        worker = _scheduler_thread(ws, relay, stop)
        try:
            wait_for(relay.hanging.is_set, 60, "the sending loop reaching the relay")
            wait_for(lambda: _timer_status(ws, "due") == TimerStatus.DONE, 60, "the timed move, the relay hanging")
            assert not relay.sent  # the move did not wait for the mail
        finally:
            relay.release.set()
            stop.request()
            worker.join(120)
            stop.close()
        assert not worker.is_alive()


def test_mail_goes_out_while_a_timed_move_is_stuck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with creation_workspace(tmp_path, NINE) as (ws, _clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        plan_due(ws)
        with ws.transaction() as s:
            s.add(Timer(key="stuck", cycle_id=cycle, due_at=NINE, event="close", stages=[]))
        stuck, release = threading.Event(), threading.Event()
        real = timers._run_timer

        def run(ws_: Any, timer_id: int) -> Any:
            stuck.set()
            assert release.wait(120), "the test never released the timed move"
            return real(ws_, timer_id)

        monkeypatch.setattr(timers, "_run_timer", run)
        relay, stop = RecordingSender(), StopRequest()
        worker = _scheduler_thread(ws, relay, stop)
        try:
            wait_for(stuck.is_set, 60, "the timers loop reaching the move")
            wait_for(lambda: _statuses(ws) == {"sent": 32}, 60, "the mail, the move stuck")
            assert _timer_status(ws, "stuck") == TimerStatus.PENDING and len(relay.sent) == 32
        finally:
            release.set()
            stop.request()
            worker.join(120)
            stop.close()
        assert not worker.is_alive()
        assert _timer_status(ws, "stuck") == TimerStatus.DONE
