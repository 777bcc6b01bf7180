"""Putting mail in the outbox: a row per mail with its unique key, written in the transaction that decided it
is owed (so deciding and recording cannot part); a key already there is never queued twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.store.messages import Message
from engine.store.outbox import OutboxMessage, OutboxStatus


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
