"""Eligibility: check one organisation in one category, or screen a whole roster against every category.

Both run exactly the rules ``apply`` runs (the category's eligibility and the province's overlay
standard, via ``eligibility_verdicts``), so "eligible" here means "apply will not be refused
for eligibility"; only the window and the applicant's authority are left to ``apply`` itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.files.spreadsheet import Column, Sheet, write_workbook
from engine.kernel.errors import BadInput
from engine.services.applications.stage_moves import eligibility_verdicts, guard_context, organisation_facts
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.reference.organisations import division_problem, find_organisation, government_name, government_of
from engine.services.reference.roster import RosterRow, read_roster
from engine.services.shared.results import ServiceResult, VerdictField
from engine.store.core import Organisation
from engine.store.workspace import Workspace
from policies.facts import GuardContext, OrganisationFacts, OrganisationKind, Subject
from policies.guards.kinds import KIND_NAMES_ZH
from policies.reference.divisions import registry
from policies.reference.provinces import province_of
from policies.verdict import Verdict


class CheckedOrganisation(ServiceResult):
    """Whom a check was about: a registered organisation (its id) or a division's government not yet registered."""

    id: int | None
    name: str
    division_code: str | None


class EligibilityCheck(ServiceResult):
    """One organisation in one category: eligible or not, with every eligibility rule's verdict."""

    eligible: bool
    verdicts: list[VerdictField]
    organisation: CheckedOrganisation
    category: str
    division_data: str  # the date of the GB/T 2260 data the division rules read, e.g. "2025-11"


class ScreenedOrganisation(ServiceResult):
    """One roster row against every category: where it may apply and why not elsewhere."""

    row: int
    id: int | None
    name: str
    kind: str
    division_code: str | None
    uscc: str | None
    eligible: list[str]
    refusals: dict[str, list[VerdictField]]  # category -> the rules that refuse it (eligible categories absent)


class RosterScreening(ServiceResult):
    """A roster screened against a cycle's categories, with how many may apply in each."""

    cycle: int
    programme: str
    categories: list[str]
    division_data: str
    eligible_counts: dict[str, int]
    organisations: list[ScreenedOrganisation]
    xlsx: str | None = None  # the matrix workbook, when one was written


def _government_facts(s: Session, code: str) -> OrganisationFacts:
    """The people's government of a division: the registered one, or the one the division implies."""
    if why := division_problem(code):
        raise BadInput(f"{why}", field="division")
    org = government_of(s, code)
    if org is not None:
        return organisation_facts(org)
    div = registry()[code]
    return OrganisationFacts(id=0, name=government_name(div), kind=OrganisationKind.GOVERNMENT, division_code=div.code)


def _verdicts(p: Any, category: str, facts: OrganisationFacts, ctx: GuardContext) -> list[Verdict]:
    province = province_of(facts.division_code) or ""
    return eligibility_verdicts(p, category, Subject(None, category, None, province, facts), ctx)


def check(
    ws: Workspace, cycle_id: int, category: str, org: str | None = None, division: str | None = None
) -> EligibilityCheck:
    """Every eligibility verdict for one organisation in one category of a cycle."""
    if (org is None) == (division is None):
        raise BadInput("请填写申报单位或行政区划代码，二者择一", field="org")
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        facts = organisation_facts(find_organisation(s, org)) if org else _government_facts(s, division or "")
        verdicts = _verdicts(p, category, facts, guard_context(ws, s, cycle))
        return EligibilityCheck(
            eligible=all(v.ok for v in verdicts),
            verdicts=verdicts,
            organisation=CheckedOrganisation(id=facts.id or None, name=facts.name, division_code=facts.division_code),
            category=category,
            division_data=registry().data_date,
        )


@dataclass
class Matrix:
    """Organisation × category: the refusals of each pair (an empty list means eligible)."""

    cycle: int
    programme: str
    categories: list[str]
    rows: list[RosterRow]
    ids: list[int | None]
    refusals: list[dict[str, list[Verdict]]]
    names: dict[str, str] = field(default_factory=dict)  # each category's name, for the sheet
    title: str = ""  # the programme and edition, for the sheet's title
    issuer: str = ""
    now: datetime | None = None

    def screening(self, xlsx: Path | None = None) -> RosterScreening:
        """The matrix as a result: per organisation its eligible categories and refusals, per category a count."""
        orgs = []
        for row, org_id, refused in zip(self.rows, self.ids, self.refusals, strict=True):
            f = row.fields
            orgs.append(
                ScreenedOrganisation(
                    row=row.row,
                    id=org_id,
                    name=f["name"],
                    kind=f["kind"],
                    division_code=f["division_code"],
                    uscc=f["uscc"],
                    eligible=[c for c in self.categories if not refused[c]],
                    refusals={c: refused[c] for c in self.categories if refused[c]},
                )
            )
        counts = {c: sum(1 for r in self.refusals if not r[c]) for c in self.categories}
        return RosterScreening(
            cycle=self.cycle,
            programme=self.programme,
            categories=self.categories,
            division_data=registry().data_date,
            eligible_counts=counts,
            organisations=orgs,
            xlsx=str(xlsx) if xlsx else None,
        )


def _known_ids(s: Session) -> tuple[dict[str, int], dict[str, int]]:
    """Registered organisations by USCC and governments by division, so a roster row finds its records."""
    by_uscc: dict[str, int] = {}
    by_division: dict[str, int] = {}
    for oid, kind, code, uscc in s.execute(
        select(Organisation.id, Organisation.kind, Organisation.division_code, Organisation.uscc)
    ):
        if uscc:
            by_uscc[uscc] = oid
        if kind == OrganisationKind.GOVERNMENT and code:
            by_division.setdefault(code, oid)
    return by_uscc, by_division


def screen_rows(ws: Workspace, cycle_id: int, rows: list[RosterRow]) -> Matrix:
    """Every row against every category of the cycle, in one read-only transaction."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        ctx = guard_context(ws, s, cycle)
        by_uscc, by_division = _known_ids(s)
        cats = [c.id for c in p.categories]
        ids: list[int | None] = []
        refusals = []
        for row in rows:
            f = row.fields
            org_id = by_uscc.get(f["uscc"]) if f["uscc"] else None
            if org_id is None and f["kind"] == OrganisationKind.GOVERNMENT:
                org_id = by_division.get(f["division_code"])
            facts = OrganisationFacts(org_id or 0, f["name"], f["kind"], f["division_code"], f["uscc"], f["attributes"])
            ids.append(org_id)
            refusals.append({c: [v for v in _verdicts(p, c, facts, ctx) if not v.ok] for c in cats})
        names = {c.id: c.name for c in p.categories}
        title = f"{p.title}（{cycle.edition}年）申报资格预审"
        return Matrix(cycle.id, p.id, cats, rows, ids, refusals, names, title, p.issuer, ws.clock.now())


def screen(ws: Workspace, cycle_id: int, roster: Path, xlsx: Path | None = None) -> RosterScreening:
    """Screen a roster file; with ``xlsx`` also write the matrix workbook a province circulates."""
    matrix = screen_rows(ws, cycle_id, read_roster(roster))
    if xlsx is not None:
        write_matrix(matrix, xlsx)
    return matrix.screening(xlsx)


def write_matrix(m: Matrix, path: Path) -> None:
    """Sheet 1: one row per organisation, one column per category (✓ or the refusals); sheet 2: every reason.

    Everything in words: kinds and categories by their Chinese names, each rule by its ID and its reason.
    """
    head = [
        Column("名录行号", "int", min_width=8),
        Column("单位名称", max_width=32),
        Column("单位类型", max_width=16),
        Column("行政区划代码", max_width=14),
        Column("统一社会信用代码", max_width=22),
    ]
    matrix_rows, reason_rows = [], []
    for row, refused in zip(m.rows, m.refusals, strict=True):
        f = row.fields
        cells: list[Any] = [row.row, f["name"], KIND_NAMES_ZH.get(f["kind"], f["kind"]), f["division_code"] or "",
                            f["uscc"] or ""]  # fmt: skip
        for c in m.categories:
            cells.append(
                "✓" if not refused[c] else "✗ " + "；".join(f"[{v.rule_id}] {v.reason_zh}" for v in refused[c])
            )
            reason_rows += [[row.row, f["name"], m.names.get(c, c), v.rule_id, v.reason_zh] for v in refused[c]]
        matrix_rows.append(cells)
    categories = [Column(m.names.get(c, c), min_width=12, max_width=30) for c in m.categories]
    reasons = [
        head[0],
        head[1],
        Column("类别", max_width=30),
        Column("规则", max_width=8),
        Column("原因", max_width=60),
    ]
    marks = {"✓": "E2EFDA", "✗": "FCE4D6"}
    write_workbook(path, [
        Sheet("资格预审", [*head, *categories], matrix_rows, title=m.title, marks=marks),
        Sheet("不符合原因", reasons, reason_rows, title=f"{m.title}：不符合原因"),
    ], m.issuer, m.now, "xlsx")  # fmt: skip
