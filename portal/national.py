"""The national office's pages: the cycle board, opening a cycle from a form (its quota table previewed before it
applies), bulk national actions, selection by rank, evaluation import, revocation and fraud, published lists,
the reminder log and outbox, objections, and looking at the portal as a province or an applicant sees it.

Also the province's objection desk (the objections filed to its notices, the public form's among them).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services import accounts
from engine.services.accounts import UserRecord
from engine.services.applications import stage_moves, worklists
from engine.services.evaluation import scoring
from engine.services.national import board, fraud, quotas, recognition_register
from engine.services.programmes import cycles, programme_definitions
from engine.services.publicity import objections, public
from engine.services.publicity.objections import ObjectionOutcome
from engine.store.outbox import OutboxStatus
from notifications import outbox
from portal import charts, pages, uploads, views
from portal.board_pieces import board_pieces
from portal.context import Portal, portal_of
from portal.pages import AppId, CsrfField, Who, check_csrf, current_cycle, need, owned
from portal.security import Caller, NotFound

router = APIRouter(include_in_schema=False)
QUOTA_TYPES = {".xlsx": "Excel (xlsx)", ".csv": "CSV"}
# not the objection moves: an objection record makes them (objection-recorded/-resolved), never a bulk choice
BULK_EVENTS = ("select", "reject", "start_acceptance", "pass", "fail")
OUTBOX_STATUSES = tuple(s.value for s in OutboxStatus)
NO_SCORE = "score: 请至少填写一项指标的评分（enter at least one indicator's score）"


@router.get("/national")
def national_board(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    """Provinces × stages as a heat map, receipts and reports per province, quota meters, the timeline."""
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    opened = worklists.open_cycles(portal.ws)
    if not opened:
        return RedirectResponse("/national/cycles/new", status_code=303)
    cycle_id = current_cycle(portal, cycle)
    found = board.cycle_board(portal.ws, cycle_id)
    today = portal.ws.clock.now().date()
    return portal.page(
        request,
        "national.html.j2",
        caller,
        board=found,
        cycle=cycle_id,
        cycles=opened,
        pieces=board_pieces(portal, found),
        timeline=charts.timeline(found.milestones, today),
        copies=[c for c in public.published_lists(portal.ws) if c.cycle == cycle_id],
    )


# --- opening a cycle ---------------------------------------------------------------------------------


def _programmes(portal: object) -> list[tuple[str, str]]:
    return [(p.id, p.title) for p in programme_definitions.list_programmes(portal.ws)]  # type: ignore[attr-defined]


@router.get("/national/cycles/new")
def cycle_form(
    *,
    request: Request,
    caller: Who,
    programme: Annotated[str, Query(max_length=80)] = "demonstration-creation",
    edition: Annotated[int, Query(ge=2000, le=2100)] = 2025,
) -> Response:
    """The form: programme and edition, the dates the definition derives (editable), the quota table, contacts."""
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    dates = cycles.proposed_dates(portal.ws, programme, edition)
    contacts = programme_definitions.current_programme(portal.ws, programme).contact_groups
    return portal.page(request, "cycle_new.html.j2", caller, programmes=_programmes(portal), programme=programme,
                       edition=edition, dates=dates, contacts=contacts, preview=None, problems=[])  # fmt: skip


async def _dates_of(request: Request, ids: list[str]) -> dict[str, date]:
    form = await request.form()
    out = {}
    for key in ids:
        raw = str(form.get(f"date_{key}") or "").strip()
        if raw:
            try:
                out[key] = date.fromisoformat(raw)
            except ValueError:
                raise BadInput(f"date_{key}: {raw!r} is not a date (YYYY-MM-DD)") from None
    return out


@router.post("/national/cycles/preview")
async def cycle_preview(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    programme: Annotated[str, Form(max_length=80)],
    edition: Annotated[int, Form(ge=2000, le=2100)],
    quota: Annotated[UploadFile, File()],
) -> Response:
    """The quota table read and checked, with the dates, shown before anything is opened or set."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    dates = cycles.proposed_dates(portal.ws, programme, edition)
    given = await _dates_of(request, [d.id for d in dates])
    contacts = programme_definitions.current_programme(portal.ws, programme).contact_groups
    name, data = await uploads.read_upload(quota, QUOTA_TYPES, uploads.MAX_ROSTER_BYTES)
    with uploads.spooled(data, name[name.rfind(".") :].lower()) as path:
        try:
            rows = quotas.preview_quotas(portal.ws, programme, path)
        except BadInput as exc:
            problems = [line.strip() for line in str(exc).replace(str(path), name).splitlines() if line.strip()]
            return portal.page(request, "cycle_new.html.j2", caller, status=400, programmes=_programmes(portal),
                               programme=programme, edition=edition, dates=dates, contacts=contacts, preview=None,
                               problems=problems)  # fmt: skip
    shown = [d.model_copy(update={"due": given.get(d.id, d.due)}) for d in dates]
    table = "\n".join(f"{r.province_code},{r.category},{r.quota}" for r in rows)
    return portal.page(request, "cycle_new.html.j2", caller, programmes=_programmes(portal), programme=programme,
                       edition=edition, dates=shown, contacts=contacts, preview=rows, table=table, problems=[],
                       quota_name=name)  # fmt: skip


@router.post("/national/cycles")
async def cycle_open(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    programme: Annotated[str, Form(max_length=80)],
    edition: Annotated[int, Form(ge=2000, le=2100)],
    table: Annotated[str, Form(max_length=200_000)] = "",
    quota_name: Annotated[str, Form(max_length=200)] = "quotas.xlsx",
) -> Response:
    """Open the cycle with the dates as shown, then apply the previewed quota table (all rows or none)."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    dates = cycles.proposed_dates(portal.ws, programme, edition)
    given = await _dates_of(request, [d.id for d in dates])
    csv = "province_code,category,quota\n" + table.replace("\r", "")
    with uploads.spooled(csv.encode(), ".csv") as path:
        quotas.preview_quotas(portal.ws, programme, path)  # checked again before the cycle opens
        opened = cycles.open_cycle(portal.ws, programme, edition, given, actor=caller.user.actor())
        if table.strip():
            quotas.import_quotas(portal.ws, opened.id, path, caller.user.actor(), f"portal: {quota_name}")
    return RedirectResponse(f"/national?cycle={opened.id}", status_code=303)


# --- national actions --------------------------------------------------------------------------------


def _fire_each(portal: object, caller: Caller, ids: list[int], event: str, reason: str) -> list[dict[str, object]]:
    results: list[dict[str, object]] = []
    for app_id in ids[:200]:
        try:
            moved = stage_moves.fire(portal.ws, app_id, event, caller.user.actor(), reason or None)  # type: ignore[attr-defined]
            results.append({"id": app_id, "ok": True, "stage": moved.stage, "message": "", "verdicts": []})
        except Refused as exc:
            results.append({"id": app_id, "ok": False, "stage": None, "message": str(exc), "verdicts": exc.failed()})
        except BadInput as exc:
            results.append({"id": app_id, "ok": False, "stage": None, "message": str(exc), "verdicts": []})
    return results


def _bulk_page(request: Request, caller: Caller, action: str, results: list[dict[str, object]]) -> Response:
    portal = portal_of(request)
    definition = worklists.cycle_definition(portal.ws, current_cycle(portal, None))
    return portal.page(request, "bulk.html.j2", caller, action=action, results=results, quota=[],
                       titles={s.id: s.title for s in definition.stages},
                       names={c.id: c.name for c in definition.categories})  # fmt: skip


@router.post("/national/applications/bulk")
def national_bulk(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    action: Annotated[str, Form(max_length=40)],
    ids: Annotated[list[int], Form()],
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """A national decision on several applications; each is its own move, each one's verdict shown."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    if action not in BULK_EVENTS:
        raise BadInput(f"action: {action!r} — 可批量办理：{', '.join(BULK_EVENTS)}")
    return _bulk_page(request, caller, action, _fire_each(portal_of(request), caller, ids, action, reason.strip()))


@router.post("/national/select-by-rank")
def select_by_rank(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    category: Annotated[str, Form(max_length=40)],
    places: Annotated[int, Form(ge=1, le=1000)],
    cycle: Annotated[int | None, Form()] = None,
) -> Response:
    """Select the top ``places`` of a category's complete ranking (B6), each as its own move."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    ranked = [v for v in scoring.ranking(portal.ws, cycle_id, "selection", category) if v.rank is not None]
    ids = [v.application for v in ranked[:places] if v.application is not None]
    if not ids:
        raise BadInput(f"category: no ranked application of {category} in cycle {cycle_id} (import scores first)")
    return _bulk_page(
        request, caller, "select", _fire_each(portal, caller, ids, "select", f"按排名择优（前 {places} 名）")
    )


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


@router.post("/applications/{app_id}/fraud")
def application_fraud(
    *, request: Request, caller: Who, app_id: AppId, csrf: CsrfField = "",
    reason: Annotated[str, Form(min_length=1, max_length=500)],
) -> Response:  # fmt: skip
    """B10: disqualify for fraud (recorded with its finding) at any stage."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owned(portal, caller, app_id)
    fraud.disqualify_for_fraud(portal.ws, app_id, caller.user.actor(), reason)
    return RedirectResponse(f"/applications/{app_id}", status_code=303)


# --- on the application's page: scores, effectiveness evaluation, revocation ---------------------------


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
        return pages.application_view(request, caller, app_id, status=400, input_error=_field_message(exc))
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
        return pages.application_view(request, caller, app_id, status=400, input_error=_field_message(exc))
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
        return pages.application_view(request, caller, app_id, status=400, input_error=str(exc).replace("--", ""))
    except Refused as exc:
        return pages.application_view(request, caller, app_id, status=409, refusal=exc)
    return RedirectResponse(f"/applications/{app_id}", status_code=303)


@router.post("/national/lists")
def list_publish(
    *, request: Request, caller: Who, csrf: CsrfField = "", kind: Annotated[str, Form(max_length=40)],
    cycle: Annotated[int | None, Form()] = None,
) -> Response:  # fmt: skip
    """Publish one of the cycle's lists on the public pages (page, docx, xlsx as ``list publish`` makes them)."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    copy = public.publish_list_copy(portal.ws, current_cycle(portal, cycle), kind, caller.user.actor())
    return RedirectResponse(f"/lists/{copy.id}", status_code=303)


# --- the outbox and reminder log ---------------------------------------------------------------------


@router.get("/national/outbox")
def outbox_page(
    *, request: Request, caller: Who, cycle: int | None = None, status: Annotated[str, Query(max_length=20)] = ""
) -> Response:
    """Every reminder and notice mail of the cycle: pending, sent, failed, no address, with the SMTP reply."""
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    if status and status not in OUTBOX_STATUSES:
        raise BadInput(f"status: {status!r} is not one of {', '.join(OUTBOX_STATUSES)}")
    rows = outbox.log(portal.ws, cycle_id, status or None)
    counts: dict[str, int] = {}
    for r in outbox.log(portal.ws, cycle_id) if status else rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return portal.page(request, "outbox.html.j2", caller, cycle=cycle_id, rows=rows[:500], total=len(rows),
                       counts=counts, shown=status, statuses=OUTBOX_STATUSES)  # fmt: skip


# --- objections: the province's desk and the national list -------------------------------------------


@router.get("/objections")
def objections_page(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    """A province's objections (to resolve), or every province's for the national office."""
    need(caller, Role.PROVINCE, Role.NATIONAL)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    rows = objections.list_objections(portal.ws, cycle_id, caller.scope if caller.role is Role.PROVINCE else None)
    return portal.page(request, "objections.html.j2", caller, cycle=cycle_id, rows=rows)


@router.post("/objections/{objection_id}/resolve")
def objection_resolve(
    *,
    request: Request,
    caller: Who,
    objection_id: Annotated[int, pages.Path(ge=1, le=2**31 - 1)],
    csrf: CsrfField = "",
    outcome: Annotated[ObjectionOutcome, Form()],
    reasons: Annotated[str, Form(min_length=1, max_length=2000)],
    handler: Annotated[str, Form(min_length=1, max_length=100)],
) -> Response:
    """The office that published the notice records who handled the objection and the outcome with reasons: the
    province for its shared notice (B4), the national office for its own (B6, B7)."""
    need(caller, Role.PROVINCE, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, None)
    if caller.role is Role.PROVINCE:
        mine = objections.list_objections(portal.ws, cycle_id, caller.scope, national=False)
    else:
        mine = objections.list_objections(portal.ws, cycle_id, national=True)
    if objection_id not in {o.id for o in mine}:
        raise NotFound()
    objections.resolve_objection(portal.ws, objection_id, caller.user.actor(), outcome, reasons, handler)
    return RedirectResponse("/objections", status_code=303)


# --- view as -----------------------------------------------------------------------------------------


def _as_caller(caller: Caller, role: Role, scope: str, scope_name: str | None) -> Caller:
    """A read-only stand-in: the target's role and scope, no CSRF token (so no form of it can be posted)."""
    user = UserRecord(id=0, login=caller.user.login, role=role.value, scope=scope, scope_name=scope_name,
                      disabled=False, created_at=caller.user.created_at)  # fmt: skip
    return Caller(user, None, None)


@router.get("/national/view-as")
def view_as(
    *,
    request: Request,
    caller: Who,
    role: Annotated[str, Query(pattern="^(province|applicant)$")],
    scope: Annotated[str, Query(pattern="^[0-9]{1,9}$")],
) -> Response:
    """The province's desk or the applicant's page as they see it, read-only; every look is audited."""
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    target = Role(role)
    accounts.record_view_as(
        portal.ws, caller.user.login, target, scope, str(request.url.path) + "?" + request.url.query
    )
    if target is Role.PROVINCE:
        if not views.is_province_code(scope):
            raise NotFound()
        stand_in = _as_caller(caller, target, scope, None)
        response = pages.province_desk(request, stand_in, None, viewing_as=caller.user.login)
    else:
        name = worklists.organisation_label(portal.ws, int(scope))
        if name is None:
            raise NotFound()
        stand_in = _as_caller(caller, target, scope, name)
        response = pages.applicant_desk(request, stand_in, None, viewing_as=caller.user.login)
    request.state.caller = caller
    return response


@router.get("/national/view-as/log")
def view_as_log(*, request: Request, caller: Who) -> Response:
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    return portal.page(request, "view_as_log.html.j2", caller, rows=accounts.view_as_log(portal.ws))
