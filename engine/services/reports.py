"""Read-only service functions: what a role may do next, an application's history, cycle status."""

from __future__ import annotations

from collections import Counter, defaultdict

from pydantic import Field
from sqlalchemy import select

from engine.machine.machine import Actor, Move, machine_for
from engine.services.applications import get_application, guard_context, subject_of
from engine.services.cycles import cycle_programme, get_cycle
from engine.services.results import IsoDatetime, ServiceResult, VerdictField, verdict_from_json
from engine.store.core import Application, Event
from engine.store.workspace import Workspace


class NextEvent(ServiceResult):
    """An event a role may fire now, where it leads, and the rules that stand in its way (if any)."""

    event: str
    to: str
    allowed: bool
    refusals: list[VerdictField]


class OrganisationRef(ServiceResult):
    """Who applied, by id and name."""

    id: int
    name: str


class HistoryEntry(ServiceResult):
    """One audited move of an application: when, who in which role, which event, from and to, why."""

    at: IsoDatetime
    actor: str
    role: str
    account: str | None = Field(default=None, exclude_if=lambda v: v is None)  # the portal log-in, if any
    event: str
    from_: str | None = Field(serialization_alias="from")
    to: str
    reason: str | None
    verdicts: list[VerdictField]


class ApplicationHistory(ServiceResult):
    """An application as it stands, with every move that brought it there."""

    id: int
    cycle: int
    category: str
    organisation: OrganisationRef
    province: str
    stage: str
    events: list[HistoryEntry]


class CycleStatus(ServiceResult):
    """Counts of applications per stage, per category and per province, at ``now``."""

    cycle: int
    programme: str
    edition: int
    province: str | None
    now: IsoDatetime
    total: int
    by_stage: dict[str, int]
    by_category: dict[str, dict[str, int]]
    by_province: dict[str, dict[str, int]]


def next_events(ws: Workspace, app_id: int, actor: Actor) -> list[NextEvent]:
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
                NextEvent(
                    event=check.transition.event,
                    to=check.transition.to,
                    allowed=all(v.ok for v in verdicts),
                    refusals=[v for v in verdicts if not v.ok],
                )
            )
        return out


def history(ws: Workspace, app_id: int) -> ApplicationHistory:
    """The application's audit trail, oldest move first."""
    with ws.transaction() as s:
        app = get_application(s, app_id)
        events = s.scalars(select(Event).where(Event.application_id == app.id).order_by(Event.id))
        return ApplicationHistory(
            id=app.id,
            cycle=app.cycle_id,
            category=app.category,
            organisation=OrganisationRef(id=app.organisation_id, name=app.organisation.name),
            province=app.province_code,
            stage=app.stage,
            events=[
                HistoryEntry(
                    at=e.at,
                    actor=e.actor,
                    role=e.role,
                    account=e.account,
                    event=e.event,
                    from_=e.from_stage,
                    to=e.to_stage,
                    reason=e.reason,
                    verdicts=[verdict_from_json(v) for v in e.verdicts],
                )
                for e in events
            ],
        )


def status(ws: Workspace, cycle_id: int, province: str | None = None) -> CycleStatus:
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
        return CycleStatus(
            cycle=cycle.id,
            programme=p.id,
            edition=cycle.edition,
            province=province,
            now=ws.clock.now(),
            total=sum(by_stage.values()),
            by_stage=ordered(by_stage),
            by_category={c: ordered(v) for c, v in sorted(by_category.items())},
            by_province={c: ordered(v) for c, v in sorted(by_province.items())},
        )
