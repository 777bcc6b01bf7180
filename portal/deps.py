"""What the portal's routes share: who is asking (``Who``), ``require(role)``, the application the caller may see
(``OwnedApplication``), the CSRF form field, the current cycle and the client's address.

A new page imports from here and lives in ``portal/routes/<resource>.py``; who may see or change a thing is
decided here once, not again in each route or template.
"""

from __future__ import annotations

import types
from collections import Counter
from collections.abc import Callable
from typing import Annotated, Any, get_args, get_origin

from fastapi import Depends, Form, Path, Request

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.services.applications import worklists
from engine.services.applications.worklists import ApplicationOwner
from portal.context import Portal, portal_of
from portal.security import (
    Caller,
    CsrfFailed,
    Forbidden,
    NotFound,
    PasswordChangeNeeded,
    Unauthenticated,
    caller_of,
    same_token,
)

CsrfField = Annotated[str, Form()]
AppId = Annotated[int, Path(ge=1, le=2**31 - 1)]
FIRST_LOG_IN_PATHS = frozenset({"/account", "/account/password", "/logout"})  # all a temporary password opens


def page_caller(request: Request) -> Caller:
    """The logged-in account of a page request (a session, not a bearer token), else off to log in."""
    portal = portal_of(request)
    caller = caller_of(request, portal.ws, portal.keys)
    if caller is None or caller.session_id is None:
        raise Unauthenticated()
    request.state.caller = caller
    if caller.user.must_change_password and request.url.path not in FIRST_LOG_IN_PATHS:
        raise PasswordChangeNeeded()
    return caller


Who = Annotated[Caller, Depends(page_caller)]


def need(caller: Caller, *roles: Role) -> None:
    """403 unless the caller has one of ``roles``."""
    if caller.role not in roles:
        raise Forbidden("该页面供" + "、".join(r.label for r in roles) + "使用，您的账户不能打开")


def require(*roles: Role) -> Any:
    """A dependency: the page's caller, when its role is one of ``roles`` (``Annotated[Caller, require(...)]``)."""

    def dependency(caller: Who) -> Caller:
        need(caller, *roles)
        return caller

    checked: Callable[..., Caller] = dependency
    return Depends(checked)


def check_csrf(caller: Caller, token: str) -> None:
    if not same_token(token, caller.csrf_token):
        raise CsrfFailed()


def owned(portal: Portal, caller: Caller, app_id: int) -> ApplicationOwner:
    """The application if the caller may see it; otherwise 404, the same as for an unknown id."""
    owner = worklists.application_owner(portal.ws, app_id)
    if owner is None or not worklists.may_see(owner, caller.role, caller.scope):
        raise NotFound()
    return owner


def owned_application(request: Request, caller: Who, app_id: AppId) -> ApplicationOwner:
    return owned(portal_of(request), caller, app_id)


OwnedApplication = Annotated[ApplicationOwner, Depends(owned_application)]


def current_cycle(portal: Portal, given: int | None) -> int:
    """The cycle asked for (404 if it is not open), else the newest open demonstration-creation cycle."""
    cycles = worklists.open_cycles(portal.ws)
    if given is not None:
        if given not in {c[0] for c in cycles}:
            raise NotFound()
        return given
    if not cycles:
        raise BadInput("还没有开启任何申报周期：国家知识产权局开启周期后，这里才有内容")
    creation = [c for c in cycles if c[1] == "demonstration-creation"]
    return (creation or cycles)[-1][0]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _declared_query(dependant: Any) -> dict[str, bool]:
    """The query parameters an operation takes, its dependencies' included: name -> whether it takes a list."""
    names = {p.alias or p.name: _takes_several(p.field_info.annotation) for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _declared_query(sub)
    return names


def _takes_several(annotation: Any) -> bool:
    """A list (or tuple, set), optional or not: the one kind of query parameter that may be given twice."""
    kinds = get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    return any(get_origin(kind) in (list, tuple, set, frozenset) for kind in kinds)


def declared_query_only(request: Request) -> None:
    """A query parameter the operation does not take, or one value given twice (``?page=1&page=3``: which one
    was meant?), is bad input, named, rather than silently ignored or settled by taking the last."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    declared = _declared_query(dependant)
    unknown = sorted(set(request.query_params) - set(declared))
    if unknown:
        name = unknown[0][:40]
        raise BadInput(f"不支持的查询参数：{name}", field=name, code="unknown_parameter")
    given = Counter(name for name, _value in request.query_params.multi_items())
    twice = sorted(name for name, times in given.items() if times > 1 and not declared[name])
    if twice:
        raise BadInput(f"查询参数 {twice[0]} 只能给出一次", field=twice[0], code="repeated_parameter")
