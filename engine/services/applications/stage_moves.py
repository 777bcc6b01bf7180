"""Service functions that move applications: apply, fire an event, and the audit listener.

Each call is one transaction: the stage change, its audit row and any timer it arms are
committed together, or (on a refusal or any error) not at all.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, cast

from pydantic import Field
from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session, joinedload

from engine.definition.loader import programme_from_snapshot
from engine.definition.model import NoticeScope, Programme, Role
from engine.definition.overlay import Overlay
from engine.kernel.errors import BadInput, Refused
from engine.kernel.text import free_text
from engine.machine.machine import Actor, Move, authority_verdict, machine_for, window_verdict
from engine.services.applications import notices
from engine.services.applications.cycle_lookups import RegisterLookups
from engine.services.applications.recording import after_move
from engine.services.programmes.cycles import cycle_programme, end_of_day, get_cycle, pinned_cycle
from engine.services.reference.organisations import organisation_province
from engine.services.shared.results import ServiceResult
from engine.store.core import (
    Application,
    Cycle,
    CycleMilestone,
    Event,
    MilestoneExtension,
    Organisation,
    PinnedCycle,
    Timer,
    TimerStatus,
)
from engine.store.counts import count_move
from engine.store.registers import OverlayText
from engine.store.round import NoticeStatus
from engine.store.workspace import Workspace
from policies.catalogue import contributed_verdicts, get_guard
from policies.facts import GuardContext, OrganisationFacts, Subject
from policies.reference.divisions import registry
from policies.reference.provinces import province_name
from policies.verdict import Verdict

EVENT_INSERT = insert(cast(Table, Event.__table__))  # built once; the row's values come as parameters


class ApplicationCreated(ServiceResult):
    """A new application and the stage it starts in (the programme's entry stage)."""

    id: int
    stage: str


class ApplicationMoved(ServiceResult):
    """An application after an event: where it was and where it is now."""

    id: int
    stage: str
    from_: str | None = Field(serialization_alias="from")


class SessionLookups(RegisterLookups):
    """The read-only questions guards may ask about a cycle, answered from the database."""

    def __init__(self, s: Session, cycle_id: int, parsed_overlays: dict[int, Overlay] | None = None) -> None:
        self.s = s
        self.cycle_id = cycle_id
        if parsed_overlays is not None:  # the workspace's: each overlay is parsed once per process
            self.parsed_overlays = parsed_overlays

    def count_in_stages(self, province_code: str, category: str, stages: frozenset[str]) -> int:
        return (
            self.s.scalar(
                select(func.count(Application.id)).where(
                    Application.cycle_id == self.cycle_id,
                    Application.province_code == province_code,
                    Application.category == category,
                    Application.stage.in_(stages),
                )
            )
            or 0
        )


def guard_context(ws: Workspace, s: Session, cycle: Cycle | PinnedCycle) -> GuardContext:
    """What guards see of this cycle now; read each time, as the national office may amend a date (延期) at any
    moment from any process."""
    rows = s.execute(select(CycleMilestone.key, CycleMilestone.due).where(CycleMilestone.cycle_id == cycle.id))
    milestones = {key: due for key, due in rows}
    extensions: dict[str, dict[str, date]] = {}
    extended = select(MilestoneExtension.province_code, MilestoneExtension.key, MilestoneExtension.due)
    for province, key, due in s.execute(extended.where(MilestoneExtension.cycle_id == cycle.id)):
        extensions.setdefault(province, {})[key] = due
    return GuardContext(
        now=ws.clock.now(),
        programme_id=cycle.programme_id,
        cycle_id=cycle.id,
        edition=cycle.edition,
        milestones=milestones,
        lookups=SessionLookups(s, cycle.id, ws.parsed_overlays),
        extensions=extensions,
        workdays=ws.workdays,
    )


def organisation_facts(org: Organisation) -> OrganisationFacts:
    return OrganisationFacts(
        id=org.id,
        name=org.name,
        kind=org.kind,
        division_code=org.division_code,
        uscc=org.uscc,
        attributes=dict(org.attributes or {}),
    )


NATIONAL_SCOPE = "000000"  # a submitter with no division (a ministry) answers to the national office itself


def application_province(org: Organisation, given: str | None) -> str:
    """The province an application belongs to: the organisation's own, or ``--province`` when it has none."""
    own = organisation_province(org.division_code, org.uscc)
    if given is not None and given != NATIONAL_SCOPE and given not in {d.code for d in registry().provinces()}:
        raise BadInput(f"{given!r} 不是省级行政区划代码（如 320000）", field="province")
    if own is not None and given is not None and given != own:
        raise BadInput(f"{org.name}位于{province_name(own)}，不在{province_name(given)}", field="province")
    if own is None and given is None:
        raise BadInput(f"{org.name}没有行政区划代码，请选择通过哪个省份申报", field="province")
    return own or given  # type: ignore[return-value]


def subject_of(app: Application) -> Subject:
    """The application as the guards see it: the one place an application becomes a :class:`Subject`."""
    facts = organisation_facts(app.organisation)
    return Subject(app.id, app.category, app.stage, app.province_code, facts, app.track)


def draft_subject(category: str, province_code: str, org: Organisation) -> Subject:
    """An application about to be created by ``org``: what its eligibility is judged on."""
    return Subject(None, category, None, province_code, organisation_facts(org))


def get_organisation(s: Session, org_id: int) -> Organisation:
    org = s.get(Organisation, org_id)
    if org is None:
        raise BadInput(f"没有第{org_id}号单位", field="org")
    return org


def eligibility_verdicts(p: Programme, category: str, subject: Subject, ctx: GuardContext) -> list[Verdict]:
    """Every eligibility rule of the category, all evaluated so a refusal lists them all."""
    cat = p.category(category)
    if cat is None:
        raise BadInput(
            f"本项目没有类别 {category!r}",
            field="category",
        )
    verdicts = [get_guard(g.guard)(subject, ctx, g.params, g.rule) for g in cat.eligibility]
    return verdicts + contributed_verdicts(subject, ctx, p.entry.event)  # the province's own standard (A7)


def _track(p: Programme, category: str, track: str | None) -> str | None:
    """The track chosen at application must be one the category offers (A5: GI / traditional knowledge)."""
    if track is None:
        return None
    cat = p.category(category)
    offered = [t.id for t in cat.tracks] if cat else []
    if track not in offered:
        raise BadInput(f"本类别没有申报方向 {track!r}", field="track")
    return track


def apply(
    ws: Workspace, cycle_id: int, category: str, org_id: int, actor: Actor, province_code: str | None = None,
    track: str | None = None,
) -> ApplicationCreated:  # fmt: skip
    """Create an application of ``org_id`` in ``category``, checked against the category's rules; ``track`` is
    a track the category offers (A5's GI county), chosen now and never implied by what is attested later."""
    with ws.transaction(write=True) as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        chosen = _track(p, category, track)
        org = get_organisation(s, org_id)
        province = application_province(org, province_code)
        existing = s.scalar(
            select(Application.id).where(
                Application.cycle_id == cycle.id,
                Application.category == category,
                Application.organisation_id == org.id,
            )
        )
        if existing:
            raise BadInput(f"{org.name}已在本届该类别提交过申报", field="category")
        ctx = guard_context(ws, s, cycle)
        subject = draft_subject(category, province, org)
        verdicts = [authority_verdict(actor, subject, p.entry.roles)]
        if p.entry.window:
            verdicts.append(window_verdict(p, p.entry.window, ctx, province))
        verdicts += eligibility_verdicts(p, category, subject, ctx)
        if not all(v.ok for v in verdicts):
            raise Refused(f"{org.name} may not apply in {category}", verdicts)
        now = ws.clock.now()
        app = Application(
            cycle_id=cycle.id,
            category=category,
            organisation_id=org.id,
            province_code=province,
            stage=p.entry.to,
            track=chosen,
            created_at=now,
            updated_at=now,
        )
        s.add(app)
        s.flush()
        record_move(ws, s, p, app, actor, p.entry.event, None, p.entry.to, None, verdicts)
        return ApplicationCreated(id=app.id, stage=app.stage)


def record_move(
    ws: Workspace,
    s: Session,
    p: Programme,
    app: Application,
    actor: Actor,
    event: str,
    src: str | None,
    dst: str,
    reason: str | None,
    verdicts: list[Verdict],
) -> None:
    """The audit listener's work: append the event, count the move, and swap the left stage's notice timer for
    the new one's."""
    now = ws.clock.now()
    count_move(s, app, src, dst)
    if src is not None and p.stage(src).notice:  # a notice left early (an objection) must not end by itself
        s.execute(
            update(Timer)
            .where(Timer.application_id == app.id, Timer.status == TimerStatus.PENDING)
            .values(status=TimerStatus.CANCELLED, done_at=now, outcome=f"left {src} by {event}")
        )
    values = {
        "application_id": app.id,
        "at": now,
        "actor": str(actor),
        "role": actor.role.value,
        "account": actor.account,
        "event": event,
        "from_stage": src,
        "to_stage": dst,
        "reason": reason,
        "verdicts": [v.as_json() for v in verdicts],
    }
    # a plain INSERT, not an ORM object: the audit row is never read back in the move, and the unit of
    # work's bookkeeping for it was a fifth of a move's cost
    event_id = s.execute(EVENT_INSERT, values).inserted_primary_key[0]  # type: ignore[attr-defined]  # a CursorResult
    after_move(s, p, app, Event(id=event_id, **values), now)  # a detached copy: what the decision records cite
    notice = p.stage(dst).notice
    if notice:
        if notice.shared is NoticeScope.PROVINCE_DAY:  # the province's notice of the day, held or running
            length = notice_length(s, app, notice.working_days)
            shared = notices.join(ws.workdays, s, app, dst, now.date(), length)
            if shared.status == NoticeStatus.RUNNING:
                notices.arm(s, app, shared, notice, f"event:{event_id}:notice")
            return
        s.add(
            Timer(
                key=f"event:{event_id}:notice",
                cycle_id=app.cycle_id,
                application_id=app.id,
                due_at=end_of_day(notice_last_day(ws, now.date(), notice.working_days)),
                event=notice.on_end,
                stages=[dst],
            )
        )


def notice_length(s: Session, app: Application, default: int) -> int:
    """The province's own length of its public notices (its overlay), else the definition's."""
    overlay = SessionLookups(s, app.cycle_id).overlay(app.province_code)
    return overlay.notice_working_days if overlay and overlay.notice_working_days else default


def notice_last_day(ws: Workspace, published: date, working_days: int) -> date:
    """A notice of N working days counts its publication day if that is a working day."""
    return notices.notice_last_day(ws.workdays, published, working_days)


def get_application(s: Session, app_id: int) -> Application:
    """The application with its cycle, pinned definition and organisation, in one query."""
    app = s.get(
        Application,
        app_id,
        options=[joinedload(Application.cycle).joinedload(Cycle.version), joinedload(Application.organisation)],
    )
    if app is None:
        raise BadInput(f"没有第{app_id}号申报")
    return app


def fire_in_session(
    ws: Workspace,
    s: Session,
    app: Application,
    event: str,
    actor: Actor,
    reason: str | None = None,
    lookups: Any = None,
) -> ApplicationMoved:
    """Fire ``event`` on ``app`` inside the caller's transaction (used by ``fire`` and timers).

    ``lookups`` replaces the cycle's own when a programme's guards ask more (a case call's texts).
    """
    pin = pinned_cycle(ws, s, app.cycle_id)  # not app.cycle: its row and pinned text are read once per process
    p = programme_from_snapshot(pin.text)
    if event not in p.events():
        raise BadInput(f"本项目没有办理事项 {event!r}", field="event")
    machine = machine_for(pin.text, app.category)
    if machine.check(event, app.stage) is None:
        mine = {c.transition.event for c in machine.available(app.stage) if actor.role in c.transition.roles}
        possible = ", ".join(sorted(mine)) or "none for this role"
        raise Refused(
            f"{event} is not possible from stage {app.stage}",
            [
                Verdict(
                    False,
                    "STAGE",
                    f"当前阶段（{p.stage(app.stage).title}）不能办理{event}",
                    f"{event} is not possible from stage {app.stage} (possible: {possible})",
                )
            ],
        )
    subject = subject_of(app)
    ctx = guard_context(ws, s, pin)
    move = Move(app.stage, subject, ctx if lookups is None else replace(ctx, lookups=lookups), actor, reason=reason)
    move.on_changed = lambda m, ev, src, dst: _apply_change(ws, s, p, app, m, ev, src, dst, reason)
    if not machine.fire(move, event):
        raise Refused(f"{event} refused for application {app.id}", move.verdicts)
    s.flush()
    return ApplicationMoved(id=app.id, stage=app.stage, from_=move.subject.stage)


def _apply_change(
    ws: Workspace,
    s: Session,
    p: Programme,
    app: Application,
    move: Move,
    event: str,
    src: str,
    dst: str,
    reason: str | None,
) -> None:
    app.stage = dst
    app.updated_at = ws.clock.now()
    record_move(ws, s, p, app, move.actor, event, src, dst, reason, move.verdicts)


LATEST_OVERLAY = (  # the overlay row in force for an application's province and cycle, if any
    select(func.max(OverlayText.id))
    .where(OverlayText.cycle_id == Application.cycle_id, OverlayText.province_code == Application.province_code)
    .correlate(Application)
    .scalar_subquery()
)
MOVE_LOAD = (  # built once: a move's one read, the application with its organisation and overlay row
    select(Application, LATEST_OVERLAY)
    .options(joinedload(Application.organisation))
    .where(Application.id == bindparam("app_id"))
)


def fire(ws: Workspace, app_id: int, event: str, actor: Actor, reason: str | None = None) -> ApplicationMoved:
    """Fire one event on one application as ``actor``, in one transaction."""
    reason = free_text(reason, "reason") or None
    if actor.role is Role.SYSTEM:
        raise BadInput("“系统”身份仅用于到期自动办理的事项", field="actor")
    with ws.transaction(write=True) as s:
        row = s.execute(MOVE_LOAD, {"app_id": app_id}).first()
        if row is None:
            raise BadInput(f"没有第{app_id}号申报")
        app, overlay_id = row
        lookups = SessionLookups(s, app.cycle_id, ws.parsed_overlays)
        lookups.know_overlay(app.province_code, overlay_id)  # read with the application: one query less per move
        return fire_in_session(ws, s, app, event, actor, reason, lookups=lookups)
