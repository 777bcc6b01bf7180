"""Who may call the national API, and what its operations share: the router's settings, the workspace, and
an uploaded table run through a load under its own suffix."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.routing import APIRoute

from engine.definition.model import Role
from portal import uploads
from portal.context import jsonable, portal_of
from portal.deps import declared_query_only
from portal.routes.api import ERRORS, Reader, Writer
from portal.security import Caller, Forbidden

TABLE_TYPES = {".xlsx": "Excel (xlsx)", ".csv": "CSV", ".yaml": "YAML", ".yml": "YAML"}


def _operation_id(route: APIRoute) -> str:
    return route.name


def national_router() -> APIRouter:
    """A router of the national API: under /api/v1/, each operationId its function's name, no undeclared query."""
    return APIRouter(
        prefix="/api/v1",
        responses=ERRORS,
        generate_unique_id_function=_operation_id,
        dependencies=[Depends(declared_query_only)],
    )


def _national(caller: Caller) -> None:
    if caller.role is not Role.NATIONAL:
        raise Forbidden("only the national office does this")


def national_reader(caller: Reader) -> Caller:
    """The national office, asked before the request's body is read (another role gets 403, not 422)."""
    _national(caller)
    return caller


def national_writer(caller: Writer) -> Caller:
    """The national office, for a write (the CSRF header or a token is checked first)."""
    _national(caller)
    return caller


def office_writer(caller: Writer) -> Caller:
    """The national office or a provincial office (each then scoped to what it keeps)."""
    if caller.role is Role.APPLICANT:
        raise Forbidden("the national office and the provincial offices do this")
    return caller


NationalReader = Annotated[Caller, Depends(national_reader)]
NationalWriter = Annotated[Caller, Depends(national_writer)]
OfficeWriter = Annotated[Caller, Depends(office_writer)]


def workspace_of(request: Request) -> Any:
    """The portal's workspace, which every operation runs its service in."""
    return portal_of(request).ws


async def with_file(upload: UploadFile, run: Any) -> Any:
    """Run a load, ``run(path, name)``, on the uploaded file kept under its own suffix; messages name the file (its
    own ``name``), not where it was kept."""
    name, data = await uploads.read_upload(upload, TABLE_TYPES, uploads.MAX_ROSTER_BYTES)
    with uploads.spooled(data, name[name.rfind(".") :].lower(), name) as path:
        return uploads.as_named(jsonable(run(path, name)), path, name)  # a result's file or source too
