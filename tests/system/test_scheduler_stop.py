"""Stopping ``ipcycle scheduler run`` (issue 13): SIGTERM or SIGINT at any point of the loop ends the run
with exit 0 and a "stopped" line once the mail in flight is sent and marked (at once when it is idle), the
rest of its batch given back; a second signal ends it at once. Real processes against a slow local SMTP
server; a finishing ``--once`` run afterwards then sends every mail that was left, and no mail twice.
"""

from __future__ import annotations

import signal
import socket
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.definition.loader import WORKFLOWS_DIR
from engine.kernel.clock import FixedClock
from engine.services.programmes.programme_definitions import load_programmes
from engine.store.workspace import Workspace
from notifications.outbox import delivery_log
from tests.support.db import fresh_url
from tests.support.instances_support import IPCYCLE, at, smtp_env, wait_for
from tests.support.reminders_support import MailServer, open_creation_2025, with_offices

DEADLINE_DAY = "2025-09-19T10:00"  # the liaison receipts are due: 32 provinces are owed a reminder
# A safety net, not a measure: far below the idle run's 600 s interval, far above a loaded machine's stop.
# What a test asserts is what was sent: at most the mail in flight after the signal, never the batch's rest.
STOP_WITHIN = 60.0
SLOW = 0.4  # seconds the server takes per mail, so a batch of 10 is still sending when the signal comes


def liaison_day(tmp_path: Path) -> tuple[Workspace, int]:
    ws = Workspace(fresh_url(tmp_path, "stop"), FixedClock(at("2025-09-12T09:00")))
    ws.create_schema()
    load_programmes(ws, [WORKFLOWS_DIR / "demonstration-creation.yaml"])
    cycle = open_creation_2025(ws)
    with_offices(ws)
    return ws, cycle


STARTED: list[subprocess.Popen[bytes]] = []


@pytest.fixture(autouse=True)
def _no_process_outlives_its_test() -> Iterator[None]:
    """A test that fails while waiting must not leave its scheduler running (it kept sending for an hour)."""
    yield
    while STARTED:
        proc = STARTED.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)


def start(args: list[str], port: int, log: Path) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(args, env=smtp_env(port), stdout=log.open("ab"), stderr=subprocess.STDOUT)
    STARTED.append(proc)
    return proc


def run(url: str, port: int, log: Path, *extra: str, now: str = DEADLINE_DAY) -> subprocess.Popen[bytes]:
    return start([IPCYCLE, "scheduler", "run", "--db", url, "--now", now, "--batch", "10", *extra], port, log)


def stop(proc: subprocess.Popen[bytes], sig: signal.Signals, log: Path) -> None:
    """Send ``sig`` and wait for the process to end (failing only if it never does: see STOP_WITHIN)."""
    proc.send_signal(sig)
    try:
        proc.wait(STOP_WITHIN)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
        raise AssertionError(f"no exit within {STOP_WITHIN} s of {sig.name}; log:\n{log.read_text()[-3000:]}") from None


def stop_mid_batch(proc: subprocess.Popen[bytes], sig: signal.Signals, log: Path, server: MailServer) -> None:
    """Stop a run sending to the slow server: the mails begun by the signal arrive, no other mail does."""
    begun = server.data_started
    stop(proc, sig, log)
    assert len(server.keys()) <= begun + 1, "it went on sending its batch after the signal"


def finish_and_count(ws: Workspace, cycle: int, server: MailServer, log: Path, now: str = DEADLINE_DAY) -> Counter[str]:
    """Send what the stopped run left (one ``--once`` tick at ``now``), then how often each mail arrived."""
    server.delay = 0.0
    rest = run(ws.url, server.port, log, "--once", now=now)
    assert rest.wait(60) == 0, log.read_text()[-3000:]
    rows = delivery_log.log(ws, cycle)
    assert rows and {r.status for r in rows} == {"sent"}, Counter(r.status for r in rows)
    counts = Counter(server.keys())
    assert set(counts) == {r.key for r in rows}
    return counts


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_idle_stops_at_once_with_exit_0(tmp_path: Path, sig: signal.Signals) -> None:
    ws, cycle = liaison_day(tmp_path)
    server = MailServer().start()
    log = tmp_path / "run.log"
    try:
        proc = run(ws.url, server.port, log, "--interval", "600")
        wait_for(lambda: len(server.keys()) >= 32, 60, "the deadline day's reminders", log)
        wait_for(lambda: "mails planned" in log.read_text(), 30, "the first tick's summary", log)
        stop(proc, sig, log)  # its next tick is ten minutes away: only a prompt stop ends it within STOP_WITHIN
    finally:
        server.stop()
    assert proc.returncode == 0, log.read_text()
    assert log.read_text().rstrip().endswith("scheduler stopped")
    assert max(Counter(server.keys()).values()) == 1
    ws.dispose()


POINTS = {  # when the signal comes: how many mails have arrived by then (0: as the first tick begins)
    "first tick begins": 0,
    "first mail sent": 1,
    "mid-way through the mail": 13,
}


@pytest.mark.parametrize("point", list(POINTS))
def test_a_signal_at_any_moment_ends_the_run_after_the_mail_in_flight_and_nothing_goes_twice(
    tmp_path: Path, point: str
) -> None:
    """SIGTERM as the first tick plans, or while it sends to a slow server: exit 0 well before its batch of 10
    would end, the mail in flight marked; the mail left is sent afterwards and no mail arrives twice."""
    ws, cycle = liaison_day(tmp_path)
    server = MailServer(delay=SLOW).start()
    log = tmp_path / "run.log"
    try:
        proc = run(ws.url, server.port, log, "--interval", "0.2")
        wait_for(lambda: "scheduler ticking" in log.read_text(), 30, "the run to start", log)
        wait_for(lambda: len(server.keys()) >= POINTS[point], 60, point, log)
        stop_mid_batch(proc, signal.SIGTERM, log, server)
        assert proc.returncode == 0, log.read_text()[-3000:]
        assert log.read_text().rstrip().endswith("scheduler stopped")
        assert len(server.keys()) < 32, "stopped before it could send everything"
        counts = finish_and_count(ws, cycle, server, log)
    finally:
        server.stop()
    assert max(counts.values()) == 1, [k for k, c in counts.items() if c > 1]
    ws.dispose()


def test_a_second_signal_stops_at_once_and_repeats_at_most_the_mail_in_flight(tmp_path: Path) -> None:
    ws, cycle = liaison_day(tmp_path)
    server = MailServer(delay=2.0).start()  # a mail takes 2 s: the first signal alone would wait for it
    log = tmp_path / "run.log"
    try:
        proc = run(ws.url, server.port, log, "--interval", "0.2")
        wait_for(lambda: server.data_started >= 2, 60, "the second mail in flight", log)
        proc.send_signal(signal.SIGTERM)
        wait_for(lambda: "stopping once the mail in flight is marked" in log.read_text(), 60, "the first stop", log)
        stop(proc, signal.SIGTERM, log)  # the mail in flight takes 2 s; the second signal does not wait for it
        assert proc.returncode == 128 + signal.SIGTERM, log.read_text()[-3000:]
        assert "stopped at once" in log.read_text()
        counts = finish_and_count(ws, cycle, server, log, now="2025-09-19T10:10")  # the dead run's claim lapsed
    finally:
        server.stop()
    assert sum(c - 1 for c in counts.values()) <= 1, counts
    ws.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_with_the_scheduler_stops_after_the_mail_in_flight_too(tmp_path: Path, sig: signal.Signals) -> None:
    """``ipcycle serve --with-scheduler`` runs the scheduler in a thread: a signal while it sends to a slow server
    ends the process with exit 0 once the mail in flight is marked (uvicorn used to hand SIGTERM back to the
    default handler after its own shutdown, killing the thread mid-mail, and SIGINT ended in a traceback)."""
    ws, cycle = liaison_day(tmp_path)
    server = MailServer(delay=SLOW).start()
    log = tmp_path / "serve.log"
    args = [IPCYCLE, "serve", "--db", ws.url, "--now", DEADLINE_DAY, "--port", str(_free_port()), "--with-scheduler"]
    try:
        proc = start(args, server.port, log)
        wait_for(lambda: len(server.keys()) >= 2, 60, "the scheduler thread's first mails", log)
        stop_mid_batch(proc, sig, log, server)
        assert proc.returncode == 0, log.read_text()[-3000:]
        assert "Traceback" not in log.read_text() and "stopping once the mail in flight is marked" in log.read_text()
        assert len(server.keys()) < 32, "stopped before it could send everything"
        counts = finish_and_count(ws, cycle, server, log)
    finally:
        server.stop()
    assert max(counts.values()) == 1, [k for k, c in counts.items() if c > 1]
    ws.dispose()
