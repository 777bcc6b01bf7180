"""Tables of the provincial round: shared public notices, objections with their evidence, report packages.

A notice is one province's publication of one working day's recommendations; an objection holds it.
A report package is versioned: an amendment adds a version, none is ever overwritten (the audit).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.core import Base
from policies.labels import Labelled


class ObjectorKind(Labelled):
    UNIT = "unit", "单位"
    PERSON = "person", "个人"


class ObjectionOutcome(Labelled):
    UPHELD = "upheld", "异议成立"
    DISMISSED = "dismissed", "异议不成立"


class RoundState(Labelled):
    """Where a province stands in the round: reported, a nil return, or nothing yet."""

    REPORTED = "reported", "已报送"
    NIL = "nil-return", "本届不推荐"
    NOT_YET = "not-yet", "尚未报送"


class NoticeStatus(Labelled):
    RUNNING = "running", "公示中"
    HELD = "held", "因异议暂停"  # an objection on it is open: its working days do not run


class ObjectionStatus(Labelled):
    OPEN = "open", "待处理"
    RESOLVED = "resolved", "已处理"


class PublicNotice(Base):
    """A province's public notice (公示) of the applications it put under notice on one working day."""

    __tablename__ = "public_notice"
    __table_args__ = (UniqueConstraint("cycle_id", "province_code", "stage", "published_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    province_code: Mapped[str] = mapped_column(String(6))
    stage: Mapped[str] = mapped_column(String(40))
    published_on: Mapped[date] = mapped_column(Date)
    working_days: Mapped[int] = mapped_column(Integer)
    last_day: Mapped[date] = mapped_column(Date)  # as it stands: moved on when a hold ends
    status: Mapped[str] = mapped_column(String(20), default=NoticeStatus.RUNNING)
    held_on: Mapped[date | None] = mapped_column(Date)
    days_left: Mapped[int | None] = mapped_column(Integer)  # working days still to run when it was held
    holds: Mapped[int] = mapped_column(Integer, default=0)


class NoticeMember(Base):
    """An application published in a notice (an application is in at most one notice per stage)."""

    __tablename__ = "notice_member"
    __table_args__ = (UniqueConstraint("notice_id", "application_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("public_notice.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)


class Objection(Base):
    """An objection (异议) to an application under notice: who, what, when, and how it was handled."""

    __tablename__ = "objection"
    id: Mapped[int] = mapped_column(primary_key=True)
    # a province's shared notice; None for a national notice (one per application: no notice row of its own)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("public_notice.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    # a national notice's stage and period as they stood when the objection was received
    notice_stage: Mapped[str | None] = mapped_column(String(40))
    notice_from: Mapped[date | None] = mapped_column(Date)
    notice_last_day: Mapped[date | None] = mapped_column(Date)
    objector_kind: Mapped[str] = mapped_column(String(10))  # unit | person
    objector_name: Mapped[str] = mapped_column(String(100))
    objector_unit: Mapped[str] = mapped_column(String(200))
    objector_phone: Mapped[str] = mapped_column(String(40))
    content: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20), default=ObjectionStatus.OPEN)
    outcome: Mapped[str | None] = mapped_column(String(20))  # upheld | dismissed
    reasons: Mapped[str | None] = mapped_column(Text)
    handler: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(80))
    # the number an objector filing through the public form is given, to look the outcome up with
    receipt: Mapped[str | None] = mapped_column(String(24), unique=True, index=True)
    # the public form's idempotency key: the same form sent twice records one objection and shows one receipt
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)


class PublicSubmission(Base):
    """One objection filed through the public form, by address, so repeated filings can be slowed."""

    __tablename__ = "public_submission"
    __table_args__ = (Index("ix_public_submission_address", "address", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
    ok: Mapped[bool] = mapped_column(default=False)


class PublishedListCopy(Base):
    """A national list as it was published from the portal: its page and its files, kept as they were."""

    __tablename__ = "published_list"
    __table_args__ = (UniqueConstraint("cycle_id", "kind", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    document: Mapped[str] = mapped_column(String(200))
    units: Mapped[int] = mapped_column(Integer)
    groups: Mapped[list[Any]] = mapped_column()  # [{category, heading, units: [{number, organisation, ...}]}]
    html: Mapped[str] = mapped_column(Text)
    # the files: in the file store under their sha256 (the bytes None), or in the row where there is no store
    docx: Mapped[bytes | None] = mapped_column(LargeBinary)
    xlsx: Mapped[bytes | None] = mapped_column(LargeBinary)
    docx_sha256: Mapped[str | None] = mapped_column(String(64))
    xlsx_sha256: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(DateTime)
    published_by: Mapped[str] = mapped_column(String(80))
    # a correction (更正): the units struck off since the version before, each with what ended it and why
    changes: Mapped[list[Any]] = mapped_column(default=list)


class ObjectionFile(Base):
    """An evidence file or a unit's stamped scan, under a generated name, never a path; its bytes in the file store."""

    __tablename__ = "objection_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    objection_id: Mapped[int] = mapped_column(ForeignKey("objection.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # evidence | stamped-scan
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # None: kept in the file store under its sha256


class ReportPackage(Base):
    """One version of a province's report to CNIPA: its letter and list, or a nil return (本届不推荐)."""

    __tablename__ = "report_package"
    __table_args__ = (
        UniqueConstraint("cycle_id", "province_code", "version"),
        Index("ix_report_package_cycle", "cycle_id", "province_code"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"))
    province_code: Mapped[str] = mapped_column(String(6))
    version: Mapped[int] = mapped_column(Integer)
    nil: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    letter_name: Mapped[str | None] = mapped_column(String(300))
    letter_stored_name: Mapped[str | None] = mapped_column(String(80))
    letter_sha256: Mapped[str | None] = mapped_column(String(64))
    letter: Mapped[bytes | None] = mapped_column(LargeBinary)  # None with a sha256: kept in the file store
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))


class ReportItem(Base):
    """An application a package version lists (an amendment lists the earlier ones again)."""

    __tablename__ = "report_item"
    __table_args__ = (UniqueConstraint("package_id", "application_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("report_package.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
