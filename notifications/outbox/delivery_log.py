"""The outbox as a delivery log: what was sent to whom and how it ended, requeueing what failed or was
held, and forgetting old bodies once their retention has passed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.outbox import OutboxMessage, OutboxStatus
from engine.store.workspace import Workspace

STATUSES = tuple(OutboxStatus)


def purge_bodies(ws: Workspace, older_than: timedelta) -> int:
    """Empty the bodies of mails sent more than ``older_than`` ago: the row stays as the log (recipient, subject,
    when, the server's reply), the text of a reminder does not need keeping. Returns how many were emptied."""
    cutoff = ws.clock.now() - older_than
    with ws.engine.begin() as conn:
        done = conn.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < cutoff)
            .where((OutboxMessage.body_text != "") | (OutboxMessage.body_html != ""))
            .values(body_text="", body_html="")
        )
    return int(done.rowcount or 0)


class DeliveryLogEntry(ServiceResult):
    """One planned mail as the delivery log shows it: to whom, when, in which status, the server's answer."""

    key: str
    kind: str
    milestone: str | None
    offset: int | None  # days before (negative) or after the milestone
    recipient: str  # the recipient's name
    address: str | None
    subject: str
    status: str
    send_after: IsoDatetime
    sent_at: IsoDatetime | None
    attempts: int
    smtp_reply: str | None


def log(ws: Workspace, cycle_id: int, status: str | None = None) -> list[DeliveryLogEntry]:
    """What was sent (or not), to whom, when, with the server's answer: the delivery log."""
    from engine.services.programmes.cycles import get_cycle

    with ws.transaction() as s:
        get_cycle(s, cycle_id)  # an unknown cycle is an error, not an empty log
        q = select(OutboxMessage).where(OutboxMessage.cycle_id == cycle_id)
        if status:
            q = q.where(OutboxMessage.status == status)
        return [
            DeliveryLogEntry(
                key=r.key,
                kind=r.kind,
                milestone=r.milestone,
                offset=r.offset_days,
                recipient=r.recipient_name,
                address=r.address,
                subject=r.subject,
                status=r.status,
                send_after=r.send_after,
                sent_at=r.sent_at,
                attempts=r.attempts,
                smtp_reply=r.smtp_reply,
            )
            for r in s.scalars(q.order_by(OutboxMessage.send_after, OutboxMessage.id))
        ]


REQUEUEABLE = (OutboxStatus.FAILED, OutboxStatus.HELD)


def requeue(ws: Workspace, status: OutboxStatus, since: datetime | None = None, cycle_id: int | None = None) -> int:
    """Give failed or held mail another go (after the relay or an address was fixed); returns how many.

    The row keeps its key, so a mail that did reach its recipient meanwhile is still never doubled
    by planning; the earlier reply stays in the row's reply until the next attempt replaces it.
    """
    if status not in REQUEUEABLE:
        raise ValueError(f"only {', '.join(REQUEUEABLE)} mail can be requeued, not {status}")
    now = ws.clock.now()
    with ws.transaction() as s:
        q = update(OutboxMessage).where(OutboxMessage.status == status)
        if since is not None:
            q = q.where(OutboxMessage.created_at >= since)
        if cycle_id is not None:
            q = q.where(OutboxMessage.cycle_id == cycle_id)
        done = s.execute(
            q.values(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=None, send_after=now).execution_options(
                synchronize_session=False
            )
        ).rowcount  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult
    return int(done)
