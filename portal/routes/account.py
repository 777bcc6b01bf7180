"""An account's own page and API: its tokens (listed, created, revoked one by one) and its password; and the
national office's unlocking of an account after too many failed log-ins.

A password change ends every other session of the account and revokes every token, as disabling it does.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.services.accounts import users
from portal.context import jsonable, portal_of
from portal.deps import CsrfField, Who, check_csrf, declared_query_only, need
from portal.routes.api import ERRORS, Reader, Writer
from portal.security import NotFound

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[Depends(declared_query_only)])
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Secret = Annotated[str, Form(max_length=200)]


def _page(request: Request, caller: Who, status: int = 200, **extra: object) -> Response:
    portal = portal_of(request)
    context = {"tokens": users.list_tokens(portal.ws, caller.user.login), "created": None, "error": None,
               "done": None, **extra}  # fmt: skip
    return portal.page(request, "account.html.j2", caller, status=status, **context)


@router.get("/account")
def account_page(request: Request, caller: Who) -> Response:
    return _page(request, caller)


@router.post("/account/tokens")
def account_token_create(
    *, request: Request, caller: Who, csrf: CsrfField = "", label: Annotated[str, Form(max_length=80)] = ""
) -> Response:
    """A new token, shown on this answer once; only its digest is kept."""
    check_csrf(caller, csrf)
    label = label.strip() or "api"
    created = users.create_token(portal_of(request).ws, caller.user.login, label)
    return _page(request, caller, status=201, created=created)


@router.post("/account/tokens/{token_id}/revoke")
def account_token_revoke(*, request: Request, caller: Who, token_id: TokenId, csrf: CsrfField = "") -> Response:
    check_csrf(caller, csrf)
    try:
        revoked = users.revoke_token(portal_of(request).ws, caller.user.login, token_id)
    except BadInput:
        raise NotFound() from None  # another account's token answers as an unknown one
    return _page(request, caller, done=f"令牌“{revoked.label}”已吊销。")


@router.post("/account/password")
def account_password(
    *, request: Request, caller: Who, csrf: CsrfField = "", current_password: Secret, new_password: Secret
) -> Response:
    """The account's own new password; this session stays, every other session and every token ends."""
    check_csrf(caller, csrf)
    try:
        users.change_password(
            portal_of(request).ws, caller.user.login, new_password, current_password, caller.session_id
        )
    except BadInput as exc:
        return _page(request, caller, status=400, error=str(exc))
    return _page(request, caller, done="密码已修改；其他登录和全部 API 令牌已失效。")


@router.post("/national/accounts/unlock")
def account_unlock(
    *, request: Request, caller: Who, csrf: CsrfField = "", login: Annotated[str, Form(max_length=80)] = ""
) -> Response:
    """The national office lets an account log in again after too many failed tries."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    try:
        unlocked = users.unlock(portal_of(request).ws, login)
    except BadInput as exc:
        return _page(request, caller, status=400, error=str(exc))
    return _page(request, caller, done=f"账号 {unlocked.login} 已解除登录锁定。")


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200, description="12+ characters, not the log-in, not common")


@api_router.get(
    "/me/tokens",
    response_model=list[users.TokenRecord],
    summary="The account's own API tokens (never the tokens themselves), revoked ones included",
)
def list_tokens(request: Request, caller: Reader) -> JSONResponse:
    return JSONResponse(jsonable(users.list_tokens(portal_of(request).ws, caller.user.login)))


@api_router.delete(
    "/me/tokens/{token_id}",
    response_model=users.TokenRecord,
    summary="Revoke one of the account's own tokens (another account's token answers 404); again is a no-op",
)
def revoke_token(request: Request, caller: Writer, token_id: TokenId) -> JSONResponse:
    try:
        return JSONResponse(jsonable(users.revoke_token(portal_of(request).ws, caller.user.login, token_id)))
    except BadInput:
        raise NotFound() from None


@api_router.post(
    "/me/password",
    response_model=users.UserRecord,
    summary="Change the account's own password (the current one first); every other session and every token ends",
)
def change_password(request: Request, caller: Writer, body: PasswordChange) -> JSONResponse:
    changed = users.change_password(
        portal_of(request).ws, caller.user.login, body.new_password, body.current_password, caller.session_id
    )
    return JSONResponse(jsonable(changed))
