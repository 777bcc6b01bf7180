"""Organisations: registering, changing one, and importing a roster (a province: within its division)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from engine.definition.model import Role
from engine.services.accounts import management
from engine.services.reference import organisations, roster
from portal.routes.api import AppId, answer
from portal.routes.national_api.access import (
    OfficeWriter,
    national_router,
    with_file,
    workspace_of,
)

router = national_router()


class OrganisationRequest(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(min_length=1, max_length=40)
    division_code: str | None = Field(default=None, pattern=r"^\d{6}$")
    uscc: str | None = Field(default=None, max_length=18)
    email: str | None = Field(default=None, max_length=200)


@router.post(
    "/organisations",
    response_model=None,
    status_code=201,
    responses={201: {"model": organisations.OrganisationRecord}},
    summary="Register an organisation (a province: within its own division)",
)
def create_organisation(request: Request, caller: OfficeWriter, body: OrganisationRequest) -> JSONResponse:
    return answer(
        organisations.add_organisation(
            workspace_of(request),
            body.name,
            body.kind,
            body.division_code,
            body.uscc,
            body.email,
            actor=caller.user.actor(),
        ),
        201,
    )


class OrganisationUpdate(BaseModel):
    """The fields to change; one left out stays. The contact fields are checked as ``update_contact`` checks them
    (an empty one clears it)."""

    email: str | None = Field(default=None, max_length=200, description="where the system's mail to it goes")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    phone: str | None = Field(default=None, max_length=40, description="联系电话, e.g. 0512-57361234")
    contact_person: str | None = Field(default=None, max_length=80, description="联系人")


@router.patch(
    "/organisations/{org_id}",
    response_model=None,
    responses={200: {"model": organisations.OrganisationRecord}},
    summary="Change an organisation's name or its contact (e-mail, phone, contact person; audited)",
)
def update_organisation(
    request: Request, caller: OfficeWriter, org_id: AppId, body: OrganisationUpdate
) -> JSONResponse:
    return answer(
        management.update_organisation(
            workspace_of(request),
            org_id,
            caller.user.actor(),
            name=body.name,
            email=body.email,
            phone=body.phone,
            contact_person=body.contact_person,
        )
    )


@router.post(
    "/rosters",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Import a roster (all rows or none; each bad row named with its column)",
)
async def import_roster(request: Request, caller: OfficeWriter, file: Annotated[UploadFile, File()]) -> JSONResponse:
    ws, actor = workspace_of(request), caller.user.actor()
    province = caller.scope if caller.role is Role.PROVINCE else None
    return answer(
        await with_file(
            file, lambda path, name: roster.import_roster(ws, path, province=province, name=name, actor=actor)
        )
    )
