"""Shared public notices (公示): one per province and working day, held by objections, ended by timers.

The engine's audit listener (``stage_moves.record_move``) puts an application entering a shared notice
stage into its notice here; the objection service holds and releases the notice. Timers stay per
application, so the scheduler's tick needs to know nothing about notices.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.definition.model import AfterDismissal, NoticePeriod
from engine.kernel.workdays import WorkdayCalendar
from engine.services.programmes.cycles import end_of_day
from engine.store.core import Application, Timer, TimerStatus
from engine.store.round import NoticeMember, NoticeStatus, PublicNotice


def first_day(workdays: WorkdayCalendar, published: date) -> date:
    """A notice published on a day off starts on the next working day."""
    return published if workdays.is_working_day(published) else workdays.add_working_days(published, 1)


def notice_last_day(workdays: WorkdayCalendar, published: date, working_days: int) -> date:
    """A notice of N working days counts its publication day if that is a working day."""
    return workdays.add_working_days(first_day(workdays, published), working_days - 1)


def working_days_between(workdays: WorkdayCalendar, after: date, until: date) -> int:
    """Working days d with ``after`` < d <= ``until`` (0 when ``until`` is not later)."""
    n, d = 0, after
    while d < until:
        d = workdays.add_working_days(d, 1)
        n += d <= until
    return n


def notice_of(s: Session, app_id: int, stage: str) -> PublicNotice | None:
    """The shared notice of ``stage`` the application was published in, if any."""
    q = (
        select(PublicNotice)
        .join(NoticeMember, NoticeMember.notice_id == PublicNotice.id)
        .where(NoticeMember.application_id == app_id, PublicNotice.stage == stage)
        .order_by(PublicNotice.id.desc())
        .limit(1)
    )
    return s.scalars(q).first()


def join(workdays: WorkdayCalendar, s: Session, app: Application, stage: str, today: date, length: int) -> PublicNotice:
    """The notice the application is in: its own again (back after a dismissal), or today's of its province."""
    mine = notice_of(s, app.id, stage)
    if mine is not None:
        return mine
    published = first_day(workdays, today)
    # Several instances: two clerks may publish the province's first recommendations of the day at once (two
    # categories, so no common quota row). The notice is created if missing, a concurrent creation being a
    # no-op, then read locked: a member joins it only after an objection that holds it has committed.
    values = {
        "cycle_id": app.cycle_id,
        "province_code": app.province_code,
        "stage": stage,
        "published_on": published,
        "working_days": length,
        "last_day": notice_last_day(workdays, published, length),
        "status": NoticeStatus.RUNNING,
        "holds": 0,
    }
    unique = ["cycle_id", "province_code", "stage", "published_on"]
    today_s = select(PublicNotice).where(*(getattr(PublicNotice, c) == values[c] for c in unique)).with_for_update()
    notice = s.scalars(today_s).first()  # the common case: the day's notice is there (one statement)
    if notice is None:
        insert = postgresql.insert if s.get_bind().dialect.name == "postgresql" else sqlite.insert
        s.execute(insert(PublicNotice).values(values).on_conflict_do_nothing(index_elements=unique))
        notice = s.scalars(today_s).one()
    s.add(NoticeMember(notice_id=notice.id, application_id=app.id))
    s.flush()
    return notice


def members_in(s: Session, notice: PublicNotice, stage: str) -> list[Application]:
    q = (
        select(Application)
        .join(NoticeMember, NoticeMember.application_id == Application.id)
        .where(NoticeMember.notice_id == notice.id, Application.stage == stage)
        .order_by(Application.id)
    )
    return list(s.scalars(q))


def hold(workdays: WorkdayCalendar, s: Session, notice: PublicNotice, received: date, period: NoticePeriod) -> None:
    """An objection holds the whole notice from the day it was received: no member's notice ends meanwhile."""
    if notice.status == NoticeStatus.HELD:
        return
    notice.status = NoticeStatus.HELD
    notice.held_on = received
    notice.days_left = working_days_between(workdays, received, notice.last_day)
    notice.holds += 1
    ids = [a.id for a in members_in(s, notice, notice.stage)]
    s.execute(
        update(Timer)
        .where(Timer.application_id.in_(ids), Timer.status == TimerStatus.PENDING, Timer.event == period.on_end)
        .values(status=TimerStatus.CANCELLED, outcome=f"notice {notice.id} held by an objection")
    )


def release(
    workdays: WorkdayCalendar, s: Session, notice: PublicNotice, today: date, period: NoticePeriod, except_app: int
) -> date:
    """The last objection is resolved: the notice runs again (its remaining days, or anew) and its members'
    timers are armed again (``except_app`` returns to the notice by its own move, which arms its own)."""
    if period.after_dismissal is AfterDismissal.RESTART:
        notice.last_day = workdays.add_working_days(today, notice.working_days)
    else:
        left = notice.days_left or 0
        notice.last_day = workdays.add_working_days(today, left) if left else today
    notice.status, notice.held_on, notice.days_left = NoticeStatus.RUNNING, None, None
    for app in members_in(s, notice, notice.stage):
        if app.id != except_app:
            arm(s, app, notice, period, f"notice:{notice.id}:release:{notice.holds}:app:{app.id}")
    return notice.last_day


def arm(s: Session, app: Application, notice: PublicNotice, period: NoticePeriod, key: str) -> None:
    """The timer that ends the application's notice at the end of the notice's last day."""
    s.add(
        Timer(
            key=key,
            cycle_id=app.cycle_id,
            application_id=app.id,
            due_at=end_of_day(notice.last_day),
            event=period.on_end,
            stages=[notice.stage],
        )
    )
