"""The province's report package (推荐报送): the prefilled 推荐名单 previewed and downloadable, the letter uploaded
and the package confirmed once, every version kept and viewable, or a nil return with its reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.services.province import package_desk, report_packages
from portal import export, uploads
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need
from portal.security import NotFound

router = APIRouter(include_in_schema=False)
LETTER_TYPES = {".pdf": "PDF", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
Version = Annotated[int, Path(ge=1, le=10_000)]


@router.get("/province/report")
def report_page(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    need(caller, Role.PROVINCE)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    view = package_desk.report_package_view(portal.ws, cycle_id, caller.scope or "")
    return portal.page(request, "report.html.j2", caller, view=view, cycle=cycle_id)


@router.get("/province/report/list.{fmt}")
def report_list(
    *,
    request: Request,
    caller: Who,
    fmt: Annotated[str, Path(pattern="^(xlsx|docx)$")],
    cycle: int | None = None,
    version: Annotated[int | None, Query(ge=1, le=10_000)] = None,
) -> Response:
    need(caller, Role.PROVINCE)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    name, data = package_desk.list_file(portal.ws, cycle_id, caller.scope or "", fmt, version)
    return export.attachment(data, name)


@router.get("/province/report/versions/{version}/letter")
def report_letter(*, request: Request, caller: Who, version: Version, cycle: int | None = None) -> Response:
    need(caller, Role.PROVINCE)
    portal = portal_of(request)
    found = package_desk.letter_of(portal.ws, current_cycle(portal, cycle), caller.scope or "", version)
    if found is None:
        raise NotFound()
    return export.attachment_kept(found[2], found[0])


@router.post("/province/report")
async def report_file(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    cycle: Annotated[int | None, Form()] = None,
    confirm: Annotated[str, Form(max_length=10)] = "",
    letter: Annotated[UploadFile | None, File()] = None,
) -> Response:
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    if confirm != "yes":
        raise BadInput("confirm: 请勾选“已核对推荐名单，确认报送”")
    if letter is None or not letter.filename:
        raise BadInput("letter: 请上传推荐函（PDF或图片）")
    upload = await uploads.read_upload(letter, LETTER_TYPES, uploads.MAX_MATERIAL_BYTES)
    report_packages.report(portal.ws, cycle_id, caller.user.actor(), letter_upload=upload)
    return RedirectResponse(f"/province/report?cycle={cycle_id}", status_code=303)


@router.post("/province/report/nil")
def report_nil(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    cycle: Annotated[int | None, Form()] = None,
    confirm: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    if confirm != "yes":
        raise BadInput("confirm: 请勾选“确认本届不推荐”")
    report_packages.report(portal.ws, cycle_id, caller.user.actor(), nil_reason=reason)
    return RedirectResponse(f"/province/report?cycle={cycle_id}", status_code=303)
