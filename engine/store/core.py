"""Persistence: the tables of DESIGN.md §4 as SQLAlchemy 2.x models.

State lives on :class:`Application`; every move appends an :class:`Event` in the same
transaction, and timed moves are :class:`Timer` rows rather than scheduler memory.
Datetimes are naive China Standard Time (UTC+8), the only zone the programmes use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from policies.labels import Labelled


class CycleStatus(Labelled):
    OPEN = "open", "进行中"


class MilestoneSource(Labelled):
    """Where a cycle's milestone date came from: the notice's rule, the office at opening, or a later amendment."""

    DEFINITION = "definition", "按通知推算"
    GIVEN = "given", "开启时填写"
    AMENDED = "amended", "已调整"


class WindowEffect(Labelled):
    """What an amended milestone date does to a window today: opens it again, shuts it early, or neither."""

    REOPENS = "reopens", "重新开放"
    CLOSES = "closes", "提前关闭"
    UNCHANGED = "unchanged", "开闭不变"


class TimerStatus(Labelled):
    """A timed move waits (pending), was performed (done), became moot (cancelled) or kept failing (failed)."""

    PENDING = "pending", "待执行"
    DONE = "done", "已执行"
    CANCELLED = "cancelled", "已取消"
    FAILED = "failed", "执行失败"


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class DatabaseIdentity(Base):
    """The database's own name for itself, a random UUID made on first use: calendar UIDs carry it, so the
    calendars of two databases (a demonstration and the real one) import side by side."""

    __tablename__ = "database_identity"
    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[str] = mapped_column(String(36))


class ProgrammeVersion(Base):
    """One loaded text of a definition; a cycle pins one, so later edits never reach it."""

    __tablename__ = "programme_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[str] = mapped_column(String(80), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[datetime] = mapped_column(DateTime)
    current: Mapped[bool] = mapped_column(default=False)  # the text new cycles of the programme are opened with


class Cycle(Base):
    __tablename__ = "cycle"
    __table_args__ = (UniqueConstraint("programme_id", "edition"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[str] = mapped_column(String(80))
    edition: Mapped[int] = mapped_column(Integer)
    programme_version_id: Mapped[int] = mapped_column(ForeignKey("programme_version.id"))
    status: Mapped[str] = mapped_column(String(20), default=CycleStatus.OPEN)
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    opened_by: Mapped[str] = mapped_column(String(80))
    version: Mapped[ProgrammeVersion] = relationship()
    milestones: Mapped[list[CycleMilestone]] = relationship(back_populates="cycle", order_by="CycleMilestone.due")


@dataclass(frozen=True)
class PinnedCycle:
    """What a move needs of its cycle, none of which changes once the cycle is open (the definition
    text is pinned at opening): read once per process instead of joined into every move."""

    id: int
    programme_id: str
    edition: int
    text: str  # the pinned definition snapshot (ProgrammeVersion.text)


class CycleMilestone(Base):
    __tablename__ = "milestone"
    __table_args__ = (UniqueConstraint("cycle_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"))
    key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    due: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20))  # a MilestoneSource
    cycle: Mapped[Cycle] = relationship(back_populates="milestones")


class MilestoneExtension(Base):
    """One province's later date for a milestone of a cycle (延期 for that province only)."""

    __tablename__ = "milestone_extension"
    __table_args__ = (UniqueConstraint("cycle_id", "key", "province_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"))
    key: Mapped[str] = mapped_column(String(80))
    province_code: Mapped[str] = mapped_column(String(6))
    due: Mapped[date] = mapped_column(Date)


class Organisation(Base):
    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    division_code: Mapped[str | None] = mapped_column(String(6), index=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))  # the organisation's own contact, kept by its account
    contact_person: Mapped[str | None] = mapped_column(String(80))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Application(Base):
    __tablename__ = "application"
    __table_args__ = (
        UniqueConstraint("cycle_id", "category", "organisation_id", "serial"),
        Index("ix_application_cycle_stage", "cycle_id", "stage"),
        Index("ix_application_province_list", "cycle_id", "province_code", "category", "stage"),  # a desk's list
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"))
    category: Mapped[str] = mapped_column(String(40))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    serial: Mapped[int] = mapped_column(Integer, default=1)  # 1; a case call numbers a submitter's cases 1, 2, 3
    track: Mapped[str | None] = mapped_column(String(40))  # chosen at application (A5's GI track), else None
    province_code: Mapped[str] = mapped_column(String(6))
    stage: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    cycle: Mapped[Cycle] = relationship()
    organisation: Mapped[Organisation] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Event(Base):
    """The audit trail: append-only, written in the transaction of the move it records."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    account: Mapped[str | None] = mapped_column(String(80))  # the portal log-in that made the move, if any
    event: Mapped[str] = mapped_column(String(40))
    from_stage: Mapped[str | None] = mapped_column(String(40))
    to_stage: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    verdicts: Mapped[list[Any]] = mapped_column(default=list)


class Timer(Base):
    """A timed move: due at ``due_at``, fire ``event`` on the target(s) still in ``stages``."""

    __tablename__ = "timer"
    __table_args__ = (Index("ix_timer_due", "status", "due_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"))
    due_at: Mapped[datetime] = mapped_column(DateTime)
    event: Mapped[str] = mapped_column(String(40))
    stages: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default=TimerStatus.PENDING)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(Text)
    # a milestone's timer for one province that has its own (later) date; the cycle-wide timer then skips it
    province_code: Mapped[str | None] = mapped_column(String(6))
