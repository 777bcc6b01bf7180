"""Who may manage whose account and organisation, asked once for every edge (portal, API, CLI).

The national office manages every account and organisation; a provincial office manages its own applicants'
accounts (organisations within its province) and those organisations. Each change is audited in
``reference_change`` (lists ``accounts`` and ``organisations``), so the audit page lists them with the rest.
"""

from __future__ import annotations

from sqlalchemy import select

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.accounts import users
from engine.services.reference import contacts
from engine.services.reference.organisations import (
    OrganisationRecord,
    in_province,
    organisation_name,
    organisation_record,
)
from engine.services.shared.reference_audit import ReferenceLine, audit
from engine.services.shared.results import ServiceResult
from engine.store.accounts import UserAccount
from engine.store.core import Organisation
from engine.store.locks import hold
from engine.store.workspace import Workspace
from policies.verdict import Verdict


def _refused(actor: Actor, what: str) -> Refused:
    return Refused(
        f"{actor} may not manage {what}",
        [Verdict(False, "ROLE", "省级知识产权局只能管理本省申报单位的账号和信息",
                 f"a province manages its own applicants' accounts and organisations only, not {what}")],
    )  # fmt: skip


def _org_in_province(ws: Workspace, org_id: int, province: str | None) -> bool:
    with ws.transaction() as s:
        org = s.get(Organisation, org_id)
        return org is not None and in_province(org, province)


def may_manage(ws: Workspace, actor: Actor, role: str) -> None:
    """May ``actor`` create an account in ``role`` (``national``, ``province:CODE``, ``applicant:ORG``)?"""
    if actor.role is Role.NATIONAL:
        return
    r, scope = users.parse_role(role)
    if actor.role is Role.PROVINCE and r is Role.APPLICANT and _org_in_province(ws, int(scope or 0), actor.scope):
        return
    raise _refused(actor, f"an account in role {role}")


def managed_user(ws: Workspace, actor: Actor, login: str) -> users.UserRecord:
    """The account ``actor`` may change (disable, reset), else refused; an unknown log-in is bad input."""
    with ws.transaction() as s:
        user = s.scalar(select(UserAccount).where(UserAccount.login == login.strip().lower()))
        if user is None:
            raise BadInput(f"login: 没有账号 {login!r}（no such account）")
        role, scope = user.role, user.scope
    if actor.role is not Role.NATIONAL:
        if not (actor.role is Role.PROVINCE and role == Role.APPLICANT and
                _org_in_province(ws, int(scope or 0), actor.scope)):  # fmt: skip
            raise _refused(actor, f"the account {login}")
    return next(u for u in users.list_users(ws) if u.login == login.strip().lower())


def audit_account(ws: Workspace, actor: Actor, login: str, change: str, after: dict[str, object]) -> None:
    """One audit line for an account change (never the password itself)."""
    with ws.transaction() as s:
        line = ReferenceLine(change=change, key=login, before=None, after={**after, "by": actor.account})
        audit(s, "accounts", None, [line], "portal", actor, ws.clock.now())


def managed_users(ws: Workspace, actor: Actor) -> list[users.UserRecord]:
    """The accounts ``actor`` manages: every one for the national office, a province's own applicants' for it."""
    everyone = users.list_users(ws)
    if actor.role is Role.NATIONAL:
        return everyone
    if actor.role is not Role.PROVINCE:
        return []
    applicants = [u for u in everyone if u.role == Role.APPLICANT and u.scope]
    with ws.transaction() as s:
        ids = [int(u.scope or 0) for u in applicants]
        orgs = s.scalars(select(Organisation).where(Organisation.id.in_(ids)))
        own = {o.id for o in orgs if in_province(o, actor.scope)}
    return [u for u in applicants if int(u.scope or 0) in own]


class AccountIssued(ServiceResult):
    """An account created or reset with a temporary password: shown to the office once, replaced at log-in."""

    user: users.UserRecord
    password: str


class AccountChanged(ServiceResult):
    """An account as an office left it; ``password``: the temporary one when it was reset (shown this once)."""

    user: users.UserRecord
    password: str | None = None


def create_account(ws: Workspace, actor: Actor, login: str, role: str) -> AccountIssued:
    """A new account with a temporary password (``actor`` may manage that role), audited."""
    may_manage(ws, actor, role)
    password = users.temporary_password()
    created = users.create_user(ws, login, role, password, temporary=True)
    audit_account(ws, actor, created.login, "added", {"role": role})
    return AccountIssued(user=created, password=password)


def reset_password(ws: Workspace, actor: Actor, login: str) -> AccountIssued:
    """A temporary password for an account ``actor`` manages; its sessions and tokens end; audited."""
    record = managed_user(ws, actor, login)
    password = users.temporary_password()
    changed = users.change_password(ws, record.login, password, temporary=True)
    audit_account(ws, actor, record.login, "changed", {"password": "reset"})
    return AccountIssued(user=changed, password=password)


def disable_account(ws: Workspace, actor: Actor, login: str) -> users.UserRecord:
    """The account can no longer log in (``actor`` may manage it); audited."""
    record = managed_user(ws, actor, login)
    disabled = users.disable_user(ws, record.login)
    audit_account(ws, actor, record.login, "changed", {"disabled": True})
    return disabled


def update_organisation(
    ws: Workspace, org_id: int, actor: Actor, name: str | None = None, email: str | None = None,
    phone: str | None = None, contact_person: str | None = None,
) -> OrganisationRecord:  # fmt: skip
    """Change an organisation's name or its contact (a province: within its own province), audited. The contact
    fields given go through the contact's own step (contacts.set_contact), as its own account's changes do."""
    name = organisation_name(name) if name is not None else None
    given = {k: v for k, v in (("email", email), ("phone", phone), ("contact_person", contact_person)) if v is not None}
    contacts.check_contact(given)  # a bad field is named before any lock is taken
    with ws.transaction(write=True) as s:
        hold(s, "organisation", org_id)  # the same change twice at once is made (and audited) once
        org = s.get(Organisation, org_id)
        if org is None:
            raise BadInput(f"organisation: 没有单位 {org_id}（no such organisation）")
        if actor.role is not Role.NATIONAL and not (actor.role is Role.PROVINCE and in_province(org, actor.scope)):
            raise _refused(actor, f"organisation {org_id}")
        before = {"name": org.name, "email": org.email, **{k: getattr(org, k) for k in given}}
        if name is not None:
            org.name = name
        contacts.set_contact(org, given)
        after = {"name": org.name, "email": org.email, **{k: getattr(org, k) for k in given}}
        if after != before:
            line = ReferenceLine(change="changed", key=f"{org.id} {org.name}", before=before, after=after)
            audit(s, "organisations", None, [line], "portal", actor, ws.clock.now())
        return organisation_record(org)
