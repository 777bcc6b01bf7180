"""Tables of case calls.

``case_text`` holds the text of each case application (one row per application, written in
the transaction that creates it); ``published_case`` holds the published list (C8) of an
edition, whether rendered here or imported from the published document.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.files.casedoc import SECTIONS
from engine.store.core import Application, Base


class CaseRecord(Base):
    """The text of one case and its form fields (attachments 1 and 2 of 000), as submitted."""

    __tablename__ = "case_text"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), unique=True)
    phase: Mapped[int | None] = mapped_column(Integer)
    theme: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    abstract: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    region_given: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(200))  # the standard name of the division (C4)
    region_code: Mapped[str | None] = mapped_column(String(6))
    period: Mapped[str | None] = mapped_column(String(40))  # D2: when the case happened, as written (2020年至今)
    basic: Mapped[str] = mapped_column(Text)
    practices: Mapped[str] = mapped_column(Text)
    effects: Mapped[str] = mapped_column(Text)
    next_steps: Mapped[str] = mapped_column(Text)
    count_mode: Mapped[str] = mapped_column(String(10))
    total_count: Mapped[int] = mapped_column(Integer)
    total_chars: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500))
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    application: Mapped[Application] = relationship()

    @property
    def total(self) -> str:
        """The body the total limit measures: the four sections, as the reader joins them."""
        return "\n".join(part for part in (getattr(self, k) for k in SECTIONS) if part)

    def fields(self) -> dict[str, str]:
        out = {k: getattr(self, k) for k in SECTIONS}
        out.update(total=self.total, title=self.title, name=self.name)
        given = (("abstract", self.abstract), ("contact", self.contact), ("region", self.region_given),
                 ("period", self.period))  # fmt: skip
        for key, value in given:
            if value is not None:
                out[key] = value
        return out


class PublishedEntry(Base):
    """One row of an edition's published list (序号, 案例名称, 案例摘要)."""

    __tablename__ = "published_case"
    __table_args__ = (UniqueConstraint("programme_id", "edition", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[str] = mapped_column(String(80))
    edition: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    abstract: Mapped[str] = mapped_column(Text)
    list_title: Mapped[str] = mapped_column(String(200))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"))
    source: Mapped[str] = mapped_column(String(500))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class PromotionRecord(Base):
    """One unit or case promoted at one occasion (B8 总结推广; D7 宣传周, 发布会, WIPO): a row per subject.

    The occasion (kind, title, date) repeats on each of its rows, so a unit's or a case's record reads alone.
    """

    __tablename__ = "promotion_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    recognition_id: Mapped[int | None] = mapped_column(ForeignKey("recognition.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(80))
