"""The national evaluation: indicator sets and standards, reviewers' scores, selection by rank, publishing lists."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from engine.kernel.errors import BadInput
from engine.services.applications import stage_moves as applications
from engine.services.evaluation import indicator_sets, score_records, score_sheets
from engine.services.publicity import published_copies
from portal import export
from portal.routes.api import AppId, CycleId, answer
from portal.routes.national_api.access import (
    NationalReader,
    NationalWriter,
    national_router,
    with_file,
    workspace_of,
)

router = national_router()


@router.post(
    "/cycles/{cycle_id}/indicators",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Load the indicator set (xlsx, csv or YAML), the cycle's or with category that category's own (B6); "
    "dry_run shows the difference only",
)
async def load_indicators(
    request: Request,
    caller: NationalWriter,
    cycle_id: CycleId,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
    category: Annotated[str | None, Form(max_length=40, description="a category id: its own set")] = None,
) -> JSONResponse:
    ws, actor = workspace_of(request), caller.user.actor()
    load = indicator_sets.load_indicators
    return answer(await with_file(file, lambda path, name: load(ws, cycle_id, path, actor, dry_run, name, category)))


@router.get(
    "/cycles/{cycle_id}/indicators",
    response_model=None,
    responses={200: {"model": list[indicator_sets.IndicatorSetView]}},
    summary="The cycle's indicator sets: the cycle's (the default) and each category's own, with their standards "
    "and the categories each applies to",
)
def list_indicator_sets(request: Request, caller: NationalReader, cycle_id: CycleId) -> JSONResponse:
    return answer(indicator_sets.indicator_sets(workspace_of(request), cycle_id))


@router.post(
    "/cycles/{cycle_id}/standard",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Load the acceptance standard (xlsx, csv or YAML) of the cycle's set or of a category's own set; "
    "dry_run shows the difference only",
)
async def load_standard(
    request: Request,
    caller: NationalWriter,
    cycle_id: CycleId,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
    category: Annotated[str | None, Form(max_length=40, description="a category id: its own set's")] = None,
) -> JSONResponse:
    ws, actor = workspace_of(request), caller.user.actor()
    load = indicator_sets.load_standard
    return answer(await with_file(file, lambda path, name: load(ws, cycle_id, path, actor, dry_run, name, category)))


@router.get(
    "/cycles/{cycle_id}/score-sheet",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "the score sheet (xlsx)"}},
    summary="The score sheet to fill: each application under review by unit, USCC and category, a column per "
    "indicator by name",
)
def score_sheet(request: Request, caller: NationalReader, cycle_id: CycleId) -> Response:
    out = io.BytesIO()
    score_sheets.write_score_sheet(workspace_of(request), cycle_id, out)
    return export.attachment(out.getvalue(), "评分表.xlsx")


@router.post(
    "/cycles/{cycle_id}/scores",
    response_model=None,
    responses={200: {"model": score_records.ScoresRecorded}},
    summary="Import the filled score sheet (or application,reviewer,indicator,score); any bad row imports nothing",
)
async def import_scores(
    request: Request, caller: NationalWriter, cycle_id: CycleId, file: Annotated[UploadFile, File()]
) -> JSONResponse:
    ws, actor = workspace_of(request), caller.user.actor()
    return answer(await with_file(file, lambda path, _name: score_sheets.import_scores(ws, cycle_id, path, actor)))


class ScoresRequest(BaseModel):
    reviewer: str = Field(min_length=1, max_length=100)
    scores: dict[str, str] = Field(min_length=1, max_length=200, description="indicator id -> score")


@router.post(
    "/applications/{app_id}/scores",
    response_model=None,
    responses={200: {"model": score_records.ScoresRecorded}},
    summary="One reviewer's scores of an application; a bad one records nothing",
)
def enter_scores(request: Request, caller: NationalWriter, app_id: AppId, body: ScoresRequest) -> JSONResponse:
    return answer(
        score_records.record_scores(workspace_of(request), app_id, body.reviewer, body.scores, caller.user.actor())
    )


class RankRequest(BaseModel):
    category: str = Field(min_length=1, max_length=40)
    places: int = Field(ge=1, le=1000)


@router.post(
    "/cycles/{cycle_id}/selection",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Select the top places of a category's complete ranking (B6), each as its own move",
)
def select_by_rank(request: Request, caller: NationalWriter, cycle_id: CycleId, body: RankRequest) -> JSONResponse:
    ws, actor = workspace_of(request), caller.user.actor()
    ranked = [v for v in score_records.ranking(ws, cycle_id, "selection", body.category) if v.rank is not None]
    ids = [v.application for v in ranked[: body.places] if v.application is not None]
    if not ids:
        raise BadInput(f"category: {body.category!r} 没有完成评审的申报")
    return answer([applications.fire(ws, i, "select", actor, f"按排名择优（前 {body.places} 名）") for i in ids])


class PublishRequest(BaseModel):
    kind: str = Field(min_length=1, max_length=40)


@router.post(
    "/cycles/{cycle_id}/lists",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Publish one of the cycle's lists; refused while its notice runs or an objection is open",
)
def publish_list(request: Request, caller: NationalWriter, cycle_id: CycleId, body: PublishRequest) -> JSONResponse:
    return answer(published_copies.publish_list_copy(workspace_of(request), cycle_id, body.kind, caller.user.actor()))
