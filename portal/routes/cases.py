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

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.cases import check, collection, export, minimums, publish, submission
from portal import uploads
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, need
from portal.security import Caller, Forbidden, NotFound

router = APIRouter(include_in_schema=False)
CASE_TYPES = {".docx": "Word (docx)"}
MAX_CASE_BYTES = 5 * 1024 * 1024


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
                                  "phase": None, "theme": "", "period": "", "refusal": None}  # fmt: skip
    if caller.role is Role.PROVINCE:
        context["submitters"] = minimums.cases_by_submitter(ws, call.cycle, caller.scope or "")
        if call.topics:
            context["spread"] = minimums.topic_spread(ws, call.cycle, caller.scope or "")
    if caller.role in (Role.PROVINCE, Role.NATIONAL):
        found = minimums.case_minimums(ws, call.cycle)
        mine = caller.scope if caller.role is Role.PROVINCE else None
        context["requirements"] = [
            {
                **r.as_json(),
                "entries": [e for e in r.as_json()["entries"] if mine is None or e.get("province", mine) == mine],
            }
            for r in found.requirements
        ]
    context.update(extra)
    return portal.page(request, "cases.html.j2", caller, status=status, **context)


@router.get("/cases")
def cases_page(*, request: Request, caller: Who, cycle: Annotated[int | None, Query(ge=1)] = None) -> Response:
    return _page(request, caller, _cycle(request, cycle, caller))


def _phase(call: minimums.CaseCycle, phase: str) -> int | None:
    if not call.phases:
        return None
    if not phase.isdigit() or int(phase) not in {p.number for p in call.phases}:
        raise BadInput(f"phase: choose one of {', '.join(str(p.number) for p in call.phases)}")
    return int(phase)


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
    file: Annotated[UploadFile, File()],
) -> Response:
    """The 字 count of every section with its limits and violations, and every rule's verdict; nothing is stored."""
    need(caller, Role.APPLICANT)
    check_csrf(caller, csrf)
    call = _cycle(request, cycle, caller)
    if not call.may_submit:
        raise Forbidden("该案例征集不面向本单位报送")
    number = _phase(call, phase)
    name, data = await uploads.read_upload(file, CASE_TYPES, MAX_CASE_BYTES)
    with uploads.spooled(data, ".docx", name) as path:
        checked = check.check_case(portal_of(request).ws, call.cycle, path, number, theme or None, caller.user.actor(),
                                   period=period or None)  # fmt: skip
    report = {**checked.as_json(), "file": name}  # the shape `case check --json` prints, as the page shows it
    draft = base64.b64encode(data).decode()
    return _page(request, caller, call, report=report, draft=draft, filename=name, phase=number, theme=theme,
                 period=period)  # fmt: skip


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
) -> Response:
    """Submit the checked draft; a refusal shows the same report with the rules that refused it."""
    need(caller, Role.APPLICANT)
    check_csrf(caller, csrf)
    call = _cycle(request, cycle, caller)
    if not call.may_submit:
        raise Forbidden("该案例征集不面向本单位报送")
    number = _phase(call, phase)
    try:
        data = base64.b64decode(draft, validate=True)
    except (binascii.Error, ValueError):
        raise BadInput("draft: the checked file did not come back intact; upload it again") from None
    if uploads.kind_by_content(data) != ".docx":
        raise BadInput(f"{uploads.safe_name(name)}: not a Word (docx) file")
    ws = portal_of(request).ws
    with uploads.spooled(data, ".docx", uploads.safe_name(name)) as path:
        try:
            done = submission.submit_case(ws, call.cycle, caller.user.actor(), path, number, theme or None,
                                          period=period or None)  # fmt: skip
        except Refused as exc:
            checked = check.check_case(ws, call.cycle, path, number, theme or None, caller.user.actor(),
                                       period=period or None)  # fmt: skip
            report = {**checked.as_json(), "file": uploads.safe_name(name)}
            return _page(request, caller, call, status=409, report=report, draft=draft, filename=name, phase=number,
                         theme=theme, period=period, refusal=exc)  # fmt: skip
    return RedirectResponse(f"/applications/{done.id}", status_code=303)


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
