"""Mail the messages a person posted (the national office's messages to many) to the parties with an address.

Posting only writes the message centre's rows; this planner reads them the way stage notices read the audit
trail (a mark kept in the database, advanced in the transaction that enqueues their mail), so each posted
message is mailed once, keyed by its row, and a party without an address still has it in its 消息 page.
"""

from __future__ import annotations

import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.services.programmes.cycles import cycle_programme
from engine.services.province.liaison import offices, province_addressee, receipts
from engine.store.core import Cycle, Organisation
from engine.store.messages import Message
from engine.store.outbox import held_mark, settled_max_id
from engine.store.workspace import Workspace
from notifications.outbox.mail_queue import Mail, enqueue
from notifications.planning.national import national_address
from notifications.render import render
from policies.reference.provinces import province_codes

MARK = "posted-messages"
BATCH = 2000


def plan_posted_messages(ws: Workspace) -> int:
    """Enqueue the mail of every message posted since the last call; returns how many were enqueued."""
    enqueued = 0
    settled = settled_max_id(ws.engine, Message.__table__)  # type: ignore[arg-type]  # a mapped class's Table
    while True:
        with ws.transaction() as s:
            mark = held_mark(s, MARK)
            if mark.last_id >= settled:
                return enqueued
            newer = (Message.id > mark.last_id) & (Message.id <= settled) & Message.posted_by.is_not(None)
            rows = list(s.scalars(select(Message).where(newer).order_by(Message.id).limit(BATCH)))
            enqueued += enqueue(s, [_mail(s, m, ws) for m in rows], ws.clock.now())
            mark.last_id = rows[-1].id if len(rows) == BATCH else settled  # the copies of mails need no mail


def _address(s: Session, m: Message) -> str | None:
    """Where a party's mail goes: an organisation's address, a province's liaison (else its office), the nation's."""
    if m.recipient.startswith("org:"):
        org = s.get(Organisation, int(m.recipient[4:]))
        return org.email if org else None
    if m.recipient.startswith("province:"):
        code = m.recipient[9:]
        receipt = receipts(s, m.cycle_id).get(code) if m.cycle_id else None
        return province_addressee(offices(s).get(code), receipt, province_codes().get(code, code))[1]
    cycle = s.get(Cycle, m.cycle_id) if m.cycle_id else None
    if cycle is not None:
        return national_address(cycle_programme(cycle))
    return os.environ.get("IPCYCLE_NATIONAL_EMAIL", "").strip() or None


def _mail(s: Session, m: Message, ws: Workspace) -> Mail:
    context = {"recipient_name": m.recipient_name, "message_subject": m.subject, "message_body": m.body_text,
               "link": m.link, "sender_name": "国家知识产权局", "today": ws.clock.now().date()}  # fmt: skip
    subject, text, html = render("message", context)
    return Mail(key=f"message/{m.id}", cycle_id=m.cycle_id, kind="message", audience="message", milestone=None,
                offset_days=None, recipient=m.recipient, recipient_name=m.recipient_name, address=_address(s, m),
                subject=subject, body_text=text, body_html=html, send_after=ws.clock.now(), expires_at=None,
                link=m.link)  # fmt: skip
