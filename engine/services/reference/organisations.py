"""Service functions for organisations (申报单位).

Codes are checked when an organisation is recorded (USCC by GB 32100, division codes against the
registry), so the eligibility rules never meet a code they cannot read. A government is its
division: ``--division CODE`` alone addresses it (the first registered, if a test bench added more).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.model import Role
from engine.kernel.errors import BadInput, FieldError, Refused, check_fields
from engine.kernel.text import EMAIL, has_letter, is_one_line, normalise
from engine.machine.machine import Actor
from engine.services.shared.reference_audit import ReferenceLine, audit
from engine.services.shared.results import ServiceResult
from engine.store.core import Organisation
from engine.store.workspace import Workspace
from policies.facts import OrganisationKind
from policies.reference.divisions import Division, Level, registry
from policies.reference.legalform import ATTRIBUTE_VALUES_ZH
from policies.reference.provinces import province_of
from policies.reference.uscc import USCCError, parse_uscc
from policies.verdict import Verdict

KINDS = tuple(OrganisationKind)
# Recorded attributes with a closed vocabulary (the roster template's columns).
VOCABULARY = {
    "entity_form": (
        "llc",
        "jsc",
        "branch",
        "partnership",
        "sole-proprietorship",
        "representative-office",
        "public-institution",
        "other",
    ),
    "education_level": ("undergraduate", "vocational"),
    "park_level": ("national", "provincial", "municipal"),
    "founder": ("central-government", "local-government", "soe", "private"),
}
# Each value in words, as the roster template offers it and reads it back (the codes are accepted too).
VOCABULARY_ZH: dict[str, dict[str, str]] = {
    key: {v: ATTRIBUTE_VALUES_ZH[key][v] for v in values} for key, values in VOCABULARY.items()
}
# The attribute a kind must have on record for its category's rule to be decidable.
REQUIRED_ATTRIBUTE = {
    "company": "entity_form",
    "university": "education_level",
    "park": "park_level",
    "institute": "founder",
}
# Kinds identified by their division code alone: a government, and a province's IP office.
NAME_LIMIT = 200  # the column's width
BY_DIVISION = (OrganisationKind.GOVERNMENT, OrganisationKind.PROVINCIAL_OFFICE)


class OrganisationRecord(ServiceResult):
    """An organisation as recorded: its checked codes and the attributes eligibility rules read."""

    id: int
    name: str
    kind: str
    division_code: str | None
    uscc: str | None
    email: str | None
    attributes: dict[str, Any]


def division_problem(code: str) -> str | None:
    """Why ``code`` is not a division code of the registry, with a hint at the likely one."""
    reg = registry()
    if not re.fullmatch(r"\d{6}", code):
        return f"{code!r} is not a six-digit division code"
    if reg.get(code) is None:
        parent = reg.get(code[:4] + "00") or reg.get(code[:2] + "0000")
        hint = f"; it lies in {parent.name} {parent.code}?" if parent else ""
        return f"{code} is not a division in the GB/T 2260 data of {reg.data_date}{hint}"
    return None


def government_name(div: Division) -> str:
    """ "昆山市人民政府"; districts carry their city, since 朝阳区 alone names two places."""
    if div.level in (Level.MUNICIPAL_DISTRICT, Level.CITY_DISTRICT) and div.parent_code:
        parent = registry().get(div.parent_code)
        return f"{parent.name if parent else ''}{div.name}人民政府"
    if div.level is Level.XPCC:
        return div.name
    return f"{div.name}人民政府"


def _name_problem(given: str, kept: str) -> str | None:
    """What is wrong with a name as typed (``given``) and as normalised (``kept``), if anything."""
    if not kept:
        return "an organisation needs a name (invisible characters alone are none)"
    if not is_one_line(given.strip()):
        return "line breaks and control characters are not allowed in a name"
    if len(kept) > NAME_LIMIT:
        return f"a name has at most {NAME_LIMIT} characters"
    return None if has_letter(kept) else "a name needs at least one letter"


def organisation_name(text: str, field: str = "name") -> str:
    """An organisation's name as kept (normalised, one line, a letter in it, 200 characters at most), else bad
    input on ``field``: the same check a roster row and a registration get."""
    kept = normalise(text)
    if why := _name_problem(text, kept):
        raise BadInput(f"{field}: {why}", field=field)
    return kept


def check_organisation(
    name: str,
    kind: str,
    division_code: str | None,
    uscc: str | None,
    email: str | None,
    attributes: dict[str, Any],
    strict: bool = False,
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Normalised fields and the (column, problem) pairs; ``strict`` also asks what a roster must have."""
    problems: list[tuple[str, str]] = []
    raw_email = (email or "").strip()  # invisible characters pasted with it removed; a line break stays, refused below
    kept_email = normalise(raw_email) if is_one_line(raw_email) else raw_email
    fields: dict[str, Any] = {"name": normalise(name), "kind": kind.strip(), "email": kept_email or None}
    code = (division_code or "").strip() or None
    if not fields["name"] and fields["kind"] == OrganisationKind.GOVERNMENT and code and not division_problem(code):
        fields["name"] = government_name(registry()[code])  # B11: the system knows a government's name already
    if why_name := _name_problem(name, fields["name"]):
        problems.append(("name", why_name))
    if fields["kind"] not in KINDS:
        problems.append(("kind", f"{kind!r} is not one of {', '.join(KINDS)}"))
    if code and (why := division_problem(code)):
        problems.append(("division_code", why))
    if fields["kind"] in BY_DIVISION and not code:
        problems.append(("division_code", f"a {fields['kind']} is identified by its division code"))
    fields["division_code"] = code
    fields["uscc"] = None
    if uscc and uscc.strip():
        try:
            parts = parse_uscc(uscc)
            fields["uscc"] = parts.code
            if fields["kind"] == "company" and not parts.is_enterprise:
                problems.append(("uscc", f"{parts.code} is registered as {parts.entity_type_en}, not an enterprise"))
        except USCCError as exc:
            problems.append(("uscc", str(exc)))
    elif strict and fields["kind"] in KINDS and fields["kind"] not in BY_DIVISION:
        problems.append(("uscc", f"a {fields['kind']} is identified by its unified social credit code"))
    if fields["email"] and not EMAIL.fullmatch(fields["email"]):
        problems.append(("email", f"{fields['email']!r} is not an e-mail address"))
    attrs = {k: v.strip() if isinstance(v, str) else v for k, v in attributes.items() if v not in (None, "")}
    for key, allowed in VOCABULARY.items():
        if key in attrs and attrs[key] not in allowed:
            problems.append((key, f"{attrs[key]!r} is not one of {', '.join(allowed)}"))
    needed = REQUIRED_ATTRIBUTE.get(fields["kind"])
    if strict and needed and needed not in attrs:
        problems.append((needed, f"a {fields['kind']} needs its {needed} ({', '.join(VOCABULARY[needed])})"))
    fields["attributes"] = attrs
    return fields, problems


def existing_match(s: Session, kind: str, division_code: str | None, uscc: str | None) -> Organisation | None:
    """The organisation a record means: by USCC, or for a government or provincial office by its division code."""
    if uscc:
        found = s.scalar(select(Organisation).where(Organisation.uscc == uscc))
        if found:
            return found
    if kind == OrganisationKind.GOVERNMENT and division_code:
        return government_of(s, division_code)
    if kind == OrganisationKind.PROVINCIAL_OFFICE and division_code:  # the office `ipcycle init` created
        return s.scalar(
            select(Organisation)
            .where(Organisation.kind == kind, Organisation.division_code == division_code)
            .order_by(Organisation.id)
            .limit(1)
        )
    return None


def government_of(s: Session, division_code: str) -> Organisation | None:
    return s.scalar(
        select(Organisation)
        .where(Organisation.kind == OrganisationKind.GOVERNMENT, Organisation.division_code == division_code)
        .order_by(Organisation.id)
        .limit(1)
    )


def add_organisation(
    ws: Workspace,
    name: str,
    kind: str,
    division_code: str | None = None,
    uscc: str | None = None,
    email: str | None = None,
    attributes: dict[str, Any] | None = None,
    actor: Actor | None = None,
) -> OrganisationRecord:
    """Register an organisation; the kind and codes are checked before anything is stored.

    ``actor``: who registers it (the CLI and portal always say): the national office, or a province for
    an organisation in its own province; the registration, address included, is audited.
    """
    fields, problems = check_organisation(name, kind, division_code, uscc, email, attributes or {})
    if problems:
        key = {"division_code": "division", "name": "name", "kind": "kind", "uscc": "uscc"}
        check_fields([FieldError(key.get(col, f"attr.{col}"), "bad_input", msg) for col, msg in problems])
    if actor is not None:
        may_register(actor, fields["division_code"], fields["uscc"])
    with ws.transaction() as s:
        if fields["uscc"] and s.scalar(select(Organisation.id).where(Organisation.uscc == fields["uscc"])):
            raise BadInput(f"{fields['uscc']} is already registered", field="uscc")
        org = Organisation(**fields)
        s.add(org)
        s.flush()
        if actor is not None:
            after = {k: v for k, v in fields.items() if v not in (None, {}, "")}
            line = ReferenceLine(change="added", key=f"organisation {org.id}", before=None, after=after)
            audit(s, "organisations", None, [line], "org add", actor, ws.clock.now())
        return organisation_record(org)


def organisation_province(division_code: str | None, uscc: str | None) -> str | None:
    """The province an organisation belongs to (B11: never asked for): its division's, else the one its USCC was
    registered in (characters 3–8, the registering authority's division)."""
    if division_code:
        return province_of(division_code)
    if uscc:
        try:
            province = province_of(parse_uscc(uscc).division_code)
        except USCCError:
            return None
        return province if province in registry() else None
    return None


def in_province(org: Organisation, province: str | None) -> bool:
    """Is this recorded organisation one of ``province``'s (by its division, else where its USCC was registered)?
    The one answer to "may this province change it" for every service that changes an organisation."""
    return province is not None and organisation_province(org.division_code, org.uscc) == province


def may_register(actor: Actor, division_code: str | None, uscc: str | None = None) -> None:
    """The national office registers anyone; a province only organisations of its own province (by division, or
    by where its USCC was registered)."""
    if actor.role is Role.NATIONAL:
        return
    if actor.role is Role.PROVINCE and organisation_province(division_code, uscc) == actor.scope:
        return
    where = f"in province {province_of(division_code)}" if division_code else "without a division code"
    raise Refused(
        f"{actor} may not register an organisation {where}",
        [Verdict(False, "ROLE", "申报单位名录由国家知识产权局和所在省级知识产权局维护",
                 f"organisations are registered by the national office or their own province, not {actor}")],
    )  # fmt: skip


def find_organisation(s: Session, ref: str) -> Organisation:
    """An organisation by id, USCC, exact name, or (a six-digit code) the government of that division."""
    ref = ref.strip()
    if ref.isdigit() and len(ref) != 6 and len(ref) <= 9:  # an id (a USCC of digits is 18 long)
        org = s.get(Organisation, int(ref))
        if org:
            return org
    if len(ref) == 6 and ref.isdigit():
        org = government_of(s, ref)
        if org:
            return org
        raise BadInput(f"no government of division {ref} is registered")
    if len(ref) == 18:
        org = s.scalar(select(Organisation).where(Organisation.uscc == ref.upper()))
        if org:
            return org
    named = list(s.scalars(select(Organisation).where(Organisation.name == ref).limit(2)))
    if len(named) == 1:
        return named[0]
    if named:
        raise BadInput(f"{ref!r} names several organisations; use the id or USCC")
    raise BadInput(f"unknown organisation {ref!r} (give an id, USCC, exact name or division code)")


def organisation_record(org: Organisation) -> OrganisationRecord:
    """The row as a result, detached from the session that loaded it."""
    return OrganisationRecord(
        id=org.id,
        name=org.name,
        kind=org.kind,
        division_code=org.division_code,
        uscc=org.uscc,
        email=org.email,
        attributes=org.attributes,
    )


def list_organisations(ws: Workspace) -> list[OrganisationRecord]:
    with ws.transaction() as s:
        return [organisation_record(o) for o in s.scalars(select(Organisation).order_by(Organisation.id))]
