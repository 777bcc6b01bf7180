"""What the national office itself is told, and where: its own address and the undeliverable report.

The programme's ``mailbox`` is where applicants write to; the division running the programme may
read another inbox, so IPCYCLE_NATIONAL_EMAIL wins. Without either, national notices cannot go
anywhere: preview and the scheduler say so rather than dropping them silently.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from engine.definition.model import Programme
from engine.store.core import Cycle, Timer, TimerStatus
from engine.store.outbox import OutboxMessage, OutboxStatus
from notifications.outbox.mail_queue import Mail
from notifications.planning.owing import MAX_LISTED
from notifications.render import programme_context, render

NATIONAL = "national"
UNDELIVERABLE = "undeliverable"
TIMERS_FAILED = "timers-failed"
logger = logging.getLogger("ipcycle.national")
_warned: set[int] = set()


def national_address(p: Programme) -> str | None:
    """IPCYCLE_NATIONAL_EMAIL if set, else the programme's mailbox, else None."""
    return os.environ.get("IPCYCLE_NATIONAL_EMAIL", "").strip() or p.mailbox or None


def national_name(p: Programme) -> str:
    return p.issuer or "国家知识产权局"


def warn_if_unaddressed(p: Programme, cycle_id: int) -> str | None:
    """The warning (logged once per cycle and process) when national notices have nowhere to go."""
    if national_address(p):
        return None
    note = (
        f"cycle {cycle_id}: the national office has no address (set IPCYCLE_NATIONAL_EMAIL or the programme's "
        "mailbox): its digests and reports of undeliverable mail cannot be sent"
    )
    if cycle_id not in _warned:
        _warned.add(cycle_id)
        logger.warning("%s", note)
    return note


def undeliverable(s: Session, p: Programme, cycle: Cycle, now: datetime, calendar_note: str = "") -> list[Mail]:
    """At most one mail a day listing mail that could not be delivered and was not reported yet:
    stage-change notices without an address, and permanent failures (5xx). The report row keeps the
    ids of the rows it reports (its ``applications``), so each is reported once."""
    key = f"c{cycle.id}/{NATIONAL}/{UNDELIVERABLE}/{now.date().isoformat()}"
    mine = and_(OutboxMessage.cycle_id == cycle.id, OutboxMessage.kind == UNDELIVERABLE)
    reports = list(s.execute(select(OutboxMessage.key, OutboxMessage.applications).where(mine)))
    if any(k == key for k, _ in reports):
        return []
    reported = {i for _, ids in reports for i in ids or ()}
    bad = or_(
        and_(OutboxMessage.kind == "stage-change", OutboxMessage.status == OutboxStatus.NO_ADDRESS),
        OutboxMessage.status.in_((OutboxStatus.FAILED, OutboxStatus.HELD)),
    )
    q = select(OutboxMessage).where(OutboxMessage.cycle_id == cycle.id, OutboxMessage.recipient != NATIONAL, bad)
    new = [r for r in s.scalars(q.order_by(OutboxMessage.id)) if r.id not in reported]
    if not new:
        return []
    rows = [_row(r) for r in new[:MAX_LISTED]]
    context: dict[str, Any] = {**programme_context(p), "recipient_name": national_name(p), "rows": rows,
                               "more": len(new) - len(rows), "total": len(new), "today": now.date(),
                               "contacts": [], "calendar_note": calendar_note}  # fmt: skip
    subject, text, html = render(UNDELIVERABLE, context)
    # fmt: off
    return [Mail(key=key, cycle_id=cycle.id, kind=UNDELIVERABLE, audience=NATIONAL, milestone=None, offset_days=None,
                 recipient=NATIONAL, recipient_name=national_name(p), address=national_address(p), subject=subject,
                 body_text=text, body_html=html, send_after=now, expires_at=None,
                 applications=tuple(r.id for r in new))]
    # fmt: on


def _row(r: OutboxMessage) -> dict[str, str]:
    if r.status == OutboxStatus.NO_ADDRESS:
        reason = "没有邮件地址"
    elif r.status == OutboxStatus.HELD:
        reason = "已暂停发送：邮件服务器连续拒收多封邮件，疑为服务器配置有误，请系统管理员核查邮件服务器后重发"
    else:
        reason = f"邮件服务器拒收：{r.smtp_reply or ''}"
    return {"name": r.recipient_name, "address": r.address or "", "subject": r.subject, "reason": reason}


def failed_timers(s: Session, p: Programme, cycle: Cycle, now: datetime, calendar_note: str = "") -> list[Mail]:
    """At most one mail a day naming the cycle's timed moves that failed for good and were not reported
    yet: a window that did not close or a notice that did not end needs a person (ipcycle timers retry)."""
    key = f"c{cycle.id}/{NATIONAL}/{TIMERS_FAILED}/{now.date().isoformat()}"
    mine = and_(OutboxMessage.cycle_id == cycle.id, OutboxMessage.kind == TIMERS_FAILED)
    reports = list(s.execute(select(OutboxMessage.key, OutboxMessage.applications).where(mine)))
    if any(k == key for k, _ in reports):
        return []
    reported = {i for _, ids in reports for i in ids or ()}
    q = select(Timer).where(Timer.cycle_id == cycle.id, Timer.status == TimerStatus.FAILED).order_by(Timer.due_at)
    new = [t for t in s.scalars(q) if t.id not in reported]
    if not new:
        return []
    rows = [{"id": t.id, "event": t.event, "due_at": t.due_at, "outcome": t.outcome or ""} for t in new[:MAX_LISTED]]
    context: dict[str, Any] = {**programme_context(p), "recipient_name": national_name(p), "rows": rows,
                               "more": len(new) - len(rows), "total": len(new), "today": now.date(),
                               "contacts": [], "calendar_note": calendar_note}  # fmt: skip
    subject, text, html = render(TIMERS_FAILED, context)
    # fmt: off
    return [Mail(key=key, cycle_id=cycle.id, kind=TIMERS_FAILED, audience=NATIONAL, milestone=None, offset_days=None,
                 recipient=NATIONAL, recipient_name=national_name(p), address=national_address(p), subject=subject,
                 body_text=text, body_html=html, send_after=now, expires_at=None,
                 applications=tuple(t.id for t in new))]
    # fmt: on
