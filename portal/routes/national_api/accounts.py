"""Accounts an office creates and changes (a province: its own applicants' only), each change audited."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from engine.services.accounts import management, users
from portal.routes.api import answer
from portal.routes.national_api.access import (
    OfficeWriter,
    national_router,
    workspace_of,
)

router = national_router()


class UserRequest(BaseModel):
    login: str = Field(min_length=2, max_length=40, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    role: str = Field(min_length=1, max_length=40, description="national | province:CODE | applicant:ORG")
    password: str = Field(min_length=1, max_length=200)


@router.post(
    "/users",
    response_model=None,
    status_code=201,
    responses={201: {"model": users.UserRecord}},
    summary="Create an account (a province: for its own applicants only)",
)
def create_user(request: Request, caller: OfficeWriter, body: UserRequest) -> JSONResponse:
    ws = workspace_of(request)
    management.may_manage(ws, caller.user.actor(), body.role)
    created = users.create_user(ws, body.login, body.role, body.password)
    management.audit_account(ws, caller.user.actor(), created.login, "added", {"role": body.role})
    return answer(created, 201)


class UserUpdate(BaseModel):
    disabled: bool | None = None
    password: str | None = Field(default=None, min_length=1, max_length=200)


@router.patch(
    "/users/{login}",
    response_model=None,
    responses={200: {"model": users.UserRecord}},
    summary="Disable an account or set its password (a province: its own applicants' only)",
)
def update_user(request: Request, caller: OfficeWriter, login: str, body: UserUpdate) -> JSONResponse:
    ws = workspace_of(request)
    actor = caller.user.actor()
    record = management.managed_user(ws, actor, login[:80])
    if body.password is not None:
        record = users.change_password(ws, record.login, body.password)
        management.audit_account(ws, actor, record.login, "changed", {"password": "reset"})
    if body.disabled:
        record = users.disable_user(ws, record.login)
        management.audit_account(ws, actor, record.login, "changed", {"disabled": True})
    return answer(record)
