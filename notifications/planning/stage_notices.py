"""Tell the applicant and its province when an application changes stage, through the outbox.

Planned from the audit trail, not inside the move: each tick reads the events written since the
last one (a mark kept in the database, advanced in the transaction that enqueues their mail), so
a move that rolled back has no event and sends nothing, and every committed one is told once,
keyed by its event id. Whoever made the move is not told about it; the creation of an
application (its entry) is not a change anyone needs a mail for.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from engine.definition.model import Programme, Role
from engine.services.programmes.cycles import cycle_programme
from engine.services.province.liaison import OFFICE_KIND, offices, province_addressee, receipts
from engine.store.core import Application, Event
from engine.store.outbox import PlanningMark, settled_max_id
from engine.store.workspace import Workspace
from notifications.outbox import Mail, enqueue
from notifications.render import contacts_of, programme_context, render
from policies.reference.provinces import province_codes

MARK = "stage-notices"
BATCH = 500  # events per transaction, so planning never holds the write lock for long


def plan_stage_notices(ws: Workspace) -> int:
    """Enqueue the notices of every move recorded since the last call; returns how many were enqueued."""
    enqueued = 0
    settled = settled_max_id(ws.engine, Event.__table__)  # type: ignore[arg-type]  # a mapped class's Table
    while True:
        with ws.transaction() as s:
            mark = s.get(PlanningMark, MARK) or PlanningMark(name=MARK, last_id=0)
            s.add(mark)
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
            for event in events:
                app = apps[event.application_id]
                enqueued += notify_stage_change(ws, s, cycle_programme(app.cycle), app, event)
            mark.last_id = events[-1].id


def notify_stage_change(ws: Workspace, s: Session, p: Programme, app: Application, event: Event) -> int:
    """Enqueue one notice per party other than the actor; keyed by the audit row, so exactly once."""
    if event.from_stage is None:
        return 0
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
        "reason": event.reason or "",
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
                 address=address, subject=subject, body_text=text, body_html=html, send_after=now, expires_at=None)
        )  # fmt: skip
    return enqueue(s, mails, now)


def _event_title(p: Programme, event: str, src: str) -> str:
    """The transition's title when the definition gives one (event ids are not for clerks)."""
    t = next((t for t in p.transitions if t.event == event and src in p.sources(t)), None)
    return t.title if t else ""
