"""Tell the applicant and its province when an application changes stage, through the outbox.

Called by the engine's audit listener in the transaction of the move, so a move and its notices
are committed together or not at all. Whoever made the move is not told about it; the creation
of an application (its entry) is not a change anyone needs a mail for.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.db import Application, Event
from engine.definition import Programme, Role
from engine.liaison import offices, province_addressee, province_codes, receipts
from engine.workspace import Workspace
from notifications.outbox import Mail, enqueue
from notifications.render import render


def notify_stage_change(ws: Workspace, s: Session, p: Programme, app: Application, event: Event) -> None:
    """Enqueue one notice per party other than the actor; keyed by the audit row, so exactly once."""
    if event.from_stage is None:
        return
    s.flush()  # the audit row's id is the notice's identity
    now = ws.clock.now()
    cat = p.category(app.category)
    parties = []
    if event.role != Role.APPLICANT.value:
        parties.append((f"org:{app.organisation_id}", app.organisation.name, app.organisation.email))
    if event.role != Role.PROVINCE.value:
        names = province_codes()
        code = app.province_code
        receipt = receipts(s, app.cycle_id).get(code)
        label, address = province_addressee(offices(s).get(code), receipt, names.get(code, code))
        parties.append((f"province:{code}", label, address))
    context = {
        "programme": {"title": p.title, "document": p.document, "issuer": p.issuer, "mailbox": p.mailbox},
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
        "contacts": [
            {"title": g.title, "person": g.person, "phone": g.phone}
            for g in p.contact_groups
            if cat and g.id == cat.contact_group
        ],
    }
    mails = []
    for recipient, name, address in parties:
        subject, text, html = render("stage-change", {**context, "recipient_name": name})
        mails.append(
            Mail(
                f"c{app.cycle_id}/event/{event.id}/{recipient}",
                app.cycle_id,
                "stage-change",
                "stage-change",
                None,
                None,
                recipient,
                name,
                address,
                subject,
                text,
                html,
                now,
                None,
            )  # fmt: skip
        )
    enqueue(s, mails, now)


def _event_title(p: Programme, event: str, src: str) -> str:
    """The transition's title when the definition gives one (event ids are not for clerks)."""
    t = next((t for t in p.transitions if t.event == event and src in p.sources(t)), None)
    return t.title if t else ""
