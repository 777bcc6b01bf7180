"""The register of demonstration units: effectiveness evaluations, 摘牌, and disqualification for fraud."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from engine.services.evaluation import score_records
from engine.services.national import fraud
from engine.services.national import recognition_register as register
from portal.routes.api import AppId, answer
from portal.routes.national_api.access import (
    NationalWriter,
    national_router,
    workspace_of,
)

router = national_router()


class EvaluateRequest(BaseModel):
    cycle: int = Field(ge=1, le=2**31 - 1)
    reviewer: str = Field(min_length=1, max_length=100)
    scores: dict[str, str] = Field(min_length=1, max_length=200)


@router.post(
    "/recognitions/{rec_id}/evaluations",
    response_model=None,
    responses={200: {"model": Any}},
    summary="An effectiveness evaluation (成效评估, B9) of a demonstration unit",
)
def evaluate_recognition(
    request: Request, caller: NationalWriter, rec_id: AppId, body: EvaluateRequest
) -> JSONResponse:
    return answer(
        score_records.evaluate_unit(
            workspace_of(request), rec_id, body.cycle, body.reviewer, body.scores, caller.user.actor()
        )
    )


class RevokeRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=500)
    evaluation: int | None = Field(default=None, ge=1, le=2**31 - 1)


@router.post(
    "/recognitions/{rec_id}/revocation",
    response_model=None,
    responses={200: {"model": Any}},
    summary="摘牌 (B9) on an effectiveness evaluation that fell short, with a reason",
)
def revoke_recognition(request: Request, caller: NationalWriter, rec_id: AppId, body: RevokeRequest) -> JSONResponse:
    return answer(
        register.revoke_recognition(workspace_of(request), rec_id, body.reason, caller.user.actor(), body.evaluation)
    )


class FraudRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


@router.post(
    "/applications/{app_id}/fraud",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Disqualify for fraud (A9, B10), with the notices of criticism",
)
def record_fraud(request: Request, caller: NationalWriter, app_id: AppId, body: FraudRequest) -> JSONResponse:
    return answer(fraud.disqualify_for_fraud(workspace_of(request), app_id, caller.user.actor(), body.reason))
