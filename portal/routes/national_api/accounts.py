"""Accounts an office creates and changes (a province: its own applicants' only), each change audited."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from engine.services.accounts import management
from portal.routes.api import answer
from portal.routes.national_api.access import (
    OfficeWriter,
    national_router,
    workspace_of,
)

router = national_router()


class UserRequest(BaseModel):
    """No password: an office never chooses one that stays (the person sets their own at the first log-in)."""

    model_config = ConfigDict(extra="forbid")
    login: str = Field(min_length=2, max_length=40, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    role: str = Field(min_length=1, max_length=40, description="national | province:CODE | applicant:ORG")


@router.post(
    "/users",
    response_model=None,
    status_code=201,
    responses={201: {"model": management.AccountIssued}},
    summary="Create an account with a temporary password, in this answer only; it is replaced at the first log-in "
    "(a province: for its own applicants only)",
)
def create_user(request: Request, caller: OfficeWriter, body: UserRequest) -> JSONResponse:
    return answer(management.create_account(workspace_of(request), caller.user.actor(), body.login, body.role), 201)


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    disabled: bool | None = None
    reset_password: bool = Field(default=False, description="a temporary password, in this answer only")


@router.patch(
    "/users/{login}",
    response_model=None,
    responses={200: {"model": management.AccountChanged}},
    summary="Disable an account or reset its password to a temporary one (a province: its own applicants' only)",
)
def update_user(request: Request, caller: OfficeWriter, login: str, body: UserUpdate) -> JSONResponse:
    ws = workspace_of(request)
    actor = caller.user.actor()
    record = management.managed_user(ws, actor, login[:80])
    password = None
    if body.reset_password:
        issued = management.reset_password(ws, actor, record.login)
        record, password = issued.user, issued.password
    if body.disabled:
        record = management.disable_account(ws, actor, record.login)
    return answer(management.AccountChanged(user=record, password=password))
