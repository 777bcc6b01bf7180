"""The liaison receipt (联络员回执): who at a province answers for a cycle, one row per province per cycle."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.core import Base


class LiaisonReceipt(Base):
    __tablename__ = "liaison_receipt"
    __table_args__ = (UniqueConstraint("cycle_id", "province_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"))
    province_code: Mapped[str] = mapped_column(String(6))
    name: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str] = mapped_column(String(40))
    mobile: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(200))
    filed_at: Mapped[datetime] = mapped_column(DateTime)
    filed_by: Mapped[str] = mapped_column(String(80))
    amended_at: Mapped[datetime | None] = mapped_column(DateTime)
