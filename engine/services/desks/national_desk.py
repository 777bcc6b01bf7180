"""What the national office must do next in a cycle, soonest first: its public notices ending, objections to
them waiting, applications waiting for its decision, reports received, timed moves that failed, mail held; in a
case call, the submitters and provinces still short of a minimum. The landing page starts with this list."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from engine.definition.model import Role
from engine.services.applications.worklists import working_days_left
from engine.services.cases.minimums import case_minimums
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.publicity.objections import list_objections
from engine.services.publicity.open_notices import running_notices
from engine.services.shared.results import ServiceResult
from engine.store.core import Application, CycleMilestone, Timer, TimerStatus
from engine.store.outbox import OutboxMessage, OutboxStatus
from engine.store.round import ObjectionStatus
from engine.store.workspace import Workspace


class OfficeTask(ServiceResult):
    """One thing the office owes: what (``kind``, and the stage for applications), how many, by when."""

    kind: str  # applications | notices-ending | objections | reports | timers-failed | mail-held | minimums
    title: str
    count: int
    stage: str | None = None
    due: date | None = None
    working_days_left: int | None = None


def _waiting(ws: Workspace, cycle_id: int, today: date) -> list[OfficeTask]:
    """Applications in each stage where the national office makes the next move, with the window's end."""
    out = []
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        acting = {src for t in p.transitions if Role.NATIONAL in t.roles and t.event != "disqualify"
                  for src in p.sources(t)}  # fmt: skip
        counts = s.execute(
            select(Application.stage, func.count(Application.id))
            .where(Application.cycle_id == cycle_id)
            .group_by(Application.stage)
        )
        dated = select(CycleMilestone.key, CycleMilestone.due).where(CycleMilestone.cycle_id == cycle_id)
        dues: dict[str, date] = {key: due for key, due in s.execute(dated).all()}
        for stage, count in counts:
            if stage not in acting or p.stage(stage).notice is not None:
                continue
            window = next((t.window for t in p.transitions if stage in p.sources(t) and Role.NATIONAL in t.roles
                           and t.window), None)  # fmt: skip
            due = dues.get(p.windows[window].closes) if window else None
            out.append(OfficeTask(kind="applications", title=p.stage(stage).title, count=count, stage=stage, due=due,
                                  working_days_left=working_days_left(ws, today, due)))  # fmt: skip
    return out


def national_todo(ws: Workspace, cycle_id: int, reports_received: int = 0) -> list[OfficeTask]:
    """The office's to-do in one cycle, soonest due first (undated last)."""
    today = ws.clock.now().date()
    out = _waiting(ws, cycle_id, today)
    ending = [n for n in running_notices(ws) if n.kind == "national" and n.cycle == cycle_id]
    if ending:
        soonest = min(n.last_day for n in ending)
        out.append(OfficeTask(kind="notices-ending", title="本局公示期将结束", count=sum(len(n.units) for n in ending),
                              due=soonest, working_days_left=working_days_left(ws, today, soonest)))  # fmt: skip
    waiting = [o for o in list_objections(ws, cycle_id, national=True) if o.status == ObjectionStatus.OPEN]
    if waiting:
        out.append(OfficeTask(kind="objections", title="异议待核实处理", count=len(waiting)))
    if reports_received:
        out.append(OfficeTask(kind="reports", title="已收到省级推荐材料", count=reports_received))
    with ws.transaction() as s:
        timers = select(func.count(Timer.id)).where(Timer.cycle_id == cycle_id, Timer.status == TimerStatus.FAILED)
        failed = s.scalar(timers) or 0
        mail = select(func.count(OutboxMessage.id)).where(OutboxMessage.cycle_id == cycle_id)
        held = s.scalar(mail.where(OutboxMessage.status == OutboxStatus.HELD)) or 0
        is_case_call = cycle_programme(get_cycle(s, cycle_id)).cases is not None
    if failed:
        out.append(OfficeTask(kind="timers-failed", title="到期自动办理失败，待处理", count=failed))
    if held:
        out.append(OfficeTask(kind="mail-held", title="邮件暂停发送，待核查", count=held))
    if is_case_call:
        short = [f for f in case_minimums(ws, cycle_id).shortfalls if f.open]
        if short:
            first = min((f.due for f in short if f.due), default=None)
            out.append(OfficeTask(kind="minimums", title="未达最低报送数", count=len(short), due=first,
                                  working_days_left=working_days_left(ws, today, first)))  # fmt: skip
    return sorted(out, key=lambda t: t.due or date.max)
