"""The questions case guards ask of the database (their cap, earlier cases, the draft under check)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.model import Programme, Role
from engine.machine.machine import Actor
from engine.services.programmes.cycles import cycle_programme
from engine.store.cases import CaseRecord, PublishedEntry
from engine.store.core import Application, Cycle, Organisation
from policies.guards.cases import CaseFacts, PriorCase


def record_facts(rec: CaseRecord) -> CaseFacts:
    return CaseFacts(rec.fields(), rec.phase, rec.theme)


def category_title(p: Programme, category: str) -> str:
    cat = p.category(category)
    return cat.name if cat else category


class CaseLookups:
    """The cycle's own lookups plus the case questions; ``draft`` is the case of a check not yet stored.

    ``viewer``: who will read the verdicts. An unpublished case is named to the national office, its own
    submitter and its province; anyone else learns that a similar case exists, not whose it is or its name.
    """

    def __init__(
        self, base: Any, s: Session, cycle: Cycle, draft: CaseFacts | None = None, viewer: Actor | None = None
    ) -> None:
        self._base = base
        self._s = s
        self._cycle = cycle
        self._draft = draft
        self._viewer = viewer

    def _names(self, app: Application) -> bool:
        """Whether the viewer may see whose the case is: the national office, its submitter, its province."""
        v = self._viewer
        if v is None or v.role is Role.NATIONAL:
            return True
        if v.role is Role.PROVINCE:
            return v.scope == app.province_code
        return v.role is Role.APPLICANT and v.scope == str(app.organisation_id)

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

    def province_topics(self, province_code: str, kinds: Sequence[str]) -> list[tuple[int, str, str | None]]:
        """(application, stage, topic) of the cycle's cases filed in ``province_code`` by organisations of ``kinds``."""
        rows = self._s.execute(
            select(Application.id, Application.stage, CaseRecord.theme)
            .join(Organisation, Application.organisation_id == Organisation.id)
            .join(CaseRecord, CaseRecord.application_id == Application.id)
            .where(
                Application.cycle_id == self._cycle.id,
                Application.province_code == province_code,
                Organisation.kind.in_(kinds),
            )
        )
        return [(app_id, stage, topic) for app_id, stage, topic in rows]

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
            if self._names(app):
                org = app.organisation.name
                zh = f"{cycle.edition}年“{where}”第{app.id}号申报《{rec.name}》（{org}）"
                en = f"{cycle.edition} application {app.id} “{rec.name}” ({org}, {app.category})"
            else:  # whose case, and what it is called, is for the national office to see
                zh = f"{cycle.edition}年另一单位报送的案例（详情由国家知识产权局掌握）"
                en = f"a case another submitter filed in {cycle.edition} (the national office has the details)"
            out.append(PriorCase(zh, en, app.stage, rec.name, rec.total))
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
