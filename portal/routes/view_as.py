"""Looking at the portal as a province or an applicant sees it: read-only, and every look audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from engine.definition.model import Role
from engine.services.accounts import users
from engine.services.accounts.users import UserRecord
from engine.services.applications import worklists
from portal import views
from portal.context import portal_of
from portal.deps import Who, need
from portal.routes.applicant import applicant_desk
from portal.routes.province import province_desk
from portal.security import Caller, NotFound

router = APIRouter(include_in_schema=False)


def _as_caller(caller: Caller, role: Role, scope: str, scope_name: str | None) -> Caller:
    """A read-only stand-in: the target's role and scope, no CSRF token (so no form of it can be posted)."""
    user = UserRecord(id=0, login=caller.user.login, role=role.value, scope=scope, scope_name=scope_name,
                      disabled=False, created_at=caller.user.created_at)  # fmt: skip
    return Caller(user, None, None)


@router.get("/national/view-as")
def view_as(
    *,
    request: Request,
    caller: Who,
    role: Annotated[str, Query(pattern="^(province|applicant)$")],
    scope: Annotated[str, Query(pattern="^[0-9]{1,9}$")],
) -> Response:
    """The province's desk or the applicant's page as they see it, read-only; every look is audited."""
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    target = Role(role)
    users.record_view_as(portal.ws, caller.user.login, target, scope, str(request.url.path) + "?" + request.url.query)
    if target is Role.PROVINCE:
        if not views.is_province_code(scope):
            raise NotFound()
        stand_in = _as_caller(caller, target, scope, None)
        response = province_desk(request, stand_in, None, viewing_as=caller.user.login)
    else:
        name = worklists.organisation_label(portal.ws, int(scope))
        if name is None:
            raise NotFound()
        stand_in = _as_caller(caller, target, scope, name)
        response = applicant_desk(request, stand_in, None, viewing_as=caller.user.login)
    request.state.caller = caller
    return response


@router.get("/national/view-as/log")
def view_as_log(*, request: Request, caller: Who) -> Response:
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    return portal.page(request, "view_as_log.html.j2", caller, rows=users.view_as_log(portal.ws))
