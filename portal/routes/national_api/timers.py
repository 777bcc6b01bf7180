"""The timed moves: listed for the office, and a failed one given another go."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import JSONResponse

from engine.services.applications import timers
from portal.routes.api import AppId, answer
from portal.routes.national_api.access import (
    NationalReader,
    NationalWriter,
    national_router,
    workspace_of,
)

router = national_router()


@router.get(
    "/timers",
    response_model=None,
    responses={200: {"model": list[timers.TimerView]}},
    summary="The timed moves, oldest due first (status=failed: those that need someone to look)",
)
def list_timers(
    request: Request,
    caller: NationalReader,
    status: Annotated[timers.TimerStatus | None, Query()] = None,
    cycle: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> JSONResponse:
    return answer(timers.list_timers(workspace_of(request), status, cycle))


@router.post(
    "/timers/{timer_id}/retry",
    response_model=None,
    responses={200: {"model": timers.TimerView}},
    summary="Give a failed timed move another go at the next tick",
)
def retry_timer(request: Request, caller: NationalWriter, timer_id: AppId) -> JSONResponse:
    return answer(timers.retry_timer(workspace_of(request), timer_id, caller.user.actor()))
