"""Prior standing from published lists: national pilot lists (A2, A4) and earlier recognitions (B5).

Both lists come from attachments that are not in the notices, so they are imported as files;
an import is all-or-nothing and importing the same file again adds nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.loader import programme_from_snapshot
from engine.files.tabular import read_table
from engine.kernel.errors import BadInput
from engine.machine.machine import Actor
from engine.services.programmes.programme_definitions import latest_version
from engine.services.reference.organisations import division_problem, find_organisation, government_name, government_of
from engine.services.shared.reference_audit import ReferenceDiff, audit, difference, file_source, national_only
from engine.services.shared.results import ServiceResult
from engine.store.core import Organisation
from engine.store.locks import hold
from engine.store.registers import PilotDesignation, Recognition, RecognitionOrigin, RecognitionStatus
from engine.store.workspace import Workspace
from policies.facts import OrganisationKind
from policies.guards.eligibility import PILOT_LISTS
from policies.reference.divisions import registry


class PilotDesignationRow(ServiceResult):
    """A division on a national pilot list (kind ``city`` or ``county``) since a year: prior status for A2, A4."""

    division_code: str
    name: str
    kind: str
    year: int


class CreatedPilot(ServiceResult):
    """A pilot designation an import added, with the file row it came from."""

    row: int
    division_code: str
    name: str
    kind: str
    year: int


class CreatedRecognition(ServiceResult):
    """A recognition (B5) an import added to the register, with the file row it came from."""

    row: int
    organisation: str  # its name, as the file's reader knows it
    organisation_id: int
    programme_id: str
    category: str
    year: int


def _year(text: str) -> int | None:
    return int(text) if re.fullmatch(r"(19|20)\d\d", text) else None


class _DryRun(Exception):
    """Raised inside a dry run's transaction so everything it did on the way (governments registered) rolls back."""

    def __init__(self, result: ReferenceDiff) -> None:
        self.result = result


def import_pilots(
    ws: Workspace, path: Path, actor: Actor, dry_run: bool = False, name: str | None = None
) -> ReferenceDiff:
    """CSV/XLSX ``division_code,kind,year`` (kind ``city`` or ``county``): prior pilot status.

    The list is additive: a row not in the file stays. The difference is audited (``reference_change``).
    """
    national_only(actor, "国家知识产权强市/强县建设试点名单", "pilot lists")
    table = read_table(path, ("division_code", "kind", "year"))
    source = file_source(path, name)
    problems = table.problems()
    wanted: dict[tuple[str, str, int], int] = {}
    for number, cells in table.rows:
        code, kind, year = cells["division_code"], cells["kind"].lower(), _year(cells["year"])
        if why := division_problem(code):
            problems.add(number, "division_code", why)
        if kind not in PILOT_LISTS:
            problems.add(number, "kind", f"{cells['kind']!r} 不是 city（市）或 county（县）")
        if year is None:
            problems.add(number, "year", f"{cells['year']!r} 不是年份")
        if not problems.items:
            wanted.setdefault((code, kind, year or 0), number)
    problems.raise_if_any()
    now = ws.clock.now()

    def row(code: str, kind: str, year: int) -> dict[str, Any]:
        return {"division_code": code, "name": registry()[code].name, "kind": kind, "year": year}

    with ws.transaction(write=True) as s:
        hold(s, "reference", "pilots")  # the same list twice at once: the second adds nothing
        have = {
            f"{c} {k} {y}": row(c, k, y)
            for c, k, y in s.execute(
                select(PilotDesignation.division_code, PilotDesignation.pilot_list, PilotDesignation.year)
            )
        }
        after = {f"{c} {k} {y}": row(c, k, y) for c, k, y in wanted}
        lines, unchanged = difference(have, after, replace=False)
        created: list[CreatedPilot] = []
        if not dry_run:
            for (code, kind, year), number in wanted.items():
                if f"{code} {kind} {year}" in have:
                    continue
                s.add(PilotDesignation(division_code=code, pilot_list=kind, year=year, imported_at=now, source=source))
                created.append(CreatedPilot(row=number, **row(code, kind, year)))
            audit(s, "pilots", None, lines, source, actor, now)
        return ReferenceDiff(
            reference="pilots", cycle=None, source=source, dry_run=dry_run, rows=len(table.rows), lines=lines,
            unchanged=unchanged, created=created,
        )  # fmt: skip


def list_pilots(ws: Workspace) -> list[PilotDesignationRow]:
    """Every pilot designation on record, by list then division."""
    with ws.transaction() as s:
        rows = s.scalars(select(PilotDesignation).order_by(PilotDesignation.pilot_list, PilotDesignation.division_code))
        out = []
        for r in rows:
            div = registry().get(r.division_code)
            out.append(
                PilotDesignationRow(
                    division_code=r.division_code, name=div.name if div else "", kind=r.pilot_list, year=r.year
                )
            )
        return out


def _category_owners(s: Session) -> dict[str, list[str]]:
    """Category id -> the loaded programmes that define it."""
    from engine.store.core import ProgrammeVersion

    owners: dict[str, list[str]] = {}
    for pid in sorted(set(s.scalars(select(ProgrammeVersion.programme_id)))):
        for c in programme_from_snapshot(latest_version(s, pid).text).categories:
            owners.setdefault(c.id, []).append(pid)
    return owners


def _organisation(s: Session, ref: str) -> Organisation | str:
    """The organisation a row names; a division code with no government yet registers that government."""
    if re.fullmatch(r"\d{6}", ref) and not division_problem(ref) and government_of(s, ref) is None:
        div = registry()[ref]
        org = Organisation(
            name=government_name(div), kind=OrganisationKind.GOVERNMENT, division_code=div.code, attributes={}
        )
        s.add(org)
        s.flush()
        return org
    try:
        return find_organisation(s, ref)
    except BadInput as exc:
        return str(exc)


def import_recognitions(
    ws: Workspace,
    path: Path,
    actor: Actor,
    programme_id: str | None = None,
    dry_run: bool = False,
    name: str | None = None,
) -> ReferenceDiff:
    """CSV/XLSX ``organisation,category,year``: units already recognised (B5) become rows of the register.

    Additive and audited like the pilot lists; a dry run rolls back even the governments it registered.
    """
    national_only(actor, "此前年度认定的示范单位名单", "recognition lists")
    table = read_table(path, ("organisation", "category", "year"))
    source = file_source(path, name)
    problems = table.problems()
    now = ws.clock.now()
    try:
        with ws.transaction(write=True) as s:
            hold(s, "reference", "recognitions")
            owners = _category_owners(s)
            have = {
                f"{r.organisation_id} {r.programme_id}/{r.category} {r.year}": {
                    "organisation": name, "programme": r.programme_id, "category": r.category, "year": r.year,
                }
                for r, name in s.execute(select(Recognition, Organisation.name).join(Organisation))
            }  # fmt: skip
            after: dict[str, dict[str, Any]] = {}
            created: list[CreatedRecognition] = []
            for number, cells in table.rows:
                year = _year(cells["year"])
                if year is None:
                    problems.add(number, "year", f"{cells['year']!r} 不是年份")
                programmes = owners.get(cells["category"], [])
                if programme_id:
                    programmes = [p for p in programmes if p == programme_id]
                if len(programmes) != 1:
                    why = "同时属于多个项目，请指明项目" if programmes else "无法识别"
                    problems.add(number, "category", f"类别 {cells['category']!r} {why}")
                org = _organisation(s, cells["organisation"])
                if isinstance(org, str):
                    problems.add(number, "organisation", org)
                if problems.items:
                    continue
                assert isinstance(org, Organisation) and year is not None
                key = dict(organisation_id=org.id, programme_id=programmes[0], category=cells["category"], year=year)
                label = f"{org.id} {programmes[0]}/{cells['category']} {year}"
                after[label] = {"organisation": org.name, "programme": programmes[0], "category": cells["category"],
                                "year": year}  # fmt: skip
                if label in have or s.scalar(select(Recognition.id).filter_by(**key)):
                    continue
                s.add(Recognition(**key, imported_at=now, source=source, origin=RecognitionOrigin.IMPORTED,
                                  status=RecognitionStatus.VALID))  # fmt: skip
                s.flush()
                created.append(CreatedRecognition(row=number, organisation=org.name, **key))
            problems.raise_if_any()  # inside the transaction: governments registered on the way roll back too
            lines, unchanged = difference(have, after, replace=False)
            result = ReferenceDiff(
                reference="recognitions", cycle=None, source=source, dry_run=dry_run, rows=len(table.rows),
                lines=lines, unchanged=unchanged, created=[] if dry_run else created,
            )  # fmt: skip
            if dry_run:
                raise _DryRun(result)
            audit(s, "recognitions", None, lines, source, actor, now)
            return result
    except _DryRun as done:
        return done.result
