"""Timed moves: ``tick`` performs every timer due at the clock's now, each in its own transaction.

A timer is claimed by the same UPDATE that marks it done, inside the transaction of the moves
it causes, so two tickers or a crash can neither lose nor double a timed move.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from engine.applications import fire_in_session
from engine.db import Application, Timer
from engine.definition import Role
from engine.errors import Refused
from engine.machine import Actor
from engine.workspace import Workspace

SYSTEM = Actor(Role.SYSTEM)


def _run_timer(ws: Workspace, timer_id: int) -> dict[str, Any] | None:
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
    """Perform every timed move due by now, oldest first (moves may arm new timers: loop)."""
    done: list[dict[str, Any]] = []
    while True:
        with ws.transaction() as s:
            due = list(
                s.scalars(
                    select(Timer.id)
                    .where(Timer.status == "pending", Timer.due_at <= ws.clock.now())
                    .order_by(Timer.due_at, Timer.id)
                )
            )
        if not due:
            return done
        for timer_id in due:
            result = _run_timer(ws, timer_id)
            if result is not None:
                done.append(result)
