"""Lists with names: every application of a cycle with its stage, what is missing and its next deadline.

What every mail that names a list points to (``ipcycle applications list``), so a clerk sees the names,
not only counts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import IO

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from engine.definition.model import Programme
from engine.files.spreadsheet import Column, Sheet, write_workbook
from engine.kernel.clock import to_china_naive
from engine.kernel.errors import BadInput
from engine.kernel.workdays import WorkdayCalendar
from engine.services.applications import notices
from engine.services.applications.stage_moves import SessionLookups
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.results import IsoDatetime, ServiceResult
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
            raise BadInput(f"本项目没有类别 {category!r}", field="category")
        if stage and stage not in {st.id for st in p.stages}:
            raise BadInput(f"本项目没有阶段 {stage!r}", field="stage")
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


APPLICATION_COLUMNS = (
    Column("申报单位", max_width=36),
    Column("类别", max_width=30),
    Column("省份", max_width=12),
    Column("阶段", max_width=20),
    Column("所处阶段起", "datetime"),
    Column("尚缺", min_width=10, max_width=36),
    Column("下一截止日期", "date"),
    Column("截止事项", max_width=24),
    Column("剩余工作日", "int", min_width=8),
)


def applications_sheet(
    ws: Workspace, cycle_id: int, province: str | None = None, category: str | None = None, stage: str | None = None
) -> Sheet:
    """The list as one sheet, titled by the programme, its edition and the province (never a database id); the
    CLI's ``--xlsx`` and the portal's download write this same sheet."""
    lines = list_applications(ws, cycle_id, province, category, stage)
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
    who = province_name(province) if province else ""
    filters = "、".join(x for x in (lines[0].category_name if category and lines else "",
                                    p.stage(stage).title if stage else "") if x)  # fmt: skip
    title = f"{p.title}（{cycle.edition}年）{who}申报清单" + (f"（{filters}）" if filters else "")
    rows = [
        [
            line.organisation,
            line.category_name,
            line.province_name,
            line.stage_title,
            to_china_naive(line.since),
            "；".join(line.missing),
            line.next_deadline,
            line.deadline_title or "",
            line.working_days_left,
        ]
        for line in lines
    ]
    byline = [f"{p.issuer}《{p.title}》（{p.document}）  导出时间：{ws.clock.now():%Y年%-m月%-d日 %H:%M}"]
    return Sheet("申报清单", APPLICATION_COLUMNS, rows, title=title, byline=byline)


def write_applications_xlsx(
    ws: Workspace, cycle_id: int, target: Path | IO[bytes], province: str | None = None,
    category: str | None = None, stage: str | None = None,
) -> None:  # fmt: skip
    """The list as a spreadsheet (to a file for the CLI, to a stream for the portal: the same bytes)."""
    if isinstance(target, Path) and target.suffix.lower() != ".xlsx":
        raise BadInput(f"{target} 的扩展名应为 .xlsx", field="xlsx")
    sheet = applications_sheet(ws, cycle_id, province, category, stage)
    with ws.transaction() as s:
        issuer = cycle_programme(get_cycle(s, cycle_id)).issuer
    write_workbook(target, [sheet], issuer, ws.clock.now(), field_key="xlsx")
