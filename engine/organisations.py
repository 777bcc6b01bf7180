"""Service functions for organisations (申报单位)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from engine.db import Organisation
from engine.errors import BadInput
from engine.workspace import Workspace

KINDS = (
    "government",
    "park",
    "company",
    "university",
    "institute",
    "tisc",
    "university-centre",
    "member-unit",
    "provincial-office",
)


def add_organisation(
    ws: Workspace,
    name: str,
    kind: str,
    division_code: str | None = None,
    uscc: str | None = None,
    email: str | None = None,
    attributes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Register an organisation; the kind and codes are checked before anything is stored."""
    name = name.strip()
    if not name:
        raise BadInput("--name: an organisation needs a name")
    if kind not in KINDS:
        raise BadInput(f"--kind: {kind!r} is not one of {', '.join(KINDS)}")
    if division_code is not None and not re.fullmatch(r"\d{6}", division_code):
        raise BadInput(f"--division: {division_code!r} is not a six-digit division code")
    with ws.transaction() as s:
        if uscc and s.scalar(select(Organisation.id).where(Organisation.uscc == uscc)):
            raise BadInput(f"--uscc: {uscc} is already registered")
        org = Organisation(
            name=name, kind=kind, division_code=division_code, uscc=uscc, email=email, attributes=attributes or {}
        )
        s.add(org)
        s.flush()
        return organisation_json(org)


def organisation_json(org: Organisation) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "kind": org.kind,
        "division_code": org.division_code,
        "uscc": org.uscc,
        "email": org.email,
        "attributes": org.attributes,
    }


def list_organisations(ws: Workspace) -> list[dict[str, Any]]:
    with ws.transaction() as s:
        return [organisation_json(o) for o in s.scalars(select(Organisation).order_by(Organisation.id))]
