"""Changing a date once a cycle is open (延期, A10, B12): for the whole cycle, or extended for one province.

CNIPA moves deadlines by a 补充通知; a typo at opening needs the same. The dates are the cycle's milestone
rows (a province's own later date is a ``milestone_extension``), so windows follow them at once; the
milestone's timers are re-armed (a province's extension gets timers of its own, which the cycle-wide ones
skip); reminders not yet sent are withdrawn so planning dates them anew, while those sent stay sent (their
keys do not name the date, so none goes twice). The change is one audit row with who, when, before, after
and why; the notifications read it to tell everyone concerned. ``confirm=False`` is the preview.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session

from engine.definition.model import Programme
from engine.kernel.errors import BadInput
from engine.kernel.text import free_text
from engine.machine.machine import Actor
from engine.services.programmes.cycles import (
    DATE_SPAN_AFTER,
    DATE_SPAN_BEFORE,
    MilestoneDate,
    check_order,
    cycle_programme,
    cycle_summary,
    end_of_day,
    get_cycle,
)
from engine.services.province.liaison import offices, province_addressee, receipts
from engine.services.shared.reference_audit import ReferenceLine, audit, national_only
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import (
    Application,
    Cycle,
    CycleMilestone,
    MilestoneExtension,
    MilestoneSource,
    Organisation,
    Timer,
    TimerStatus,
    WindowEffect,
)
from engine.store.outbox import OutboxMessage, OutboxStatus
from engine.store.workspace import Workspace
from policies.reference.provinces import province_codes, province_name

AMENDED = MilestoneSource.AMENDED  # a milestone row's source once its date was changed after opening
WEEKDAY_ZH = "一二三四五六日"
UNSENT = (OutboxStatus.PENDING, OutboxStatus.NO_ADDRESS, OutboxStatus.HELD)  # planned with the old date, not sent


class WindowChange(ServiceResult):
    """A window the milestone opens or closes, and whether the change reopens or shuts it today."""

    window: str
    closes_before: date
    closes_after: date
    opens_before: date | None
    opens_after: date | None
    effect: str  # a WindowEffect


class TimerChange(ServiceResult):
    """A timed move of the milestone: its moment before and after, and what becomes of it."""

    key: str
    event: str
    due_before: IsoDatetime | None
    due_after: IsoDatetime | None
    status_before: str | None
    status_after: str


class ReminderChange(ServiceResult):
    """One reminder of the milestone: the day it goes out before and after, and how many already went."""

    audience: str
    offset: int
    send_before: date
    send_after: date
    sent: int


class Party(ServiceResult):
    """Someone told of the change: a provincial office (its liaison if named) or an applicant."""

    recipient: str  # province:320000 | org:17
    name: str
    address: str | None


class MilestoneAmendment(ServiceResult):
    """A date changed (or, unconfirmed, the preview of the change): everything that moves with it."""

    cycle: int
    milestone: str
    title: str
    province: str | None
    before: date
    after: date
    reason: str
    confirmed: bool
    warnings: list[str]
    windows: list[WindowChange]
    timers: list[TimerChange]
    reminders: list[ReminderChange]
    withdrawn: int  # unsent reminders planned with the old date, planned again with the new one
    extensions_dropped: list[str]  # provinces whose own date the cycle's new date catches up with
    told: list[Party]


def _weekday(d: date) -> str:
    return f"{d}（星期{WEEKDAY_ZH[d.weekday()]}）"


def concerned(s: Session, p: Programme, cycle_id: int, province: str | None) -> list[Party]:
    """Who a change of the cycle's dates concerns: every provincial office (or the one province) and every
    applicant with an application still under way (of that province)."""
    names = province_codes()
    codes = [province] if province else list(names)
    own_offices, named = offices(s), receipts(s, cycle_id)
    out = []
    for code in codes:
        label, address = province_addressee(own_offices.get(code), named.get(code), names.get(code, code))
        out.append(Party(recipient=f"province:{code}", name=label, address=address))
    q = (
        select(Organisation.id, Organisation.name, Organisation.email)
        .join(Application, Application.organisation_id == Organisation.id)
        .where(Application.cycle_id == cycle_id, Application.stage.not_in(p.final_stages()))
        .distinct()
        .order_by(Organisation.id)
    )
    if province:
        q = q.where(Application.province_code == province)
    out += [Party(recipient=f"org:{oid}", name=name, address=email) for oid, name, email in s.execute(q)]
    return out


def amend_milestone(
    ws: Workspace,
    cycle_id: int,
    milestone: str,
    due: date,
    reason: str,
    actor: Actor,
    province: str | None = None,
    confirm: bool = True,
) -> MilestoneAmendment:
    """Move a milestone for the whole cycle, or extend it for one province; ``confirm=False`` only previews."""
    national_only(actor, "届次的日期", "a cycle's dates")
    reason = free_text(reason, "reason")
    if not reason:
        raise BadInput("reason: 请说明改期的理由")
    if province is not None and province not in province_codes():
        raise BadInput(f"province: {province!r} 不是省级行政区划代码")
    now = ws.clock.now()
    with ws.transaction(write=True) as s:
        # the cycle's row lock (PostgreSQL): reminder planning of this cycle waits for the change, or it for the plan
        s.execute(select(Cycle.id).where(Cycle.id == cycle_id).with_for_update())
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        rows = {m.key: m for m in s.scalars(select(CycleMilestone).where(CycleMilestone.cycle_id == cycle.id))}
        row = rows.get(milestone)
        if row is None:
            raise BadInput(f"milestone: 本届没有里程碑 {milestone!r}")
        first, last = cycle.edition - DATE_SPAN_BEFORE, cycle.edition + DATE_SPAN_AFTER
        if not first <= due.year <= last:
            raise BadInput(f"due: {due} 不在第{cycle.edition}届的日期范围内")
        extensions = _extensions(s, cycle.id)
        cycle_dates = {k: m.due for k, m in rows.items()}
        own = extensions.get(province, {}) if province else {}
        before = own.get(milestone, row.due) if province else row.due
        if due == before:
            raise BadInput(f"due: {row.title}已是{due}")
        if province and due <= row.due:
            raise BadInput(f"due: 单个省份只能延后；全国日期为{row.due}（如需全国调整，请不选省份）")
        dropped = [] if province else sorted(c for c, d in extensions.items() if milestone in d and d[milestone] <= due)
        if province:
            check_order(p, {**cycle_dates, **own, milestone: due}, f"（{province_name(province)}）")
        else:
            check_order(p, {**cycle_dates, milestone: due})
            for code, dates in extensions.items():
                if code not in dropped:
                    check_order(p, {**cycle_dates, milestone: due, **dates}, f"（{province_name(code)}）")
        warnings = []
        if not ws.workdays.is_working_day(due):
            warnings.append(f"{_weekday(due)}不是工作日（not a working day）")
        if due < now.date():
            warnings.append(f"{due}已过：到期的定时办理将在下次定时运行时执行（the date has passed）")
        timers = _timers(s, cycle.id, milestone, province, due, now, dropped)
        result = MilestoneAmendment(
            cycle=cycle.id,
            milestone=milestone,
            title=row.title,
            province=province,
            before=before,
            after=due,
            reason=reason,
            confirmed=confirm,
            warnings=warnings,
            windows=_windows(p, cycle_dates | own, milestone, before, due, now.date()),
            timers=[change for change, _ in timers],
            reminders=_reminders(ws, s, p, cycle.id, milestone, province, before, due),
            withdrawn=len(_unsent(s, cycle.id, milestone, province)),
            extensions_dropped=dropped,
            told=concerned(s, p, cycle.id, province),
        )
        if not confirm:
            return result
        for _, apply in timers:
            apply()
        s.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(_unsent(s, cycle.id, milestone, province))))
        if province:
            ext = s.scalar(_extension_of(cycle.id, milestone, province))
            if ext is None:
                s.add(MilestoneExtension(cycle_id=cycle.id, key=milestone, province_code=province, due=due))
            else:
                ext.due = due
        else:
            row.due, row.source = due, AMENDED
            if dropped:
                s.execute(
                    delete(MilestoneExtension).where(
                        MilestoneExtension.cycle_id == cycle.id,
                        MilestoneExtension.key == milestone,
                        MilestoneExtension.province_code.in_(dropped),
                    )
                )
        after = {"due": due.isoformat(), "reason": reason, "province": province, "account": actor.account}
        line = ReferenceLine(
            change="changed",
            key=f"{milestone} {province}" if province else milestone,
            before={"due": before.isoformat(), "province": province},
            after={**after, "extensions_dropped": dropped} if dropped else after,
        )
        audit(s, "cycles", cycle.id, [line], f"cycle amend: {reason}"[:300], actor, now)
        return result


def _extension_of(cycle_id: int, milestone: str, province: str) -> Select[MilestoneExtension]:
    return select(MilestoneExtension).where(
        MilestoneExtension.cycle_id == cycle_id,
        MilestoneExtension.key == milestone,
        MilestoneExtension.province_code == province,
    )


def _extensions(s: Session, cycle_id: int) -> dict[str, dict[str, date]]:
    """Province -> milestone -> its own later date."""
    out: dict[str, dict[str, date]] = {}
    for e in s.scalars(select(MilestoneExtension).where(MilestoneExtension.cycle_id == cycle_id)):
        out.setdefault(e.province_code, {})[e.key] = e.due
    return out


def _windows(
    p: Programme, dates: dict[str, date], milestone: str, before: date, after: date, today: date
) -> list[WindowChange]:
    out = []
    for wid, w in p.windows.items():
        if milestone not in (w.opens, w.closes):
            continue
        old = {**dates, milestone: before}
        new = {**dates, milestone: after}

        def is_open(d: dict[str, date], opens: str | None = w.opens, closes: str = w.closes) -> bool:
            return (opens is None or d[opens] <= today) and today <= d[closes]

        was, will = is_open(old), is_open(new)
        effect = (
            WindowEffect.REOPENS
            if will and not was
            else WindowEffect.CLOSES
            if was and not will
            else WindowEffect.UNCHANGED
        )
        out.append(
            WindowChange(
                window=wid,
                closes_before=old[w.closes],
                closes_after=new[w.closes],
                opens_before=old[w.opens] if w.opens else None,
                opens_after=new[w.opens] if w.opens else None,
                effect=effect,
            )
        )
    return out


def _timers(
    s: Session, cycle_id: int, milestone: str, province: str | None, due: date, now: datetime, dropped: list[str]
) -> list[tuple[TimerChange, Callable[[], None]]]:
    """Each timer of the milestone with what the change does to it, and the deed itself (run on confirmation)."""
    prefix = f"cycle:{cycle_id}:milestone:{milestone}:"
    at = end_of_day(due)
    found = list(s.scalars(select(Timer).where(Timer.cycle_id == cycle_id, Timer.key.startswith(prefix))))
    wide = [t for t in found if t.province_code is None]
    mine = {t.key: t for t in found if t.province_code is not None}
    out: list[tuple[TimerChange, Callable[[], None]]] = []

    def rearm(t: Timer) -> None:
        t.due_at = at
        if t.status in (TimerStatus.DONE, TimerStatus.CANCELLED) and at > now:
            t.status, t.done_at = TimerStatus.PENDING, None
            t.outcome = f"re-armed for {due}; before: {t.outcome}"[:2000]

    def cancel(t: Timer) -> None:
        t.status, t.done_at, t.outcome = TimerStatus.CANCELLED, now, f"the cycle's date is now {due}"

    def after_status(t: Timer | None) -> str:
        if t is None or t.status in (TimerStatus.DONE, TimerStatus.CANCELLED):
            return TimerStatus.PENDING if at > now else (t.status if t else TimerStatus.PENDING)
        return t.status

    for t in wide:
        if province is None:
            change = TimerChange(key=t.key, event=t.event, due_before=t.due_at, due_after=at,
                                 status_before=t.status, status_after=after_status(t))  # fmt: skip
            out.append((change, partial(rearm, t)))
            continue
        key = f"{t.key}:province:{province}"
        existing = mine.get(key)
        change = TimerChange(
            key=key,
            event=t.event,
            due_before=existing.due_at if existing else None,
            due_after=at,
            status_before=existing.status if existing else None,
            status_after=after_status(existing),
        )
        if existing is not None:
            out.append((change, partial(rearm, existing)))
        else:
            new = Timer(key=key, cycle_id=cycle_id, due_at=at, event=t.event, stages=list(t.stages),
                        province_code=province)  # fmt: skip
            out.append((change, partial(s.add, new)))
    for code in dropped:  # the cycle's date caught up with a province's own: its timers give way to the cycle's
        for key, t in mine.items():
            if t.province_code == code and t.status == TimerStatus.PENDING:
                change = TimerChange(key=key, event=t.event, due_before=t.due_at, due_after=None,
                                     status_before=t.status, status_after=TimerStatus.CANCELLED)  # fmt: skip
                out.append((change, partial(cancel, t)))
    return out


def _recipients_of(s: Session, cycle_id: int, province: str) -> list[str]:
    orgs = select(Application.organisation_id).where(
        Application.cycle_id == cycle_id, Application.province_code == province
    )
    return [f"province:{province}", *(f"org:{i}" for i in s.scalars(orgs.distinct()))]


def _mails_of(s: Session, cycle_id: int, milestone: str, province: str | None) -> Select[int]:
    q = select(OutboxMessage.id).where(OutboxMessage.cycle_id == cycle_id, OutboxMessage.milestone == milestone)
    if province:  # its offices' and applicants' mails, and the national office's reports on its own date
        national = (OutboxMessage.recipient == "national") & OutboxMessage.key.endswith(f"/{province}")
        q = q.where(or_(OutboxMessage.recipient.in_(_recipients_of(s, cycle_id, province)), national))
    return q


def _unsent(s: Session, cycle_id: int, milestone: str, province: str | None) -> list[int]:
    """Reminders planned with the old date and not yet sent (nor being sent): planned again after the change."""
    return list(s.scalars(_mails_of(s, cycle_id, milestone, province).where(OutboxMessage.status.in_(UNSENT))))


def _reminders(
    ws: Workspace,
    s: Session,
    p: Programme,
    cycle_id: int,
    milestone: str,
    province: str | None,
    before: date,
    after: date,
) -> list[ReminderChange]:
    out = []
    for rule in p.reminders:
        if rule.milestone != milestone:
            continue
        for offset in rule.working_days_before:
            q = (
                _mails_of(s, cycle_id, milestone, province)
                .where(
                    OutboxMessage.audience == rule.audience,
                    OutboxMessage.offset_days == offset,
                    OutboxMessage.status == OutboxStatus.SENT,
                )
                .with_only_columns(func.count())
            )
            out.append(
                ReminderChange(
                    audience=rule.audience,
                    offset=offset,
                    send_before=ws.workdays.reminder_day(before, offset),
                    send_after=ws.workdays.reminder_day(after, offset),
                    sent=s.scalar(q) or 0,
                )
            )
    return out


class ProvinceDate(ServiceResult):
    """A province's own later date for a milestone."""

    province: str
    milestone: str
    title: str
    due: date


class CycleDates(ServiceResult):
    """A cycle's dates as they stand (each with its origin), every province's own, and the timed moves' titles."""

    cycle: int
    title: str
    edition: int
    milestones: list[MilestoneDate]
    extensions: list[ProvinceDate]
    event_titles: dict[str, str]


def cycle_dates(ws: Workspace, cycle_id: int) -> CycleDates:
    """What a page shows before a date is changed."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        summary = cycle_summary(s, cycle)
        p = cycle_programme(cycle)
        titles = {m.id: m.title for m in p.milestones}
        stages = {st.id: st.title for st in p.stages}
        rows = s.scalars(
            select(MilestoneExtension)
            .where(MilestoneExtension.cycle_id == cycle_id)
            .order_by(MilestoneExtension.province_code, MilestoneExtension.key)
        )
        return CycleDates(
            cycle=cycle.id,
            title=summary.title,
            edition=cycle.edition,
            milestones=summary.milestones,
            extensions=[
                ProvinceDate(province=e.province_code, milestone=e.key, title=titles.get(e.key, e.key), due=e.due)
                for e in rows
            ],
            event_titles={t.event: t.title or f"转入“{stages.get(t.to, t.to)}”" for t in p.transitions},
        )
