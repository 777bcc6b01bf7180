"""Yearly progress reports in the browser (B6, our reading): the creation object files on its application's page,
its province reviews there and follows who is missing on its own page, reminding them in one step."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.applications import progress_reports as reports
from portal.context import portal_of
from portal.deps import AppId, CsrfField, Who, check_csrf, current_cycle, need, owned
from portal.forms import form_errors
from portal.routes.applications import application_view

router = APIRouter(include_in_schema=False)
Year = Annotated[int, Form(ge=0, le=2100)]  # 0 (absent): the service names the field after who may act is checked


@router.post("/applications/{app_id}/progress-report")
def progress_file(
    *, request: Request, caller: Who, app_id: AppId, csrf: CsrfField = "", year: Year = 0,
    text: Annotated[str, Form(max_length=reports.MAX_TEXT + 100)] = "",
) -> Response:  # fmt: skip
    need(caller, Role.APPLICANT)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owned(portal, caller, app_id)
    try:
        reports.file_progress_report(portal.ws, app_id, caller.user.actor(), year, text)
    except Refused as exc:
        return application_view(request, caller, app_id, status=409, refusal=exc)
    except BadInput as exc:
        return application_view(request, caller, app_id, status=400, form="progress",
                                given={"year": str(year), "text": text}, errors=form_errors(exc))  # fmt: skip
    return RedirectResponse(f"/applications/{app_id}", status_code=303)


@router.post("/applications/{app_id}/progress-report/review")
def progress_review(
    *, request: Request, caller: Who, app_id: AppId, csrf: CsrfField = "", year: Year = 0,
    outcome: Annotated[str, Form(max_length=10)] = "", note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owned(portal, caller, app_id)
    try:
        if outcome not in ("accepted", "returned"):
            raise BadInput("请选择审核通过或退回修改", field="outcome", code="required")
        reports.review_progress_report(portal.ws, app_id, year, caller.user.actor(), outcome == "accepted", note)
    except Refused as exc:
        return application_view(request, caller, app_id, status=409, refusal=exc)
    except BadInput as exc:
        return application_view(request, caller, app_id, status=400, form="progress-review",
                                given={"year": str(year), "note": note}, errors=form_errors(exc))  # fmt: skip
    return RedirectResponse(f"/applications/{app_id}", status_code=303)


@router.get("/province/progress-reports")
def progress_list(
    *, request: Request, caller: Who, cycle: int | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None, reminded: int | None = None,
) -> Response:  # fmt: skip
    """The province's creation objects with their report of the year: who reported, who is reviewed, who is missing."""
    need(caller, Role.PROVINCE)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    year = year or portal.ws.clock.now().year
    try:
        rows = reports.progress_overview(portal.ws, cycle_id, year, caller.scope)
    except BadInput:
        rows = []
    return portal.page(request, "progress_reports.html.j2", caller, cycle=cycle_id, year=year, rows=rows,
                       reminded=reminded)  # fmt: skip


@router.post("/province/progress-reports/remind")
def progress_remind(*, request: Request, caller: Who, csrf: CsrfField = "", cycle: Annotated[int, Form(ge=1)],
                    year: Year = 0) -> Response:  # fmt: skip
    """Remind those whose report is missing or returned, in their message centres (once a day each)."""
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owed = reports.remind_missing(portal.ws, cycle, year, caller.user.actor())
    return RedirectResponse(f"/province/progress-reports?cycle={cycle}&year={year}&reminded={len(owed)}",
                            status_code=303)  # fmt: skip
