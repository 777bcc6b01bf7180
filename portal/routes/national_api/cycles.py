"""Opening an edition, moving its dates, and a province's quota after opening."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from engine.services.national import date_amendments, quotas
from engine.services.programmes import cycles
from portal.routes.api import CycleId, answer
from portal.routes.national_api.access import (
    NationalWriter,
    national_router,
    workspace_of,
)

router = national_router()


class OpenRequest(BaseModel):
    programme: str = Field(min_length=1, max_length=80)
    edition: int = Field(ge=2000, le=2100)
    dates: dict[str, date] = Field(default_factory=dict, description="milestone id -> date; wins over the definition")


@router.post(
    "/cycles",
    response_model=None,
    status_code=201,
    responses={201: {"model": cycles.CycleSummary}},
    summary="Open an edition of a programme with its dated milestones",
)
def open_cycle(request: Request, caller: NationalWriter, body: OpenRequest) -> JSONResponse:
    return answer(
        cycles.open_cycle(workspace_of(request), body.programme, body.edition, body.dates, caller.user.actor()), 201
    )


class AmendRequest(BaseModel):
    due: date
    reason: str = Field(min_length=1, max_length=500)
    province: str | None = Field(default=None, pattern=r"^\d{6}$")
    confirm: bool = Field(default=True, description="false: the preview only, nothing changes")


@router.post(
    "/cycles/{cycle_id}/milestones/{milestone}",
    response_model=None,
    responses={200: {"model": date_amendments.MilestoneAmendment}},
    summary="Move a milestone's date for the cycle, or extend it for one province (confirm=false: preview)",
)
def amend_milestone(
    request: Request, caller: NationalWriter, cycle_id: CycleId, milestone: str, body: AmendRequest
) -> JSONResponse:
    return answer(
        date_amendments.amend_milestone(
            workspace_of(request),
            cycle_id,
            milestone[:80],
            body.due,
            body.reason,
            caller.user.actor(),
            body.province,
            confirm=body.confirm,
        )
    )


class QuotaRequest(BaseModel):
    province: str = Field(pattern=r"^\d{6}$")
    category: str = Field(min_length=1, max_length=40)
    places: int = Field(ge=0, le=10_000)
    reason: str = Field(min_length=1, max_length=500)
    confirm: bool = Field(default=True, description="false: the preview only (places used and what is left)")


@router.put(
    "/cycles/{cycle_id}/quotas",
    response_model=None,
    responses={200: {"model": quotas.QuotaPreview}},
    summary="Change one province × category quota after opening, with a reason (confirm=false: preview)",
)
def set_quota(request: Request, caller: NationalWriter, cycle_id: CycleId, body: QuotaRequest) -> JSONResponse:
    return answer(
        quotas.set_quota(
            workspace_of(request),
            cycle_id,
            body.province,
            body.category,
            body.places,
            caller.user.actor(),
            body.reason,
            confirm=body.confirm,
        )
    )
