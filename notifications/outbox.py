"""The outbox: every e-mail is a row with a unique key before it is a message, and the log after.

A row is written in the transaction that decided it is owed, so deciding and recording cannot
part. Senders claim rows with one conditional UPDATE (two workers never share a row), mark each
row sent as soon as the server accepted it, retry temporary failures with exponential backoff and
record permanent ones; a claim whose sender died expires and the row is taken up again.

Marks are pipelined with claims: the transaction that renews the next message's claim, just
before it goes out, also marks the previous one sent (two plain UPDATEs, one commit per mail
instead of two). So a message is marked before the next one is handed to the server, and a
sender killed at any point repeats at most the message in flight (accepted, mark not yet
committed). Chosen over batch commits because the bound must not depend on where a sender runs:
every mark is in the database before the next send, where any sender on any host sees it, with no
side journal to replay. What it costs is one commit per mail, so its speed is the database's
commit speed (cheap in SQLite's WAL mode or on PostgreSQL). On SQLite the marks and renewals commit
relaxed (no fsync; the claim before them is synced): a power cut can undo the marks of the batch in
flight, so repeat at most one batch, never the rows or moves a sent mail was about (``_sqlite_pragmas``).

What a mail costs besides (issue 13): each row becomes the bytes the server gets once, in
``notifications.delivery.mime`` (no message object for the SMTP client to flatten again), whether
a claimed batch is still owed is asked once per kind of mail in it, not once per row, and the
per-mail commit is a Core transaction rather than an ORM session. None of it moves a commit, so
the duplicate bound above is unchanged.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, and_, bindparam, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.services.programmes.cycles import cycle_programme
from engine.services.results import IsoDatetime, ServiceResult
from engine.store.core import Cycle
from engine.store.messages import Message
from engine.store.outbox import OutboxMessage, OutboxStatus
from engine.store.workspace import RELAXED, Workspace
from notifications.delivery.mime import OutgoingMail, encode_mail, named
from notifications.delivery.sender import Sendable, Sender, SendResult

logger = logging.getLogger("ipcycle.outbox")
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=2)
MAX_ATTEMPTS = 12  # for mail without an expiry; about a day of retries at the cap
CLAIM_FOR = timedelta(minutes=5)
# Consecutive mails refused (5xx) with the same reply: more than a few wrong addresses in a row is a
# relay that refuses everything (no relaying, a wrong sender domain), so sending stops to save the rest.
SAME_REFUSAL_RUN = 5
_ADDRESSES = re.compile(r"<[^>]*>|[^\s<>]+@[^\s<>]+")
STATUSES = tuple(OutboxStatus)
# Of a claimed batch's rows of one kind, the ids whose reason still holds at sending time: one check per batch
# and kind (a query or two), per kind of mail that can go stale (planning knows them).
StillOwed = Callable[[Workspace, Session, list[OutboxMessage]], set[int]]


@dataclass(frozen=True)
class Mail:
    """One e-mail decided by planning or by a stage change, not yet stored."""

    key: str
    cycle_id: int | None
    kind: str
    audience: str
    milestone: str | None
    offset_days: int | None
    recipient: str
    recipient_name: str
    address: str | None
    subject: str
    body_text: str
    body_html: str
    send_after: datetime
    expires_at: datetime | None
    applications: tuple[int, ...] = ()
    link: str | None = None  # the portal path where what it asks for is done (the message centre's button)

    def row(self, now: datetime) -> dict[str, Any]:
        return {
            **{k: v for k, v in self.__dict__.items() if k != "link"},
            "applications": list(self.applications),
            "created_at": now,
            "status": OutboxStatus.PENDING if self.address else OutboxStatus.NO_ADDRESS,
            "attempts": 0,
        }


def existing_keys(s: Session, keys: list[str]) -> dict[str, str]:
    """Key → status of the rows among ``keys`` that exist already (chunked for large plans)."""
    out: dict[str, str] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        q = select(OutboxMessage.key, OutboxMessage.status).where(OutboxMessage.key.in_(chunk))
        out.update({key: status for key, status in s.execute(q)})
    return out


def enqueue(s: Session, mails: list[Mail], now: datetime) -> int:
    """Insert the mails in the caller's transaction; a key already there is left alone. Returns
    how many rows were really inserted.

    Planners skip known keys before rendering; the unique key (ON CONFLICT DO NOTHING) makes a
    concurrent planner's duplicate a no-op rather than a second mail.
    """
    if not mails:
        return 0
    keep_messages(s, [m for m in mails if m.kind not in POSTED_KINDS], now)
    dialect = s.get_bind().dialect.name
    table = OutboxMessage.__table__
    if dialect == "sqlite":
        stmt: Any = sqlite.insert(table).on_conflict_do_nothing(index_elements=["key"])  # type: ignore[arg-type]
        return _driver_executemany(s, stmt, _columns(mails, now), table)
    rows = [m.row(now) for m in mails]
    if dialect == "postgresql":  # an executemany's rowcount is not the rows kept: count what comes back
        stmt = postgresql.insert(table).on_conflict_do_nothing(index_elements=["key"])  # type: ignore[arg-type]
        returning = stmt.returning(table.c.id)
        return sum(len(s.execute(returning, rows[i : i + 2000]).all()) for i in range(0, len(rows), 2000))
    else:
        known = existing_keys(s, [m.key for m in mails])
        rows = [r for r in rows if r["key"] not in known]
        stmt = insert(table)  # type: ignore[arg-type]
    inserted = 0
    for i in range(0, len(rows), 2000):
        count = getattr(s.execute(stmt, rows[i : i + 2000]), "rowcount", -1)  # Core insert: a CursorResult
        inserted += count if count >= 0 else len(rows[i : i + 2000])  # a driver that cannot tell
    return inserted


def keep_messages(s: Session, mails: list[Mail], now: datetime) -> None:
    """Copy the mails into their recipients' message centre (same key; a key already there is left alone), so
    a party without an address still reads what it was told. In the caller's transaction, beside the outbox rows."""
    if not mails:
        return
    table = Message.__table__
    columns: dict[str, list[Any]] = {name: [getattr(m, name) for m in mails] for name in _MESSAGE_FIELDS}
    columns.update(created_at=[now] * len(mails), shown_at=[m.send_after for m in mails])
    dialect = s.get_bind().dialect.name
    if dialect == "sqlite":
        stmt: Any = sqlite.insert(table).on_conflict_do_nothing(index_elements=["key"])  # type: ignore[arg-type]
        _driver_executemany(s, stmt, columns, table)
        return
    rows = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
    if dialect == "postgresql":
        stmt = postgresql.insert(table).on_conflict_do_nothing(index_elements=["key"])  # type: ignore[arg-type]
    else:
        known = {k for (k,) in s.execute(select(Message.key).where(Message.key.in_([r["key"] for r in rows])))}
        rows, stmt = [r for r in rows if r["key"] not in known], insert(table)  # type: ignore[arg-type]
    for i in range(0, len(rows), 2000):
        s.execute(stmt, rows[i : i + 2000])


POSTED_KINDS = frozenset({"message"})  # mails of messages a person posted: the centre holds them already
_MESSAGE_FIELDS = ("key", "cycle_id", "kind", "recipient", "recipient_name", "subject", "body_text", "link")


def _columns(mails: list[Mail], now: datetime) -> dict[str, list[Any]]:
    """The rows of :meth:`Mail.row`, column by column: no dict per row for a plan of tens of thousands."""
    count = len(mails)
    fields = [name for name in Mail.__dataclass_fields__ if name != "link"]
    columns: dict[str, list[Any]] = {name: [getattr(m, name) for m in mails] for name in fields}
    columns["applications"] = [list(apps) for apps in columns["applications"]]
    statuses = [OutboxStatus.PENDING if address else OutboxStatus.NO_ADDRESS for address in columns["address"]]
    columns.update(created_at=[now] * count, status=statuses, attempts=[0] * count)
    return columns


def _driver_executemany(s: Session, stmt: Any, columns: dict[str, list[Any]], table: Any) -> int:
    """The INSERT as SQLAlchemy compiles it, run by the driver's executemany over plain tuples.

    SQLAlchemy's per-row parameter handling was a third of planning 30,000 reminders on SQLite. The values
    still go through each column type's own bind processor (so a row is stored exactly as the ORM stores
    it), once per distinct date and time: a plan's rows share three of them.
    """
    conn = s.connection()
    compiled = stmt.compile(dialect=conn.dialect, column_keys=list(columns))
    ordered = []
    for name in compiled.positiontup or ():
        process = table.c[name].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        values = columns[name]
        if process is not None:
            memo: dict[Any, Any] = {}  # dates and times repeat: each converted once
            values = [v if v is None else _memo(memo, process, v) if isinstance(v, datetime) else process(v)
                      for v in values]  # fmt: skip
        ordered.append(values)
    result = conn.exec_driver_sql(compiled.string, list(zip(*ordered, strict=True)))
    return max(result.rowcount, 0)


def _memo(memo: dict[Any, Any], process: Callable[[Any], Any], value: Any) -> Any:
    known = memo.get(value)
    if known is None:
        known = memo[value] = process(value)
    return known


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


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, at most two hours."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


@dataclass
class Claim:
    token: str
    rows: list[OutboxMessage]
    cancelled: int = 0
    expired: int = 0


_MARK_SENT = (  # record() for a success, as one UPDATE: the common case of every send
    update(OutboxMessage)
    .where(OutboxMessage.id == bindparam("row_id"), OutboxMessage.claim_token == bindparam("token"))
    .values(
        attempts=OutboxMessage.attempts + 1,
        status=OutboxStatus.SENT,
        smtp_reply=bindparam("reply"),
        claim_token=None,
        claimed_until=None,
        sent_at=bindparam("now"),
    )
    .execution_options(synchronize_session=False)
)
_RENEW = (
    update(OutboxMessage)
    .where(
        OutboxMessage.id == bindparam("row_id"),
        OutboxMessage.claim_token == bindparam("token"),
        OutboxMessage.status == OutboxStatus.CLAIMED,
    )
    .values(claimed_until=bindparam("until"))
    .execution_options(synchronize_session=False)
)


@dataclass(frozen=True)
class _Prepared:
    """A statement of every mail compiled once per dialect: its driver SQL, and how a call's values become
    the driver's parameters (each through its column type's bind processor, as SQLAlchemy would)."""

    sql: str
    defaults: dict[str, Any]  # the statement's own literals (a status, a NULL)
    order: tuple[str, ...] | None  # positional drivers (SQLite): the parameters' order
    processors: dict[str, Callable[[Any], Any]]


_prepared: dict[tuple[int, str], _Prepared] = {}


def _run(conn: Connection, stmt: Any, values: dict[str, Any]) -> int:
    """Execute ``stmt`` as prepared driver SQL: SQLAlchemy's per-call statement handling was a third of the
    sender's database time, twice a mail. Returns the rows changed."""
    dialect = conn.dialect
    known = _prepared.get((id(stmt), dialect.name))
    if known is None:
        compiled = stmt.compile(dialect=dialect)
        processors, literals = {}, {}
        for bind, name in compiled.bind_names.items():  # the parameters as the SQL names them
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                processors[name] = process
            if not bind.required:  # a status is a StrEnum: the driver gets its plain text
                literals[name] = str(bind.value) if isinstance(bind.value, str) else bind.value
        order = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
        known = _Prepared(compiled.string, literals, order, processors)
        _prepared[id(stmt), dialect.name] = known
    params = {**known.defaults, **values}
    for name, process in known.processors.items():
        if params[name] is not None:
            params[name] = process(params[name])
    driver: Any = tuple(params[name] for name in known.order) if known.order is not None else params
    return int(conn.exec_driver_sql(known.sql, driver).rowcount)


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


# PostgreSQL: a sender holds an advisory lock (this class, a random key) for as long as it sends, and its claim
# tokens start with "p" and that key in hex; the lock goes with its connection when the process dies, so another
# sender can free the claims of a dead one at once instead of waiting for them to expire (CLAIM_FOR).
SENDER_LOCK_CLASS = 0x1C7C


@contextmanager
def sender_presence(ws: Workspace) -> Iterator[str]:
    """This sender's claim-token prefix, with its advisory lock held meanwhile (PostgreSQL). SQLite cannot tell
    whether another process is alive: there a dead sender's claims are taken over when they expire."""
    if ws.engine.dialect.name != "postgresql":
        yield ""
        return
    key = secrets.randbits(31)
    with ws.engine.connect() as conn:
        conn.exec_driver_sql("SELECT pg_advisory_lock(%s, %s)", (SENDER_LOCK_CLASS, key))
        conn.commit()
        try:
            yield f"p{key:08x}"
        finally:
            conn.exec_driver_sql("SELECT pg_advisory_unlock(%s, %s)", (SENDER_LOCK_CLASS, key))
            conn.commit()


def free_orphaned_claims(ws: Workspace) -> int:
    """Give back to the queue the claims of senders whose advisory lock is gone (their process died); PostgreSQL
    only. The claimed tokens are read before the locks: a live sender locked before it claimed, so it is seen."""
    if ws.engine.dialect.name != "postgresql":
        return 0
    with ws.engine.begin() as conn:
        tokens = conn.execute(
            select(OutboxMessage.claim_token)
            .where(OutboxMessage.status == OutboxStatus.CLAIMED, OutboxMessage.claim_token.like("p%"))
            .distinct()
        ).scalars()
        owners = {t: int(t[1:9], 16) for t in tokens if t and len(t) > 9}
        if not owners:
            return 0
        held = {
            int(objid)
            for (objid,) in conn.exec_driver_sql(
                "SELECT objid::text FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objsubid = 2 "
                "AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                (SENDER_LOCK_CLASS,),
            )
        }
        orphaned = [t for t, key in owners.items() if key not in held]
        if not orphaned:
            return 0
        freed = conn.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.CLAIMED, OutboxMessage.claim_token.in_(orphaned))
            .values(status=OutboxStatus.PENDING, claim_token=None, claimed_until=None)
        )
    count = int(freed.rowcount or 0)
    if count:
        logger.warning("took back %s mails claimed by a sender that is gone (its database connection ended)", count)
    return count


def claim(
    ws: Workspace,
    limit: int,
    still_owed: Mapping[str, StillOwed],
    claim_for: timedelta = CLAIM_FOR,
    owner: str = "",
) -> Claim:
    """Claim up to ``limit`` due rows for this sender; rows whose reason is gone are settled, not returned."""
    now, token = ws.clock.now(), owner + uuid.uuid4().hex[: 32 - len(owner)]
    due = and_(
        OutboxMessage.send_after <= now,
        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
        or_(
            OutboxMessage.status == OutboxStatus.PENDING,
            and_(OutboxMessage.status == OutboxStatus.CLAIMED, OutboxMessage.claimed_until < now),  # its sender died
        ),
    )
    with ws.transaction(write=True) as s:  # SQLite: claims queue, so each sees what the one before took
        # Two statements, not UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED): PostgreSQL may
        # rescan such a subquery once per row it updates, each rescan skipping what the statement just changed,
        # and so claim every due row instead of n.
        ids = list(
            s.scalars(
                select(OutboxMessage.id)
                .where(due)
                .order_by(OutboxMessage.send_after, OutboxMessage.id)
                .limit(limit)
                .with_for_update(skip_locked=True)  # PostgreSQL: rows another sender is claiming are left to it
            )
        )
        if ids:
            s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), due)
                .values(status=OutboxStatus.CLAIMED, claim_token=token, claimed_until=now + claim_for)
                .execution_options(synchronize_session=False)
            )
        claimed = Claim(token, [])
        mine = select(OutboxMessage).where(OutboxMessage.claim_token == token).order_by(OutboxMessage.id)
        current: list[OutboxMessage] = []
        for row in s.scalars(mine):
            if row.expires_at is not None and now >= row.expires_at:
                _settle(row, OutboxStatus.EXPIRED, f"not sent: its moment passed at {row.expires_at:%Y-%m-%d %H:%M}")
                claimed.expired += 1
            else:
                current.append(row)
        by_kind: dict[str, list[OutboxMessage]] = {}
        for row in current:
            if row.kind in still_owed:
                by_kind.setdefault(row.kind, []).append(row)
        owed = {row_id for kind, rows in by_kind.items() for row_id in still_owed[kind](ws, s, rows)}
        for row in current:
            if row.kind in still_owed and row.id not in owed:
                _settle(row, OutboxStatus.CANCELLED, "not sent: the reason for it has gone (done meanwhile)")
                claimed.cancelled += 1
            else:
                claimed.rows.append(row)
        return claimed


def _settle(row: OutboxMessage, status: OutboxStatus, reply: str) -> None:
    row.status, row.smtp_reply, row.claim_token, row.claimed_until = status, reply, None, None


def record(ws: Workspace, row_id: int, token: str, result: SendResult) -> None:
    """Store one message's fate at once, under the claim that sent it."""
    now = ws.clock.now()
    with ws.transaction() as s:
        row = s.scalars(
            select(OutboxMessage).where(OutboxMessage.id == row_id, OutboxMessage.claim_token == token)
        ).first()
        if row is None:  # the claim expired and another sender took the row over
            return
        row.attempts += 1
        if result.ok:
            _settle(row, OutboxStatus.SENT, result.reply)
            row.sent_at = now
        elif result.permanent or (row.expires_at is None and row.attempts >= MAX_ATTEMPTS):
            _settle(row, OutboxStatus.FAILED, result.reply)
        else:
            _settle(row, OutboxStatus.PENDING, f"attempt {row.attempts} failed, retrying: {result.reply}")
            row.next_attempt_at = now + backoff(row.attempts)


@contextmanager
def _committed(ws: Workspace, conn: Connection | None) -> Iterator[Connection]:
    """A Core transaction (two plain UPDATEs need no ORM session), on the batch's connection when given:
    taking one from the pool and handing it back per mail cost about as much as the commit."""
    if conn is None:
        with ws.engine.begin() as fresh:
            yield fresh
    else:
        with conn.begin():
            yield conn


def renew(
    ws: Workspace,
    row_id: int,
    token: str,
    claim_for: timedelta = CLAIM_FOR,
    sent: tuple[int, str] | None = None,
    conn: Connection | None = None,
) -> bool:
    """Extend one row's claim just before sending it; False if the claim lapsed and another took it.

    ``sent``: (row id, reply) of the message the server accepted last, marked sent in the same
    commit (the pipelined mark), whether or not this claim still holds.
    """
    now = ws.clock.now()
    with _committed(ws, conn) as c:
        if sent is not None:
            _run(c, _MARK_SENT, {"row_id": sent[0], "token": token, "reply": sent[1], "now": now})
        changed = _run(c, _RENEW, {"row_id": row_id, "token": token, "until": now + claim_for})
    return bool(changed)


def mark_sent(ws: Workspace, row_id: int, token: str, reply: str, conn: Connection | None = None) -> None:
    """The pipelined mark with no next message to ride on (the end of a batch)."""
    with _committed(ws, conn) as c:
        _run(c, _MARK_SENT, {"row_id": row_id, "token": token, "reply": reply, "now": ws.clock.now()})


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
