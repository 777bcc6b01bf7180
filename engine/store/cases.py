"""Tables of case calls and the questions the case guards ask of them.

``case_text`` holds the text of each case application (one row per application, written in
the transaction that creates it); ``published_case`` holds the published list (C8) of an
edition, whether rendered here or imported from the published document.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from engine.definition.model import Programme
from engine.files.casedoc import SECTIONS
from engine.services.cycles import cycle_programme
from engine.store.core import Application, Base, Cycle, Organisation
from policies.guards.cases import CaseFacts, PriorCase


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
        for key, value in (("abstract", self.abstract), ("contact", self.contact), ("region", self.region_given)):
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


def record_facts(rec: CaseRecord) -> CaseFacts:
    return CaseFacts(rec.fields(), rec.phase, rec.theme)


def category_title(p: Programme, category: str) -> str:
    cat = p.category(category)
    return cat.name if cat else category


class CaseLookups:
    """The cycle's own lookups plus the case questions; ``draft`` is the case of a check not yet stored."""

    def __init__(self, base: Any, s: Session, cycle: Cycle, draft: CaseFacts | None = None) -> None:
        self._base = base
        self._s = s
        self._cycle = cycle
        self._draft = draft

    def __getattr__(self, name: str) -> Any:  # everything the engine's own lookups answer
        return getattr(self._base, name)

    def case(self, application_id: int | None) -> CaseFacts | None:
        if application_id is None:
            return self._draft
        rec = self._s.scalar(select(CaseRecord).where(CaseRecord.application_id == application_id))
        return record_facts(rec) if rec else None

    def submitter_cases(self, organisation_id: int) -> list[tuple[int, str]]:
        rows = self._s.execute(
            select(Application.id, Application.stage).where(
                Application.cycle_id == self._cycle.id, Application.organisation_id == organisation_id
            )
        )
        return [(app_id, stage) for app_id, stage in rows]

    def province_cases(self, province_code: str, kinds: Sequence[str]) -> list[tuple[int, str]]:
        """Cases of the cycle filed in ``province_code`` by organisations of ``kinds`` (its office records)."""
        rows = self._s.execute(
            select(Application.id, Application.stage)
            .join(Organisation, Application.organisation_id == Organisation.id)
            .where(
                Application.cycle_id == self._cycle.id,
                Application.province_code == province_code,
                Organisation.kind.in_(kinds),
            )
        )
        return [(app_id, stage) for app_id, stage in rows]

    def earlier_cases(self, application_id: int | None) -> list[PriorCase]:
        """Every other case of the programme in any cycle, then every published entry of it."""
        q = (
            select(CaseRecord, Application, Cycle)
            .join(Application, CaseRecord.application_id == Application.id)
            .join(Cycle, Application.cycle_id == Cycle.id)
            .where(Cycle.programme_id == self._cycle.programme_id)
            .order_by(Cycle.edition, Application.id)
        )
        if application_id is not None:
            q = q.where(Application.id != application_id)
        out = []
        for rec, app, cycle in self._s.execute(q):
            where = category_title(cycle_programme(cycle), app.category)
            org = app.organisation.name
            out.append(
                PriorCase(
                    f"{cycle.edition}年“{where}”第{app.id}号申报《{rec.name}》（{org}）",
                    f"{cycle.edition} application {app.id} “{rec.name}” ({org}, {app.category})",
                    app.stage,
                    rec.name,
                    rec.total,
                )
            )
        published = select(PublishedEntry).where(PublishedEntry.programme_id == self._cycle.programme_id)
        for e in self._s.scalars(published.order_by(PublishedEntry.edition, PublishedEntry.number)):
            out.append(
                PriorCase(
                    f"已公布的《{e.list_title}》第{e.number}号《{e.name}》",
                    f"no. {e.number} “{e.name}” of the published list “{e.list_title}” (edition {e.edition})",
                    "published",
                    e.name,
                )
            )
        return out
