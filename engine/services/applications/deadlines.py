"""The one date that matters now for an application, whatever its stage: the end of the public notice it is
under, else the nearest milestone that closes a move out of its stage or acts on it when due (the
application window for a draft, the province's report date while it is reviewed or under notice, …).

Every list row shows it, so an applicant waiting on its province still sees when the province must act.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.model import Programme, Role
from engine.services.shared.results import ServiceResult
from engine.store.core import Application, CycleMilestone, MilestoneExtension
from engine.store.round import NoticeMember, NoticeStatus, PublicNotice
from engine.store.workspace import Workspace

NOTICE_END = "公示期满"
NOTICE_HELD = "公示暂停（异议处理中）"


class RowDeadline(ServiceResult):
    """What the date is (a milestone's title, or the notice's end) and when it falls."""

    title: str
    due: date
    working_days_left: int


def working_days_left(ws: Workspace, today: date, due: date | None) -> int | None:
    """Working days from today (counted if it is one) to the due day inclusive; negative once it has passed."""
    if due is None:
        return None
    first, last, sign = (today, due, 1) if due >= today else (due + timedelta(days=1), today, -1)
    days = (first + timedelta(days=n) for n in range((last - first).days + (1 if sign > 0 else 0)))
    return sign * sum(1 for d in days if ws.workdays.is_working_day(d))


def stage_milestones(p: Programme, stage: str) -> list[str]:
    """Milestones that bear on ``stage``: those closing a window of a move out of it, and those whose
    due day fires a move out of it (a draft expires, an unreported application closes)."""
    keys = [
        p.windows[t.window].closes
        for t in p.transitions
        if t.window and stage in p.sources(t) and Role.SYSTEM not in t.roles
    ]
    keys += [m.id for m in p.milestones if any(stage in timed.from_ for timed in m.on_due)]
    return list(dict.fromkeys(keys))


def _notice_ends(s: Session, app_ids: Iterable[int]) -> dict[tuple[int, str], tuple[date, bool]]:
    """(application, stage) → the last day of the notice it is in and whether an objection holds it."""
    rows = s.execute(
        select(NoticeMember.application_id, PublicNotice.stage, PublicNotice.last_day, PublicNotice.status)
        .join(PublicNotice, PublicNotice.id == NoticeMember.notice_id)
        .where(NoticeMember.application_id.in_(list(app_ids)))
    )
    return {(a, stage): (last, status == NoticeStatus.HELD) for a, stage, last, status in rows}


def row_deadlines(ws: Workspace, s: Session, apps: list[tuple[Application, Programme]]) -> dict[int, RowDeadline]:
    """Each application's deadline that matters now (absent when none bears on its stage)."""
    today = ws.clock.now().date()
    cycles = {a.cycle_id for a, _p in apps}
    dues: dict[tuple[int, str], tuple[str, date]] = {
        (c, key): (title, due)
        for c, key, title, due in s.execute(
            select(CycleMilestone.cycle_id, CycleMilestone.key, CycleMilestone.title, CycleMilestone.due).where(
                CycleMilestone.cycle_id.in_(cycles)
            )
        )
    }
    extended = {
        (c, key, province): due
        for c, key, province, due in s.execute(
            select(
                MilestoneExtension.cycle_id, MilestoneExtension.key, MilestoneExtension.province_code,
                MilestoneExtension.due,
            ).where(MilestoneExtension.cycle_id.in_(cycles))
        )
    }  # fmt: skip
    notices = _notice_ends(s, [a.id for a, p in apps if p.stage(a.stage).notice])
    out: dict[int, RowDeadline] = {}
    for app, p in apps:
        found = notices.get((app.id, app.stage))
        if found and p.stage(app.stage).notice:
            last, held = found
            title = NOTICE_HELD if held else NOTICE_END
            out[app.id] = RowDeadline(title=title, due=last, working_days_left=working_days_left(ws, today, last) or 0)
            continue
        dated = []
        for key in stage_milestones(p, app.stage):
            if (app.cycle_id, key) in dues:
                title, due = dues[(app.cycle_id, key)]
                dated.append((extended.get((app.cycle_id, key, app.province_code), due), title))
        if not dated:
            continue
        coming = sorted(d for d in dated if d[0] >= today)
        due, title = coming[0] if coming else max(dated)
        out[app.id] = RowDeadline(title=title, due=due, working_days_left=working_days_left(ws, today, due) or 0)
    return out
