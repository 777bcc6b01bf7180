"""Tell the applicant and its province when an application changes stage, through the outbox.

Planned from the audit trail, not inside the move: each tick reads the events written since the
last one (a mark kept in the database, advanced in the transaction that enqueues their mail), so
a move that rolled back has no event and sends nothing, and every committed one is told once,
keyed by its event id. Whoever made the move is not told about it; the creation of an
application (its entry) is not a change anyone needs a mail for. A province hears of the moves of one
planning pass in one cycle as one digest (a liaison is not sent a mail per application), keyed by the
first event it lists; an applicant hears of each move of its own application.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from engine.definition.model import Programme, Role
from engine.kernel.errors import BadInput
from engine.services.programmes.cycles import cycle_programme
from engine.services.province.liaison import OFFICE_KIND, offices, province_addressee, receipts
from engine.store.core import Application, Event
from engine.store.outbox import held_mark, settled_max_id
from engine.store.workspace import Workspace
from notifications.outbox.mail_queue import Mail, enqueue, existing_keys
from notifications.render import contacts_of, programme_context, render
from policies.reference.provinces import province_codes

MARK = "stage-notices"
DEFAULT_MAX_AGE_DAYS = 3  # a notice of a move older than this is news to nobody: marked expired, not sent


def max_age() -> timedelta:
    """How old a move may be and still be told (``IPCYCLE_STAGE_NOTICE_MAX_DAYS``, default 3 days): after a
    scheduler was down for a week, its first run must not send hundreds of notices of week-old moves."""
    text = os.environ.get("IPCYCLE_STAGE_NOTICE_MAX_DAYS", "").strip()
    if text and not (text.isdigit() and int(text) >= 1):
        raise BadInput(f"IPCYCLE_STAGE_NOTICE_MAX_DAYS={text!r}: a whole number of days, at least 1")
    return timedelta(days=int(text) if text else DEFAULT_MAX_AGE_DAYS)


BATCH = 500  # events per transaction, so planning never holds the write lock for long


def plan_stage_notices(ws: Workspace) -> int:
    """Enqueue the notices of every move recorded since the last call; returns how many were enqueued. Each
    expires :func:`max_age` after its move, so one planned late is recorded as expired instead of sent."""
    enqueued = 0
    oldest = max_age()
    settled = settled_max_id(ws.engine, Event.__table__)  # type: ignore[arg-type]  # a mapped class's Table
    while True:
        with ws.transaction() as s:
            mark = held_mark(s, MARK)
            newer = (Event.id > mark.last_id) & (Event.id <= settled)
            events = list(s.scalars(select(Event).where(newer).order_by(Event.id).limit(BATCH)))
            if not events:
                return enqueued
            apps = {
                a.id: a
                for a in s.scalars(
                    select(Application)
                    .options(joinedload(Application.organisation), joinedload(Application.cycle))
                    .where(Application.id.in_({e.application_id for e in events}))
                )
            }
            digests: dict[tuple[int, str], list[Mail]] = {}
            ordered: list[list[Mail]] = []  # in the order of the events: a digest where its first move was
            planned = [
                (app, mail)
                for event in events
                for app in (apps[event.application_id],)
                for mail in stage_change_mails(ws, s, cycle_programme(app.cycle), app, event, event.at + oldest)
            ]
            told = existing_keys(s, [mail.key for _, mail in planned])  # by an earlier planner, one by one
            for app, mail in planned:
                if mail.key in told:
                    continue
                if mail.recipient.startswith("province:"):
                    group = (app.cycle_id, mail.recipient)
                    if group not in digests:
                        ordered.append(digests.setdefault(group, []))
                    digests[group].append(mail)
                else:
                    ordered.append([mail])
            mails = [
                group[0]
                if len(group) == 1
                else _digest(ws, cycle_programme(apps[group[0].applications[0]].cycle), group)
                for group in ordered
            ]
            enqueued += enqueue(s, mails, ws.clock.now())
            mark.last_id = events[-1].id


def _digest(ws: Workspace, p: Programme, mails: list[Mail]) -> Mail:
    """The moves of one pass in one cycle as one mail to a province, keyed by the first one's key."""
    first = mails[0]
    context = {
        **programme_context(p),
        "recipient_name": first.recipient_name,
        "changes": [m.subject.partition("：")[2] or m.subject for m in mails],
        "applications": [a for m in mails for a in m.applications],
        "today": ws.clock.now().date(),
        "calendar_note": "",
        "contacts": [],
    }
    subject, text, html = render("stage-digest", context)
    return Mail(key=first.key.replace("/event/", "/events/"), cycle_id=first.cycle_id, kind="stage-change",
                audience="stage-change", milestone=None, offset_days=None, recipient=first.recipient,
                recipient_name=first.recipient_name, address=first.address, subject=subject, body_text=text,
                body_html=html, send_after=first.send_after, expires_at=_latest(m.expires_at for m in mails),
                applications=tuple(a for m in mails for a in m.applications),
                link="/province/applications")  # fmt: skip


def _latest(moments: Iterable[datetime | None]) -> datetime | None:
    """A digest is news while any of its moves is."""
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def stage_change_mails(
    ws: Workspace, s: Session, p: Programme, app: Application, event: Event, expires_at: datetime | None = None
) -> list[Mail]:
    """One notice per party other than the actor; keyed by the audit row, so exactly once; planned late (after
    ``expires_at``), it is recorded as expired instead of sent."""
    if event.from_stage is None:
        return []
    now = ws.clock.now()
    cat = p.category(app.category)
    parties = []
    org, code = app.organisation, app.province_code
    # a province's own office applying (case calls): it is both parties, and told once or not at all
    own_office = org.kind == OFFICE_KIND and org.division_code == code
    acted = event.role in (Role.APPLICANT.value, Role.PROVINCE.value)
    if event.role != Role.APPLICANT.value and not (own_office and acted):
        parties.append((f"org:{app.organisation_id}", org.name, org.email))
    if event.role != Role.PROVINCE.value and not own_office:
        names = province_codes()
        receipt = receipts(s, app.cycle_id).get(code)
        label, address = province_addressee(offices(s).get(code), receipt, names.get(code, code))
        parties.append((f"province:{code}", label, address))
    context = {
        **programme_context(p),
        "organisation": app.organisation.name,
        "category_name": cat.name if cat else app.category,
        "application_id": app.id,
        "from_title": p.stage(event.from_stage).title,
        "to_title": p.stage(event.to_stage).title,
        "event_title": _event_title(p, event.event, event.from_stage),
        "reason": "" if event.role == Role.SYSTEM else (event.reason or ""),  # a timed move's is the scheduler's trail
        "at": event.at,
        "today": now.date(),
        "calendar_note": "",
        "contacts": contacts_of(p, [cat.contact_group]) if cat and cat.contact_group else [],
    }
    mails = []
    for recipient, name, address in parties:
        subject, text, html = render("stage-change", {**context, "recipient_name": name})
        mails.append(
            Mail(key=f"c{app.cycle_id}/event/{event.id}/{recipient}", cycle_id=app.cycle_id, kind="stage-change",
                 audience="stage-change", milestone=None, offset_days=None, recipient=recipient, recipient_name=name,
                 address=address, subject=subject, body_text=text, body_html=html, send_after=now,
                 expires_at=expires_at, applications=(app.id,), link=f"/applications/{app.id}")
        )  # fmt: skip
    return mails


def _event_title(p: Programme, event: str, src: str) -> str:
    """What a clerk calls the event (the definition's title; event ids are not for clerks)."""
    return p.event_title(event, src)
