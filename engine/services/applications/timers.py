"""Timed moves: ``tick`` performs every timer due at the clock's now.

A timer's moves are made in batches of at most BATCH applications, each batch one write
transaction, so a deadline that expires thousands of drafts never holds the database for long;
the timer is marked done in the transaction of its last batch, so two tickers or a crash can
neither lose nor double a timed move (a moved application has left the timer's stages). A timer
that raises is rolled back, noted and retried next tick; after MAX_FAILURES it is marked
``failed`` so one broken timer can never stop the others (or the mail behind them). A busy or
lost database is not the timer's fault: it is retried next tick and never counted.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.kernel.logs import without_folders
from engine.machine.machine import Actor
from engine.services.applications.stage_moves import fire_in_session
from engine.services.shared.results import IsoDatetime, ServiceResult, VerdictField
from engine.store.core import Application, Timer, TimerStatus
from engine.store.workspace import Workspace

SYSTEM = Actor(Role.SYSTEM)
MAX_FAILURES = 3
BATCH = 200  # applications per transaction: about 2 s of SQLite's write lock at the engine's speed
logger = logging.getLogger("ipcycle.timers")


class TimedRefusal(ServiceResult):
    """An application a timed event could not move, with the rules that refused it."""

    id: int
    refusals: list[VerdictField]


class TimedMove(ServiceResult):
    """A timer performed: its event, the applications it moved and those the rules kept where they were."""

    timer: str
    due_at: IsoDatetime
    event: str
    moved: list[int]
    refused: list[TimedRefusal]


class TimerFailure(ServiceResult):
    """A timer not performed: rolled back and counted (``failed`` for good after MAX_FAILURES), or, when the
    database was busy (``retry``), not counted and simply tried again next tick."""

    timer: str
    due_at: IsoDatetime
    event: str
    error: str
    failures: int
    status: str
    retry: bool = False
    moved: list[int] = []
    refused: list[TimedRefusal] = []


TimerOutcome = TimedMove | TimerFailure


class TimerView(ServiceResult):
    """A timed move as the national office follows them up."""

    id: int
    key: str
    cycle: int
    application: int | None
    due_at: IsoDatetime
    event: str
    status: str
    outcome: str | None


def _run_timer(ws: Workspace, timer_id: int) -> TimedMove | None:
    moved: list[int] = []
    refused: list[TimedRefusal] = []
    after = 0  # applications are taken in id order, a batch at a time
    while True:
        with ws.transaction(write=True) as s:
            mine = select(Timer).where(Timer.id == timer_id).with_for_update(skip_locked=True)
            timer = s.scalars(mine).first()
            if timer is None or timer.status != TimerStatus.PENDING:
                return None  # another ticker did it, or is doing it now
            q = select(Application).where(
                Application.cycle_id == timer.cycle_id, Application.stage.in_(timer.stages), Application.id > after
            )
            if timer.application_id is not None:
                q = q.where(Application.id == timer.application_id)
            q = _province_part(s, timer, q)
            batch = list(s.scalars(q.order_by(Application.id).limit(BATCH)))
            for app in batch:
                try:
                    fire_in_session(ws, s, app, timer.event, SYSTEM, reason=f"timed: {timer.key} due {timer.due_at}")
                    moved.append(app.id)
                except Refused as exc:
                    refused.append(TimedRefusal(id=app.id, refusals=exc.failed()))
            after = batch[-1].id if batch else after
            if len(batch) < BATCH:  # the last batch: the timer is done with it, in its transaction
                timer.status, timer.done_at = TimerStatus.DONE, ws.clock.now()
                timer.outcome = f"moved {len(moved)}, refused {len(refused)}"
                return TimedMove(timer=timer.key, due_at=timer.due_at, event=timer.event, moved=moved, refused=refused)


def _province_part(s: Session, timer: Timer, q: Select[Application]) -> Select[Application]:
    """A province's own timer moves only its applications; a milestone's cycle-wide timer skips the provinces
    whose date was extended (each has a live timer keyed after it)."""
    if timer.province_code is not None:
        return q.where(Application.province_code == timer.province_code)
    extended = select(Timer.province_code).where(
        Timer.cycle_id == timer.cycle_id,
        Timer.key.startswith(f"{timer.key}:province:", autoescape=True),
        Timer.status != TimerStatus.CANCELLED,
    )
    return q.where(Application.province_code.not_in(extended))


def tick(ws: Workspace) -> list[TimerOutcome]:
    """Perform every timed move due by now, oldest first (moves may arm new timers: loop).

    A timer that raises is reported as a :class:`TimerFailure` and not retried within this tick.
    """
    done: list[TimerOutcome] = []
    tried: set[int] = set()
    while True:
        with ws.transaction() as s:
            due = [
                (t.id, t.key, t.due_at, t.event)
                for t in s.scalars(
                    select(Timer)
                    .where(Timer.status == TimerStatus.PENDING, Timer.due_at <= ws.clock.now())
                    .order_by(Timer.due_at, Timer.id)
                )
                if t.id not in tried
            ]
        if not due:
            return done
        for timer_id, key, due_at, event in due:
            tried.add(timer_id)
            try:
                result = _run_timer(ws, timer_id)
            except OperationalError as exc:  # busy or lost database: not the timer's fault, try again next tick
                done.append(_busy(key, due_at, event, exc))
                continue
            except Exception as exc:  # isolate: the other timers and the mail still run
                done.append(_note_failure(ws, timer_id, exc))
                continue
            if result is not None:
                done.append(result)


def _busy(key: str, due_at: datetime, event: str, exc: OperationalError) -> TimerFailure:
    logger.warning("timer %s not performed, the database is busy or unreachable: %s", key, exc.orig)
    return TimerFailure(timer=key, due_at=due_at, event=event, error=f"database busy: {exc.orig}", failures=0,
                        status=TimerStatus.PENDING, retry=True)  # fmt: skip


def _note_failure(ws: Workspace, timer_id: int, exc: Exception) -> TimerFailure:
    """Count the failure in the timer's outcome; the MAX_FAILURES-th marks it ``failed`` for good."""
    full = f"{type(exc).__name__}: {exc}"
    error = without_folders(full)  # the timer page and the CLI show it; the log line below keeps the whole
    with ws.transaction() as s:
        timer = s.get(Timer, timer_id)
        assert timer is not None
        previous = timer.outcome or ""
        count = int(previous.split(" ", 2)[1]) + 1 if previous.startswith("failures ") else 1
        timer.outcome = f"failures {count} - last: {error}"[:2000]
        if count >= MAX_FAILURES:
            timer.status, timer.done_at = TimerStatus.FAILED, ws.clock.now()
        key, status, due_at, event = timer.key, timer.status, timer.due_at, timer.event
    log = logger.error if status == TimerStatus.FAILED else logger.warning
    log("timer %s failed (%d of %d): %s", key, count, MAX_FAILURES, full, exc_info=exc)
    return TimerFailure(timer=key, due_at=due_at, event=event, error=error, failures=count, status=status)


def list_timers(ws: Workspace, status: TimerStatus | None = None, cycle_id: int | None = None) -> list[TimerView]:
    """The timed moves, oldest due first; ``failed`` ones need someone to look (and ``retry_timer``)."""
    with ws.transaction() as s:
        q = select(Timer)
        if status is not None:
            q = q.where(Timer.status == status)
        if cycle_id is not None:
            q = q.where(Timer.cycle_id == cycle_id)
        return [_view(t) for t in s.scalars(q.order_by(Timer.due_at, Timer.id))]


def _view(t: Timer) -> TimerView:
    return TimerView(id=t.id, key=t.key, cycle=t.cycle_id, application=t.application_id, due_at=t.due_at,
                     event=t.event, status=t.status, outcome=t.outcome)  # fmt: skip


def retry_timer(ws: Workspace, timer_id: int, actor: Actor) -> TimerView:
    """Give a failed timer another go at the next tick (after the cause was fixed); its failures start over."""
    if actor.role is not Role.NATIONAL:
        raise BadInput("only the national office retries a failed timed move", field="actor")
    with ws.transaction() as s:
        timer = s.get(Timer, timer_id)
        if timer is None:
            raise BadInput(f"unknown timer {timer_id}")
        if timer.status != TimerStatus.FAILED:
            raise BadInput(f"timer {timer_id} is {timer.status}, not failed: only a failed timer is retried")
        timer.status, timer.done_at = TimerStatus.PENDING, None
        timer.outcome = f"retried by {actor} at {ws.clock.now():%Y-%m-%d %H:%M}; before: {timer.outcome}"[:2000]
        return _view(timer)
