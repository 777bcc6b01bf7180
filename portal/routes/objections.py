"""Objections: the province's desk (the objections filed to its notices) and the national list, resolving one,
and the public's look-up of an outcome by receipt number."""

from __future__ import annotations

from datetime import date
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from engine.definition.model import Role
from engine.files.scans import ScanType
from engine.kernel.errors import BadInput
from engine.services.applications import worklists
from engine.services.publicity import objection_form, objections
from engine.services.publicity.objections import ObjectionOutcome
from engine.services.publicity.objectors import MAX_NAME, Objector, ObjectorKind
from portal import export, uploads
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, declared_query_only, need, owned
from portal.routes.api import ERRORS, CycleId, Reader, Writer, answer
from portal.routes.api import AppId as ApiAppId
from portal.security import Caller, Forbidden, NotFound

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
    province = caller.scope if caller.role is Role.PROVINCE else None
    rows = objections.list_objections(portal.ws, cycle_id, province)
    elsewhere = [  # objections still open in another cycle: each is handled in its own cycle's queue
        (c, edition, waiting)
        for c, _programme, edition in worklists.open_cycles(portal.ws)
        if c != cycle_id
        and (waiting := sum(o.status == "open" for o in objections.list_objections(portal.ws, c, province)))
    ]
    under_notice: list[worklists.ApplicationRow] = []
    if caller.role is Role.PROVINCE and UNDER_NOTICE in worklists.cycle_stages(portal.ws, cycle_id):
        under_notice = worklists.list_applications(
            portal.ws, cycle_id, caller.role, caller.scope, stage=UNDER_NOTICE, per_page=worklists.MAX_PAGE
        ).items
    return portal.page(request, "objections.html.j2", caller, cycle=cycle_id, rows=rows, under_notice=under_notice,
                       elsewhere=elsewhere)  # fmt: skip


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
    owner = owned(portal, caller, application)
    if kind not in {k.value for k in ObjectorKind}:
        raise BadInput("kind: 请选择异议人类型：单位或个人")
    files = await scans(evidence or [], "evidence") + await scans([stamped] if stamped else [], "stamped-scan")
    who = Objector(name, unit, phone, ObjectorKind(kind))  # checked by the one objector check (objectors.py)
    objections.record_objection(portal.ws, application, caller.user.actor(), who, content, files, received)
    return RedirectResponse(f"/objections?cycle={owner.cycle}", status_code=303)


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
    if not objections.handles(portal.ws, objection_id, caller.role, caller.scope):
        raise NotFound()
    found = objections.objection(portal.ws, objection_id)  # resolved in its own cycle, whichever is the newest
    if found.national != (caller.role is Role.NATIONAL):  # each office resolves its own notices' objections
        raise NotFound()
    if outcome is None:
        raise BadInput("outcome: 请选择处理结果：异议成立或异议不成立")
    if confirm != "yes":
        raise BadInput("confirm: 请勾选确认处理结果")
    objections.resolve_objection(portal.ws, objection_id, caller.user.actor(), outcome, reasons, handler)
    return RedirectResponse(f"/objections?cycle={found.cycle}#h-obj-{objection_id}", status_code=303)


api_router = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[Depends(declared_query_only)])
ObjectionId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class ResolveRequest(BaseModel):
    outcome: ObjectionOutcome
    reasons: str = Field(min_length=1, max_length=2000)
    handler: str = Field(min_length=1, max_length=100)


def _handling(request: Request, caller: Caller, objection_id: int) -> None:
    """404 unless the caller's office handles the objection (never the party objected to)."""
    if caller.role not in (Role.PROVINCE, Role.NATIONAL):
        raise Forbidden("异议由省级知识产权局或国家知识产权局处理")
    if not objections.handles(portal_of(request).ws, objection_id, caller.role, caller.scope):
        raise NotFound()


@api_router.get(
    "/cycles/{cycle_id}/objections",
    response_model=None,
    responses={200: {"model": list[objections.ObjectionView]}},
    summary="The objections of a cycle, oldest first, with their objectors and files: a province's to its own "
    "notices, every one for the national office",
)
def list_objections(request: Request, caller: Reader, cycle_id: CycleId) -> JSONResponse:
    if caller.role not in (Role.PROVINCE, Role.NATIONAL):
        raise Forbidden("异议由省级知识产权局或国家知识产权局处理")
    portal = portal_of(request)
    if cycle_id not in {c[0] for c in worklists.open_cycles(portal.ws)}:
        raise NotFound()
    province = caller.scope if caller.role is Role.PROVINCE else None
    return answer(objections.list_objections(portal.ws, cycle_id, province))


@api_router.post(
    "/applications/{app_id}/objections",
    response_model=None,
    responses={201: {"model": objections.ObjectionView}},
    status_code=201,
    summary="Record an objection received by post or e-mail (multipart: kind, name, unit, phone, content, "
    "received, evidence files, a unit's stamped scan)",
)
async def file_objection(
    request: Request,
    caller: Writer,
    app_id: ApiAppId,
    kind: Annotated[ObjectorKind, Form()],
    name: Annotated[str, Form(min_length=1, max_length=MAX_NAME)],
    unit: Annotated[str, Form(min_length=1, max_length=200)],
    phone: Annotated[str, Form(min_length=1, max_length=40)],
    content: Annotated[str, Form(min_length=1, max_length=5000)],
    received: Annotated[date | None, Form()] = None,
    evidence: Annotated[list[UploadFile] | None, File()] = None,
    stamped: Annotated[UploadFile | None, File()] = None,
) -> JSONResponse:
    if caller.role is not Role.PROVINCE:
        raise Forbidden("对本省公示的异议由省级知识产权局登记")
    owned(portal_of(request), caller, app_id)
    files = await scans(evidence or [], "evidence") + await scans([stamped] if stamped else [], "stamped-scan")
    who = Objector(name, unit, phone, kind)  # checked by the one objector check (objectors.py)
    ws, actor = portal_of(request).ws, caller.user.actor()
    return answer(objections.record_objection(ws, app_id, actor, who, content, files, received), 201)


@api_router.post(
    "/objections/{objection_id}/resolve",
    response_model=None,
    responses={200: {"model": objections.ObjectionView}},
    summary="Resolve an objection in its own cycle: the outcome (no default), the reasons and who handled it",
)
def resolve_objection(
    request: Request, caller: Writer, objection_id: ObjectionId, body: ResolveRequest
) -> JSONResponse:
    _handling(request, caller, objection_id)
    ws = portal_of(request).ws
    return answer(
        objections.resolve_objection(ws, objection_id, caller.user.actor(), body.outcome, body.reasons, body.handler)
    )


@api_router.get(
    "/objections/{objection_id}/files/{number}",
    response_model=None,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "the file, as an attachment"}},
    summary="An objection's evidence file or stamped scan (1 first), as a download",
)
def download_objection_file(
    request: Request, caller: Reader, objection_id: ObjectionId, number: Annotated[int, Path(ge=1, le=1000)]
) -> Response:
    _handling(request, caller, objection_id)
    try:
        name, _role, data = objections.objection_file(portal_of(request).ws, objection_id, number)
    except BadInput:
        raise NotFound() from None
    return export.attachment_kept(data, name)
