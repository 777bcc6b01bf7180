"""Tables of the eligibility work: pilot lists, recognitions, quotas, overlays and the dossier records.

All are append-or-upsert records the guards read through the cycle lookups; none holds state
that a transition changes, so the audit trail of a move stays in ``event``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.core import Base
from policies.labels import Labelled


class PilotDesignation(Base):
    """A division on a national pilot list (强市/强县建设试点, attachments 1–2 of notice 003)."""

    __tablename__ = "pilot_designation"
    __table_args__ = (UniqueConstraint("division_code", "pilot_list", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    division_code: Mapped[str] = mapped_column(String(6), index=True)
    pilot_list: Mapped[str] = mapped_column(String(10))  # city | county
    year: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(300))


class RecognitionStatus(Labelled):
    """A demonstration unit's standing in the register: valid, revoked (摘牌, B9) or cancelled for fraud (B10)."""

    VALID = "valid", "有效"
    REVOKED = "revoked", "已摘牌"
    CANCELLED = "cancelled", "弄虚作假取消资格"


class RecognitionOrigin(Labelled):
    """Where a row of the register came from: a cycle run here (any programme) or an imported list."""

    CYCLE = "cycle", "本系统认定"
    IMPORTED = "imported", "导入的名单"


class Recognition(Base):
    """One demonstration unit (示范单位) of the register, whatever its origin; B5 reads it, B9/B10 end it."""

    __tablename__ = "recognition"
    __table_args__ = (UniqueConstraint("organisation_id", "programme_id", "category", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    programme_id: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime)  # when the row was recorded, by import or by a move
    source: Mapped[str] = mapped_column(String(300))
    origin: Mapped[str] = mapped_column(String(20), default=RecognitionOrigin.IMPORTED)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=RecognitionStatus.VALID)


class RecognitionChange(Base):
    """An end of a recognition (摘牌 or cancellation for fraud): who, when, why, on which evaluation."""

    __tablename__ = "recognition_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    recognition_id: Mapped[int] = mapped_column(ForeignKey("recognition.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation_record.id"))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))


class ReferenceChange(Base):
    """A change to a reference list the national office keeps (pilots, recognitions, indicators, standards)."""

    __tablename__ = "reference_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), index=True)  # pilots | recognitions | indicators | standard
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id"))
    change: Mapped[str] = mapped_column(String(20))  # added | removed | changed
    key: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))


class Quota(Base):
    """Places per province and category in a cycle (名额分配表)."""

    __tablename__ = "quota"
    __table_args__ = (UniqueConstraint("cycle_id", "province_code", "category"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"))
    province_code: Mapped[str] = mapped_column(String(6))
    category: Mapped[str] = mapped_column(String(40))
    places: Mapped[int] = mapped_column(Integer)


class QuotaChange(Base):
    """Every setting of a quota, by import or by hand: the audit the national office answers with."""

    __tablename__ = "quota_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    province_code: Mapped[str] = mapped_column(String(6))
    category: Mapped[str] = mapped_column(String(40))
    old_places: Mapped[int | None] = mapped_column(Integer)
    new_places: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))


class OverlayText(Base):
    """A province's overlay for one cycle as loaded; the latest row per (cycle, province) is in force."""

    __tablename__ = "overlay"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    province_code: Mapped[str] = mapped_column(String(6))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(500))
    loaded_at: Mapped[datetime] = mapped_column(DateTime)
    loaded_by: Mapped[str] = mapped_column(String(80))


class PrefectureEndorsement(Base):
    """The prefecture step an overlay may add (county → prefecture → province); the latest one counts."""

    __tablename__ = "prefecture_endorsement"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    prefecture_code: Mapped[str] = mapped_column(String(6))
    endorsed: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str | None] = mapped_column(Text)


class Attestation(Base):
    """The applicant's attestation of one qualitative condition (numbered as in the definition)."""

    __tablename__ = "attestation"
    __table_args__ = (UniqueConstraint("application_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))


class Finding(Base):
    """The province's review finding on one attested condition; append-only, the latest counts."""

    __tablename__ = "finding"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    met: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))


class MaterialFile(Base):
    """A file filed against a checklist item (A8); a later file for the same item replaces it."""

    __tablename__ = "material"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    material_id: Mapped[str] = mapped_column(String(80))
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # None: kept in the file store under its sha256
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))


class FraudFinding(Base):
    """Fraud established against an application (A9, B10); the disqualification rests on it."""

    __tablename__ = "fraud_finding"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))


class Criticism(Base):
    """A notice of criticism (通报批评) recorded against a body after fraud (A9)."""

    __tablename__ = "criticism"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"))
    fraud_finding_id: Mapped[int] = mapped_column(ForeignKey("fraud_finding.id"))
    target: Mapped[str] = mapped_column(String(40))  # applicant-ip-department | provincial-office
    division_code: Mapped[str] = mapped_column(String(6))
    body: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))


class ProgressReport(Base):
    """A creation object's report of one year's progress, and its province's review (B6, our reading)."""

    __tablename__ = "progress_report"
    __table_args__ = (UniqueConstraint("application_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[datetime] = mapped_column(DateTime)
    filed_by: Mapped[str] = mapped_column(String(80))
    outcome: Mapped[str | None] = mapped_column(String(20))  # accepted | returned; None while unreviewed
    review_note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(80))
