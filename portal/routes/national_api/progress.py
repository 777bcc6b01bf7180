"""Yearly progress reports through /api/v1/ (B6, our reading): the creation object files its report, its province
reviews it, follows who is missing and reminds them; the national office reads every province's. The same service
as the application's page and the province's progress page."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from engine.definition.model import Role
from engine.services.applications import progress_reports as reports
from portal.context import portal_of
from portal.deps import owned
from portal.routes.api import AppId, CycleId, Reader, Writer, answer
from portal.routes.national_api.access import national_router, workspace_of
from portal.security import Caller, Forbidden

router = national_router()
ReportYear = Annotated[int, Field(ge=2000, le=2100)]


def creation_object(caller: Writer) -> Caller:
    """The creation object's own account (asked before the body is read: another role gets 403, not 422)."""
    if caller.role is not Role.APPLICANT:
        raise Forbidden("a progress report is filed by the creation object's own account")
    return caller


def its_province(caller: Writer) -> Caller:
    """A provincial office (its own creation objects' only, as ``owned`` and the service check)."""
    if caller.role is not Role.PROVINCE:
        raise Forbidden("a progress report is reviewed, and reminded, by the creation object's province")
    return caller


def an_office(caller: Reader) -> Caller:
    if caller.role is Role.APPLICANT:
        raise Forbidden("the offices follow the progress reports")
    return caller


CreationObject = Annotated[Caller, Depends(creation_object)]
ItsProvince = Annotated[Caller, Depends(its_province)]
AnOffice = Annotated[Caller, Depends(an_office)]


def filer(request: Request, caller: CreationObject, app_id: AppId) -> Caller:
    """The creation object filing on its own application (404 for another's, as for none), before the body."""
    owned(portal_of(request), caller, app_id)
    return caller


def reviewer(request: Request, caller: ItsProvince, app_id: AppId) -> Caller:
    """The province reviewing one of its own applications (404 for another's, as for none), before the body."""
    owned(portal_of(request), caller, app_id)
    return caller


Filer = Annotated[Caller, Depends(filer)]
Reviewer = Annotated[Caller, Depends(reviewer)]


@router.get(
    "/applications/{app_id}/progress-reports",
    response_model=None,
    responses={200: {"model": list[reports.ProgressReportView]}},
    summary="The application's progress report of each year of its creation period so far (empty outside it)",
)
def list_progress_reports(request: Request, caller: Reader, app_id: AppId) -> JSONResponse:
    owned(portal_of(request), caller, app_id)
    return answer(reports.application_reports(workspace_of(request), app_id))


class ProgressReportBody(BaseModel):
    year: ReportYear
    text: str = Field(min_length=1, max_length=reports.MAX_TEXT + 100)


@router.post(
    "/applications/{app_id}/progress-reports",
    response_model=None,
    responses={200: {"model": reports.ProgressReportView}},
    summary="The creation object files (or, until it is accepted, files again) its report of a year",
)
def file_progress_report(request: Request, caller: Filer, app_id: AppId, body: ProgressReportBody) -> JSONResponse:
    ws = workspace_of(request)
    return answer(reports.file_progress_report(ws, app_id, caller.user.actor(), body.year, body.text))


class ProgressReviewBody(BaseModel):
    accepted: bool
    note: str | None = Field(default=None, max_length=2000, description="required when the report is returned")


@router.post(
    "/applications/{app_id}/progress-reports/{year}/review",
    response_model=None,
    responses={200: {"model": reports.ProgressReportView}},
    summary="The province accepts a report, or returns it with what to change",
)
def review_progress_report(
    request: Request,
    caller: Reviewer,
    app_id: AppId,
    year: Annotated[int, Path(ge=2000, le=2100)],
    body: ProgressReviewBody,
) -> JSONResponse:
    ws = workspace_of(request)
    return answer(reports.review_progress_report(ws, app_id, year, caller.user.actor(), body.accepted, body.note))


@router.get(
    "/cycles/{cycle_id}/progress-reports",
    response_model=None,
    responses={200: {"model": list[reports.ProgressReportView]}},
    summary="Every creation object's report of a year (a province: its own): filed, reviewed or missing",
)
def progress_overview(
    request: Request, caller: AnOffice, cycle_id: CycleId, year: Annotated[int, Query(ge=2000, le=2100)]
) -> JSONResponse:
    province = caller.scope if caller.role is Role.PROVINCE else None
    return answer(reports.progress_overview(workspace_of(request), cycle_id, year, province))


class ReminderBody(BaseModel):
    year: ReportYear


@router.post(
    "/cycles/{cycle_id}/progress-reports/reminders",
    response_model=None,
    responses={200: {"model": list[reports.ProgressReportView]}},
    summary="The province reminds its creation objects whose report of the year is missing or returned "
    "(in their message centres, once a day each)",
)
def remind_progress_reports(
    request: Request, caller: ItsProvince, cycle_id: CycleId, body: ReminderBody
) -> JSONResponse:
    return answer(reports.remind_missing(workspace_of(request), cycle_id, body.year, caller.user.actor()))
