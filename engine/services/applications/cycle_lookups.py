"""The cycle lookups the eligibility and procedure guards ask, answered from the registers.

``SessionLookups`` (engine.applications) inherits these; reference lists are read once per
transaction, so screening thousands of organisations asks the database a handful of times.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from pathlib import PurePath
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.definition.model import Programme
from engine.definition.overlay import Overlay, parse_overlay
from engine.files.scans import SUFFIX
from engine.services.evaluation.computation import evaluation_facts
from engine.services.programmes.cycles import cycle_programme
from engine.store.core import Application, Cycle, Organisation
from engine.store.registers import (
    Attestation,
    Finding,
    FraudFinding,
    MaterialFile,
    OverlayText,
    PilotDesignation,
    PrefectureEndorsement,
    Quota,
    Recognition,
    RecognitionStatus,
)
from engine.store.round import (
    NoticeMember,
    NoticeStatus,
    Objection,
    ObjectionStatus,
    PublicNotice,
    ReportItem,
    ReportPackage,
)
from policies.facts import (
    ContributedRule,
    DeclarationState,
    EvaluationFacts,
    MaterialState,
    NoticeState,
    ObjectionTally,
    Standing,
)

SCANS = frozenset(SUFFIX.values()) | {".jpeg", ".tiff"}  # the names a scan (PDF or image) is filed under


def _is_scan(filename: str) -> bool:
    """Filed under a scan's name; uploads are judged by content, so the name says what the bytes are."""
    return PurePath(filename).suffix.lower() in SCANS


class RegisterLookups:
    """Answers from the registers; expects ``self.s`` (the session) and ``self.cycle_id``."""

    s: Session
    cycle_id: int

    @cached_property
    def _cycle(self) -> Cycle:
        cycle = self.s.get(Cycle, self.cycle_id)
        assert cycle is not None
        return cycle

    @cached_property
    def _programme(self) -> Programme:
        return cycle_programme(self._cycle)

    def quota(self, province_code: str, category: str) -> int | None:
        """The places; on PostgreSQL the quota row stays locked to the end of the move, so two clerks
        recommending at once count the places one after the other (SQLite: the move's write lock)."""
        return self.s.scalar(
            select(Quota.places)
            .where(Quota.cycle_id == self.cycle_id, Quota.province_code == province_code, Quota.category == category)
            .with_for_update()
        )

    @cached_property
    def _pilots(self) -> dict[tuple[str, str], int]:
        rows = self.s.execute(
            select(
                PilotDesignation.division_code, PilotDesignation.pilot_list, func.min(PilotDesignation.year)
            ).group_by(PilotDesignation.division_code, PilotDesignation.pilot_list)
        )
        return {(code, kind): year for code, kind, year in rows}

    def pilot_year(self, division_code: str, pilot_list: str) -> int | None:
        return self._pilots.get((division_code, pilot_list))

    def _register(self, programme_id: str) -> dict[tuple[int, str], Standing]:
        """The register's rows of a programme that predate this cycle, a valid one before an ended one.

        An imported row counts from a year before this edition; a row a cycle here recorded counts
        from an earlier edition's cycle (the recognition of this very cycle is its outcome, not B5's).
        """
        cache: dict[str, dict[tuple[int, str], Standing]] = self.__dict__.setdefault("_registers", {})
        if programme_id not in cache:
            rows = self.s.execute(
                select(Recognition, Cycle.edition)
                .outerjoin(Cycle, Recognition.cycle_id == Cycle.id)
                .where(Recognition.programme_id == programme_id)
                .order_by(Recognition.year, Recognition.id)
            )
            found: dict[tuple[int, str], Standing] = {}
            for r, edition in rows:
                earlier = r.year < self._cycle.edition if edition is None else edition < self._cycle.edition
                if not earlier:
                    continue
                source = "imported list" if r.cycle_id is None else f"cycle {r.cycle_id}"
                key = (r.organisation_id, r.category)
                held = found.get(key)
                if held is None or (held.status != RecognitionStatus.VALID and r.status == RecognitionStatus.VALID):
                    found[key] = Standing(r.year, source, r.status)
            cache[programme_id] = found
        return cache[programme_id]

    def recognition(self, organisation_id: int, category: str, stages: frozenset[str]) -> Standing | None:
        """An earlier recognition in this category, or in one the definition lists as ``recognised_as`` (B5).

        Read from the register of demonstration units alone; ``stages`` is kept for the guard's
        signature (the register records a unit when it enters its programme's register stage).
        """
        cat = self._programme.category(category)
        sources = [(self._cycle.programme_id, category)]
        sources += [(r.programme, r.category) for r in (cat.recognised_as if cat else [])]
        ended: Standing | None = None
        for programme_id, cat_id in sources:
            found = self._register(programme_id).get((organisation_id, cat_id))
            if found and programme_id != self._cycle.programme_id:
                found = replace(found, source=f"{found.source}, {programme_id}/{cat_id}")
            if found and found.status == RecognitionStatus.VALID:
                return found
            ended = ended or found
        return ended

    def register_status(self, application_id: int) -> str | None:
        return self.s.scalar(select(Recognition.status).where(Recognition.application_id == application_id).limit(1))

    def evaluation(self, application_id: int, purpose: str) -> EvaluationFacts | None:
        return evaluation_facts(self.s, application_id, purpose)

    def division_codes_in_stages(
        self, province_code: str, category: str, stages: frozenset[str], exclude_application: int | None
    ) -> list[str | None]:
        q = (
            select(Organisation.division_code)
            .join(Application, Application.organisation_id == Organisation.id)
            .where(
                Application.cycle_id == self.cycle_id,
                Application.province_code == province_code,
                Application.category == category,
                Application.stage.in_(stages),
            )
        )
        if exclude_application is not None:
            q = q.where(Application.id != exclude_application)
        return list(self.s.scalars(q))

    def _category_of(self, application_id: int) -> str:
        app = self.s.get(Application, application_id)
        assert app is not None
        return app.category

    def declarations(self, application_id: int) -> list[DeclarationState]:
        cat = self._programme.category(self._category_of(application_id))
        attested = set(self.s.scalars(select(Attestation.number).where(Attestation.application_id == application_id)))
        met: dict[int, bool] = {}
        for number, ok in self.s.execute(
            select(Finding.number, Finding.met).where(Finding.application_id == application_id).order_by(Finding.id)
        ):
            met[number] = ok
        texts = cat.declarations if cat else []
        return [DeclarationState(i, t, i in attested, met.get(i)) for i, t in enumerate(texts, 1)]

    def materials(self, application_id: int) -> list[MaterialState]:
        category = self._category_of(application_id)
        rows = self.s.execute(
            select(MaterialFile.material_id, MaterialFile.filename)
            .where(MaterialFile.application_id == application_id)
            .order_by(MaterialFile.id)
        )
        filed = {material: name for material, name in rows}  # the latest file of each item
        return [
            MaterialState(m.id, m.title, m.id in filed, m.stamped, _is_scan(filed.get(m.id, "")))
            for m in self._programme.materials
            if m.categories is None or category in m.categories
        ]

    def fraud_established(self, application_id: int) -> bool:
        found = self.s.scalar(select(FraudFinding.id).where(FraudFinding.application_id == application_id).limit(1))
        return found is not None

    def prefecture_endorsement(self, application_id: int) -> tuple[str, bool] | None:
        row = self.s.execute(
            select(PrefectureEndorsement.prefecture_code, PrefectureEndorsement.endorsed)
            .where(PrefectureEndorsement.application_id == application_id)
            .order_by(PrefectureEndorsement.id.desc())
            .limit(1)
        ).first()
        return (row[0], row[1]) if row else None

    def know_overlay(self, province_code: str, overlay_id: int | None) -> None:
        """The caller already read which overlay row is in force for the province (with the application)."""
        self.__dict__.setdefault("_overlay_ids", {})[province_code] = overlay_id

    def overlay(self, province_code: str) -> Overlay | None:
        """The overlay in force for a province in this cycle (the latest one loaded), parsed once.

        Parsed overlays are kept by row id in ``parsed_overlays`` (shared per workspace when the caller
        passes one): a row never changes, a province's reload adds a newer row.
        """
        cache: dict[str, Overlay | None] = self.__dict__.setdefault("_overlays", {})
        if province_code not in cache:
            known: dict[str, int | None] = self.__dict__.get("_overlay_ids", {})
            overlay_id = (
                known[province_code]
                if province_code in known
                else self.s.scalar(
                    select(func.max(OverlayText.id)).where(
                        OverlayText.cycle_id == self.cycle_id, OverlayText.province_code == province_code
                    )
                )
            )
            parsed: dict[int, Overlay] = self.__dict__.setdefault("parsed_overlays", {})
            if overlay_id is not None and overlay_id not in parsed:
                row = self.s.get(OverlayText, overlay_id)
                assert row is not None
                parsed[overlay_id] = parse_overlay(row.text, "<overlay>", self._programme)
            cache[province_code] = None if overlay_id is None else parsed[overlay_id]
        return cache[province_code]

    def standard_rules(self, province_code: str, category: str) -> list[str]:
        """Ids of the eligibility rules the province's overlay sets for ``category`` (its A7 standard)."""
        o = self.overlay(province_code)
        return [r.id for r in o.eligibility.get(category, [])] if o else []

    def contributed_rules(self, province_code: str, event: str, category: str) -> list[ContributedRule]:
        cache: dict[Any, list[ContributedRule]] = self.__dict__.setdefault("_contributed", {})
        key = (province_code, event, category)
        if key not in cache:
            o = self.overlay(province_code)
            cache[key] = o.contributed(province_code, event, category, self._programme.entry.event) if o else []
        return cache[key]

    def public_notice(self, application_id: int) -> NoticeState | None:
        """The latest shared notice the application was published in."""
        n = self.s.scalars(
            select(PublicNotice)
            .join(NoticeMember, NoticeMember.notice_id == PublicNotice.id)
            .where(NoticeMember.application_id == application_id)
            .order_by(PublicNotice.id.desc())
            .limit(1)
        ).first()
        if n is None:
            return None
        return NoticeState(n.published_on, n.last_day, n.status == NoticeStatus.HELD, n.working_days)

    def objection_tally(self, application_id: int) -> ObjectionTally:
        rows = self.s.execute(
            select(Objection.status, Objection.outcome).where(Objection.application_id == application_id)
        ).all()
        return ObjectionTally(
            open=sum(1 for st, _ in rows if st == ObjectionStatus.OPEN),
            upheld=sum(1 for st, out in rows if st == ObjectionStatus.RESOLVED and out == "upheld"),
            dismissed=sum(1 for st, out in rows if st == ObjectionStatus.RESOLVED and out == "dismissed"),
        )

    def in_report_package(self, application_id: int) -> bool:
        """Listed in a report package of this cycle (the package is written before its moves)."""
        q = (
            select(ReportItem.id)
            .join(ReportPackage, ReportPackage.id == ReportItem.package_id)
            .where(ReportItem.application_id == application_id, ReportPackage.cycle_id == self.cycle_id)
            .limit(1)
        )
        return self.s.scalar(q) is not None
