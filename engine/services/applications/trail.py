"""Read-only service functions: what a role may do next, an application's history, cycle status."""

from __future__ import annotations

from pydantic import Field
from sqlalchemy import select

from engine.definition.model import Role
from engine.machine.machine import Actor, Move, actor_name, machine_for
from engine.services.applications.stage_moves import get_application, guard_context, subject_of
from engine.services.programmes.cycles import cycle_programme
from engine.services.shared.results import IsoDatetime, ServiceResult, VerdictField, verdict_from_json
from engine.store.core import Event, Organisation
from engine.store.workspace import Workspace


class Blocker(ServiceResult):
    """A rule that stands in a move's way, and what checks it (``window``, ``overlay`` or a guard's name), so an
    edge can say where it is met."""

    source: str
    verdict: VerdictField


class NextEvent(ServiceResult):
    """An event a role may fire now, where it leads, and the rules that stand in its way (if any).

    ``needs_reason``: the move asks for a reason, which the request gives (a missing reason is no blocker)."""

    event: str
    title: str  # what a reader calls the event
    to: str
    allowed: bool
    refusals: list[VerdictField]
    blockers: list[Blocker]
    needs_reason: bool


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
    actor_name: str  # who acted, by name (系统（公示期满） for a timed move)
    event: str
    event_title: str
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
        programme = cycle_programme(app.cycle)
        subject = subject_of(app)
        move = Move(app.stage, subject, guard_context(ws, s, app.cycle), actor)
        out = []
        for check in machine.available(app.stage):
            sourced = check.sourced_verdicts(move)
            if not sourced[0][1].ok:  # not this actor's move at all
                continue
            failed = [(source, v) for source, v in sourced if not v.ok]
            out.append(
                NextEvent(
                    event=check.transition.event,
                    title=programme.event_title(check.transition.event, app.stage),
                    to=check.transition.to,
                    allowed=not failed,
                    refusals=[v for _, v in failed],
                    blockers=[Blocker(source=source, verdict=v) for source, v in failed if source != "reason"],
                    needs_reason=check.transition.reason_required,
                )
            )
        return out


def history(ws: Workspace, app_id: int) -> ApplicationHistory:
    """The application's audit trail, oldest move first."""
    with ws.transaction() as s:
        app = get_application(s, app_id)
        events = list(s.scalars(select(Event).where(Event.application_id == app.id).order_by(Event.id)))
        programme = cycle_programme(app.cycle)
        unit_ids = {int(scope) for e in events if e.role == Role.APPLICANT and (scope := _scope(e.actor)).isdigit()}
        named = select(Organisation.id, Organisation.name).where(Organisation.id.in_(unit_ids))
        units = {unit_id: name for unit_id, name in s.execute(named)}
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
                    actor_name=_actor_name(e, units, programme.event_title(e.event, e.from_stage)),
                    event=e.event,
                    event_title=programme.event_title(e.event, e.from_stage),
                    from_=e.from_stage,
                    to=e.to_stage,
                    reason=e.reason,
                    verdicts=[verdict_from_json(v) for v in e.verdicts],
                )
                for e in events
            ],
        )


def _scope(actor: str) -> str:
    """The scope part of a stored actor (``province:320000`` → ``320000``), empty if it has none."""
    return actor.partition(":")[2]


def _actor_name(e: Event, units: dict[int, str], event_title: str) -> str:
    scope = _scope(e.actor)
    return actor_name(e.role, scope or None, units.get(int(scope)) if scope.isdigit() else None, event_title)
