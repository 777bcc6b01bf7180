"""The record of promotion through /api/v1/ (B8, D7): 经验交流, 宣传周, 发布会 and WIPO pushes recorded against
demonstration units and selected cases, by the national office, through the same service as its page and the CLI."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from engine.services.national import promotion as promo
from portal.routes.api import answer
from portal.routes.national_api.access import NationalReader, NationalWriter, national_router, workspace_of

router = national_router()
RowId = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


@router.get(
    "/promotions",
    response_model=None,
    responses={200: {"model": list[promo.PromotionEntry]}},
    summary="The record of promotion, newest first: all of it, one unit's (recognition) or one case's (application)",
)
def list_promotions(
    request: Request, caller: NationalReader, recognition: RowId = None, application: RowId = None
) -> JSONResponse:
    return answer(promo.promotions(workspace_of(request), recognition, application))


class PromotionBody(BaseModel):
    kind: str = Field(min_length=1, max_length=40, description="exchange | publicity-week | release | wipo")
    title: str = Field(min_length=1, max_length=300)
    held_on: date
    recognitions: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(default=[], max_length=500)
    cases: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(default=[], max_length=500)
    note: str | None = Field(default=None, max_length=2000)


@router.post(
    "/promotions",
    response_model=None,
    status_code=201,
    responses={201: {"model": promo.PromotionRecorded}},
    summary="Record one occasion of promotion for the units and selected cases it covered; all or nothing",
)
def record_promotion(request: Request, caller: NationalWriter, body: PromotionBody) -> JSONResponse:
    done = promo.record_promotion(workspace_of(request), caller.user.actor(), body.kind, body.title, body.held_on,
                                  body.recognitions, body.cases, body.note)  # fmt: skip
    return answer(done, 201)
