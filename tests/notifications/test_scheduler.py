"""The scheduler survives what production throws at it: a SIGKILL mid-batch, an SMTP server that is
down for a while, days of downtime, and two workers sending from the same outbox."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from engine.store.workspace import Workspace
from notifications.delivery.smtp import SmtpSender
from notifications.outbox import delivery_log, dispatch
from notifications.planning.audiences import STILL_OWED
from notifications.planning.reminders import plan_due
from notifications.scheduler import Transport, scheduler_tick
from tests.support.reminders_support import (
    FROM,
    NATIONAL_MAILBOX,
    MailServer,
    RecordingSender,
    creation_workspace,
    free_port,
    open_creation_2025,
    to_address,
    with_offices,
)

IPCYCLE = str(Path(sys.executable).with_name("ipcycle"))


def _wait_for(condition, timeout: float, what: str, log: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            detail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise AssertionError(f"timed out waiting for {what}; scheduler log:\n{detail}")
        time.sleep(0.05)


def _scheduler(db: str, now: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "IPCYCLE_SMTP_HOST": "127.0.0.1",
        "IPCYCLE_SMTP_PORT": str(port),
        "IPCYCLE_SMTP_TLS": "none",
        "IPCYCLE_MAIL_FROM": FROM,
    }
    args = [IPCYCLE, "scheduler", "run", "--db", db, "--now", now, "--interval", "0.3", "--batch", "10"]
    return subprocess.Popen(args, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)


@pytest.mark.system  # a real process
def test_sigkill_mid_batch_then_restart_loses_nothing(tmp_path: Path) -> None:
    with creation_workspace(tmp_path) as (ws, _):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        db = ws.url
    server = MailServer(delay=0.12).start()  # slow enough to be killed in the middle of a batch
    log = tmp_path / "scheduler.log"
    try:
        first = _scheduler(db, "2025-09-12T09:00", server.port, log)
        _wait_for(lambda: len(server.keys()) >= 4, 120, "the first mails", log)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        at_kill = len(server.keys())
        assert at_kill < 32, "the kill came too late to be mid-batch"
        # restarted later than the dead sender's claim lasts (5 minutes), as an operator would
        second = _scheduler(db, "2025-09-12T09:10", server.port, log)
        try:
            _wait_for(lambda: len(set(server.keys())) >= 32, 180, "every reminder", log)  # a repeat would come first
        finally:
            second.terminate()
            second.wait(120)
    finally:
        server.stop()

    with creation_workspace(tmp_path) as (ws, _):
        rows = delivery_log.log(ws, cycle)
    assert len(rows) == 32 and {r.status for r in rows} == {"sent"}, log.read_text()
    counts = Counter(server.keys())
    assert set(counts) == {r.key for r in rows}  # every reminder arrived
    twice = [k for k, n in counts.items() if n > 1]
    assert len(twice) <= 1 and max(counts.values()) <= 2  # only the one in flight at the kill, if any


def test_smtp_down_then_up_loses_nothing(tmp_path: Path) -> None:
    port = free_port()  # nothing listens here yet
    server = MailServer(port=port)
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        first = scheduler_tick(ws, server.transport(), batch=10)
        nothing = {"failed": 0, "cancelled": 0, "expired": 0, "skipped": 0, "held": 0}
        assert first.sent == {"sent": 0, "retry": 10, **nothing}
        assert scheduler_tick(ws, server.transport(), batch=10).sent["retry"] == 10  # the next ten, next tick
        scheduler_tick(ws, server.transport(), batch=10)
        scheduler_tick(ws, server.transport(), batch=10)
        pending = delivery_log.log(ws, cycle, "pending")
        assert len(pending) == 32 and all(r.attempts == 1 for r in pending)
        assert "could not connect" in (pending[0].smtp_reply or "")

        clock.advance(timedelta(seconds=30))  # backoff: not yet
        assert scheduler_tick(ws, server.transport()).sent["retry"] == 0
        clock.advance(timedelta(minutes=1))
        assert scheduler_tick(ws, server.transport()).sent["retry"] == 32  # second attempt, still down

        server.start()
        try:
            clock.advance(timedelta(minutes=10))
            assert scheduler_tick(ws, server.transport()).sent["sent"] == 32
            clock.advance(timedelta(hours=2))
            assert scheduler_tick(ws, server.transport()).sent["sent"] == 0
        finally:
            server.stop()
        sent = delivery_log.log(ws, cycle, "sent")
    assert len(sent) == 32 and all(r.attempts == 3 and r.smtp_reply.startswith("250") for r in sent)
    assert sorted(server.keys()) == sorted(r.key for r in sent)


class HangingMailServer(MailServer):
    """Takes the connection, the envelope and the message text, then never answers the end of DATA
    (a relay stuck on its disk or its virus scanner) until ``hang`` is cleared; what hung is not delivered."""

    hang = True

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.hang:
            await asyncio.sleep(3600)  # cancelled when the client gives up and hangs up, or at stop
        return await super().handle_DATA(server, session, envelope)


def test_smtp_server_hanging_mid_data_times_out_and_is_retried_once(tmp_path: Path) -> None:
    server = HangingMailServer()
    server.start()
    try:
        with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, clock):
            with_offices(ws)
            cycle = open_creation_2025(ws)
            # IPCYCLE_SMTP_TIMEOUT (30 s by default); 2 s leaves a loaded machine time for the greeting and EHLO
            settings = replace(server.settings(), timeout=2.0)
            transport = Transport(SmtpSender(settings), FROM, "hanging relay")
            first = scheduler_tick(ws, transport, batch=10)  # returns: the sender gave up on the hung DATA
            assert first.sent["sent"] == 0 and first.sent["retry"] == 10  # the batch after it is left for later
            waiting = delivery_log.log(ws, cycle, "pending")
            assert len(waiting) == 32 and server.keys() == []
            assert sum("Timeout" in (r.smtp_reply or "") for r in waiting) == 1  # the message that hung

            server.hang = False  # the relay recovers; nothing hangs now, so the default timeout: under load a 2 s
            # read timed out on a healthy relay and left a mail for the next tick (suite under load 10-17)
            transport = Transport(SmtpSender(replace(settings, timeout=60.0)), FROM, "recovered relay")
            clock.advance(timedelta(minutes=5))  # past the retry's backoff
            assert scheduler_tick(ws, transport, batch=10).sent["sent"] == 32
            clock.advance(timedelta(hours=3))
            assert scheduler_tick(ws, transport, batch=10).sent["sent"] == 0
            sent = delivery_log.log(ws, cycle, "sent")
    finally:
        server.stop()
    assert len(sent) == 32
    assert sorted(server.keys()) == sorted(r.key for r in sent)  # every one once: none lost, none twice


def test_catch_up_after_downtime_sends_once_and_never_after_the_deadline(tmp_path: Path) -> None:
    sender = RecordingSender()
    transport = Transport(sender, FROM, "recording")
    with creation_workspace(tmp_path) as (ws, clock):
        with_offices(ws)
        open_creation_2025(ws)

        def tick_at(at: datetime) -> list[tuple[str, int | None]]:
            clock.set(at)
            before = len(sender.sent)
            scheduler_tick(ws, transport)
            return [(m["X-Ipcycle-Kind"], _offset(str(m["X-Ipcycle-Key"]).strip())) for m in sender.sent[before:]]

        # down from before the first reminder (09-12) until Thursday 09-18: one reminder each, the latest
        assert Counter(tick_at(datetime(2025, 9, 18, 11, 0))) == {("liaison-receipt", 1): 32}
        # down again over the deadline day (Friday 09-19): that reminder is not sent late
        assert tick_at(datetime(2025, 9, 20, 10, 0)) == []
        # the overdue notice the next working morning, with the national digest
        got = Counter(tick_at(datetime(2025, 9, 22, 9, 0)))
        assert got == {("liaison-receipt", -1): 32, ("digest", -1): 1}
        assert tick_at(datetime(2025, 9, 22, 17, 0)) == []


def _offset(key: str) -> int | None:
    parts = key.split("/")
    return int(parts[3]) if len(parts) > 4 and parts[3].lstrip("-").isdigit() else None


def test_two_workers_never_send_the_same_row(tmp_path: Path) -> None:
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        plan_due(ws)
        senders = [SlowRecorder(), SlowRecorder()]
        workers = [Workspace(ws.url, clock), Workspace(ws.url, clock)]
        threads = [
            threading.Thread(target=dispatch.send_due, args=(w, s, FROM, STILL_OWED), kwargs={"batch": 4})
            for w, s in zip(workers, senders, strict=True)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        for w in workers:
            w.dispose()
        keys = [[str(m["X-Ipcycle-Key"]).strip() for m in s.sent] for s in senders]
        assert keys[0] and keys[1], "both workers should have had work"
        assert not set(keys[0]) & set(keys[1])
        assert sorted(keys[0] + keys[1]) == sorted(r.key for r in delivery_log.log(ws, cycle, "sent"))
        assert len(keys[0] + keys[1]) == 32
        assert NATIONAL_MAILBOX not in {to_address(m) for s in senders for m in s.sent}  # no digest before the deadline


class SlowRecorder(RecordingSender):
    """Takes its time per message, so two workers overlap."""

    def send(self, messages, on_result=None, before=None):  # type: ignore[no-untyped-def]
        time.sleep(0.01 * len(messages))
        return super().send(messages, on_result, before)
