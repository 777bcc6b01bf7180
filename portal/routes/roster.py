"""The province's roster of applicant organisations: the upload form and its all-or-nothing import."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.services.reference import roster
from portal import export, uploads
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, need

router = APIRouter(include_in_schema=False)


@router.get("/province/roster")
def roster_form(*, request: Request, caller: Who) -> Response:
    need(caller, Role.PROVINCE)
    return portal_of(request).page(request, "roster.html.j2", caller, problems=[], imported=None)


@router.get("/province/roster/template.xlsx")
def roster_template(*, request: Request, caller: Who) -> Response:
    """The roster to fill: the province's recorded organisations already in it (B11), drop-down lists, a guide."""
    need(caller, Role.PROVINCE)
    with tempfile.TemporaryDirectory(prefix="ipcycle-roster-") as folder:
        path = Path(folder) / "roster.xlsx"
        roster.write_province_template(portal_of(request).ws, path, caller.scope or "", caller.user.actor())
        return export.attachment(path.read_bytes(), "申报单位名录模板.xlsx")


@router.post("/province/roster")
async def roster_upload(
    *, request: Request, caller: Who, csrf: CsrfField = "", file: Annotated[UploadFile, File()]
) -> Response:
    """Import the province's roster: every row checked; any problem shows each row's error and imports nothing."""
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    name, data = await uploads.read_upload(file, uploads.ROSTER_TYPES, uploads.MAX_ROSTER_BYTES)
    suffix = name[name.rfind(".") :].lower()
    with uploads.spooled(data, suffix, name) as path:
        try:
            result = roster.import_roster(portal.ws, path, name=name, actor=caller.user.actor())
        except BadInput as exc:
            problems = [line.strip() for line in str(exc).replace(str(path), name).splitlines() if line.strip()]
            return portal.page(request, "roster.html.j2", caller, status=400, problems=problems, imported=None)
    return portal.page(request, "roster.html.j2", caller, problems=[], imported=result)
