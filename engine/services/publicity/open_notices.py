"""The public notices running now, as the public sees them: a province's shared notice or one of the national
office's own, its units and its last day. Nothing of an internal programme (C7: 此件不公开) is ever listed."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from engine.definition.model import NoticeScope, Programme, Visibility
from engine.services.applications import notices
from engine.services.programmes.cycles import cycle_programme, day_of_deadline, pinned_cycle
from engine.services.shared.results import ServiceResult
from engine.store.core import Application, Event, PinnedCycle, Timer, TimerStatus
from engine.store.round import (
    NoticeMember,
    NoticeStatus,
    Objection,
    ObjectionStatus,
    PublicNotice,
)
from engine.store.workspace import Workspace
from policies.reference.provinces import province_name


class NoticedUnit(ServiceResult):
    """An application under a notice, as the public sees it: the unit, its category."""

    application: int
    organisation: str
    category: str
    held: bool = False  # its notice (a national one, of this unit alone) is held by an objection being verified


class RunningNotice(ServiceResult):
    """A public notice (公示) now running: whose, which stage, its period and the working days left."""

    key: str  # "p12" a province's shared notice; "n3-selection_notice-2026-05-08" a national one
    kind: str  # provincial | national
    cycle: int
    programme: str
    edition: int
    province: str | None
    stage: str
    published_on: date
    last_day: date
    days_left: int
    held: bool
    objection_form: bool  # the public form takes objections to this notice
    units: list[NoticedUnit]


def _public(p: Programme) -> bool:
    return p.visibility is Visibility.PUBLIC


def _working_days_left(ws: Workspace, today: date, last_day: date) -> int:
    """Working days from today to the last day, both counted (0 once it has passed)."""
    return notices.working_days_between(ws.workdays, today - timedelta(days=1), last_day)


def _units(s: Session, p: Programme, apps: list[Application], held: frozenset[int] = frozenset()) -> list[NoticedUnit]:
    names = {c.id: c.name for c in p.categories}
    return [
        NoticedUnit(
            application=a.id,
            organisation=a.organisation.name,
            category=names.get(a.category, a.category),
            held=a.id in held,
        )  # fmt: skip
        for a in apps
    ]


def _provincial(
    ws: Workspace, s: Session, today: date, notice: PublicNotice, cycle: PinnedCycle, p: Programme
) -> RunningNotice | None:
    stage = p.stage(notice.stage)
    objection_stage = stage.notice.objection_stage if stage.notice else None
    q = (
        select(Application)
        .join(NoticeMember, NoticeMember.application_id == Application.id)
        .where(NoticeMember.notice_id == notice.id, Application.stage.in_([notice.stage, objection_stage or ""]))
        .order_by(Application.id)
        .options(joinedload(Application.organisation))  # each unit's name: one query, not one per unit
    )
    apps = list(s.scalars(q))
    held = notice.status == NoticeStatus.HELD
    if not apps or (not held and notice.last_day < today):
        return None
    return RunningNotice(
        key=f"p{notice.id}",
        kind="provincial",
        cycle=cycle.id,
        programme=p.title,
        edition=cycle.edition,
        province=province_name(notice.province_code),
        stage=stage.title,
        published_on=notice.published_on,
        last_day=notice.last_day,
        days_left=(notice.days_left or 0) if held else _working_days_left(ws, today, notice.last_day),
        held=held,
        objection_form=notice.published_on <= today,
        units=_units(s, p, apps),
    )


def _national(ws: Workspace, s: Session, today: date) -> list[RunningNotice]:
    """Notices of one application each (selection, acceptance): grouped by cycle, stage and last day."""
    rows = s.execute(
        select(Timer, Application)
        .join(Application, Application.id == Timer.application_id)
        .where(Timer.status == TimerStatus.PENDING, Timer.event == "end_notice")
        .order_by(Timer.due_at, Application.id)
        .options(joinedload(Application.organisation))
    ).all()
    groups: dict[tuple[int, str, date], list[Application]] = {}
    for timer, app in rows:
        if app.stage in timer.stages and not app.stage.startswith("provincial"):
            groups.setdefault((app.cycle_id, app.stage, day_of_deadline(timer.due_at)), []).append(app)
    # a unit whose own notice an objection holds stays listed with the notice it was published in, marked held
    held_rows = s.execute(
        select(Objection, Application)
        .join(Application, Application.id == Objection.application_id)
        .where(Objection.notice_id.is_(None), Objection.status == ObjectionStatus.OPEN)
        .order_by(Objection.id)
        .options(joinedload(Application.organisation))
    ).all()
    held: set[int] = set()
    for objection, app in held_rows:
        period = cycle_programme(pinned_cycle(ws, s, app.cycle_id)).stage(objection.notice_stage or "").notice
        if app.id not in held and period and app.stage == period.objection_stage and objection.notice_last_day:
            held.add(app.id)
            key = (app.cycle_id, objection.notice_stage or "", objection.notice_last_day)
            groups.setdefault(key, []).append(app)
    out = []
    for (cycle_id, stage_id, last_day), apps in groups.items():
        cycle = pinned_cycle(ws, s, cycle_id)
        p = cycle_programme(cycle)
        stage = p.stage(stage_id)
        if not _public(p) or stage.notice is None or stage.notice.shared is not NoticeScope.APPLICATION:
            continue
        entered = s.scalar(
            select(func.max(Event.at)).where(Event.application_id.in_([a.id for a in apps]), Event.to_stage == stage_id)
        )
        published = notices.first_day(ws.workdays, entered.date() if entered else today)
        out.append(
            RunningNotice(
                key=f"n{cycle_id}-{stage_id}-{last_day.isoformat()}",
                kind="national",
                cycle=cycle_id,
                programme=p.title,
                edition=cycle.edition,
                province=None,
                stage=stage.title,
                published_on=published,
                last_day=last_day,
                days_left=_working_days_left(ws, today, last_day),
                held=all(a.id in held for a in apps),
                objection_form=stage.notice.objection_stage is not None and published <= today,
                units=_units(s, p, sorted(apps, key=lambda a: a.id), frozenset(held)),
            )
        )
    return out


def running_notices(ws: Workspace) -> list[RunningNotice]:
    """Every notice now running (or held by an objection) of a public programme, provincial ones first."""
    today = ws.clock.now().date()
    out: list[RunningNotice] = []
    with ws.transaction() as s:
        rows = s.scalars(
            select(PublicNotice)
            .where((PublicNotice.status == NoticeStatus.HELD) | (PublicNotice.last_day >= today))
            .order_by(PublicNotice.province_code, PublicNotice.published_on, PublicNotice.id)
        ).all()
        for notice in rows:
            cycle = pinned_cycle(ws, s, notice.cycle_id)  # the pinned definition, read once per process
            p = cycle_programme(cycle)
            if not _public(p):
                continue
            found = _provincial(ws, s, today, notice, cycle, p)
            if found is not None:
                out.append(found)
        out += _national(ws, s, today)
    return out


def running_notice(ws: Workspace, key: str) -> RunningNotice | None:
    """One running notice by its key, or None (also for a notice of an internal programme, or one that ended)."""
    return next((n for n in running_notices(ws) if n.key == key), None)
