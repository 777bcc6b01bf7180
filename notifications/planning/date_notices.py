"""Tell everyone concerned when the national office changes a date of an open cycle (延期), through the outbox.

Planned from the audit rows the amendment writes (``reference_change``, list ``cycles``) the way register
notices are planned from ``recognition_change``: a mark records how far the planner has read, each change
is keyed by its row id, so each party is told exactly once, and a change that rolled back was never there.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from engine.services.national.date_amendments import concerned
from engine.services.programmes.cycles import cycle_programme
from engine.store.core import Cycle
from engine.store.outbox import held_mark, settled_max_id
from engine.store.registers import ReferenceChange
from engine.store.workspace import Workspace
from notifications.outbox.mail_queue import Mail, enqueue
from notifications.render import contacts_of, programme_context, render
from policies.reference.provinces import province_name

MARK = "date-notices"
KIND = "date-changed"


def plan_date_notices(ws: Workspace) -> int:
    """Enqueue the notices of every date change since the last call; returns how many were enqueued."""
    enqueued = 0
    settled = settled_max_id(ws.engine, ReferenceChange.__table__)  # type: ignore[arg-type]  # its Table
    with ws.transaction() as s:
        mark = held_mark(s, MARK)
        newer = (ReferenceChange.id > mark.last_id) & (ReferenceChange.id <= settled)
        amended = (ReferenceChange.reference == "cycles") & (ReferenceChange.change == "changed")
        changes = list(s.scalars(select(ReferenceChange).where(newer, amended).order_by(ReferenceChange.id)))
        now = ws.clock.now()
        for change in changes:
            cycle = s.get(Cycle, change.cycle_id) if change.cycle_id else None
            if cycle is None or not change.after or not change.before:
                continue
            p = cycle_programme(cycle)
            key = change.key.split(" ")[0]
            milestone = next((m for m in p.milestones if m.id == key), None)
            province = change.after.get("province")
            context = {
                **programme_context(p),
                "edition": cycle.edition,
                "milestone_title": milestone.title if milestone else key,
                "province_name": province_name(province) if province else "",
                "before": date.fromisoformat(change.before["due"]),
                "after": date.fromisoformat(change.after["due"]),
                "reason": change.after.get("reason", ""),
                "at": change.at,
                "today": now.date(),
                "calendar_note": "",
                "contacts": contacts_of(p, None),
            }
            mails = []
            for party in concerned(s, p, cycle.id, province):
                subject, text, html = render(KIND, {**context, "recipient_name": party.name})
                mails.append(
                    Mail(key=f"dates/{change.id}/{party.recipient}", cycle_id=cycle.id, kind=KIND, audience=KIND,
                         milestone=None, offset_days=None, recipient=party.recipient, recipient_name=party.name,
                         address=party.address, subject=subject, body_text=text, body_html=html, send_after=now,
                         expires_at=None)
                )  # fmt: skip
            enqueued += enqueue(s, mails, now)
        mark.last_id = max(mark.last_id, settled)
    return enqueued
