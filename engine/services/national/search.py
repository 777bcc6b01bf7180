"""The national office's search box: applications, organisations and cases by name, USCC or division, across
every cycle, so a question ("what became of 昆山's application in 2025?") needs no list filtering."""

from __future__ import annotations

from sqlalchemy import or_, select

from engine.services.programmes.cycles import cycle_programme
from engine.services.shared.results import ServiceResult
from engine.store.core import Application, Cycle, Organisation
from engine.store.workspace import Workspace

LIMIT = 50


class FoundOrganisation(ServiceResult):
    id: int
    name: str
    division_code: str | None
    uscc: str | None


class FoundApplication(ServiceResult):
    id: int
    cycle: int
    programme: str
    edition: int
    organisation: str
    category: str
    stage: str
    is_case: bool


class SearchResults(ServiceResult):
    """What matched, each list at most LIMIT long."""

    query: str
    organisations: list[FoundOrganisation]
    applications: list[FoundApplication]


def search(ws: Workspace, query: str) -> SearchResults:
    """Organisations whose name contains the text or whose USCC or division code starts with it, and their
    applications and cases in every cycle, newest cycle first."""
    text = query.strip()[:100]
    if not text:
        return SearchResults(query=text, organisations=[], applications=[])
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    match = or_(
        Organisation.name.like(pattern, escape="\\"),
        Organisation.uscc.startswith(text.upper(), autoescape=True),
        Organisation.division_code.startswith(text, autoescape=True),
    )
    with ws.transaction() as s:
        orgs = list(s.scalars(select(Organisation).where(match).order_by(Organisation.id).limit(LIMIT)))
        rows = s.execute(
            select(Application, Organisation.name, Cycle)
            .join(Organisation, Application.organisation_id == Organisation.id)
            .join(Cycle, Application.cycle_id == Cycle.id)
            .where(match)
            .order_by(Cycle.id.desc(), Application.id)
            .limit(LIMIT)
        ).all()
        programmes = {c.id: cycle_programme(c) for _, _, c in rows}
        found = []
        for app, name, cycle in rows:
            p = programmes[cycle.id]
            cat = p.category(app.category)
            stage = next((st.title for st in p.stages if st.id == app.stage), app.stage)
            found.append(FoundApplication(id=app.id, cycle=cycle.id, programme=p.title, edition=cycle.edition,
                                          organisation=name, category=cat.name if cat else app.category,
                                          stage=stage, is_case=p.cases is not None))  # fmt: skip
        return SearchResults(
            query=text,
            organisations=[
                FoundOrganisation(id=o.id, name=o.name, division_code=o.division_code, uscc=o.uscc) for o in orgs
            ],  # fmt: skip
            applications=found,
        )
