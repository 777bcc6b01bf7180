"""Lists with names: every application of a cycle with its stage, what is missing and its next deadline.

What every mail that names a list points to (``ipcycle applications list``), so a clerk sees the names,
not only counts.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from engine.definition.model import Programme
from engine.files.roundlists import write_list_xlsx
from engine.kernel.errors import BadInput
from engine.kernel.workdays import WorkdayCalendar
from engine.services.applications import notices
from engine.services.applications.stage_moves import SessionLookups
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.results import IsoDatetime, ServiceResult
from engine.store.core import Application, CycleMilestone, Event
from engine.store.round import NoticeStatus
from engine.store.workspace import Workspace
from policies.reference.provinces import province_name


class ApplicationLine(ServiceResult):
    """One application as a list shows it: who, what, where it stands since when, what is missing, what is next."""

    id: int
    organisation: str
    category: str
    category_name: str
    province: str
    province_name: str
    stage: str
    stage_title: str
    since: IsoDatetime
    missing: list[str]
    next_deadline: date | None
    deadline_title: str | None
    working_days_left: int | None


def _missing(lookups: SessionLookups, p: Programme, app: Application) -> list[str]:
    out = []
    if app.stage == p.entry.to:
        out += [f"材料：{m.title}" for m in lookups.materials(app.id) if not m.present]
        out += [f"承诺第{d.number}项条件" for d in lookups.declarations(app.id) if not d.attested]
    elif any(t.event == "recommend" and app.stage in p.sources(t) for t in p.transitions_for(app.category)):
        open_ = [str(d.number) for d in lookups.declarations(app.id) if d.attested and d.met is None]
        if open_:
            out.append(f"省级审核意见：第{'、'.join(open_)}项条件")
    return out


def _deadline(
    s: Session, p: Programme, app: Application, milestones: dict[str, tuple[date, str]]
) -> tuple[date | None, str | None]:
    for st in p.shared_notices():
        if app.stage in (st.id, st.notice.objection_stage if st.notice else None):
            n = notices.notice_of(s, app.id, st.id)
            if n is not None:
                held = "（异议处理中，暂停）" if n.status == NoticeStatus.HELD else ""
                return n.last_day, f"{st.title}期满{held}"
    dues = [
        milestones[p.windows[t.window].closes]
        for t in p.transitions_for(app.category)
        if t.window and app.stage in p.sources(t) and p.windows[t.window].closes in milestones
    ]
    return min(dues) if dues else (None, None)


def _left(workdays: WorkdayCalendar, today: date, due: date) -> int:
    """Working days from today (counted if it is one) to the due day, both included; 0 once it has passed."""
    if due < today:
        return 0
    return notices.working_days_between(workdays, today, due) + int(workdays.is_working_day(today))


def list_applications(
    ws: Workspace,
    cycle_id: int,
    province: str | None = None,
    category: str | None = None,
    stage: str | None = None,
) -> list[ApplicationLine]:
    """The cycle's applications (optionally of one province, category or stage), by province then id."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        if category and p.category(category) is None:
            raise BadInput(f"--category: unknown {category!r} (known: {', '.join(c.id for c in p.categories)})")
        if stage and stage not in {st.id for st in p.stages}:
            raise BadInput(f"--stage: unknown {stage!r} (known: {', '.join(st.id for st in p.stages)})")
        q = select(Application).options(joinedload(Application.organisation)).where(Application.cycle_id == cycle.id)
        if province:
            q = q.where(Application.province_code == province)
        if category:
            q = q.where(Application.category == category)
        if stage:
            q = q.where(Application.stage == stage)
        apps = list(s.scalars(q.order_by(Application.province_code, Application.id)))
        since = dict(
            s.execute(
                select(Event.application_id, func.max(Event.at))
                .where(Event.application_id.in_([a.id for a in apps]))
                .group_by(Event.application_id)
            ).all()
        )
        milestones = {
            m.key: (m.due, m.title)
            for m in s.scalars(select(CycleMilestone).where(CycleMilestone.cycle_id == cycle.id))
        }
        lookups, today = SessionLookups(s, cycle.id), ws.clock.now().date()
        out = []
        for app in apps:
            due, title = _deadline(s, p, app, milestones)
            cat = p.category(app.category)
            out.append(
                ApplicationLine(
                    id=app.id,
                    organisation=app.organisation.name,
                    category=app.category,
                    category_name=cat.name if cat else app.category,
                    province=app.province_code,
                    province_name=province_name(app.province_code),
                    stage=app.stage,
                    stage_title=p.stage(app.stage).title,
                    since=since.get(app.id, app.updated_at),
                    missing=_missing(lookups, p, app),
                    next_deadline=due,
                    deadline_title=title,
                    working_days_left=None if due is None else _left(ws.workdays, today, due),
                )
            )
        return out


def write_applications_xlsx(lines: list[ApplicationLine], path: Path, title: str, exported: datetime) -> None:
    """The same list as a spreadsheet (text cells stay text)."""
    if path.suffix.lower() != ".xlsx":
        raise BadInput(f"--xlsx: {path} should end in .xlsx")
    headers = [
        ("申报编号", 10),
        ("申报单位", 32),
        ("类别", 30),
        ("省份", 12),
        ("阶段", 24),
        ("自", 18),
        ("尚缺", 40),
        ("下一截止日期", 14),
        ("剩余工作日", 10),
    ]
    rows: list[list[str | int]] = [
        [
            line.id,
            line.organisation,
            line.category_name,
            line.province_name,
            line.stage_title,
            f"{line.since:%Y-%m-%d %H:%M}",
            "；".join(line.missing),
            f"{line.next_deadline}（{line.deadline_title}）" if line.next_deadline else "",
            "" if line.working_days_left is None else line.working_days_left,
        ]
        for line in lines
    ]
    try:
        write_list_xlsx(path, title, [f"导出：{exported:%Y-%m-%d %H:%M}"], headers, rows)
    except OSError as exc:
        raise BadInput(f"--xlsx: cannot write {path}: {exc}") from None
