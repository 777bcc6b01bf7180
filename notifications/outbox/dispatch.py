"""Sending what a sender claimed: building each mail once, retrying with backoff, stopping and holding the rest
when a relay refuses everything, and giving back what a stop left unsent."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr
from functools import lru_cache

from sqlalchemy import select, update

from engine.services.programmes.cycles import cycle_programme
from engine.store.core import Cycle
from engine.store.outbox import OutboxMessage, OutboxStatus
from engine.store.workspace import RELAXED, Workspace
from notifications.delivery.mime import OutgoingMail, encode_mail, named
from notifications.delivery.sender import Sendable, Sender, SendResult
from notifications.outbox.claims import (
    Claim,
    StillOwed,
    claim,
    free_orphaned_claims,
    logger,
    mark_sent,
    record,
    renew,
    sender_presence,
)

# Consecutive mails refused (5xx) with the same reply: more than a few wrong addresses in a row is a
# relay that refuses everything (no relaying, a wrong sender domain), so sending stops to save the rest.
SAME_REFUSAL_RUN = 5
_ADDRESSES = re.compile(r"<[^>]*>|[^\s<>]+@[^\s<>]+")


def message_id(key: str, sender: str) -> str:
    """Stable per row, so a receiving system can tell a resend after a crash from a new mail."""
    return f"<ipcycle.{hashlib.sha256(key.encode()).hexdigest()[:24]}@{_domain(sender)}>"


@lru_cache(maxsize=16)  # one sender for every mail: parsed once, not per message
def _domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "ipcycle.local"


def build(row: OutboxMessage, sender: str, reply_to: str | None = None) -> OutgoingMail:
    """The row as the bytes the server gets, built once (no message object, no second flatten).

    To carries the party's name; ``Auto-Submitted: auto-generated`` (RFC 3834) keeps out-of-office replies
    away; Reply-To is the programme's contact mailbox (B13), so an answer reaches the office, not the relay.
    """
    extra = [("Auto-Submitted", "auto-generated")]
    if reply_to:
        extra.append(("Reply-To", reply_to))
    extra += [("X-Ipcycle-Key", row.key), ("X-Ipcycle-Kind", row.kind)]
    return encode_mail(sender, named(row.recipient_name, row.address or ""), row.subject, row.body_text,
                       row.body_html, message_id=message_id(row.key, sender), extra=extra)  # fmt: skip


def reply_addresses(ws: Workspace, rows: Sequence[OutboxMessage]) -> dict[int, str]:
    """Each cycle's contact mailbox (B13), for the Reply-To of its mail; a cycle without one has none."""
    ids = sorted({r.cycle_id for r in rows if r.cycle_id is not None})
    if not ids:
        return {}
    with ws.transaction() as s:
        cycles = s.scalars(select(Cycle).where(Cycle.id.in_(ids)))
        return {c.id: mailbox for c in cycles if (mailbox := cycle_programme(c).mailbox)}


def send_due(
    ws: Workspace,
    sender: Sender,
    mail_from: str,
    still_owed: Mapping[str, StillOwed],
    batch: int = 50,
    max_batches: int = 100,
    stop: Callable[[], bool] | None = None,
    between_batches: Callable[[], None] | None = None,
) -> dict[str, int]:
    """Send what is due now, batch by batch (one connection per batch); counts by outcome.

    ``between_batches`` runs after each batch (the scheduler performs the timed moves due meanwhile there).
    ``still_owed`` holds, per kind of mail, the check that its reason still holds (planning's). ``stop``
    is asked before each mail: once it answers True, sending ends after the mail in flight is marked.
    """
    counts = {"sent": 0, "retry": 0, "failed": 0, "cancelled": 0, "expired": 0, "skipped": 0, "held": 0}
    reclaimed = free_orphaned_claims(ws)
    if reclaimed:
        counts["reclaimed"] = reclaimed
    with sender_presence(ws) as owner:
        _send_batches(ws, sender, mail_from, still_owed, batch, max_batches, stop, owner, counts, between_batches)
    return counts


def _send_batches(
    ws: Workspace,
    sender: Sender,
    mail_from: str,
    still_owed: Mapping[str, StillOwed],
    batch: int,
    max_batches: int,
    stop: Callable[[], bool] | None,
    owner: str,
    counts: dict[str, int],
    between_batches: Callable[[], None] | None,
) -> None:
    run = RefusalRun()
    for _ in range(max_batches):
        if stop is not None and stop():
            break
        claimed = claim(ws, batch, still_owed, owner=owner)
        counts["cancelled"] += claimed.cancelled
        counts["expired"] += claimed.expired
        if not claimed.rows and not (claimed.cancelled or claimed.expired):
            break
        sent_before, retry_before = counts["sent"], counts["retry"]
        _send_claimed(ws, sender, mail_from, claimed, counts, run, stop)
        if run.held:
            counts["held"] = len(run.ids)
            counts["failed"] -= len(run.ids)
            break  # the relay refuses everything: the rest stays pending until someone looks
        if counts["sent"] == sent_before and counts["retry"] > retry_before:
            break  # nothing got through (server down?): the rest waits for the next tick
        if between_batches is not None:
            between_batches()


@dataclass
class RefusalRun:
    """The current run of consecutive permanent refusals with one reply (addresses left out)."""

    reply: str = ""
    ids: list[int] = field(default_factory=list)
    held: bool = False

    def note(self, row_id: int, result: SendResult) -> bool:
        """Count one outcome; True once the run is long enough to stop sending."""
        if result.ok or not result.permanent:
            self.reply, self.ids = "", []
            return False
        reply = _ADDRESSES.sub("", result.reply).strip()
        if reply != self.reply:
            self.reply, self.ids = reply, []
        self.ids.append(row_id)
        return len(self.ids) >= SAME_REFUSAL_RUN


def _hold(ws: Workspace, run: RefusalRun, token: str, waiting: list[int]) -> None:
    """Mark the run held for review and give back the claimed rows not yet tried."""
    note = (f"held for review: {len(run.ids)} mails in a row refused with the same reply ({run.reply}); the relay "
            "is likely misconfigured; after fixing it, requeue the held mail")  # fmt: skip
    with ws.transaction() as s:
        s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(run.ids))
            .values(status=OutboxStatus.HELD, smtp_reply=note)
            .execution_options(synchronize_session=False)
        )
        s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(waiting), OutboxMessage.claim_token == token)
            .values(status=OutboxStatus.PENDING, claim_token=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
    logger.error("sending stopped: %s", note)


def _give_back(ws: Workspace, token: str, ids: list[int]) -> None:
    """Rows of this claim not tried: pending again, for the next sender or run."""
    with ws.transaction() as s:
        s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.claim_token == token)
            .values(status=OutboxStatus.PENDING, claim_token=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        )


def _send_claimed(
    ws: Workspace,
    sender: Sender,
    mail_from: str,
    claimed: Claim,
    counts: dict[str, int],
    run: RefusalRun,
    stop: Callable[[], bool] | None = None,
) -> None:
    """Send one claimed batch, each mail marked before the next goes; a stop asked for meanwhile ends it after
    the mail in flight, and the rows not tried are given back (due again at once, not when the claim lapses)."""
    messages: list[Sendable] = []
    ready: list[OutboxMessage] = []
    replies = reply_addresses(ws, claimed.rows)
    for row in claimed.rows:
        try:
            messages.append(build(row, mail_from, replies.get(row.cycle_id or 0)))
            ready.append(row)
        except ValueError as exc:  # a header that could not be built safely: never retried
            record(ws, row.id, claimed.token, SendResult.rejected(f"message not sendable: {exc}"))
            counts["failed"] += 1

    accepted: list[tuple[int, str]] = []  # the last message the server took, its mark not yet committed
    # the batch's marks and renewals, relaxed on SQLite (see the module's docstring); between them it holds no lock
    conn = ws.engine.connect().execution_options(**{RELAXED: True})

    def flush_mark() -> None:
        if accepted:
            row_id, reply = accepted.pop()
            mark_sent(ws, row_id, claimed.token, reply, conn)

    def before(index: int) -> bool:
        if run.held:
            return False
        if stop is not None and stop():
            left.append(ready[index].id)  # asked once for each message not sent
            return False
        sent = accepted.pop() if accepted else None
        return renew(ws, ready[index].id, claimed.token, sent=sent, conn=conn)

    def on_result(index: int, result: SendResult) -> None:
        if result.skipped:  # another worker holds the row now, or sending stopped: not this row's failure
            counts["skipped"] += 0 if run.held else 1
            return
        counts["sent" if result.ok else "failed" if result.permanent else "retry"] += 1
        hold = run.note(ready[index].id, result)  # a success ends a run of refusals
        if result.ok:  # marked with the next message's claim, or at the end of the batch
            accepted.append((ready[index].id, result.reply))
            return
        flush_mark()
        record(ws, ready[index].id, claimed.token, result)
        failures.append(result)
        if hold:
            run.held = True
            _hold(ws, run, claimed.token, [r.id for r in ready[index + 1 :]])

    failures: list[SendResult] = []
    left: list[int] = []  # rows not tried because a stop was asked for
    try:
        if messages:
            try:
                sender.send(messages, on_result=on_result, before=before)
            finally:  # a sender that raises still marks what it had sent (a SIGKILL leaves it in flight)
                flush_mark()
    finally:
        conn.close()
    if left:
        _give_back(ws, claimed.token, left)
    if failures:  # one line per batch, with the server's first answer (a wrong password, no STARTTLS …)
        permanent = sum(f.permanent for f in failures)
        logger.warning(
            "%d of %d mails not sent (%d permanently failed, %d to retry); first reply: %s",
            *(len(failures), len(messages), permanent, len(failures) - permanent, failures[0].reply),
        )
