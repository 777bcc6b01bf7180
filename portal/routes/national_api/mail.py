"""The cycle's mail: what the scheduler would send, another go for held mail, a message to a set of parties."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from engine.services.national import mailings
from engine.store.outbox import OutboxStatus
from notifications.outbox import delivery_log
from notifications.planning.reminders import preview
from portal.routes.api import CycleId, answer
from portal.routes.national_api.access import (
    NationalReader,
    NationalWriter,
    national_router,
    workspace_of,
)

router = national_router()


@router.get(
    "/cycles/{cycle_id}/reminders",
    response_model=None,
    responses={200: {"model": Any}},
    summary="What the scheduler would send, when and to whom, if nothing changed",
)
def preview_reminders(
    request: Request, caller: NationalReader, cycle_id: CycleId, until: Annotated[date | None, Query()] = None
) -> JSONResponse:
    return answer(preview(workspace_of(request), cycle_id, until=until))


class RetryRequest(BaseModel):
    status: Literal["held", "failed"] = "held"


@router.post(
    "/cycles/{cycle_id}/mail/retry",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Give held (or failed) mail of the cycle another go",
)
def retry_mail(request: Request, caller: NationalWriter, cycle_id: CycleId, body: RetryRequest) -> JSONResponse:
    return answer(
        {"requeued": delivery_log.requeue(workspace_of(request), OutboxStatus(body.status), cycle_id=cycle_id)}
    )


class MessageRequest(BaseModel):
    audience: str = Field(min_length=1, max_length=40, description=", ".join(mailings.SETS))
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)
    confirm: bool = Field(default=True, description="false: the recipients only, nothing is sent")
    request_key: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{8,64}$")


@router.post(
    "/cycles/{cycle_id}/messages",
    response_model=None,
    responses={200: {"model": mailings.Mailing}},
    summary="Message everyone in a set (e.g. provinces that have not reported): message centre and e-mail",
)
def send_message(request: Request, caller: NationalWriter, cycle_id: CycleId, body: MessageRequest) -> JSONResponse:
    return answer(
        mailings.send_message(
            workspace_of(request),
            caller.user.actor(),
            cycle_id,
            body.audience,
            body.subject,
            body.body,
            body.confirm,
            body.request_key,
        )
    )
