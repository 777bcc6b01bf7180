"""Who a call is addressed to (C7): an internal call (此件不公开) is seen only by the parties it names; a public
one by anyone, but only its addressees are offered its submission form. The one place this is decided.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.definition.model import Programme, Role, Visibility
from engine.machine.machine import Actor
from engine.store.core import Organisation
from policies.facts import OrganisationKind


def organisation_kind(s: Session, actor: Actor) -> str | None:
    """The kind of body an applicant account stands for (None for the offices)."""
    if actor.role is not Role.APPLICANT or not (actor.scope or "").isdigit():
        return None
    org = s.get(Organisation, int(actor.scope or 0))
    return org.kind if org else None


def addressed(p: Programme, actor: Actor, kind: str | None) -> bool:
    """Is the call addressed to this party? The national office runs them all; a province is addressed as its
    provincial office; an applicant by the kind of body it is. A call that names nobody is addressed to anyone."""
    if actor.role is Role.NATIONAL or not p.addressed_to:
        return True
    if actor.role is Role.PROVINCE:
        return OrganisationKind.PROVINCIAL_OFFICE in p.addressed_to
    return kind is not None and kind in p.addressed_to


def may_see(p: Programme, actor: Actor, kind: str | None) -> bool:
    """An internal call only by its addressees; a public one by anyone."""
    return p.visibility is Visibility.PUBLIC or addressed(p, actor, kind)
