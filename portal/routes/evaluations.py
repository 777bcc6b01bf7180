"""Evaluations (B6, B7, B9): reviewers' scores imported from a sheet or entered on an application's page, a
recognised unit's effectiveness evaluation, and the revocation (摘牌) that cites one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.evaluation import scoring
from engine.services.national import recognition_register
from portal import uploads
from portal.context import Portal, portal_of
from portal.deps import AppId, CsrfField, Who, check_csrf, current_cycle, need, owned
from portal.routes.applications import application_view
from portal.routes.cycles import QUOTA_TYPES

router = APIRouter(include_in_schema=False)
NO_SCORE = "score: 请至少填写一项指标的评分（enter at least one indicator's score）"


@router.post("/national/evaluations")
async def evaluations_import(
    *, request: Request, caller: Who, csrf: CsrfField = "", file: Annotated[UploadFile, File()],
    cycle: Annotated[int | None, Form()] = None,
) -> Response:  # fmt: skip
    """Import reviewers' scores (the same sheet ``evaluation import`` reads); any bad row imports nothing."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    name, data = await uploads.read_upload(file, QUOTA_TYPES, uploads.MAX_ROSTER_BYTES)
    with uploads.spooled(data, name[name.rfind(".") :].lower()) as path:
        try:
            done = scoring.import_scores(portal.ws, cycle_id, path, caller.user.actor())
        except BadInput as exc:
            message = str(exc).replace(str(path), name)
            return portal.page(request, "error.html.j2", caller, status=400, title="评分表有误", message=message,
                               verdicts=[])  # fmt: skip
    return portal.page(request, "error.html.j2", caller, status=200, title="评分已导入", message=str(done.model_dump()),
                       verdicts=[])  # fmt: skip


async def _scores_of(request: Request, cycle_id: int) -> dict[str, str]:
    """The form's ``score_<indicator>`` fields that were filled in, as ``{indicator: text}``."""
    form = await request.form()
    codes = [i.id for i in scoring.list_indicators(portal_of(request).ws, cycle_id)]
    return {
        code: str(form.get(f"score_{code}") or "").strip()
        for code in codes
        if str(form.get(f"score_{code}") or "").strip()
    }


def _field_message(exc: BadInput) -> str:
    """The service's message with the form's field names (``--score I1=x`` is the field score_I1 here)."""
    text = str(exc)
    if text.startswith("--score "):
        code, _, rest = text[len("--score ") :].partition("=")
        return f"score_{code}（{code} 评分）: {rest.partition(': ')[2] or rest}"
    return text.replace("--reviewer", "reviewer（评审专家）", 1)


@router.post("/applications/{app_id}/scores")
async def application_scores(
    *, request: Request, caller: Who, app_id: AppId, csrf: CsrfField = "",
    reviewer: Annotated[str, Form(max_length=100)] = "",
) -> Response:  # fmt: skip
    """One reviewer's scores of this application (evaluation entry, B6/B7): checked as ``evaluation score``
    checks them; a bad one shows the page again naming the field, and nothing is recorded."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owner = owned(portal, caller, app_id)
    scores = await _scores_of(request, owner.cycle)
    try:
        if not scores:
            raise BadInput(NO_SCORE)
        scoring.record_scores(portal.ws, app_id, reviewer, scores, caller.user.actor())
    except BadInput as exc:
        return application_view(request, caller, app_id, status=400, input_error=_field_message(exc))
    return RedirectResponse(f"/applications/{app_id}#evaluation", status_code=303)


def _recognition(portal: Portal, app_id: int) -> recognition_register.RecognitionView:
    found = recognition_register.application_recognition(portal.ws, app_id)
    if found is None:
        raise BadInput(f"application {app_id} has no recognition in the register（该申报尚未认定为示范单位）")
    return found


@router.post("/applications/{app_id}/effectiveness")
async def application_effectiveness(
    *, request: Request, caller: Who, app_id: AppId, csrf: CsrfField = "",
    reviewer: Annotated[str, Form(max_length=100)] = "",
) -> Response:  # fmt: skip
    """An effectiveness evaluation (成效评估, B9) of the unit this application made: what a revocation cites."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owner = owned(portal, caller, app_id)
    unit = _recognition(portal, app_id)
    scores = await _scores_of(request, owner.cycle)
    try:
        if not scores:  # else the scores of an earlier evaluation would be recorded again as a new one
            raise BadInput(NO_SCORE)
        scoring.evaluate_unit(portal.ws, unit.id, owner.cycle, reviewer, scores, caller.user.actor())
    except BadInput as exc:
        return application_view(request, caller, app_id, status=400, input_error=_field_message(exc))
    return RedirectResponse(f"/applications/{app_id}#revocation", status_code=303)


@router.post("/applications/{app_id}/revoke")
def application_revoke(
    *, request: Request, caller: Who, app_id: AppId, csrf: CsrfField = "",
    evaluation: Annotated[int | None, Form(ge=1, le=2**31 - 1)] = None,
    reason: Annotated[str, Form(max_length=500)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:  # fmt: skip
    """摘牌 (B9): the unit's recognition revoked on an effectiveness evaluation that fell short, with a reason,
    once the officer confirms it; audited in the register's changes and the application's history, as the CLI's."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owned(portal, caller, app_id)
    unit = _recognition(portal, app_id)
    if confirm != "yes":
        raise BadInput("confirm: 请勾选确认摘牌（tick the box to confirm the revocation; nothing was changed）")
    try:
        recognition_register.revoke_recognition(portal.ws, unit.id, reason, caller.user.actor(), evaluation)
    except BadInput as exc:
        return application_view(request, caller, app_id, status=400, input_error=str(exc).replace("--", ""))
    except Refused as exc:
        return application_view(request, caller, app_id, status=409, refusal=exc)
    return RedirectResponse(f"/applications/{app_id}", status_code=303)
