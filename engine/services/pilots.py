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
from engine.files.tabular import Problems, read_table
from engine.kernel.errors import BadInput
from engine.services.organisations import division_problem, find_organisation, government_name, government_of
from engine.services.programmes import latest_version
from engine.store.core import Organisation
from engine.store.registers import PilotDesignation, Recognition
from engine.store.workspace import Workspace
from policies.facts import OrganisationKind
from policies.guards.eligibility import PILOT_LISTS
from policies.reference.divisions import registry


def _year(text: str) -> int | None:
    return int(text) if re.fullmatch(r"(19|20)\d\d", text) else None


def import_pilots(ws: Workspace, path: Path) -> dict[str, Any]:
    """CSV/XLSX ``division_code,kind,year`` (kind ``city`` or ``county``): prior pilot status."""
    table = read_table(path, ("division_code", "kind", "year"))
    problems = Problems(path)
    wanted: dict[tuple[str, str, int], int] = {}
    for number, cells in table.rows:
        code, kind, year = cells["division_code"], cells["kind"].lower(), _year(cells["year"])
        if why := division_problem(code):
            problems.add(number, "division_code", why)
        if kind not in PILOT_LISTS:
            problems.add(number, "kind", f"{cells['kind']!r} is not city or county")
        if year is None:
            problems.add(number, "year", f"{cells['year']!r} is not a year")
        if not problems.items:
            wanted.setdefault((code, kind, year or 0), number)
    problems.raise_if_any()
    now = ws.clock.now()
    created = []
    with ws.transaction() as s:
        have = set(
            s.execute(select(PilotDesignation.division_code, PilotDesignation.pilot_list, PilotDesignation.year))
        )
        for (code, kind, year), number in wanted.items():
            if (code, kind, year) in have:
                continue
            s.add(PilotDesignation(division_code=code, pilot_list=kind, year=year, imported_at=now, source=str(path)))
            created.append({"row": number, "division_code": code, "name": registry()[code].name, "kind": kind})
    return {"file": str(path), "rows": len(table.rows), "created": created, "unchanged": len(wanted) - len(created)}


def list_pilots(ws: Workspace) -> list[dict[str, Any]]:
    with ws.transaction() as s:
        rows = s.scalars(select(PilotDesignation).order_by(PilotDesignation.pilot_list, PilotDesignation.division_code))
        out = []
        for r in rows:
            div = registry().get(r.division_code)
            out.append(
                {
                    "division_code": r.division_code,
                    "name": div.name if div else "",
                    "kind": r.pilot_list,
                    "year": r.year,
                }
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


def import_recognitions(ws: Workspace, path: Path, programme_id: str | None = None) -> dict[str, Any]:
    """CSV/XLSX ``organisation,category,year``: units already recognised (B5) do not apply again."""
    table = read_table(path, ("organisation", "category", "year"))
    problems = Problems(path)
    now = ws.clock.now()
    created, unchanged = [], 0
    with ws.transaction() as s:
        owners = _category_owners(s)
        for number, cells in table.rows:
            year = _year(cells["year"])
            if year is None:
                problems.add(number, "year", f"{cells['year']!r} is not a year")
            programmes = owners.get(cells["category"], [])
            if programme_id:
                programmes = [p for p in programmes if p == programme_id]
            if len(programmes) != 1:
                known = ", ".join(sorted(owners))
                why = "is defined by several programmes; give --programme" if programmes else f"is unknown ({known})"
                problems.add(number, "category", f"{cells['category']!r} {why}")
            org = _organisation(s, cells["organisation"])
            if isinstance(org, str):
                problems.add(number, "organisation", org)
            if problems.items:
                continue
            assert isinstance(org, Organisation) and year is not None
            key = dict(organisation_id=org.id, programme_id=programmes[0], category=cells["category"], year=year)
            if s.scalar(select(Recognition.id).filter_by(**key)):
                unchanged += 1
                continue
            s.add(Recognition(**key, imported_at=now, source=str(path)))
            s.flush()
            created.append({"row": number, "organisation": org.name, **key})
        problems.raise_if_any()  # inside the transaction: governments registered on the way roll back too
    return {"file": str(path), "rows": len(table.rows), "created": created, "unchanged": unchanged}


def list_recognitions(ws: Workspace) -> list[dict[str, Any]]:
    with ws.transaction() as s:
        rows = s.execute(select(Recognition, Organisation.name).join(Organisation).order_by(Recognition.id))
        return [
            {
                "organisation": name,
                "organisation_id": r.organisation_id,
                "programme": r.programme_id,
                "category": r.category,
                "year": r.year,
            }
            for r, name in rows
        ]
