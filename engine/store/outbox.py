"""The outbox table: every e-mail is a row under a unique key before it is a message, and the log after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Engine, ForeignKey, Index, Integer, String, Table, Text, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.store.core import Base
from policies.labels import Labelled


class OutboxStatus(Labelled):
    """Where a mail is: waiting, being sent, sent, given up, no longer owed, too late, or with nobody to send to."""

    PENDING = "pending", "待发送"
    CLAIMED = "claimed", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
    CANCELLED = "cancelled", "已取消"
    EXPIRED = "expired", "已过时"
    NO_ADDRESS = "no-address", "无邮箱"
    HELD = "held", "暂停待查"  # refused like a whole run of others: the relay is suspect, not the recipient


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "send_after"),
        Index("ix_outbox_occasion", "cycle_id", "milestone", "offset_days"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id"))
    kind: Mapped[str] = mapped_column(String(40))
    audience: Mapped[str] = mapped_column(String(80))
    milestone: Mapped[str | None] = mapped_column(String(80))
    offset_days: Mapped[int | None] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(80))  # province:320000 | org:17 | national
    recipient_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(500))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    send_after: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    claim_token: Mapped[str | None] = mapped_column(String(40))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    smtp_reply: Mapped[str | None] = mapped_column(Text)
    applications: Mapped[list[Any]] = mapped_column(default=list)  # what the mail is about (for the stale check)


class PlanningMark(Base):
    """How far a planner has read an append-only table (the audit trail), so each row is planned once."""

    __tablename__ = "planning_mark"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)


def held_mark(s: Session, name: str) -> PlanningMark:
    """A planner's mark, made if missing, locked until the transaction ends. Two schedulers planning at once take
    turns (the second reads where the first stopped, instead of planning the same rows again), and a mark both
    make at once is made once (the loser's INSERT does nothing) instead of failing one of them."""
    locked = select(PlanningMark).where(PlanningMark.name == name).with_for_update()
    mark = s.scalars(locked).first()
    if mark is None:
        insert = postgresql.insert if s.get_bind().dialect.name == "postgresql" else sqlite.insert
        s.execute(insert(PlanningMark).values(name=name, last_id=0).on_conflict_do_nothing(index_elements=["name"]))
        mark = s.scalars(locked).one()
    return mark


def settled_max_id(db: Engine, table: Table) -> int:
    """The highest id of an append-only table at or below which every row is committed, for a planner's mark.

    On PostgreSQL ids are taken when a row is inserted but rows appear when their transaction commits, so
    a later id can be visible before an earlier one: a planner that moved its mark past the gap would
    never see the earlier row. A momentary SHARE lock waits for every transaction inserting into the
    table to end; SQLite's writers commit one at a time, in id order, and need none.
    """
    with db.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f'LOCK TABLE "{table.name}" IN SHARE MODE'))
        return int(conn.scalar(select(func.max(table.c.id))) or 0)
