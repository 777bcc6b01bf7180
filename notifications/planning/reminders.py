"""Reminder planning: which reminder is due when, for whom, rendered, into the outbox.

A rule's offsets become dated *occasions* on China's working-day calendar (09:00 on the day).
At any moment only a rule's latest occasion that has come and not yet lapsed is due: that is
the catch-up after downtime (sent once, late) and it never mails three reminders at once for
the same deadline. Before-deadline reminders lapse at the deadline; overdue notices a few
working days after their day. Preview runs the same planning forward over the days to come.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.definition.model import Programme
from engine.kernel.errors import BadInput
from engine.kernel.workdays import WorkdayCalendar
from engine.services.programmes.cycles import cycle_programme, end_of_day, get_cycle
from engine.store.core import Cycle, CycleMilestone, CycleStatus, MilestoneExtension
from engine.store.outbox import OutboxMessage, OutboxStatus
from engine.store.workspace import Workspace, busy_database
from notifications.outbox.mail_queue import Mail, enqueue
from notifications.planning.audiences import audience
from notifications.planning.national import (
    NATIONAL,
    failed_timers,
    national_address,
    national_name,
    undeliverable,
    warn_if_unaddressed,
)
from notifications.planning.owing import MAX_LISTED, Owing
from notifications.render import FormLetters, contacts_of, programme_context

logger = logging.getLogger("ipcycle.planning")
SEND_AT = time(9, 0)
Extensions = dict[str, dict[str, date]]  # milestone -> province -> its own later date
OVERDUE_VALID_WORKING_DAYS = 3


@dataclass(frozen=True)
class Occasion:
    """One offset of one reminder rule, dated: when it is sent and until when it may be."""

    rule: int
    audience: str
    milestone: str
    milestone_title: str
    due: date
    offset: int
    send_on: date
    expires_at: datetime
    final: bool
    province: str | None = None  # an occasion of one province's extended date: for its recipients only
    extended: frozenset[str] = frozenset()  # the cycle-wide occasion: provinces with a date of their own skip it

    @property
    def send_at(self) -> datetime:
        return datetime.combine(self.send_on, SEND_AT)


def occasions(
    ws: Workspace, p: Programme, milestones: dict[str, CycleMilestone], extensions: Extensions | None = None
) -> list[Occasion]:
    """Every rule's offsets dated: on the cycle's date, and on each province's own date where it was extended."""
    out = []
    for i, rule in enumerate(p.reminders):
        m = milestones.get(rule.milestone)
        if m is None:
            continue
        own = (extensions or {}).get(m.key, {})
        dates: list[tuple[date, str | None]] = [(m.due, None), *((d, code) for code, d in sorted(own.items()))]
        for due, province in dates:
            for offset in rule.working_days_before:
                day = ws.workdays.reminder_day(due, offset)
                if offset >= 0:
                    expires = end_of_day(due)
                else:
                    expires = end_of_day(ws.workdays.add_working_days(day, OVERDUE_VALID_WORKING_DAYS))
                final = offset == min(rule.working_days_before)
                skip = frozenset(own) if province is None else frozenset()
                out.append(Occasion(i, rule.audience, m.key, m.title, due, offset, day, expires, final, province, skip))
    return out


def due_at(occs: list[Occasion], now: datetime) -> list[Occasion]:
    """Per rule, the latest occasion that has come and not lapsed (earlier ones are superseded)."""
    latest: dict[tuple[int, str | None], Occasion] = {}
    for o in occs:
        if o.send_at <= now:
            best = latest.get((o.rule, o.province))
            if best is None or (o.send_on, -o.offset) > (best.send_on, -best.offset):
                latest[(o.rule, o.province)] = o
    return [o for o in latest.values() if now < o.expires_at]


def _remaining(workdays: WorkdayCalendar, today: date, due: date) -> int:
    n, d = 0, today
    while d < due:
        d += timedelta(days=1)
        n += workdays.is_working_day(d)
    return n


def _context(ws: Workspace, p: Programme, occ: Occasion, today: date) -> dict[str, Any]:
    years = sorted({today.year, occ.due.year})
    fallback = [y for y in years if ws.workdays.source(y) == "weekdays"]
    years_cn = "、".join(map(str, fallback))
    note = f"注：{years_cn}年法定节假日安排尚未载入，工作日暂按周一至周五计算。" if fallback else ""
    return {
        **programme_context(p),
        "milestone_title": occ.milestone_title,
        "due": occ.due,
        "offset": occ.offset,
        "remaining": _remaining(ws.workdays, today, occ.due),
        "today": today,
        "calendar_note": note,
    }


def key_of(cycle_id: int, occ: Occasion, recipient: str, kind: str | None = None) -> str:
    base = f"c{cycle_id}/{occ.milestone}/{occ.audience}/{occ.offset}/{recipient}"
    if kind and occ.province:  # the national office's reports on one province's own date
        kind = f"{kind}/{occ.province}"
    return f"{base}/{kind}" if kind else base


def concerns(occ: Occasion, o: Owing) -> bool:
    """Whether an owing recipient is reminded on this occasion: its province's own date, or the cycle's."""
    return o.province_code == occ.province if occ.province else o.province_code not in occ.extended


def compose(
    ws: Workspace, s: Session, p: Programme, cycle: Cycle, occ: Occasion, today: date, skip: dict[str, str]
) -> tuple[list[Mail], list[Owing]]:
    """The mails an occasion calls for now (keys in ``skip`` are not rendered again), and who owes."""
    a = audience(occ.audience)
    if a is None:
        return [], []
    owing = [o for o in a.owing(ws, s, p, cycle, occ.milestone) if concerns(occ, o)]
    base = _context(ws, p, occ, today)
    send_after = max(occ.send_at, datetime.combine(today, SEND_AT))
    mails: list[Mail] = []
    letters: dict[str, FormLetters] = {}  # per kind: the occasion's mails differ in name and items only
    cycle_id = cycle.id  # an ORM attribute, read once and not three times a mail

    def add(
        kind: str,
        recipient: str,
        name: str,
        address: str | None,
        key: str,
        extra: dict[str, Any],
        apps: tuple[int, ...] = (),
    ) -> None:
        form = letters.get(kind) or letters.setdefault(kind, FormLetters(kind, base))
        subject, text, html = form.render({"recipient_name": name, **extra})
        # fmt: off
        mails.append(Mail(key=key, cycle_id=cycle_id, kind=kind, audience=occ.audience, milestone=occ.milestone,
                          offset_days=occ.offset, recipient=recipient, recipient_name=name, address=address,
                          subject=subject, body_text=text, body_html=html, send_after=send_after,
                          expires_at=occ.expires_at, applications=apps, link=_link(kind, cycle_id)))
        # fmt: on

    contacts: dict[tuple[str, ...], Any] = {}  # one list per set of groups: the form letters' shape key reuses it
    for o in owing:
        key = key_of(cycle_id, occ, o.recipient)
        if key not in skip:
            groups = tuple(o.contact_groups)
            if groups not in contacts:
                contacts[groups] = contacts_of(p, o.contact_groups)
            extra = {"missing": o.missing, "total": o.total, "contacts": contacts[groups],
                     "cycle_id": cycle_id, "province_code": o.province_code}  # fmt: skip
            add(a.kind, o.recipient, o.name, o.address, key, extra, o.applications)
    unaddressed = [o for o in owing if not o.address]
    to, name = national_address(p), national_name(p)
    if unaddressed and key_of(cycle.id, occ, NATIONAL, "missing-address") not in skip:
        add("missing-address", NATIONAL, name, to, key_of(cycle.id, occ, NATIONAL, "missing-address"),
            _listed(unaddressed, a.title))  # fmt: skip
    if owing and occ.final and occ.offset <= 0 and key_of(cycle.id, occ, NATIONAL, "digest") not in skip:
        listed = _listed(owing, a.title)
        listed["roll"] = [r.__dict__ for r in a.roll(s, cycle)] if a.roll else []
        add("digest", NATIONAL, name, to, key_of(cycle.id, occ, NATIONAL, "digest"), listed)
    return mails, owing


LINKS = {  # where the job a reminder asks for is done (the message centre's button)
    "liaison-receipt": "/province/liaison?cycle={cycle}",
    "unreported-applications": "/province/applications?cycle={cycle}",
    "recommendation-report": "/province/report?cycle={cycle}",
    "draft-applications": "/applicant",
    "case-minimum": "/cases",
    "digest": "/national",
    "missing-address": "/national",
}


def _link(kind: str, cycle_id: int) -> str | None:
    path = LINKS.get(kind)
    return path.format(cycle=cycle_id) if path else None


def _listed(owing: list[Owing], audience_title: str) -> dict[str, Any]:
    """A national report lists at most MAX_LISTED recipients and counts the rest."""
    return {"owing": [o.__dict__ for o in owing[:MAX_LISTED]], "total": len(owing),
            "more": max(len(owing) - MAX_LISTED, 0), "audience_title": audience_title, "contacts": [],
            "roll": []}  # fmt: skip


def _milestones(s: Session, cycle: Cycle) -> dict[str, CycleMilestone]:
    return {m.key: m for m in s.scalars(select(CycleMilestone).where(CycleMilestone.cycle_id == cycle.id))}


def _extensions(s: Session, cycle: Cycle) -> Extensions:
    out: Extensions = {}
    for e in s.scalars(select(MilestoneExtension).where(MilestoneExtension.cycle_id == cycle.id)):
        out.setdefault(e.key, {})[e.province_code] = e.due
    return out


def _known(s: Session, cycle: Cycle, occ: Occasion) -> dict[str, str]:
    q = select(OutboxMessage.key, OutboxMessage.status).where(
        OutboxMessage.cycle_id == cycle.id,
        OutboxMessage.milestone == occ.milestone,
        OutboxMessage.offset_days == occ.offset,
        OutboxMessage.audience == occ.audience,
    )
    return {key: status for key, status in s.execute(q)}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for one plan: the tens of thousands of mails and rows a plan builds
    hold no cycles and are freed by reference counting, and the collector's repeated passes over them were
    a sixth of a large plan's CPU time. Switched back on afterwards if it was on (it is process-wide)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def plan_cycle(ws: Workspace, cycle_id: int) -> list[dict[str, Any]]:
    """Plan one cycle's due reminders in one transaction with the reads that justify them."""
    now = ws.clock.now()
    with _collector_paused(), ws.transaction() as s:
        # the cycle's row lock (PostgreSQL): a date amended meanwhile waits for this plan, or this plan for it
        s.execute(select(Cycle.id).where(Cycle.id == cycle_id).with_for_update())
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        warn_if_unaddressed(p, cycle.id)
        done = []
        for reported in (undeliverable(s, p, cycle, now), failed_timers(s, p, cycle, now)):
            if enqueue(s, reported, now):
                done.append({"cycle": cycle.id, "milestone": None, "audience": NATIONAL, "offset": None,
                             "send_on": now.date().isoformat(), "planned": 1, "readdressed": 0})  # fmt: skip
        for occ in due_at(occasions(ws, p, _milestones(s, cycle), _extensions(s, cycle)), now):
            known = _known(s, cycle, occ)
            mails, owing = compose(ws, s, p, cycle, occ, now.date(), known)
            inserted = enqueue(s, mails, now)
            revived = _revive(s, known, owing, cycle.id, occ)
            done.append(
                {
                    "cycle": cycle.id,
                    "milestone": occ.milestone,
                    "audience": occ.audience,
                    "offset": occ.offset,
                    "send_on": occ.send_on.isoformat(),
                    "planned": inserted,
                    "readdressed": revived,
                }
            )
        return done


def _revive(s: Session, known: dict[str, str], owing: list[Owing], cycle_id: int, occ: Occasion) -> int:
    """A recipient that had no address when planned but has one now still gets its reminder."""
    revived = 0
    if OutboxStatus.NO_ADDRESS not in known.values():  # the common case, a first plan above all: nothing to look up
        return 0
    for o in owing:
        key = key_of(cycle_id, occ, o.recipient)
        if o.address and known.get(key) == OutboxStatus.NO_ADDRESS:
            s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.key == key, OutboxMessage.status == OutboxStatus.NO_ADDRESS)
                .values(address=o.address, status=OutboxStatus.PENDING)
            )
            revived += 1
    return revived


def plan_due(ws: Workspace) -> list[dict[str, Any]]:
    """Plan every open cycle; a cycle whose planning fails is logged and reported, the others go on."""
    with ws.transaction() as s:
        ids = list(s.scalars(select(Cycle.id).where(Cycle.status == CycleStatus.OPEN).order_by(Cycle.id)))
    rows: list[dict[str, Any]] = []
    for cycle_id in ids:
        try:
            rows += plan_cycle(ws, cycle_id)
        except Exception as exc:  # isolate: one broken cycle must not silence every other cycle's mail
            busy = busy_database(exc)  # a lock held past the wait: planned again at the next tick, nothing lost
            log = logger.warning if busy else logger.error
            log("planning cycle %s failed: %s: %s", cycle_id, type(exc).__name__, exc, exc_info=None if busy else exc)
            error = f"database busy, again at the next tick: {exc}" if busy else f"{type(exc).__name__}: {exc}"
            rows.append({"cycle": cycle_id, "error": error, "planned": 0, "readdressed": 0})
    return rows


def preview(ws: Workspace, cycle_id: int, at: date | None = None, until: date | None = None) -> dict[str, Any]:
    """What the scheduler would send from ``at`` to ``until`` if nothing changed from now on."""
    now = ws.clock.now()
    at = at or now.date()
    if until is not None and until < at:
        raise BadInput(f"{until} is before the start {at}", field="until")
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        occs = occasions(ws, p, _milestones(s, cycle), _extensions(s, cycle))
        until = until or max([o.send_on for o in occs] + [at])
        items: list[dict[str, Any]] = []
        seen: set[tuple[int, int, str | None]] = set()
        day = min(now.date(), at)
        while day <= until:
            moment = max(now, datetime.combine(day, SEND_AT))
            for occ in due_at(occs, moment):
                if (occ.rule, occ.offset, occ.province) in seen:
                    continue
                seen.add((occ.rule, occ.offset, occ.province))
                mails, _ = compose(ws, s, p, cycle, occ, moment.date(), _known(s, cycle, occ))
                if day >= at:
                    items += [_item(ws, m, moment.date(), occ) for m in mails]
            day += timedelta(days=1)
        years = sorted({int(i["send_on"][:4]) for i in items} | {o.due.year for o in occs})
        fallback = [y for y in years if ws.workdays.source(y) == "weekdays"]
        warning = warn_if_unaddressed(p, cycle.id)
        return {"cycle": cycle.id, "from": at.isoformat(), "until": until.isoformat(), "items": items,
                "calendar": {str(y): ws.workdays.source(y) for y in years}, "fallback_years": fallback,
                "national_address": national_address(p), "warnings": [warning] if warning else []}  # fmt: skip


def _item(ws: Workspace, m: Mail, day: date, occ: Occasion) -> dict[str, Any]:
    return {
        "send_on": day.isoformat(),
        "kind": m.kind,
        "milestone": m.milestone,
        "offset": m.offset_days,
        "to": m.recipient,
        "recipient": f"{m.recipient_name} <{m.address}>" if m.address else f"{m.recipient_name} (no address)",
        "address": m.address,
        "subject": m.subject,
        "catch_up": day > occ.send_on,
        "calendar": ws.workdays.source(day.year),
    }
