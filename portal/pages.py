"""The portal's pages: log-in, each role's desk, an application's page, and the province's forms.

Every form posts without JavaScript and carries the session's CSRF token; a page answers 404 for an
application that is not the caller's to see, exactly as for one that does not exist.
"""

from __future__ import annotations

import io
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services import (
    accounts,
    applications,
    dossier,
    liaison,
    listing,
    quotas,
    register,
    reports,
    roster,
    scoring,
    worklists,
)
from engine.services.worklists import ApplicationOwner
from policies.reference.provinces import province_name
from portal import charts, export, uploads, views
from portal.context import Portal, home_of, portal_of
from portal.security import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    Caller,
    CsrfFailed,
    Forbidden,
    NotFound,
    Unauthenticated,
    caller_of,
    same_token,
)

router = APIRouter(include_in_schema=False)
CsrfField = Annotated[str, Form()]
AppId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def page_caller(request: Request) -> Caller:
    """The logged-in account of a page request (a session, not a bearer token), else off to log in."""
    portal = portal_of(request)
    caller = caller_of(request, portal.ws, portal.keys)
    if caller is None or caller.session_id is None:
        raise Unauthenticated()
    request.state.caller = caller
    return caller


Who = Annotated[Caller, Depends(page_caller)]


def need(caller: Caller, *roles: Role) -> None:
    if caller.role not in roles:
        raise Forbidden("该页面不属于您的角色（this page is for " + ", ".join(r.value for r in roles) + "）")


def check_csrf(caller: Caller, token: str) -> None:
    if not same_token(token, caller.csrf_token):
        raise CsrfFailed()


def owned(portal: Portal, caller: Caller, app_id: int) -> ApplicationOwner:
    """The application if the caller may see it; otherwise 404, the same as for an unknown id."""
    owner = worklists.application_owner(portal.ws, app_id)
    if owner is None or not worklists.may_see(owner, caller.role, caller.scope):
        raise NotFound()
    return owner


def current_cycle(portal: Portal, given: int | None) -> int:
    cycles = worklists.open_cycles(portal.ws)
    if given is not None:
        if given not in {c[0] for c in cycles}:
            raise NotFound()
        return given
    if not cycles:
        raise BadInput("还没有开启任何申报周期（no cycle is open: ipcycle cycle open …）")
    creation = [c for c in cycles if c[1] == "demonstration-creation"]
    return (creation or cycles)[-1][0]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# --- log-in ------------------------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request) -> Response:
    portal = portal_of(request)
    token = secrets.token_urlsafe(24)
    response = portal.page(request, "login.html.j2", None, login_csrf=token, error=None, verdicts=[])
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


@router.post("/login")
def login(
    *,
    request: Request,
    login: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=200)],
    csrf: CsrfField = "",
) -> Response:
    portal = portal_of(request)
    if not same_token(csrf, request.cookies.get(LOGIN_COOKIE)):
        raise CsrfFailed()
    try:
        started = accounts.log_in(portal.ws, login, password, client_address(request))
    except Refused as exc:
        response = portal.page(
            request, "login.html.j2", None, status=401, login_csrf=csrf, error=str(exc), verdicts=exc.failed()
        )
        return response
    response = RedirectResponse(home_of(Role(started.user.role)), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        portal.keys.sign(started.session_id),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=accounts.SESSION_HOURS * 3600,
    )
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(*, request: Request, caller: Who, csrf: CsrfField = "") -> Response:
    check_csrf(caller, csrf)
    assert caller.session_id is not None
    accounts.log_out(portal_of(request).ws, caller.session_id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/")
def home(caller: Who) -> Response:
    return RedirectResponse(home_of(caller.role), status_code=303)


# --- the province ------------------------------------------------------------------------------------


@router.get("/province")
def province_route(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    return province_desk(request, caller, cycle)


def province_desk(request: Request, caller: Caller, cycle: int | None, viewing_as: str | None = None) -> Response:
    """The province's to-do list and quota; ``viewing_as`` marks a national officer's read-only look."""
    need(caller, Role.PROVINCE)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    return portal.page(
        request,
        "province.html.j2",
        caller,
        cycle=cycle_id,
        todo=worklists.province_todo(portal.ws, caller.scope or ""),
        quota=quotas.quota_table(portal.ws, cycle_id, caller.scope),
        names={c.id: c.name for c in worklists.cycle_definition(portal.ws, cycle_id).categories},
        viewing_as=viewing_as,
    )


def _list_filters(category: str | None, stage: str | None) -> tuple[str | None, str | None]:
    return (category or None, stage or None)


@router.get("/province/applications")
def province_list(
    *,
    request: Request,
    caller: Who,
    cycle: int | None = None,
    category: str | None = None,
    stage: str | None = None,
    province: Annotated[str | None, Query(pattern="^([0-9]{6})?$")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    need(caller, Role.PROVINCE, Role.NATIONAL)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    category, stage = _list_filters(category, stage)
    province = (province or None) if caller.role is Role.NATIONAL else None
    listing = worklists.list_applications(
        portal.ws, cycle_id, caller.role, caller.scope, category, stage, page, 50, province=province
    )
    definition = worklists.cycle_definition(portal.ws, cycle_id)
    return portal.page(
        request,
        "applications.html.j2",
        caller,
        cycle=cycle_id,
        listing=listing,
        category=category or "",
        stage=stage or "",
        province=province or "",
        definition=definition,
        titles={s.id: s.title for s in definition.stages},
        names={c.id: c.name for c in definition.categories},
        quota=quotas.quota_table(portal.ws, cycle_id, caller.scope) if caller.role is Role.PROVINCE else [],
        results=None,
    )


@router.post("/province/applications/bulk")
def province_bulk(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    action: Annotated[str, Form()],
    ids: Annotated[list[int], Form()],
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Recommend or decline several applications; each is its own move, and each one's verdict is shown."""
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    if action not in ("recommend", "decline"):
        raise BadInput(f"action: {action!r} — 只能批量推荐（recommend）或不予推荐（decline）")
    portal = portal_of(request)
    results: list[dict[str, object]] = []
    for app_id in ids[:200]:
        owner = worklists.application_owner(portal.ws, app_id)
        if owner is None or not worklists.may_see(owner, caller.role, caller.scope):
            results.append({"id": app_id, "ok": False, "stage": None, "message": "未找到", "verdicts": []})
            continue
        try:
            moved = applications.fire(portal.ws, app_id, action, caller.user.actor(), reason.strip() or None)
            results.append({"id": app_id, "ok": True, "stage": moved.stage, "message": "", "verdicts": []})
        except Refused as exc:
            results.append({"id": app_id, "ok": False, "stage": None, "message": str(exc), "verdicts": exc.failed()})
        except BadInput as exc:
            results.append({"id": app_id, "ok": False, "stage": None, "message": str(exc), "verdicts": []})
    cycle_id = current_cycle(portal, None)
    definition = worklists.cycle_definition(portal.ws, cycle_id)
    return portal.page(
        request,
        "bulk.html.j2",
        caller,
        action=action,
        results=results,
        titles={s.id: s.title for s in definition.stages},
        quota=quotas.quota_table(portal.ws, cycle_id, caller.scope),
        names={c.id: c.name for c in definition.categories},
    )


@router.get("/province/applications.xlsx")
def province_export(
    *, request: Request, caller: Who, cycle: int | None = None, category: str | None = None, stage: str | None = None
) -> Response:
    """The filtered list, every row of it, as a spreadsheet: the same file as the CLI's ``--xlsx``."""
    need(caller, Role.PROVINCE, Role.NATIONAL)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    category, stage = _list_filters(category, stage)
    province = caller.scope if caller.role is Role.PROVINCE else None
    out = io.BytesIO()
    listing.write_applications_xlsx(portal.ws, cycle_id, out, province, category, stage)
    name = f"申报清单-{province_name(province)}.xlsx" if province else "申报清单.xlsx"
    return export.attachment(out.getvalue(), name)


@router.get("/province/liaison")
def liaison_form(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    need(caller, Role.PROVINCE)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    view = liaison.list_receipts(portal.ws, cycle_id)
    mine = next(p for p in view.provinces if p.province == caller.scope)
    return portal.page(request, "liaison.html.j2", caller, cycle=cycle_id, due=view.due, mine=mine, error=None)


@router.post("/province/liaison")
def liaison_file(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    name: Annotated[str, Form(max_length=80)],
    title: Annotated[str, Form(max_length=80)],
    phone: Annotated[str, Form(max_length=40)],
    mobile: Annotated[str, Form(max_length=20)],
    email: Annotated[str, Form(max_length=200)],
    cycle: Annotated[int | None, Form()] = None,
) -> Response:
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    liaison.file_receipt(portal.ws, cycle_id, caller.user.actor(), name, title, phone, mobile, email)
    return RedirectResponse(f"/province/liaison?cycle={cycle_id}", status_code=303)


@router.get("/province/roster")
def roster_form(*, request: Request, caller: Who) -> Response:
    need(caller, Role.PROVINCE)
    return portal_of(request).page(request, "roster.html.j2", caller, problems=[], imported=None)


@router.post("/province/roster")
async def roster_upload(
    *, request: Request, caller: Who, csrf: CsrfField = "", file: Annotated[UploadFile, File()]
) -> Response:
    """Import the province's roster: every row checked; any problem shows each row's error and imports nothing."""
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    name, data = await uploads.read_upload(file, uploads.ROSTER_TYPES, uploads.MAX_ROSTER_BYTES)
    suffix = name[name.rfind(".") :].lower()
    with uploads.spooled(data, suffix) as path:
        try:
            result = roster.import_roster(portal.ws, path, name=name, actor=caller.user.actor())
        except BadInput as exc:
            problems = [line.strip() for line in str(exc).replace(str(path), name).splitlines() if line.strip()]
            return portal.page(request, "roster.html.j2", caller, status=400, problems=problems, imported=None)
    return portal.page(request, "roster.html.j2", caller, problems=[], imported=result)


# --- the applicant -----------------------------------------------------------------------------------


@router.get("/applicant")
def applicant_route(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    return applicant_desk(request, caller, cycle)


def applicant_desk(request: Request, caller: Caller, cycle: int | None, viewing_as: str | None = None) -> Response:
    """The applicant's applications; ``viewing_as`` marks a national officer's read-only look."""
    need(caller, Role.APPLICANT)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    return portal.page(
        request,
        "applicant.html.j2",
        caller,
        cycle=cycle_id,
        items=worklists.applicant_overview(portal.ws, int(caller.scope or 0)),
        definition=worklists.cycle_definition(portal.ws, cycle_id),
        viewing_as=viewing_as,
    )


@router.post("/applicant/apply")
def applicant_apply(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    category: Annotated[str, Form(max_length=40)],
    cycle: Annotated[int | None, Form()] = None,
) -> Response:
    need(caller, Role.APPLICANT)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    created = applications.apply(portal.ws, cycle_id, category, int(caller.scope or 0), caller.user.actor())
    return RedirectResponse(f"/applications/{created.id}", status_code=303)


# --- an application ----------------------------------------------------------------------------------


def _national_panel(portal: Portal, caller: Caller, app_id: int, cycle_id: int) -> dict[str, object]:
    """What the national office's forms on the page need: the indicators and where the evaluation stands, the
    register row a recognition made and its effectiveness evaluations (for 摘牌)."""
    if caller.role is not Role.NATIONAL:
        return {"indicators": [], "evaluation": None, "recognition": None, "unit_evaluations": []}
    unit = register.application_recognition(portal.ws, app_id)
    return {
        "indicators": scoring.list_indicators(portal.ws, cycle_id),
        "evaluation": scoring.application_evaluation(portal.ws, app_id),
        "recognition": unit,
        "unit_evaluations": scoring.unit_evaluations(portal.ws, unit.id) if unit else [],
    }


def application_view(request: Request, caller: Caller, app_id: int, status: int = 200, **extra: object) -> Response:
    """The application's page again after a form of it was refused (the refusal or the bad field shown)."""
    return _application_page(request, caller, app_id, status, **extra)


def _application_page(request: Request, caller: Caller, app_id: int, status: int = 200, **extra: object) -> Response:
    portal = portal_of(request)
    owner = owned(portal, caller, app_id)
    definition = worklists.cycle_definition(portal.ws, owner.cycle)
    story = reports.history(portal.ws, app_id)
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
        next_events=reports.next_events(portal.ws, app_id, caller.user.actor()),
        materials=dossier.show_materials(portal.ws, app_id),
        declarations=dossier.show_declarations(portal.ws, app_id),
        quota=[q for q in quotas.quota_table(portal.ws, owner.cycle, owner.province) if q.category == story.category]
        if caller.role is Role.PROVINCE
        else [],
        event_name=views.event_name,
        refusal=extra.get("refusal"),
        input_error=extra.get("input_error"),
        **_national_panel(portal, caller, app_id, owner.cycle),
        diagram=charts.stage_diagram(
            [(s.id, s.title) for s in path],
            story.stage,
            next(((s.id, s.title) for s in definition.stages if s.id == story.stage and s.id in final), None),
        ),
    )


@router.get("/applications/{app_id}")
def application_page(*, request: Request, caller: Who, app_id: AppId) -> Response:
    return _application_page(request, caller, app_id)


@router.post("/applications/{app_id}/fire")
def application_fire(
    *,
    request: Request,
    caller: Who,
    app_id: AppId,
    csrf: CsrfField = "",
    event: Annotated[str, Form(max_length=40)],
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Fire one event; a refusal shows the application page again with the rule IDs and both reasons."""
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owned(portal, caller, app_id)
    try:
        applications.fire(portal.ws, app_id, event, caller.user.actor(), reason.strip() or None)
    except Refused as exc:
        return _application_page(request, caller, app_id, status=409, refusal=exc)
    return RedirectResponse(f"/applications/{app_id}", status_code=303)


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
    """A material, checked by name and by content, kept in the database under the checklist item."""
    need(caller, Role.APPLICANT, Role.PROVINCE)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    owned(portal, caller, app_id)
    name, data = await uploads.read_upload(file, uploads.MATERIAL_TYPES, uploads.MAX_MATERIAL_BYTES)
    dossier.add_material_data(portal.ws, app_id, material, name, data, caller.user.actor())
    return RedirectResponse(f"/applications/{app_id}", status_code=303)


@router.get("/applications/{app_id}/materials/{material_id}")
def application_material(*, request: Request, caller: Who, app_id: AppId, material_id: str) -> Response:
    """The filed document, only ever as a download: never rendered by the browser."""
    portal = portal_of(request)
    owned(portal, caller, app_id)
    try:
        found = dossier.material_content(portal.ws, app_id, material_id)
    except BadInput:
        raise NotFound() from None
    return export.attachment(found.content, found.filename)


@router.get("/api/docs")
def api_docs(request: Request) -> Response:
    """A page listing the API's operations (no CDN scripts: the CSP allows none)."""
    schema = request.app.openapi()
    operations = [
        (method.upper(), path, op.get("summary", ""), op.get("description", ""))
        for path, item in schema.get("paths", {}).items()
        for method, op in item.items()
    ]
    return portal_of(request).page(request, "api_docs.html.j2", None, operations=operations)
