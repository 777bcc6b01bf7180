"""The scheduler: timed moves and reminder planning (the timers pass), and sending what is due (the sending pass).

``tick`` runs both passes once, one after the other; ``scheduler run`` (:func:`run_scheduler`) runs each in a
loop of its own, so a slow SMTP server never delays a due move and a long planning pass never delays mail.
APScheduler (3.11, the stable line) is only the metronome: nothing lives in its job store. Each pass recomputes
what is due from the ``timer`` and ``outbox`` rows, so a restart, a second instance or a clock jump can neither
lose nor double a mail or a move. SIGINT and SIGTERM end the run once the transaction or mail in hand is done
(:class:`StopRequest`).
"""

from __future__ import annotations

import logging
import os
import select
import signal
import threading
import time as walltime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import Field
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from engine.kernel.errors import BadInput
from engine.kernel.logs import masked_url
from engine.services.accounts.users import purge_expired
from engine.services.applications import timers
from engine.services.operations import health
from engine.services.shared.results import ServiceResult
from engine.store.workspace import Workspace, busy_database
from notifications.delivery.mime import DEFAULT_SENDER_NAME, sender_with_name
from notifications.delivery.sender import Sender
from notifications.delivery.sink import FolderSink
from notifications.delivery.smtp import SmtpSender, SmtpSettings
from notifications.outbox.delivery_log import purge_bodies
from notifications.outbox.dispatch import send_due
from notifications.planning.audiences import STILL_OWED
from notifications.planning.date_notices import plan_date_notices
from notifications.planning.posted_messages import plan_posted_messages
from notifications.planning.register_notices import plan_register_notices
from notifications.planning.reminders import plan_due
from notifications.planning.stage_notices import plan_stage_notices

logger = logging.getLogger("ipcycle.scheduler")
DEFAULT_SINK = "mail-sink"
DEFAULT_FROM = f"{DEFAULT_SENDER_NAME} <ipcycle@localhost>"  # a bare IPCYCLE_MAIL_FROM gets the same name
_warned: set[int] = set()
TIMERS_DURING_SEND = 20.0  # seconds: how often a long send stops between batches for the timed moves due


class RunningClock:
    """A clock that starts at a given China time and runs with the wall clock (``scheduler run --now``)."""

    def __init__(self, start: datetime) -> None:
        self._start, self._t0 = start, walltime.monotonic()

    def now(self) -> datetime:
        return (self._start + timedelta(seconds=walltime.monotonic() - self._t0)).replace(microsecond=0)


@dataclass
class Transport:
    """Where mail goes and in whose name."""

    sender: Sender
    mail_from: str
    description: str


def transport_from_env(sink: Path | None = None, environ: dict[str, str] | None = None) -> Transport:
    """SMTP when IPCYCLE_SMTP_HOST is set (and no sink is asked for); else a folder of .eml files."""
    env = dict(os.environ if environ is None else environ)
    if sink is None and env.get("IPCYCLE_SMTP_HOST", "").strip():
        settings = SmtpSettings.from_env(env)
        mode = "tls" if settings.use_tls else "starttls" if settings.start_tls else "plain"
        return Transport(SmtpSender(settings), settings.sender, f"smtp {settings.host}:{settings.port} ({mode})")
    folder = sink or Path(env.get("IPCYCLE_MAIL_SINK") or DEFAULT_SINK)
    sender = sender_with_name(env.get("IPCYCLE_MAIL_FROM") or DEFAULT_FROM)
    return Transport(FolderSink(folder), sender, f"folder {folder.resolve()}")


def _absent(value: object) -> bool:
    return value is None


class TickError(ServiceResult):
    """What failed in a tick, and where: one phase, one cycle's planning or one timer (the others are left out)."""

    phase: str | None = Field(default=None, exclude_if=_absent)
    timer: str | None = Field(default=None, exclude_if=_absent)
    cycle: int | None = Field(default=None, exclude_if=_absent)
    error: str


@dataclass
class TickReport:
    at: str
    moves: list[timers.TimerOutcome] = field(default_factory=list)
    planned: list[dict[str, Any]] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)
    stage_notices: int = 0  # notices of moves planned from the audit trail
    calendar_reloaded: list[int] = field(default_factory=list)
    purged: dict[str, int] = field(default_factory=dict)  # retention: what was deleted or emptied
    errors: list[TickError] = field(default_factory=list)  # a phase, cycle or timer that failed
    part: str = "tick"  # tick (both passes, one after the other) | timers | sending (``scheduler run``'s loops)

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "part"}

    def summary(self) -> str:
        """One line of what the pass did; what failed is named (a half-failed send never reads "nothing to
        send"). A loop's line speaks only of its own pass."""
        planned = sum(p["planned"] for p in self.planned)
        send_failed = any(e.phase == "sending" for e in self.errors)
        sent = ", ".join(f"{k} {v}" for k, v in self.sent.items() if v)
        sent = sent or ("sending failed" if send_failed else "nothing to send")
        notices = f", {self.stage_notices} stage-change notices" if self.stage_notices else ""
        purged = ", purged " + ", ".join(f"{k} {v}" for k, v in self.purged.items()) if self.purged else ""
        failed = ""
        if self.errors:
            named = "; ".join(_named(e) for e in self.errors[:5]) + ("; …" if len(self.errors) > 5 else "")
            failed = f"; {len(self.errors)} failed: {named}"
        moves = f"{len(self.moves)} timed moves, {planned} mails planned{notices}"
        if self.part == "timers":
            return f"{self.at}: {moves}{purged}{failed}"
        if self.part == "sending":
            return f"{self.at}: sending: {sent}{failed}"
        return f"{self.at}: {moves}, {sent}{purged}{failed}"


def _named(e: TickError) -> str:
    where = f"timer {e.timer}" if e.timer else f"cycle {e.cycle}" if e.cycle else f"{e.phase}"
    return f"{where}: {e.error[:160]}"


REQUIRED_TABLES = ("cycle", "timer", "outbox")


def check_database(ws: Workspace) -> None:
    """Refuse at once a database that is unreachable or not initialised, instead of failing every tick."""
    try:
        tables = set(inspect(ws.engine).get_table_names())
    except SQLAlchemyError as exc:
        first = masked_url(str(exc).splitlines()[0])
        raise BadInput(f"cannot open {ws.shown_url}: {exc.__class__.__name__}: {first}", field="db") from None
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise BadInput(
            f"{ws.shown_url} is not an ipcycle database (no {', '.join(missing)} table); run `ipcycle init`",
            field="db",
        )
    if "alembic_version" in tables:
        ws.require_known_schema()


def _run_phase(report: TickReport, name: str, fn: Any, default: Any) -> Any:
    """Run one phase; a failure is logged with its error and the tick goes on with the next phase."""
    try:
        return fn()
    except Exception as exc:
        if busy_database(exc):  # a lock another process held past the wait: the next tick does it, nothing lost
            logger.warning("tick phase %s put off, the database is busy: %s", name, getattr(exc, "orig", exc))
            report.errors.append(TickError(phase=name, error=f"database busy, again at the next tick: {exc}"))
            return default
        logger.error("tick phase %s failed: %s: %s", name, type(exc).__name__, exc, exc_info=exc)
        report.errors.append(TickError(phase=name, error=f"{type(exc).__name__}: {exc}"))
        return default


def scheduler_tick(ws: Workspace, transport: Transport, batch: int = 50, stop: StopRequest | None = None) -> TickReport:
    """Timed moves first (they may cause notices), then planning and retention, then sending, which performs
    the timed moves that fall due between two of its batches: a due move waits for one batch of mail at most,
    never behind a backlog (a send of 100 batches ran 2-3 minutes). Each pass notes its end for ``/readyz``."""
    report = TickReport(at=ws.clock.now().isoformat())
    timers_pass(ws, report, stop)
    sending_pass(ws, transport, batch, report, stop)
    return report


def _moves_between_batches(ws: Workspace, report: TickReport, last: list[float]) -> None:
    """The timed moves due now, while a long send goes on, at most every :data:`TIMERS_DURING_SEND` seconds
    (so a failing timer is not retried after every batch)."""
    if walltime.monotonic() - last[0] < TIMERS_DURING_SEND:
        return
    last[0] = walltime.monotonic()
    moves = _run_phase(report, "timers", lambda: timers.tick(ws), [])
    report.moves += moves
    report.errors += [TickError(timer=m.timer, error=m.error) for m in moves if isinstance(m, timers.TimerFailure)]


def _phase(report: TickReport, stop: StopRequest | None, name: str, fn: Any, default: Any) -> Any:
    """A phase not begun is skipped once a stop is requested."""
    return default if stop is not None and stop.requested else _run_phase(report, name, fn, default)


def timers_pass(ws: Workspace, report: TickReport, stop: StopRequest | None = None) -> TickReport:
    """Timed moves, then the mail they and the day call for (planned, not sent), then retention; each phase,
    cycle and timer isolated, so one broken part cannot stop the others. Never waits for a mail to go out."""
    # a year loaded by another process counts now
    report.calendar_reloaded = _phase(report, stop, "calendar", lambda: ws.install_calendar_years(), [])
    report.moves = _phase(report, stop, "timers", lambda: timers.tick(ws), [])
    report.errors += [
        TickError(timer=m.timer, error=m.error) for m in report.moves if isinstance(m, timers.TimerFailure)
    ]
    report.stage_notices = _phase(report, stop, "stage notices", lambda: plan_stage_notices(ws), 0)
    report.stage_notices += _phase(report, stop, "register notices", lambda: plan_register_notices(ws), 0)
    report.stage_notices += _phase(report, stop, "posted messages", lambda: plan_posted_messages(ws), 0)
    report.stage_notices += _phase(report, stop, "date notices", lambda: plan_date_notices(ws), 0)
    planned = _phase(report, stop, "planning", lambda: plan_due(ws), [])
    report.errors += [TickError(cycle=p["cycle"], error=p["error"]) for p in planned if "error" in p]
    report.planned = [p for p in planned if p["planned"] or p["readdressed"]]
    report.purged = _phase(report, stop, "retention", lambda: purge(ws, Retention.from_env()), {})
    new = sorted(set(ws.workdays.fallback_years_used()) - _warned)
    if new:  # once per year and process, not every minute
        _warned.update(new)
        logger.warning(
            "working days of %s counted Monday-Friday: no official schedule loaded (ipcycle calendar load)", new
        )
    failures = len(report.errors)
    _run_phase(report, "beat", lambda: health.record_beat(ws, "timers", failures, report.summary()), None)
    return report


def sending_pass(
    ws: Workspace, transport: Transport, batch: int, report: TickReport, stop: StopRequest | None = None
) -> TickReport:
    """Send what is due, batch by batch, until none is left or a stop is requested."""
    before = len(report.errors)
    send = transport.sender, transport.mail_from, STILL_OWED
    stopping = None if stop is None else (lambda: stop.requested)
    last = [walltime.monotonic()]  # the timers pass just ran
    # one tick does the timed moves due during a long send itself; ``scheduler run``'s timers loop needs no help
    between = (lambda: _moves_between_batches(ws, report, last)) if report.part == "tick" else None
    report.sent = _phase(
        report, stop, "sending", lambda: send_due(ws, *send, batch, stop=stopping, between_batches=between), {}
    )
    if report.sent.get("held"):
        held = report.sent["held"]
        error = f"sending stopped: {held} mails in a row refused with the same reply; held for review"
        report.errors.append(TickError(phase="sending", error=error + " (ipcycle reminders log --status held)"))
    failures = len(report.errors) - before
    _run_phase(report, "beat", lambda: health.record_beat(ws, "sending", failures, report.summary()), None)
    return report


@dataclass(frozen=True)
class Retention:
    """How long what is no longer needed is kept (days), from the environment."""

    login_attempts: int = 30
    mail_bodies: int = 180

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Retention:
        env = os.environ if environ is None else environ
        out = {}
        for name, var in (("login_attempts", "IPCYCLE_KEEP_LOGIN_DAYS"), ("mail_bodies", "IPCYCLE_KEEP_MAIL_DAYS")):
            text = env.get(var, "").strip()
            if text:
                if not text.isdigit() or int(text) < 1:
                    raise BadInput(f"{var}={text!r}: a whole number of days, at least 1")
                out[name] = int(text)
        return cls(**out)


def purge(ws: Workspace, keep: Retention) -> dict[str, int]:
    """Delete ended sessions and old log-in attempts, and empty the bodies of long-sent mail."""
    done = purge_expired(ws, timedelta(days=keep.login_attempts)).model_dump()
    done["mail_bodies"] = purge_bodies(ws, timedelta(days=keep.mail_bodies))
    return {k: v for k, v in done.items() if v}


class StopRequest:
    """A request to stop the run, safe to make from a signal handler or another thread.

    The first request lets the transaction or the mail in hand finish and ends the run there (the rest of a
    batch is given back; at once if it is waiting for the next tick); a second, from a signal, ends the
    process at once. A signal handler may only set a flag and write to a pipe: an ``Event.set`` there could
    wait for a lock its own thread holds.
    """

    def __init__(self) -> None:
        self.requested = False
        self.signals = 0
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)

    def request(self) -> None:
        self.requested = True
        try:
            os.write(self._write, b"x")
        except BlockingIOError:  # the pipe is full of earlier requests: the waiter wakes anyway
            pass

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True as soon as a stop is requested (a signal's retry cannot hide it)."""
        if not self.requested and seconds > 0:
            select.select([self._read], [], [], seconds)
        return self.requested

    def on_signal(self, signum: int, _frame: Any) -> None:
        self.signals += 1
        name = signal.Signals(signum).name
        if self.signals > 1:  # the operator insists: the mail in flight may be sent again (the crash bound)
            os.write(2, f"scheduler stopped at once ({name} again)\n".encode())
            os._exit(128 + signum)
        os.write(2, f"{name}: stopping once the mail in flight is marked (again to stop at once)\n".encode())
        self.request()

    @contextmanager
    def installed(self) -> Iterator[StopRequest]:
        """SIGINT and SIGTERM become requests while inside, the earlier handlers come back after (handlers can
        only be set in the main thread: elsewhere, as in the portal's scheduler thread, nothing changes)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        earlier = {sig: signal.signal(sig, self.on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        # The kernel may hand a signal to a loop's thread; Python then runs the handler only when the main thread
        # next runs, and it sleeps in select(): the wake-up fd makes any signal wake it (a SIGTERM went unheard).
        earlier_fd = signal.set_wakeup_fd(self._write)
        try:
            yield self
        finally:
            signal.set_wakeup_fd(earlier_fd)
            for sig, handler in earlier.items():
                signal.signal(sig, handler)
            self.close()

    def close(self) -> None:
        for fd in (self._read, self._write):
            os.close(fd)


def run_scheduler(
    ws: Workspace, transport: Transport, interval: float, batch: int = 50, stop: StopRequest | None = None
) -> None:
    """Run the timers pass and the sending pass every ``interval`` seconds, each in its own loop, until ``stop`` is
    requested; returns once the work in hand is committed.

    The two loops are independent: a due timed move never waits for a slow SMTP server or a mail backlog, and
    mail never waits for a long planning pass. APScheduler is the metronome: two jobs in its thread pool, each
    never run twice at once, the runs missed during a long pass folded into one. This thread only waits for the
    stop, so a signal (always handled here, in the main thread) is never lost between two waits; shutting down
    then waits for the passes in hand (sending ends after the mail in flight). On SQLite the two loops' threads
    write to one file: their transactions take the write lock as they begin (:meth:`Workspace.serialise_writes`).
    The database is checked first, so bad input ends the command (exit 2) instead of a loop of tracebacks.
    """
    from apscheduler.schedulers.background import BackgroundScheduler

    stop = stop or StopRequest()
    check_database(ws)
    ws.serialise_writes()
    # its INFO lines per run, and a WARNING for each run skipped while a long pass goes on, are noise here
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    logger.info("scheduler ticking every %ss, timed moves and sending each in its own loop; mail to %s", interval,
                transport.description)  # fmt: skip

    def loop(name: str, run: Any) -> Any:
        def one_pass() -> None:
            if stop.requested:  # a run that was already due when the stop came
                return
            try:
                report = run(TickReport(at=ws.clock.now().isoformat(), part=name))
                logger.info("%s", report.summary(), extra={"failures": len(report.errors), "loop": name})
            except Exception:  # the next pass recomputes everything from the database
                logger.exception("%s pass failed; will try again at the next one", name)

        return one_pass

    metronome = BackgroundScheduler()
    planned = threading.Event()  # a timers pass planned mail: send it now, not at the sending loop's next turn

    def timers_then_nudge(report: TickReport) -> TickReport:
        timers_pass(ws, report, stop)
        if report.stage_notices or any(p["planned"] for p in report.planned):
            planned.set()  # a sending pass under way goes round once more
            metronome.modify_job("sending", next_run_time=datetime.now(metronome.timezone))  # an idle one starts
        return report

    def sending_until_caught_up(report: TickReport) -> TickReport:
        while True:
            planned.clear()
            sending_pass(ws, transport, batch, report, stop)
            if not planned.is_set() or stop.requested:
                return report

    passes = {"timers": loop("timers", timers_then_nudge), "sending": loop("sending", sending_until_caught_up)}
    for name, job in passes.items():
        metronome.add_job(
            job,
            "interval",
            seconds=interval,
            id=name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            next_run_time=datetime.now(metronome.timezone),
        )
    metronome.start()
    try:
        while not stop.wait(5):  # the wake-up fd ends the wait at a signal; the bound is a second safety
            pass
    finally:
        metronome.shutdown(wait=True)
    logger.info("scheduler stopped")
