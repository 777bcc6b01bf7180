"""Log-in, log-out and the home address (each role's desk)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import Refused
from engine.services.accounts import users
from portal.context import home_of, portal_of
from portal.deps import CsrfField, Who, check_csrf, client_address
from portal.security import LOGIN_COOKIE, SESSION_COOKIE, CsrfFailed, safe_next, same_token

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_form(
    request: Request,
    next: Annotated[str, Query(max_length=2000)] = "",  # noqa: A002  (the parameter's name in the address)
    expired: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    """The log-in form; after a session expired it says so, and log-in returns to the page the user was on."""
    portal = portal_of(request)
    token = secrets.token_urlsafe(24)
    response = portal.page(request, "login.html.j2", None, login_csrf=token, error=None, verdicts=[],
                           next=next if safe_next(next) else "", expired=expired)  # fmt: skip
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


@router.post("/login")
def login(
    *,
    request: Request,
    login: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=200)],
    csrf: CsrfField = "",
    next: Annotated[str, Form(max_length=2000)] = "",  # noqa: A002
) -> Response:
    portal = portal_of(request)
    if not same_token(csrf, request.cookies.get(LOGIN_COOKIE)):
        raise CsrfFailed()
    try:
        started = users.log_in(portal.ws, login, password, client_address(request))
    except Refused as exc:
        response = portal.page(request, "login.html.j2", None, status=401, login_csrf=csrf, error=exc.message_zh,
                               verdicts=exc.failed(), next=next if safe_next(next) else "", expired="")  # fmt: skip
        return response
    back = next if safe_next(next) else home_of(Role(started.user.role))
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        portal.keys.sign(started.session_id),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=users.SESSION_HOURS * 3600,
    )
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(*, request: Request, caller: Who, csrf: CsrfField = "") -> Response:
    check_csrf(caller, csrf)
    assert caller.session_id is not None
    users.log_out(portal_of(request).ws, caller.session_id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/")
def home(caller: Who) -> Response:
    return RedirectResponse(home_of(caller.role), status_code=303)
