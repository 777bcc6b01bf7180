"""Objections: the province's desk (the objections filed to its notices) and the national list, resolving one,
and the public's look-up of an outcome by receipt number."""

from __future__ import annotations

from datetime import date
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.files.scans import ScanType
from engine.kernel.errors import BadInput
from engine.services.applications import worklists
from engine.services.publicity import objection_form, objections
from engine.services.publicity.objections import ObjectionOutcome
from engine.services.publicity.objectors import MAX_NAME, Objector, ObjectorKind
from portal import export, uploads
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need, owned
from portal.security import NotFound

router = APIRouter(include_in_schema=False)


@router.get("/objections/outcome")
def objection_outcome(request: Request, receipt: Annotated[str, Query(max_length=40)] = "") -> Response:
    """The outcome looked up by receipt number; an unknown number answers as no objection (nothing else told)."""
    portal = portal_of(request)
    found = objection_form.objection_outcome(portal.ws, receipt) if receipt else None
    status = 404 if receipt and found is None else 200
    return portal.page(request, "public_outcome.html.j2", None, status=status, receipt=receipt, found=found)


@router.get("/objections")
def objections_page(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    """A province's objections (to resolve, and the form for one received by post or e-mail), or every
    province's for the national office."""
    need(caller, Role.PROVINCE, Role.NATIONAL)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    rows = objections.list_objections(portal.ws, cycle_id, caller.scope if caller.role is Role.PROVINCE else None)
    under_notice: list[worklists.ApplicationRow] = []
    if caller.role is Role.PROVINCE and UNDER_NOTICE in worklists.cycle_stages(portal.ws, cycle_id):
        under_notice = worklists.list_applications(
            portal.ws, cycle_id, caller.role, caller.scope, stage=UNDER_NOTICE, per_page=worklists.MAX_PAGE
        ).items
    return portal.page(request, "objections.html.j2", caller, cycle=cycle_id, rows=rows, under_notice=under_notice)


UNDER_NOTICE = "provincial_notice"  # the shared notice an objection received by post is recorded against
SCAN_TYPES = {".pdf": "PDF", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
SCAN_KIND = {".pdf": ScanType.PDF, ".png": ScanType.PNG, ".jpg": ScanType.JPEG, ".jpeg": ScanType.JPEG}


async def scans(uploaded: list[UploadFile], role: str) -> list[tuple[str, str, bytes, ScanType]]:
    """The uploaded files of one role (evidence, stamped scan), each a PDF or an image by its content."""
    out = []
    for f in uploaded:
        if f.filename:
            name, data = await uploads.read_upload(f, SCAN_TYPES, uploads.MAX_MATERIAL_BYTES)
            out.append((role, name, data, SCAN_KIND[FilePath(name).suffix.lower()]))
    return out


@router.post("/objections")
async def objection_record(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    application: Annotated[int, Form(ge=0, le=2**31 - 1)] = 0,
    kind: Annotated[str, Form(max_length=20)] = "",
    name: Annotated[str, Form(max_length=MAX_NAME)] = "",
    unit: Annotated[str, Form(max_length=200)] = "",
    phone: Annotated[str, Form(max_length=40)] = "",
    content: Annotated[str, Form(max_length=5000)] = "",
    received: Annotated[date | None, Form()] = None,
    evidence: Annotated[list[UploadFile] | None, File()] = None,
    stamped: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """An objection the province received by post or e-mail, with its evidence and (a unit's) stamped scan."""
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owned(portal, caller, application)
    if kind not in {k.value for k in ObjectorKind}:
        raise BadInput("kind: 请选择异议人类型：单位或个人（unit or person）")
    files = await scans(evidence or [], "evidence") + await scans([stamped] if stamped else [], "stamped-scan")
    who = Objector(name, unit, phone, ObjectorKind(kind))  # checked by the one objector check (objectors.py)
    objections.record_objection(portal.ws, application, caller.user.actor(), who, content, files, received)
    return RedirectResponse("/objections", status_code=303)


@router.get("/objections/{objection_id}/files/{number}")
def objection_file(
    *,
    request: Request,
    caller: Who,
    objection_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    number: Annotated[int, Path(ge=1, le=1000)],
) -> Response:
    """An evidence file or stamped scan, only ever as a download, to the office that handles the objection."""
    portal = portal_of(request)
    if not objections.handles(portal.ws, objection_id, caller.role, caller.scope):
        raise NotFound()
    try:
        name, _role, data = objections.objection_file(portal.ws, objection_id, number)
    except BadInput:
        raise NotFound() from None
    return export.attachment_kept(data, name)


@router.post("/objections/{objection_id}/resolve")
def objection_resolve(
    *,
    request: Request,
    caller: Who,
    objection_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    csrf: CsrfField = "",
    outcome: Annotated[ObjectionOutcome | None, Form()] = None,
    reasons: Annotated[str, Form(min_length=1, max_length=2000)],
    handler: Annotated[str, Form(min_length=1, max_length=100)],
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """The office that published the notice records who handled the objection and the outcome with reasons: the
    province for its shared notice (B4), the national office for its own (B6, B7)."""
    need(caller, Role.PROVINCE, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, None)
    if caller.role is Role.PROVINCE:
        mine = objections.list_objections(portal.ws, cycle_id, caller.scope, national=False)
    else:
        mine = objections.list_objections(portal.ws, cycle_id, national=True)
    if objection_id not in {o.id for o in mine}:
        raise NotFound()
    if outcome is None:
        raise BadInput("outcome: 请选择处理结果：异议成立或异议不成立（choose the outcome）")
    if confirm != "yes":
        raise BadInput("confirm: 请勾选确认处理结果（confirm the outcome: it cannot be changed afterwards）")
    objections.resolve_objection(portal.ws, objection_id, caller.user.actor(), outcome, reasons, handler)
    return RedirectResponse("/objections", status_code=303)
