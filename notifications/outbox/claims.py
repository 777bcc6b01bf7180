"""Claiming outbox rows for one sender and settling them: one conditional UPDATE claims (two senders never
share a row), each mark rides on the next claim's renewal, and a dead sender's claims are taken back."""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from engine.store.outbox import OutboxMessage, OutboxStatus
from engine.store.workspace import Workspace
from notifications.delivery.sender import SendResult

logger = logging.getLogger("ipcycle.outbox")
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=2)
MAX_ATTEMPTS = 12  # for mail without an expiry; about a day of retries at the cap
CLAIM_FOR = timedelta(minutes=5)
# Of a claimed batch's rows of one kind, the ids whose reason still holds at sending time: one check per batch
# and kind (a query or two), per kind of mail that can go stale (planning knows them).
StillOwed = Callable[[Workspace, Session, list[OutboxMessage]], set[int]]


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
