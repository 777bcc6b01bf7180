"""Evaluations (B6, B7, B9): reviewers' scores imported from a sheet or entered on an application's page, a
recognised unit's effectiveness evaluation, and the revocation (摘牌) that cites one."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.applications import worklists
from engine.services.evaluation import indicator_sets, score_records, score_sheets
from engine.services.national import recognition_register
from portal import export, uploads
from portal.context import Portal, portal_of
from portal.deps import AppId, CsrfField, Who, check_csrf, current_cycle, need, owned
from portal.forms import form_errors
from portal.routes.api import CycleId
from portal.routes.applications import application_view
from portal.routes.cycles import QUOTA_TYPES

router = APIRouter(include_in_schema=False)


@router.get("/national/cycles/{cycle_id}/score-sheet.xlsx")
def score_sheet(*, request: Request, caller: Who, cycle_id: CycleId) -> Response:
    """The score sheet to fill: each application under review by name, USCC and category, a column per indicator."""
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    current_cycle(portal, cycle_id)
    out = io.BytesIO()
    score_sheets.write_score_sheet(portal.ws, cycle_id, out)
    return export.attachment(out.getvalue(), "评分表.xlsx")


def _imported(portal: Portal, cycle_id: int, done: score_records.ScoresRecorded) -> str:
    """What an import recorded, in words: each application by name, its total and whether it is complete."""
    names = {c.id: c.name for c in worklists.cycle_definition(portal.ws, cycle_id).categories}
    lines = [f"已导入 {done.scores} 项评分。"]
    for v in done.evaluations:
        state = f"排名第 {v.rank}（共 {v.ranked} 个）" if v.complete and v.rank else "尚缺：" + "；".join(v.missing)
        lines.append(f"{v.organisation}（{names.get(v.category, v.category)}）：总分 {v.total:g}，{state}")
    return "\n".join(lines)


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
    with uploads.spooled(data, name[name.rfind(".") :].lower(), name) as path:
        try:
            done = score_sheets.import_scores(portal.ws, cycle_id, path, caller.user.actor())
        except BadInput as exc:
            message = str(exc).replace(str(path), name)
            return portal.page(request, "error.html.j2", caller, status=400, title="评分表有误", message=message,
                               verdicts=[])  # fmt: skip
    return portal.page(request, "error.html.j2", caller, status=200, title="评分已导入",
                       message=_imported(portal, cycle_id, done), verdicts=[])  # fmt: skip


@dataclass
class ScoreForm:
    """A scores form as posted: the scores filled in (``{indicator: text}``), every field as typed (to show the
    form again as it was), and the input an error about no score at all points to (the first indicator's)."""

    scores: dict[str, str]
    typed: dict[str, str]
    inputs: dict[str, str]


async def _scores_of(request: Request, app_id: int) -> ScoreForm:
    """The scores posted for the indicators of the set the application is scored against (its category's)."""
    form = await request.form()
    codes = [i.id for i in indicator_sets.application_set(portal_of(request).ws, app_id).indicators]
    typed = {k: v for k, v in form.items() if k != "csrf" and isinstance(v, str)}
    scores = {code: typed.get(f"score_{code}", "").strip() for code in codes}
    first = {"score": f"score_{codes[0]}"} if codes else {}
    return ScoreForm({code: text for code, text in scores.items() if text}, typed, first)


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
    owned(portal, caller, app_id)
    posted = await _scores_of(request, app_id)
    try:
        score_records.record_scores(portal.ws, app_id, reviewer, posted.scores, caller.user.actor())
    except BadInput as exc:
        errors = form_errors(exc, posted.inputs)
        return application_view(request, caller, app_id, 400, form="scores", given=posted.typed, errors=errors)
    return RedirectResponse(f"/applications/{app_id}#evaluation", status_code=303)


def _recognition(portal: Portal, app_id: int) -> recognition_register.RecognitionView:
    found = recognition_register.application_recognition(portal.ws, app_id)
    if found is None:
        raise BadInput("该申报尚未认定为示范单位")
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
    posted = await _scores_of(request, app_id)
    try:  # no score at all is refused: else an earlier evaluation's scores would be recorded again as a new one
        score_records.evaluate_unit(portal.ws, unit.id, owner.cycle, reviewer, posted.scores, caller.user.actor())
    except BadInput as exc:
        errors = form_errors(exc, posted.inputs, prefix="eff-")
        return application_view(request, caller, app_id, 400, form="effectiveness", given=posted.typed, errors=errors)
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
    try:
        if confirm != "yes":
            raise BadInput("请勾选“确认摘牌”（摘牌不可撤回），未作任何变更", field="confirm", code="required")
        recognition_register.revoke_recognition(portal.ws, unit.id, reason, caller.user.actor(), evaluation)
    except BadInput as exc:
        typed = {"evaluation": str(evaluation or ""), "reason": reason}
        return application_view(request, caller, app_id, 400, form="revoke", given=typed, errors=form_errors(exc))
    except Refused as exc:
        return application_view(request, caller, app_id, status=409, refusal=exc)
    return RedirectResponse(f"/applications/{app_id}", status_code=303)
