"""Read-only service functions: what a role may do next, an application's history, cycle status."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select

from engine.machine.machine import Actor, Move, machine_for
from engine.services.applications import get_application, guard_context, subject_of
from engine.services.cycles import cycle_programme, get_cycle
from engine.store.core import Application, Event
from engine.store.workspace import Workspace


def next_events(ws: Workspace, app_id: int, actor: Actor) -> list[dict[str, Any]]:
    """The events ``actor`` may fire now, each with its target stage and any rule that stands in the way."""
    with ws.transaction() as s:
        app = get_application(s, app_id)
        machine = machine_for(app.cycle.version.text, app.category)
        subject = subject_of(app)
        move = Move(app.stage, subject, guard_context(ws, s, app.cycle), actor)
        out = []
        for check in machine.available(app.stage):
            verdicts = check.verdicts(move)
            if not verdicts[0].ok:  # not this actor's move at all
                continue
            out.append(
                {
                    "event": check.transition.event,
                    "to": check.transition.to,
                    "allowed": all(v.ok for v in verdicts),
                    "refusals": [v.as_json() for v in verdicts if not v.ok],
                }
            )
        return out


def history(ws: Workspace, app_id: int) -> dict[str, Any]:
    with ws.transaction() as s:
        app = get_application(s, app_id)
        events = s.scalars(select(Event).where(Event.application_id == app.id).order_by(Event.id))
        return {
            "id": app.id,
            "cycle": app.cycle_id,
            "category": app.category,
            "organisation": {"id": app.organisation_id, "name": app.organisation.name},
            "province": app.province_code,
            "stage": app.stage,
            "events": [
                {
                    "at": e.at.isoformat(),
                    "actor": e.actor,
                    "role": e.role,
                    "event": e.event,
                    "from": e.from_stage,
                    "to": e.to_stage,
                    "reason": e.reason,
                    "verdicts": e.verdicts,
                }
                for e in events
            ],
        }


def status(ws: Workspace, cycle_id: int, province: str | None = None) -> dict[str, Any]:
    """Counts per stage, per category and per province (optionally for one province)."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        q = select(Application.category, Application.province_code, Application.stage).where(
            Application.cycle_id == cycle.id
        )
        if province:
            q = q.where(Application.province_code == province)
        by_stage: Counter[str] = Counter()
        by_category: dict[str, Counter[str]] = defaultdict(Counter)
        by_province: dict[str, Counter[str]] = defaultdict(Counter)
        for category, prov, stage in s.execute(q):
            by_stage[stage] += 1
            by_category[category][stage] += 1
            by_province[prov][stage] += 1
        order = {st.id: i for i, st in enumerate(p.stages)}
        ordered = lambda c: dict(sorted(c.items(), key=lambda kv: order.get(kv[0], 99)))  # noqa: E731
        return {
            "cycle": cycle.id,
            "programme": p.id,
            "edition": cycle.edition,
            "province": province,
            "now": ws.clock.now().isoformat(),
            "total": sum(by_stage.values()),
            "by_stage": ordered(by_stage),
            "by_category": {c: ordered(v) for c, v in sorted(by_category.items())},
            "by_province": {c: ordered(v) for c, v in sorted(by_province.items())},
        }
