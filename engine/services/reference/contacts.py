"""An organisation's own contact (e-mail, phone, contact person): kept by its account, correctable by its province.

The e-mail address is where the system's mail to the organisation goes; every change is audited (who, when,
before and after) as a ``contacts`` reference change, in the transaction of the change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from engine.definition.model import Role
from engine.kernel.errors import FieldError, Refused, check_fields
from engine.kernel.text import EMAIL, has_letter, is_one_line, normalise
from engine.machine.machine import Actor
from engine.services.reference.organisations import organisation_province
from engine.services.shared.reference_audit import ReferenceLine, audit
from engine.services.shared.results import ServiceResult
from engine.store.core import Organisation
from engine.store.workspace import Workspace
from policies.verdict import Verdict

CONTACT_LABELS = {"email": "电子邮箱", "phone": "联系电话", "contact_person": "联系人"}
_PHONE = re.compile(r"[0-9+()\- ]{7,30}(\s*(转|分机|ext\.?)\s*\d{1,6})?")
LIMITS = {"email": 200, "phone": 40, "contact_person": 40}


class OrganisationContact(ServiceResult):
    """An organisation's contact as it stands; empty fields are None."""

    organisation: int
    name: str
    province: str | None
    email: str | None
    phone: str | None
    contact_person: str | None


def may_change_contact(actor: Actor, organisation_id: int, province: str | None) -> bool:
    """The organisation's own account, the office of its province, or the national office."""
    if actor.role is Role.NATIONAL:
        return True
    if actor.role is Role.APPLICANT:
        return actor.scope == str(organisation_id)
    if actor.role is Role.PROVINCE:
        return actor.scope is not None and province == actor.scope
    return False


def may_change_contact_of(actor: Actor, contact: OrganisationContact) -> bool:
    return may_change_contact(actor, contact.organisation, contact.province)


def _contact(org: Organisation) -> OrganisationContact:
    return OrganisationContact(
        organisation=org.id,
        name=org.name,
        province=organisation_province(org.division_code, org.uscc),
        email=org.email,
        phone=org.phone,
        contact_person=org.contact_person,
    )


def check_contact(given: Mapping[str, str]) -> dict[str, str | None]:
    """Each contact field given normalised (empty: none on record); every bad one named at once, nothing stored."""
    errors: list[FieldError] = []
    out: dict[str, str | None] = {}
    for field, raw in given.items():
        label, value = CONTACT_LABELS[field], (raw or "").strip()
        if not is_one_line(value):
            errors.append(FieldError(field, "one_line", f"{label}不能含换行或控制字符"))
            continue
        typed, value = value, normalise(value)
        if typed and not value:  # something typed, nothing visible kept: not a way to clear the field unseen
            errors.append(FieldError(field, "no_letter", f"{label}只含不可见字符（留空即可清除）"))
        elif len(value) > LIMITS[field]:
            errors.append(FieldError(field, "too_long", f"{label}至多 {LIMITS[field]} 个字符"))
        elif value and field == "email" and not EMAIL.fullmatch(value):
            errors.append(FieldError(field, "invalid_email", f"{label}“{value}”不是电子邮件地址"))
        elif value and field == "phone" and not _PHONE.fullmatch(value):
            errors.append(FieldError(field, "invalid_phone", f"{label}“{value}”不是电话号码（例如 0512-57361234）"))
        elif value and field == "contact_person" and not has_letter(value):
            errors.append(FieldError(field, "no_letter", f"{label}须包含文字"))
        out[field] = value or None
    check_fields(errors)
    return out


def show_contact(ws: Workspace, organisation_id: int) -> OrganisationContact | None:
    with ws.transaction() as s:
        org = s.get(Organisation, organisation_id)
        return _contact(org) if org else None


def set_contact(org: Organisation, given: Mapping[str, str]) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """The one step that changes an organisation's contact fields (those given; an empty one clears it), checked
    by :func:`check_contact`, in the caller's transaction; returns (before, after) for the caller's audit line.
    Both edges that change a contact take it: :func:`update_contact` and the offices' ``update_organisation``."""
    fields = check_contact(given)
    before = {k: getattr(org, k) for k in fields}
    for key, value in fields.items():
        setattr(org, key, value)
    return before, fields


def update_contact(
    ws: Workspace, organisation_id: int, actor: Actor, email: str, phone: str, contact_person: str
) -> OrganisationContact:
    """Replace the organisation's contact with the given one (an empty field clears it); audited."""
    given = {"email": email, "phone": phone, "contact_person": contact_person}
    check_contact(given)  # a bad field is named before any lock is taken
    with ws.transaction(write=True) as s:
        org = s.get(Organisation, organisation_id, with_for_update=True)  # two at once: one audit line
        if org is None or not may_change_contact(actor, org.id, organisation_province(org.division_code, org.uscc)):
            raise Refused(
                f"{actor} may not change the contact of organisation {organisation_id}",
                [Verdict(False, "ROLE", "联系方式由本单位或其所在省级知识产权局维护",
                         "an organisation's contact is kept by its own account or its province")],
            )  # fmt: skip
        before, after = set_contact(org, given)
        if before != after:
            line = ReferenceLine(change="changed", key=f"organisation:{org.id}", before=before, after=dict(after))
            audit(s, "contacts", None, [line], "portal", actor, ws.clock.now())
        s.flush()
        return _contact(org)
