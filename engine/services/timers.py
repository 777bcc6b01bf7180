"""Timed moves: ``tick`` performs every timer due at the clock's now, each in its own transaction.

A timer is claimed by the same UPDATE that marks it done, inside the transaction of the moves
it causes, so two tickers or a crash can neither lose nor double a timed move. A timer that
raises is rolled back, noted and retried next tick; after MAX_FAILURES it is marked ``failed``
so one broken timer can never stop the others (or the mail behind them).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, update

from engine.definition.model import Role
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.applications import fire_in_session
from engine.store.core import Application, Timer, TimerStatus
from engine.store.workspace import Workspace

SYSTEM = Actor(Role.SYSTEM)
MAX_FAILURES = 3
logger = logging.getLogger("ipcycle.timers")


def _run_timer(ws: Workspace, timer_id: int) -> dict[str, Any] | None:
    with ws.transaction(write=True) as s:
        claimed = s.execute(
            update(Timer)
            .where(Timer.id == timer_id, Timer.status == TimerStatus.PENDING)
            .values(status=TimerStatus.DONE)
        ).rowcount
        if not claimed:
            return None  # another ticker did it
        timer = s.get(Timer, timer_id)
        assert timer is not None
        q = select(Application).where(Application.cycle_id == timer.cycle_id, Application.stage.in_(timer.stages))
        if timer.application_id is not None:
            q = q.where(Application.id == timer.application_id)
        moved, refused = [], []
        for app in s.scalars(q.order_by(Application.id)):
            try:
                fire_in_session(ws, s, app, timer.event, SYSTEM, reason=f"timed: {timer.key} due {timer.due_at}")
                moved.append(app.id)
            except Refused as exc:
                refused.append({"id": app.id, "refusals": [v.as_json() for v in exc.failed()]})
        timer.done_at = ws.clock.now()
        timer.outcome = f"moved {len(moved)}, refused {len(refused)}"
        return {
            "timer": timer.key,
            "due_at": timer.due_at.isoformat(),
            "event": timer.event,
            "moved": moved,
            "refused": refused,
        }


def tick(ws: Workspace) -> list[dict[str, Any]]:
    """Perform every timed move due by now, oldest first (moves may arm new timers: loop).

    A timer that raises is reported as ``{"timer", "error"}`` and not retried within this tick.
    """
    done: list[dict[str, Any]] = []
    tried: set[int] = set()
    while True:
        with ws.transaction() as s:
            due = [
                t
                for t in s.scalars(
                    select(Timer.id)
                    .where(Timer.status == TimerStatus.PENDING, Timer.due_at <= ws.clock.now())
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


def _note_failure(ws: Workspace, timer_id: int, exc: Exception) -> dict[str, Any]:
    """Count the failure in the timer's outcome; the MAX_FAILURES-th marks it ``failed`` for good."""
    error = f"{type(exc).__name__}: {exc}"
    with ws.transaction() as s:
        timer = s.get(Timer, timer_id)
        assert timer is not None
        previous = timer.outcome or ""
        count = int(previous.split(" ", 2)[1]) + 1 if previous.startswith("failures ") else 1
        timer.outcome = f"failures {count} - last: {error}"[:2000]
        if count >= MAX_FAILURES:
            timer.status, timer.done_at = TimerStatus.FAILED, ws.clock.now()
        key, status, due_at, event = timer.key, timer.status, timer.due_at.isoformat(), timer.event
    log = logger.error if status == TimerStatus.FAILED else logger.warning
    log("timer %s failed (%d of %d): %s", key, count, MAX_FAILURES, error, exc_info=exc)
    return {"timer": key, "due_at": due_at, "event": event, "error": error, "failures": count, "status": status,
            "moved": [], "refused": []}  # fmt: skip
