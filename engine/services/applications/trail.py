"""Read-only service functions: what a role may do next, an application's history, cycle status."""

from __future__ import annotations

from pydantic import Field
from sqlalchemy import select

from engine.machine.machine import Actor, Move, machine_for
from engine.services.applications.stage_moves import get_application, guard_context, subject_of
from engine.services.shared.results import IsoDatetime, ServiceResult, VerdictField, verdict_from_json
from engine.store.core import Event
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
