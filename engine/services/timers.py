"""Timed moves: ``tick`` performs every timer due at the clock's now, each in its own transaction.

A timer is claimed by the same UPDATE that marks it done, inside the transaction of the moves
it causes, so two tickers or a crash can neither lose nor double a timed move. A timer that
raises is rolled back, noted and retried next tick; after MAX_FAILURES it is marked ``failed``
so one broken timer can never stop the others (or the mail behind them).
"""

from __future__ import annotations

import logging

from sqlalchemy import select, update

from engine.definition.model import Role
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.applications import fire_in_session
from engine.services.results import IsoDatetime, ServiceResult, VerdictField
from engine.store.core import Application, Timer
from engine.store.workspace import Workspace

SYSTEM = Actor(Role.SYSTEM)
MAX_FAILURES = 3


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
    """A timer that raised: rolled back, counted, and ``failed`` for good after MAX_FAILURES."""

    timer: str
    due_at: IsoDatetime
    event: str
    error: str
    failures: int
    status: str
    moved: list[int] = []
    refused: list[TimedRefusal] = []


TimerOutcome = TimedMove | TimerFailure
logger = logging.getLogger("ipcycle.timers")


def _run_timer(ws: Workspace, timer_id: int) -> TimedMove | None:
    with ws.transaction() as s:
        claimed = s.execute(
            update(Timer).where(Timer.id == timer_id, Timer.status == "pending").values(status="done")
        ).rowcount
        if not claimed:
            return None  # another ticker did it
        timer = s.get(Timer, timer_id)
        assert timer is not None
        q = select(Application).where(Application.cycle_id == timer.cycle_id, Application.stage.in_(timer.stages))
        if timer.application_id is not None:
            q = q.where(Application.id == timer.application_id)
        moved: list[int] = []
        refused: list[TimedRefusal] = []
        for app in s.scalars(q.order_by(Application.id)):
            try:
                fire_in_session(ws, s, app, timer.event, SYSTEM, reason=f"timed: {timer.key} due {timer.due_at}")
                moved.append(app.id)
            except Refused as exc:
                refused.append(TimedRefusal(id=app.id, refusals=exc.failed()))
        timer.done_at = ws.clock.now()
        timer.outcome = f"moved {len(moved)}, refused {len(refused)}"
        return TimedMove(timer=timer.key, due_at=timer.due_at, event=timer.event, moved=moved, refused=refused)


def tick(ws: Workspace) -> list[TimerOutcome]:
    """Perform every timed move due by now, oldest first (moves may arm new timers: loop).

    A timer that raises is reported as a :class:`TimerFailure` and not retried within this tick.
    """
    done: list[TimerOutcome] = []
    tried: set[int] = set()
    while True:
        with ws.transaction() as s:
            due = [
                t
                for t in s.scalars(
                    select(Timer.id)
                    .where(Timer.status == "pending", Timer.due_at <= ws.clock.now())
                    .order_by(Timer.due_at, Timer.id)
                )
                if t not in tried
            ]
        if not due:
            return done
        for timer_id in due:
            tried.add(timer_id)
            try:
                result = _run_timer(ws, timer_id)
            except Exception as exc:  # isolate: the other timers and the mail still run
                done.append(_note_failure(ws, timer_id, exc))
                continue
            if result is not None:
                done.append(result)


def _note_failure(ws: Workspace, timer_id: int, exc: Exception) -> TimerFailure:
    """Count the failure in the timer's outcome; the MAX_FAILURES-th marks it ``failed`` for good."""
    error = f"{type(exc).__name__}: {exc}"
    with ws.transaction() as s:
        timer = s.get(Timer, timer_id)
        assert timer is not None
        previous = timer.outcome or ""
        count = int(previous.split(" ", 2)[1]) + 1 if previous.startswith("failures ") else 1
        timer.outcome = f"failures {count} - last: {error}"[:2000]
        if count >= MAX_FAILURES:
            timer.status, timer.done_at = "failed", ws.clock.now()
        key, status, due_at, event = timer.key, timer.status, timer.due_at, timer.event
    log = logger.error if status == "failed" else logger.warning
    log("timer %s failed (%d of %d): %s", key, count, MAX_FAILURES, error, exc_info=exc)
    return TimerFailure(timer=key, due_at=due_at, event=event, error=error, failures=count, status=status)
