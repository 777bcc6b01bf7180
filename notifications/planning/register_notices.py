"""Tell a demonstration unit and its province when its recognition ends (摘牌, B9; fraud, B10), through the outbox.

Planned from ``recognition_change`` the way stage notices are planned from the audit trail: a mark
records how far the planner has read, each change is keyed by its id, so it is told exactly once,
and a change that rolled back was never there to tell. An imported unit has no application and
no cycle, so this is the only way it hears of it.
"""

from __future__ import annotations

from sqlalchemy import select

from engine.definition.loader import programme_from_snapshot
from engine.services.programmes.cycles import cycle_programme
from engine.services.programmes.programme_definitions import latest_version
from engine.services.province.liaison import offices, province_addressee
from engine.store.core import Cycle, Organisation
from engine.store.outbox import held_mark, settled_max_id
from engine.store.registers import Recognition, RecognitionChange
from engine.store.workspace import Workspace
from notifications.outbox.mail_queue import Mail, enqueue
from notifications.render import contacts_of, programme_context, render
from policies.reference.provinces import province_codes, province_of

MARK = "register-notices"
ENDED_ZH = {"revoked": "摘牌（取消示范单位资格）", "cancelled": "因弄虚作假取消示范资格"}


def plan_register_notices(ws: Workspace) -> int:
    """Enqueue the notices of every register change since the last call; returns how many were enqueued."""
    enqueued = 0
    settled = settled_max_id(ws.engine, RecognitionChange.__table__)  # type: ignore[arg-type]  # its Table
    with ws.transaction() as s:
        mark = held_mark(s, MARK)
        newer = (RecognitionChange.id > mark.last_id) & (RecognitionChange.id <= settled)
        changes = list(s.scalars(select(RecognitionChange).where(newer).order_by(RecognitionChange.id)))
        now = ws.clock.now()
        names = province_codes()
        for change in changes:
            unit = s.get(Recognition, change.recognition_id)
            org = s.get(Organisation, unit.organisation_id) if unit else None
            if unit is None or org is None:
                continue
            cycle = s.get(Cycle, unit.cycle_id) if unit.cycle_id else None
            p = cycle_programme(cycle) if cycle else programme_from_snapshot(latest_version(s, unit.programme_id).text)
            cat = p.category(unit.category)
            code = province_of(org.division_code)
            parties = [(f"org:{org.id}", org.name, org.email)]
            if code:
                label, address = province_addressee(offices(s).get(code), None, names.get(code, code))
                parties.append((f"province:{code}", label, address))
            context = {
                **programme_context(p),
                "organisation": org.name,
                "category_name": cat.name if cat else unit.category,
                "year": unit.year,
                "ended": ENDED_ZH.get(change.to_status, change.to_status),
                "reason": change.reason,
                "at": change.at,
                "today": now.date(),
                "calendar_note": "",
                "contacts": contacts_of(p, [cat.contact_group]) if cat and cat.contact_group else [],
            }
            mails = []
            for recipient, name, address in parties:
                subject, text, html = render("recognition-ended", {**context, "recipient_name": name})
                mails.append(
                    Mail(key=f"register/{change.id}/{recipient}", cycle_id=unit.cycle_id, kind="recognition-ended",
                         audience="recognition-ended", milestone=None, offset_days=None, recipient=recipient,
                         recipient_name=name, address=address, subject=subject, body_text=text, body_html=html,
                         send_after=now, expires_at=None)
                )  # fmt: skip
            enqueued += enqueue(s, mails, now)
        if changes:
            mark.last_id = changes[-1].id
    return enqueued
