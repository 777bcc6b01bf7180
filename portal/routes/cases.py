"""Case calls in the browser: a submitter uploads a case .docx and sees each section's 字 count with its limits
and violations (the very report ``case check`` prints) before submitting; a province sees its submitters
against the C2 cap and the D5 minimums; the national office exports the tables and publishes the list.

The draft checked is carried to the submission in the form itself (base64), so nothing is kept on the
server between the two steps and the form needs no JavaScript; the submission checks it all again.
"""

from __future__ import annotations

import base64
import binascii
import io
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi import Path as FastPath
from fastapi.responses import JSONResponse, RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.applications import trail
from engine.services.cases import check, collection, export, listing, minimums, publish, submission
from portal import uploads
from portal.context import jsonable, portal_of
from portal.deps import CsrfField, Who, check_csrf, declared_query_only, need
from portal.forms import FormErrors, form_errors
from portal.routes.api import ERRORS, Reader, Writer
from portal.security import Caller, Forbidden, NotFound

router = APIRouter(include_in_schema=False)
CASE_TYPES = {".docx": "Word (docx)"}
MAX_CASE_BYTES = 5 * 1024 * 1024
SUBMITTERS = (Role.APPLICANT, Role.PROVINCE)  # a call's definition says which of them submit (entry roles)
FORM_KEYS = ("region", "name", "abstract", "contact")  # C4: the application form's fields (附件2)
Region = Annotated[str, Form(max_length=200)]
CaseName = Annotated[str, Form(max_length=200)]
Abstract = Annotated[str, Form(max_length=2000)]
Contact = Annotated[str, Form(max_length=200)]


def _cycle(request: Request, given: int | None, caller: Caller) -> minimums.CaseCycle:
    """The call asked for (or the newest) among those the caller may see (C7); else 404."""
    calls = minimums.case_cycles(portal_of(request).ws, caller.user.actor())
    found = next((c for c in calls if c.cycle == given), None) if given else (calls[0] if calls else None)
    if found is None:
        raise NotFound()
    return found


def _page(request: Request, caller: Caller, call: minimums.CaseCycle, status: int = 200, **extra: object) -> Response:
    portal = portal_of(request)
    ws = portal.ws
    calls = minimums.case_cycles(ws, caller.user.actor())
    context: dict[str, object] = {"call": call, "calls": calls, "report": None, "draft": "", "filename": "",
                                  "phase": None, "theme": "", "period": "", "refusal": None, "given": {},
                                  "form_errors": FormErrors(), "submitted": None}  # fmt: skip
    actor = caller.user.actor()
    context["cases"] = listing.list_cases(ws, call.cycle, actor).items
    context["moves"] = (
        {  # what the caller may do to each case now (a province reviews and forwards, D6)
            c.id: trail.next_events(ws, c.id, actor)
            for c in context["cases"]  # type: ignore[attr-defined]
        }
        if caller.role is Role.PROVINCE
        else {}
    )
    context["summary"] = caller.role is Role.PROVINCE and listing.files_summary(ws, call.cycle)
    if caller.role is Role.PROVINCE:
        context["submitters"] = minimums.cases_by_submitter(ws, call.cycle, caller.scope or "")
        if call.topics:
            context["spread"] = minimums.topic_spread(ws, call.cycle, caller.scope or "")
    if caller.role in (Role.PROVINCE, Role.NATIONAL):  # a province: its own office and centres only
        mine = caller.scope if caller.role is Role.PROVINCE else None
        context["requirements"] = minimums.case_minimums(ws, call.cycle, mine).requirements
    context.update(extra)
    return portal.page(request, "cases.html.j2", caller, status=status, **context)


@router.get("/cases")
def cases_page(
    *,
    request: Request,
    caller: Who,
    cycle: Annotated[int | None, Query(ge=1)] = None,
    submitted: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    call = _cycle(request, cycle, caller)
    return _page(request, caller, call, submitted=submitted)


def _phase(call: minimums.CaseCycle, phase: str) -> int | None:
    if not call.phases:
        return None
    if not phase.isdigit() or int(phase) not in {p.number for p in call.phases}:
        raise BadInput(f"phase: choose one of {', '.join(str(p.number) for p in call.phases)}")
    return int(phase)


def _may_submit(caller: Caller, call: minimums.CaseCycle) -> None:
    need(caller, *SUBMITTERS)
    if not call.may_submit:
        raise Forbidden("该案例征集不面向本单位报送")


def _form(region: str, name: str, abstract: str, contact: str) -> dict[str, str | None]:
    """The form's fields as typed; an empty one is left to the document's 附件2 table."""
    return {k: v.strip() or None for k, v in zip(FORM_KEYS, (region, name, abstract, contact), strict=True)}


def _given(report: dict[str, object] | None, typed: dict[str, str | None]) -> dict[str, str]:
    """What the form's inputs show: what was typed, else what the document's table holds."""
    read = (report or {}).get("form")
    found: dict[str, str] = read if isinstance(read, dict) else {}
    return {("case_name" if k == "name" else k): typed.get(k) or found.get(k) or "" for k in FORM_KEYS}


@router.post("/cases/check")
async def case_check(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    cycle: Annotated[int, Form(ge=1)],
    phase: Annotated[str, Form(max_length=3)] = "",
    theme: Annotated[str, Form(max_length=200)] = "",
    period: Annotated[str, Form(max_length=40)] = "",
    file: Annotated[UploadFile | None, File()] = None,
    draft: Annotated[str, Form(max_length=MAX_CASE_BYTES * 4 // 3 + 8)] = "",
    name: Annotated[str, Form(max_length=200)] = "case.docx",
    region: Region = "",
    case_name: CaseName = "",
    abstract: Abstract = "",
    contact: Contact = "",
) -> Response:
    """The 字 count of every section with its limits and violations, every rule's verdict and the application
    form's fields read from the document (to complete or correct); nothing is stored. A checked draft may be
    checked again with the fields as typed."""
    check_csrf(caller, csrf)
    call = _cycle(request, cycle, caller)
    _may_submit(caller, call)
    number = _phase(call, phase)
    if file is not None and file.filename:
        filename, data = await uploads.read_upload(file, CASE_TYPES, MAX_CASE_BYTES)
    elif draft:
        filename, data = uploads.safe_name(name), _draft_bytes(draft, name)
    else:
        raise BadInput("file: 请选择案例文件（docx）", field="file", code="required")
    typed = _form(region, case_name, abstract, contact)
    with uploads.spooled(data, ".docx", filename) as path:
        checked = check.check_case(portal_of(request).ws, call.cycle, path, number, theme or None, caller.user.actor(),
                                   period=period or None, **typed)  # fmt: skip
    report = {**checked.as_json(), "file": filename}  # the shape `case check --json` prints, as the page shows it
    return _page(request, caller, call, report=report, draft=base64.b64encode(data).decode(), filename=filename,
                 phase=number, theme=theme, period=period, given=_given(report, typed))  # fmt: skip


def _draft_bytes(draft: str, name: str) -> bytes:
    try:
        data = base64.b64decode(draft, validate=True)
    except (binascii.Error, ValueError):
        raise BadInput("draft: the checked file did not come back intact; upload it again") from None
    if uploads.kind_by_content(data) != ".docx":
        raise BadInput(f"{uploads.safe_name(name)}: not a Word (docx) file")
    return data


@router.post("/cases/submit")
def case_submit(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    cycle: Annotated[int, Form(ge=1)],
    phase: Annotated[str, Form(max_length=3)] = "",
    theme: Annotated[str, Form(max_length=200)] = "",
    period: Annotated[str, Form(max_length=40)] = "",
    draft: Annotated[str, Form(max_length=MAX_CASE_BYTES * 4 // 3 + 8)],
    name: Annotated[str, Form(max_length=200)] = "case.docx",
    region: Region = "",
    case_name: CaseName = "",
    abstract: Abstract = "",
    contact: Contact = "",
) -> Response:
    """Submit the checked draft with the form's fields; a refusal shows the report again with the rules that
    refused it and what was typed."""
    check_csrf(caller, csrf)
    call = _cycle(request, cycle, caller)
    _may_submit(caller, call)
    number = _phase(call, phase)
    data = _draft_bytes(draft, name)
    typed = _form(region, case_name, abstract, contact)
    ws = portal_of(request).ws
    actor = caller.user.actor()
    typed_period = {"period": period or None}
    with uploads.spooled(data, ".docx", uploads.safe_name(name)) as path:
        try:
            done = submission.submit_case(ws, call.cycle, actor, path, number, theme or None, **typed_period, **typed)
        except (Refused, BadInput) as exc:
            bad = {e.field for e in exc.errors}  # a typed field that is bad itself is shown beside its input
            kept = {k: v for k, v in {**typed_period, **typed}.items() if k not in bad}
            checked = check.check_case(ws, call.cycle, path, number, theme or None, actor, **kept)
            report = {**checked.as_json(), "file": uploads.safe_name(name)}
            refusal = exc if isinstance(exc, Refused) else None
            errors = form_errors(exc, {"name": "case_name"}) if isinstance(exc, BadInput) else FormErrors()
            return _page(request, caller, call, status=409 if refusal else 400, report=report, draft=draft,
                         filename=name, phase=number, theme=theme, period=period, refusal=refusal,
                         given=_given(report, typed),
                         form_errors=errors)  # fmt: skip
    return RedirectResponse(f"/cases?cycle={call.cycle}&submitted={done.id}", status_code=303)


@router.post("/cases/summary")
async def case_summary(
    *, request: Request, caller: Who, csrf: CsrfField = "", cycle: Annotated[int, Form(ge=1)],
    file: Annotated[UploadFile, File()],
) -> Response:  # fmt: skip
    """The province files its stamped 案例汇总表 (D6) with the cases it reviewed or forwarded."""
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    call = _cycle(request, cycle, caller)
    filename, data = await uploads.read_upload(file, uploads.MATERIAL_TYPES, uploads.MAX_MATERIAL_BYTES)
    listing.file_summary_table(portal_of(request).ws, call.cycle, caller.user.actor(), filename, data)
    return RedirectResponse(f"/cases?cycle={call.cycle}", status_code=303)


@router.get("/cases/export.xlsx")
def case_export(
    *,
    request: Request,
    caller: Who,
    cycle: Annotated[int, Query(ge=1)],
    table: Annotated[str, Query(pattern="^(form|summary|all)?$")] = "",
) -> Response:
    """The province's summary table or the national office's table of all submissions, as ``case export`` writes."""
    need(caller, Role.PROVINCE, Role.NATIONAL)
    call = _cycle(request, cycle, caller)
    with uploads.spooled(b"", ".xlsx") as path:
        done = export.export_cases(portal_of(request).ws, call.cycle, caller.user.actor(), path, table or None)
        data = Path(path).read_bytes()
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="cases-{call.cycle}-{done.table}.xlsx"'},
    )


@router.get("/cases/collection.docx")
def case_collection(*, request: Request, caller: Who, cycle: Annotated[int, Query(ge=1)]) -> Response:
    """The case collection (案例集, D7) of the selected cases, as ``case collection`` writes it."""
    need(caller, Role.NATIONAL)
    call = _cycle(request, cycle, caller)
    buffer = io.BytesIO()
    collection.compile_collection(portal_of(request).ws, call.cycle, caller.user.actor(), buffer)
    return Response(
        buffer.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="case-collection-{call.cycle}.docx"'},
    )


@router.post("/cases/publish")
def case_publish(*, request: Request, caller: Who, csrf: CsrfField = "", cycle: Annotated[int, Form(ge=1)]) -> Response:
    """Publish the selected cases (the list ``case publish`` records); a public call's list shows on /lists."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    call = _cycle(request, cycle, caller)
    publish.publish_cases(portal_of(request).ws, call.cycle, "html", actor=caller.user.actor())
    return RedirectResponse(f"/cases?cycle={call.cycle}", status_code=303)


@router.get("/national/cases")
def national_cases(caller: Who) -> Response:
    need(caller, Role.NATIONAL)
    return RedirectResponse("/cases", status_code=303)


api_router = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[Depends(declared_query_only)])
CycleId = Annotated[int, FastPath(ge=1, le=2**31 - 1)]


@api_router.get(
    "/cycles/{cycle_id}/cases",
    response_model=None,
    responses={200: {"model": listing.CaseList}},
    summary="The cases of a case call this account sees (a submitter its own, a province its province's), "
    "each with its stage",
)
def list_cases(request: Request, caller: Reader, cycle_id: CycleId) -> JSONResponse:
    call = _cycle(request, cycle_id, caller)
    return JSONResponse(jsonable(listing.list_cases(portal_of(request).ws, call.cycle, caller.user.actor())))


@api_router.post(
    "/cycles/{cycle_id}/cases",
    response_model=None,
    responses={201: {"model": submission.CaseSubmitted}},
    status_code=201,
    summary="Submit a case (multipart: file, a .docx; phase, theme; the form's region, name, abstract, contact, "
    "else read from the document's 附件2 table); a refusal is 409 with every failed rule",
)
async def submit_case(
    request: Request,
    caller: Writer,
    cycle_id: CycleId,
    file: Annotated[UploadFile, File()],
    phase: Annotated[int | None, Form(ge=1, le=9)] = None,
    theme: Annotated[str | None, Form(max_length=200)] = None,
    region: Annotated[str | None, Form(max_length=200)] = None,
    name: Annotated[str | None, Form(max_length=200)] = None,
    abstract: Annotated[str | None, Form(max_length=2000)] = None,
    contact: Annotated[str | None, Form(max_length=200)] = None,
    period: Annotated[str | None, Form(max_length=40)] = None,
) -> JSONResponse:
    call = _cycle(request, cycle_id, caller)
    _may_submit(caller, call)
    number = _phase(call, str(phase or ""))
    filename, data = await uploads.read_upload(file, CASE_TYPES, MAX_CASE_BYTES)
    form = {"region": region, "name": name, "abstract": abstract, "contact": contact, "period": period}
    with uploads.spooled(data, ".docx", filename) as path:
        done = submission.submit_case(
            portal_of(request).ws, call.cycle, caller.user.actor(), path, number, theme or None, **form
        )
    return JSONResponse(jsonable(done), status_code=201)


@api_router.post(
    "/cycles/{cycle_id}/cases/summary",
    response_model=None,
    responses={200: {"model": listing.SummaryFiled}},
    summary="The province files its stamped case summary table (D6; multipart: file, PDF or image) with the "
    "cases it reviewed",
)
async def file_case_summary(
    request: Request, caller: Writer, cycle_id: CycleId, file: Annotated[UploadFile, File()]
) -> JSONResponse:
    call = _cycle(request, cycle_id, caller)
    if caller.role is not Role.PROVINCE:
        raise Forbidden("the summary table is filed by a province account")
    filename, data = await uploads.read_upload(file, uploads.MATERIAL_TYPES, uploads.MAX_MATERIAL_BYTES)
    ws = portal_of(request).ws
    return JSONResponse(jsonable(listing.file_summary_table(ws, call.cycle, caller.user.actor(), filename, data)))
