"""One application's page and the forms on it: fire an event, findings, attestation, materials, fraud.

A page answers 404 for an application that is not the caller's to see, exactly as for one that does not exist.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.applications import application_form as application_forms
from engine.services.applications import dossier, progress_reports, receipts, stage_moves, trail, worklists
from engine.services.evaluation import indicator_sets, score_records
from engine.services.national import fraud, quotas, recognition_register
from engine.services.publicity import objections
from portal import export, uploads, views
from portal.context import Portal, portal_of
from portal.deps import AppId, CsrfField, Who, check_csrf, declared_query_only, need, owned
from portal.forms import FormErrors
from portal.routes.api import ERRORS, Reader, answer
from portal.security import Caller, NotFound

router = APIRouter(include_in_schema=False)


def _national_panel(portal: Portal, caller: Caller, app_id: int, cycle_id: int) -> dict[str, object]:
    """What the national office's forms on the page need: the indicators of the set the application's category is
    scored against (B6: its own or the cycle's) and where the evaluation stands, the
    register row a recognition made and its effectiveness evaluations (for 摘牌)."""
    if caller.role is not Role.NATIONAL:
        return {"indicators": [], "indicator_set": None, "evaluation": None, "recognition": None,
                "unit_evaluations": []}  # fmt: skip
    unit = recognition_register.application_recognition(portal.ws, app_id)
    applied = indicator_sets.application_set(portal.ws, app_id)
    return {
        "indicators": applied.indicators,
        "indicator_set": applied,
        "evaluation": score_records.application_evaluation(portal.ws, app_id),
        "recognition": unit,
        "unit_evaluations": score_records.unit_evaluations(portal.ws, unit.id) if unit else [],
    }


# moves made on a desk of their own, not from the application's page (there they could only be refused)
DESKS = {"object": "/objections?cycle={cycle}", "dismiss_objection": "/objections?cycle={cycle}",
         "uphold_objection": "/objections?cycle={cycle}",
         "report": "/province/report?cycle={cycle}"}  # fmt: skip


# where what stands in a move's way is met, by what checks it: (link, what the reader does there)
FIXES = {
    "declarations-attested": ("#declarations", "声明申报条件"),
    "declarations-reviewed": ("#declarations", "记录审核意见"),
    "materials-complete": ("#materials", "上传申报材料"),
    "within-quota": ("/province/applications?cycle={cycle}", "查看本省名额和申报"),
    "evaluation-complete": ("#evaluation", "记录评审评分"),
    "meets-standard": ("#evaluation", "查看评审评分"),
    "revocation-recorded": ("#revocation", "成效评估与摘牌"),
    "fraud-established": ("#h-fraud", "弄虚作假处理"),
    "objection-recorded": ("/objections?cycle={cycle}", "登记异议"),
    "objection-resolved": ("/objections?cycle={cycle}", "处理异议"),
    "in-report-package": ("/province/report?cycle={cycle}", "推荐报送"),
    "public-notice-ended": ("/objections?cycle={cycle}", "公示与异议"),
}


def _blocked(moves: list[trail.NextEvent], cycle_id: int) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """For each move that cannot be made now: every rule in its way as a sentence, with where it is met."""
    out: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for e in moves:
        for b in e.blockers:
            link, what = FIXES.get(b.source, (None, None))
            sentence = f"{b.verdict.reason_zh}（{b.verdict.rule_id}）"
            out.setdefault(e.event, []).append((sentence, link.format(cycle=cycle_id) if link else None, what))
    return out


def _moves(portal: Portal, caller: Caller, app_id: int, cycle_id: int) -> dict[str, object]:
    """The moves the page offers, the ones done elsewhere (with the page where), and for the offices its objections.

    A move some rule stands in the way of is not a button: the page says why, with a link to where it is met."""
    moves = trail.next_events(portal.ws, app_id, caller.user.actor())
    seen = (
        [o for o in objections.list_objections(portal.ws, cycle_id, application=app_id)
         if objections.handles(portal.ws, o.id, caller.role, caller.scope)]
        if caller.role in (Role.PROVINCE, Role.NATIONAL) else []
    )  # fmt: skip
    here = [e for e in moves if e.event not in DESKS]
    return {
        "next_events": here,
        "blocked": _blocked(here, cycle_id),
        "elsewhere": [(e.title, DESKS[e.event].format(cycle=cycle_id)) for e in moves if e.event in DESKS],
        "objections": seen,
    }


def application_view(
    request: Request, caller: Caller, app_id: int, status: int = 200, refusal: Refused | None = None,
    form: str = "", given: dict[str, str] | None = None, errors: FormErrors | None = None,
) -> Response:  # fmt: skip
    """The application's page; again after a form of it was refused or had a bad field: the refusal, or the
    ``form`` with what was typed (``given``) and each error beside its field."""
    portal = portal_of(request)
    owner = owned(portal, caller, app_id)
    definition = worklists.cycle_definition(portal.ws, owner.cycle)
    story = trail.history(portal.ws, app_id)
    final = {s.id for s in definition.stages if s.final}
    path = [s for s in definition.stages if not s.final]
    return portal.page(
        request,
        "application.html.j2",
        caller,
        status=status,
        app=story,
        path=path,
        final_stage=next((s for s in definition.stages if s.id == story.stage and s.id in final), None),
        titles={s.id: s.title for s in definition.stages},
        names={c.id: c.name for c in definition.categories},
        **_moves(portal, caller, app_id, owner.cycle),
        materials=dossier.show_materials(portal.ws, app_id),
        prefilled_form=application_forms.offers_form(portal.ws, app_id),
        progress_reports=progress_reports.application_reports(portal.ws, app_id),
        declarations=dossier.show_declarations(portal.ws, app_id),
        quota=[q for q in quotas.quota_table(portal.ws, owner.cycle, owner.province) if q.category == story.category]
        if caller.role is Role.PROVINCE
        else [],
        decisions=views.DECISIONS,
        refusal=refusal,
        form=form,
        given=given or {},
        form_errors=errors or FormErrors(),
        **_national_panel(portal, caller, app_id, owner.cycle),
    )


@router.get("/applications/{app_id}")
def application_page(*, request: Request, caller: Who, app_id: AppId) -> Response:
    return application_view(request, caller, app_id)


@router.post("/applications/{app_id}/fire")
def application_fire(
    *,
    request: Request,
    caller: Who,
    app_id: AppId,
    csrf: CsrfField = "",
    event: Annotated[str, Form(max_length=40)],
    reason: Annotated[str, Form(max_length=500)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
    back: Annotated[str, Form(max_length=40, pattern=r"^(/cases\?cycle=\d{1,10})?$")] = "",
) -> Response:
    """Fire one event (a national decision once ticked as confirmed); a refusal shows the application page again
    with the rule IDs and both reasons. ``back``: the case call's page the move was made from (a province reviewing
    and forwarding its cases there)."""
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owned(portal, caller, app_id)
    if caller.role is Role.NATIONAL and event in views.DECISIONS and confirm != "yes":
        raise BadInput("confirm: 请勾选确认后再办理（此项决定办理后不可撤回），未作任何变更")
    try:
        stage_moves.fire(portal.ws, app_id, event, caller.user.actor(), reason.strip() or None)
    except Refused as exc:
        return application_view(request, caller, app_id, status=409, refusal=exc)
    if back:
        return RedirectResponse(back, status_code=303)
    if event == receipts.SUBMIT and caller.role is Role.APPLICANT:  # the applicant keeps a receipt of what it sent
        return RedirectResponse(f"/applications/{app_id}/receipt", status_code=303)
    return RedirectResponse(f"/applications/{app_id}", status_code=303)


@router.get("/applications/{app_id}/receipt")
def application_receipt(*, request: Request, caller: Who, app_id: AppId) -> Response:
    """The submission's receipt: what was submitted, when, and the reference to quote."""
    portal = portal_of(request)
    owned(portal, caller, app_id)
    found = receipts.submission_receipt(portal.ws, app_id)
    if found is None:
        raise NotFound()
    return portal.page(request, "receipt.html.j2", caller, receipt=found)


@router.post("/applications/{app_id}/findings")
def application_findings(
    *,
    request: Request,
    caller: Who,
    app_id: AppId,
    csrf: CsrfField = "",
    numbers: Annotated[list[int], Form()],
    met: Annotated[str, Form()] = "yes",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """The province's findings on attested conditions (met or not), one per number ticked."""
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    if met not in ("yes", "no"):  # anything else was once kept as "not met"
        raise BadInput(f"核实结论只能是“符合”或“不符合”（met: yes or no, not {met[:20]!r}）", field="met")
    portal = portal_of(request)
    owned(portal, caller, app_id)
    for n in numbers:
        dossier.record_finding(portal.ws, app_id, n, met == "yes", note.strip() or None, caller.user.actor())
    return RedirectResponse(f"/applications/{app_id}", status_code=303)


@router.post("/applications/{app_id}/attest")
def application_attest(
    *, request: Request, caller: Who, app_id: AppId, csrf: CsrfField = "", numbers: Annotated[list[int], Form()]
) -> Response:
    need(caller, Role.APPLICANT)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owned(portal, caller, app_id)
    dossier.attest(portal.ws, app_id, numbers, caller.user.actor())
    return RedirectResponse(f"/applications/{app_id}", status_code=303)


@router.post("/applications/{app_id}/materials")
async def application_upload(
    *,
    request: Request,
    caller: Who,
    app_id: AppId,
    csrf: CsrfField = "",
    material: Annotated[str, Form(max_length=40)],
    file: Annotated[UploadFile, File()],
) -> Response:
    """A material, checked by name and by content, streamed into the file store under the checklist item."""
    need(caller, Role.APPLICANT, Role.PROVINCE)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owned(portal, caller, app_id)
    name = uploads.checked_upload(file, uploads.MATERIAL_TYPES, uploads.MAX_MATERIAL_BYTES)
    # in a worker thread: hashing and writing 20 MB must not hold the event loop (and every other request)
    me = caller.user.actor()
    await run_in_threadpool(dossier.add_material_stream, portal.ws, app_id, material, name, file.file, me)
    return RedirectResponse(f"/applications/{app_id}", status_code=303)


@router.get("/applications/{app_id}/materials/{material_id}")
def application_material(*, request: Request, caller: Who, app_id: AppId, material_id: str) -> Response:
    """The filed document, only ever as a download: never rendered by the browser."""
    portal = portal_of(request)
    owned(portal, caller, app_id)
    try:
        found = dossier.material_download(portal.ws, app_id, material_id)
    except BadInput:
        raise NotFound() from None
    if found.content is not None:
        return export.attachment(found.content, found.filename)
    return export.attachment_file(Path(found.path or ""), found.filename)


@router.get("/applications/{app_id}/application-form.docx")
def application_form(*, request: Request, caller: Who, app_id: AppId) -> Response:
    """The 申报书 (attachment 1) prefilled with what the system holds, for the applicant to complete (B11)."""
    portal = portal_of(request)
    owned(portal, caller, app_id)
    buffer = io.BytesIO()
    try:
        application_forms.write_application_form(portal.ws, app_id, buffer)
    except BadInput:
        raise NotFound() from None
    return export.attachment(buffer.getvalue(), f"申报书-{app_id}.docx")


@router.post("/applications/{app_id}/fraud")
def application_fraud(
    *, request: Request, caller: Who, app_id: AppId, csrf: CsrfField = "",
    reason: Annotated[str, Form(min_length=1, max_length=500)], confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:  # fmt: skip
    """B10: disqualify for fraud (recorded with its finding) at any stage, once the office ticked the confirmation."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    if confirm != "yes":
        raise BadInput("confirm: 请勾选“确认取消资格”（取消资格不可撤回，并通报批评），未作任何变更")
    portal = portal_of(request)
    owned(portal, caller, app_id)
    fraud.disqualify_for_fraud(portal.ws, app_id, caller.user.actor(), reason)
    return RedirectResponse(f"/applications/{app_id}", status_code=303)


api_router = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[Depends(declared_query_only)])


@api_router.get(
    "/applications/{app_id}/receipt",
    response_model=None,
    responses={200: {"model": receipts.SubmissionReceipt}},
    summary="The receipt of the application's last submission: what was submitted, when, the reference to quote "
    "(404 before it was submitted)",
)
def get_receipt(request: Request, caller: Reader, app_id: AppId) -> JSONResponse:
    portal = portal_of(request)
    owned(portal, caller, app_id)
    found = receipts.submission_receipt(portal.ws, app_id)
    if found is None:
        raise NotFound()
    return answer(found)
