"""The scheduler: one tick plans reminders, performs timed moves and sends what is due.

APScheduler (3.11, the stable line) is only the metronome. Nothing lives in its job store:
each tick recomputes what is due from the ``timer`` and ``outbox`` rows, so a restart, a second
instance or a clock jump can neither lose nor double a mail or a move.
"""

from __future__ import annotations

import logging
import os
import time as walltime
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from engine import timers
from engine.calendar_years import install_calendar_years
from engine.workspace import Workspace
from notifications.outbox import send_due
from notifications.planning import plan_due
from notifications.sender import Sender
from notifications.sink import FolderSink
from notifications.smtp import SmtpSender, SmtpSettings

logger = logging.getLogger("ipcycle.scheduler")
DEFAULT_SINK = "mail-sink"
DEFAULT_FROM = "ipcycle <ipcycle@localhost>"
_warned: set[int] = set()


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
    return Transport(FolderSink(folder), env.get("IPCYCLE_MAIL_FROM") or DEFAULT_FROM, f"folder {folder.resolve()}")


@dataclass
class TickReport:
    at: str
    moves: list[dict[str, Any]] = field(default_factory=list)
    planned: list[dict[str, Any]] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)
    calendar_reloaded: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return self.__dict__

    def summary(self) -> str:
        planned = sum(p["planned"] for p in self.planned)
        sent = ", ".join(f"{k} {v}" for k, v in self.sent.items() if v) or "nothing to send"
        return f"{self.at}: {len(self.moves)} timed moves, {planned} mails planned, {sent}"


def scheduler_tick(ws: Workspace, transport: Transport, batch: int = 50) -> TickReport:
    """Timed moves first (they may cause notices), then planning, then sending."""
    report = TickReport(at=ws.clock.now().isoformat())
    report.calendar_reloaded = install_calendar_years(ws)  # a year loaded by another process counts now
    report.moves = timers.tick(ws)
    report.planned = [p for p in plan_due(ws) if p["planned"] or p["readdressed"]]
    report.sent = send_due(ws, transport.sender, transport.mail_from, batch=batch)
    new = sorted(set(ws.workdays.fallback_years_used()) - _warned)
    if new:  # once per year and process, not every minute
        _warned.update(new)
        logger.warning(
            "working days of %s counted Monday-Friday: no official schedule loaded (ipcycle calendar load)", new
        )
    return report


def run_scheduler(ws: Workspace, transport: Transport, interval: float, batch: int = 50) -> None:
    """Tick every ``interval`` seconds until interrupted; a tick that overruns is never run twice at once."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    def job() -> None:
        try:
            report = scheduler_tick(ws, transport, batch)
            logger.info("%s", report.summary())
        except Exception:  # the next tick recomputes everything from the database
            logger.exception("tick failed; will try again at the next tick")

    scheduler = BlockingScheduler()
    scheduler.add_job(
        job,
        "interval",
        seconds=interval,
        id="tick",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
        next_run_time=datetime.now(scheduler.timezone),
    )
    logger.info("scheduler ticking every %ss; mail to %s", interval, transport.description)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        logger.info("scheduler stopped")
