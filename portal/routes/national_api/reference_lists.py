"""The reference lists only the national office loads: pilot lists (A2, A4) and earlier recognitions (B5)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import JSONResponse

from engine.services.reference import pilots
from portal.routes.api import answer
from portal.routes.national_api.access import (
    NationalWriter,
    national_router,
    with_file,
    workspace_of,
)

router = national_router()


@router.post(
    "/pilots",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Import the pilot lists (A2, A4); dry_run shows the difference only",
)
async def import_pilots(
    request: Request,
    caller: NationalWriter,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
) -> JSONResponse:
    ws, actor = workspace_of(request), caller.user.actor()
    return answer(await with_file(file, lambda path, name: pilots.import_pilots(ws, path, actor, dry_run, name)))


@router.post(
    "/recognitions",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Import earlier recognitions (B5); dry_run shows the difference only",
)
async def import_recognitions(
    request: Request,
    caller: NationalWriter,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
) -> JSONResponse:
    ws, actor = workspace_of(request), caller.user.actor()
    load = pilots.import_recognitions
    return answer(await with_file(file, lambda path, name: load(ws, path, actor, dry_run=dry_run, name=name)))
