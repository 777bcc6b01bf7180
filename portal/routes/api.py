"""/api/v1/: the portal's operations as JSON, for provinces that integrate their own systems.

Bearer tokens (``ipcycle token create``) or the browser session (then a state-changing call carries
``X-CSRF-Token``). Every error has one shape (:class:`ErrorBody`); each operation documents its statuses.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Header, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.kernel.text import EMAIL
from engine.services.accounts import message_centre
from engine.services.applications import dossier, stage_moves, trail, worklists
from engine.services.national import quotas
from engine.services.programmes import progress
from engine.services.province import liaison, package_desk, report_packages
from portal import uploads
from portal.context import jsonable, portal_of
from portal.deps import declared_query_only, owned
from portal.routes.report import LETTER_TYPES
from portal.security import Caller, CsrfFailed, Forbidden, NotFound, Unauthenticated, caller_of, same_token


class VerdictBody(BaseModel):
    rule: str
    ok: bool
    reason_zh: str
    reason_en: str


class FieldErrorBody(BaseModel):
    """One bad field: where it is in the request (a JSON pointer, ``/mobile``), a machine code, a message."""

    field: str | None = Field(description="JSON pointer to the field in the body (or the query/path parameter)")
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error: the HTTP status, a code, a message (Chinese), the verdicts (rule ID and both reasons) of a
    refusal, and each bad field in ``errors``."""

    status: int
    code: str
    message: str
    verdicts: list[VerdictBody]
    errors: list[FieldErrorBody]


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "bad input, malformed or not among the choices; each field named"},
    401: {"model": ErrorBody, "description": "no valid token or session"},
    403: {"model": ErrorBody, "description": "this role may not do this"},
    404: {"model": ErrorBody, "description": "no such object for this account"},
    409: {"model": ErrorBody, "description": "refused by the rules, or changed by someone else meanwhile"},
}

AppId = Annotated[int, Path(ge=1, le=2**31 - 1)]
CycleId = Annotated[int, Path(ge=1, le=2**31 - 1)]

router = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[Depends(declared_query_only)])


FIRST_LOG_IN_API = frozenset({"/api/v1/me", "/api/v1/me/password"})  # all a temporary password opens here


def api_caller(request: Request) -> Caller:
    portal = portal_of(request)
    caller = caller_of(request, portal.ws, portal.keys)
    if caller is None:
        raise Unauthenticated()
    request.state.caller = caller
    if caller.user.must_change_password and request.url.path not in FIRST_LOG_IN_API:
        raise Forbidden("请先设置自己的密码：办公室设定的临时密码只能用于修改密码（set your own password first）")
    return caller


def writing_caller(request: Request, x_csrf_token: Annotated[str | None, Header()] = None) -> Caller:
    """A state-changing call: a bearer token, or a session with its CSRF token in the header."""
    caller = api_caller(request)
    if caller.session_id is not None and not same_token(x_csrf_token, caller.csrf_token):
        raise CsrfFailed()
    return caller


Reader = Annotated[Caller, Depends(api_caller)]
Writer = Annotated[Caller, Depends(writing_caller)]


class Me(BaseModel):
    login: str
    role: str
    scope: str | None
    scope_name: str | None


class EventRequest(BaseModel):
    event: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    reason: str | None = Field(default=None, max_length=500)


class ApplyRequest(BaseModel):
    category: str = Field(min_length=1, max_length=40)
    track: str | None = Field(None, max_length=40, description="a track the category offers (the GI county: gi)")


def _checked(field: str, description: str, form: str | None = None) -> Any:
    """A receipt field as the schema states the service's check of it (liaison.check_receipt_fields): its length
    and pattern are the service's, which refuses with its own message naming the field; the model itself only
    bounds the body."""
    stated: dict[str, Any] = {"minLength": 1, "maxLength": liaison.RECEIPT_LIMITS[field]}
    if form is not None:
        stated["pattern"] = rf"^\s*{form}\s*$"  # the raw value: the service trims it first
    return Field(max_length=200, description=description, json_schema_extra=stated)


class LiaisonRequest(BaseModel):
    """The province's liaison for the cycle (A10, B12). Every field is required, one line (no line break or control
    character) and checked before anything is stored, its pattern once invisible characters pasted with it (zero-width
    and other format characters) are removed; every bad one is named at once in ``errors``. Filing again
    corrects the receipt (``amended``); one filed after the cycle's liaison-receipt date is accepted and marked
    ``late`` with that ``due`` date; a programme without a liaison step (a case call) refuses it (field ``cycle``)."""

    name: str = _checked("name", "姓名: at least one letter once invisible and control characters are removed")
    title: str = _checked("title", "职务: the notices ask for a division-level (处级) cadre; a title naming neither 处 "
                          "nor 调研员 is accepted with a ``rank_warning`` in the answer, not refused")  # fmt: skip
    phone: str = _checked("phone", "办公电话: digits, spaces, + ( ) -, 7 to 30 of them, then an extension after "
                          "转/分机/ext if any", liaison.PHONE_FORM)  # fmt: skip
    mobile: str = _checked("mobile", "手机: a mainland mobile, 11 digits beginning with 1 (+86 before it, spaces or "
                           "dashes between allowed; kept as digits)", liaison.MOBILE_FORM)  # fmt: skip
    email: str = _checked("email", "电子邮箱: where the cycle's mail to the province goes from now on", EMAIL.pattern)


def answer(result: Any, status: int = 200) -> JSONResponse:
    """A service result as the JSON the CLI's --json prints (aliases such as "from" included)."""
    return JSONResponse(jsonable(result), status_code=status)


def _cycle(request: Request, cycle_id: int) -> int:
    if cycle_id not in {c[0] for c in worklists.open_cycles(portal_of(request).ws)}:
        raise NotFound()
    return cycle_id


@router.get("/me", response_model=Me, summary="The account behind the token or session")
def me(caller: Reader) -> Me:
    u = caller.user
    return Me(login=u.login, role=u.role, scope=u.scope, scope_name=u.scope_name)


@router.get(
    "/cycles/{cycle_id}/applications",
    response_model=None,
    responses={200: {"model": worklists.ApplicationPage}},
    summary="The applications this account may see in a cycle, filtered and paged",
)
def list_applications(
    request: Request,
    caller: Reader,
    cycle_id: CycleId,
    category: Annotated[str | None, Query(max_length=40)] = None,
    stage: Annotated[str | None, Query(max_length=40)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=worklists.MAX_PAGE)] = 50,
) -> JSONResponse:
    _cycle(request, cycle_id)
    return answer(
        worklists.list_applications(
            portal_of(request).ws, cycle_id, caller.role, caller.scope, category, stage, page, per_page
        )
    )


@router.post(
    "/cycles/{cycle_id}/applications",
    response_model=None,
    responses={201: {"model": stage_moves.ApplicationCreated}},
    status_code=201,
    summary="Apply in a category (an applicant account, for its organisation)",
)
def apply(request: Request, caller: Writer, cycle_id: CycleId, body: ApplyRequest) -> JSONResponse:
    _cycle(request, cycle_id)
    if caller.role is not Role.APPLICANT:
        raise Forbidden("only an applicant account applies")
    ws = portal_of(request).ws
    me = caller.user.actor()
    created = stage_moves.apply(ws, cycle_id, body.category, int(caller.scope or 0), me, track=body.track)
    return answer(created, 201)


@router.get(
    "/applications/{app_id}",
    response_model=None,
    responses={200: {"model": trail.ApplicationHistory}},
    summary="An application as it stands, with every move (who, when, what, why)",
)
def application(request: Request, caller: Reader, app_id: AppId) -> JSONResponse:
    owned(portal_of(request), caller, app_id)
    return answer(trail.history(portal_of(request).ws, app_id))


@router.get(
    "/applications/{app_id}/next",
    response_model=None,
    responses={200: {"model": list[trail.NextEvent]}},
    summary="The events this account may fire now, with the rules that stand in the way",
)
def next_events(request: Request, caller: Reader, app_id: AppId) -> JSONResponse:
    owned(portal_of(request), caller, app_id)
    return answer(trail.next_events(portal_of(request).ws, app_id, caller.user.actor()))


@router.post(
    "/applications/{app_id}/events",
    response_model=None,
    responses={200: {"model": stage_moves.ApplicationMoved}},
    summary="Fire an event (recommend, decline, submit…); a refusal is 409 with every failed rule",
)
def fire_event(request: Request, caller: Writer, app_id: AppId, body: EventRequest) -> JSONResponse:
    owned(portal_of(request), caller, app_id)
    ws = portal_of(request).ws
    return answer(stage_moves.fire(ws, app_id, body.event, caller.user.actor(), body.reason))


@router.get(
    "/cycles/{cycle_id}/quotas",
    response_model=None,
    responses={200: {"model": list[quotas.QuotaStanding]}},
    summary="Places used and left per category (a province sees its own)",
)
def quota_table(request: Request, caller: Reader, cycle_id: CycleId) -> JSONResponse:
    _cycle(request, cycle_id)
    if caller.role is Role.APPLICANT:
        raise Forbidden("quotas are for the provinces and the national office")
    province = caller.scope if caller.role is Role.PROVINCE else None
    return answer(quotas.quota_table(portal_of(request).ws, cycle_id, province))


@router.post(
    "/cycles/{cycle_id}/liaison",
    response_model=None,
    responses={200: {"model": liaison.LiaisonReceiptFiled}},
    summary="File (or correct) the province's liaison receipt",
)
def file_liaison_receipt(request: Request, caller: Writer, cycle_id: CycleId, body: LiaisonRequest) -> JSONResponse:
    """A province account files its own province's receipt; every field's rule is in the request's schema. A late
    receipt is accepted (``late``, ``due``); a title below 处级 is accepted with a ``rank_warning``."""
    _cycle(request, cycle_id)
    if caller.role is not Role.PROVINCE:
        raise Forbidden("a liaison receipt is filed by a province account")
    ws = portal_of(request).ws
    return answer(
        liaison.file_receipt(
            ws, cycle_id, caller.user.actor(), body.name, body.title, body.phone, body.mobile, body.email
        )
    )


@router.get(
    "/cycles/{cycle_id}/status",
    response_model=None,
    responses={200: {"model": progress.CycleStatus}},
    summary="Counts per stage, category and province (a province sees its own)",
)
def status(request: Request, caller: Reader, cycle_id: CycleId) -> JSONResponse:
    _cycle(request, cycle_id)
    if caller.role is Role.APPLICANT:
        raise Forbidden("cycle counts are for the provinces and the national office")
    province = caller.scope if caller.role is Role.PROVINCE else None
    return answer(progress.status(portal_of(request).ws, cycle_id, province))


class NumbersRequest(BaseModel):
    numbers: list[int] = Field(min_length=1, max_length=50)


class FindingsRequest(BaseModel):
    numbers: list[int] = Field(min_length=1, max_length=50)
    met: bool
    note: str | None = Field(default=None, max_length=500)


@router.post(
    "/applications/{app_id}/declarations",
    response_model=None,
    responses={200: {"model": dossier.DeclarationsChanged}},
    summary="Attest the conditions (declarations) by their numbers (the applicant, while preparing)",
)
def attest_declarations(request: Request, caller: Writer, app_id: AppId, body: NumbersRequest) -> JSONResponse:
    if caller.role is not Role.APPLICANT:
        raise Forbidden("an applicant account attests its declarations")
    owned(portal_of(request), caller, app_id)
    return answer(dossier.attest(portal_of(request).ws, app_id, body.numbers, caller.user.actor()))


@router.post(
    "/applications/{app_id}/findings",
    response_model=None,
    responses={200: {"model": dossier.DeclarationsChanged}},
    summary="The province's findings on attested conditions: met or not, with a note",
)
def record_findings(request: Request, caller: Writer, app_id: AppId, body: FindingsRequest) -> JSONResponse:
    if caller.role is not Role.PROVINCE:
        raise Forbidden("a province account records findings")
    owned(portal_of(request), caller, app_id)
    ws, actor = portal_of(request).ws, caller.user.actor()
    note = (body.note or "").strip() or None
    done = [dossier.record_finding(ws, app_id, n, body.met, note, actor) for n in body.numbers]
    return answer(done[-1])


@router.post(
    "/applications/{app_id}/materials",
    response_model=None,
    responses={200: {"model": dossier.MaterialsFiled}},
    summary="File a material against a checklist item (multipart: material, file; PDF, docx or image by content)",
)
async def upload_material(
    request: Request,
    caller: Writer,
    app_id: AppId,
    material: Annotated[str, Form(min_length=1, max_length=40)],
    file: Annotated[UploadFile, File()],
) -> JSONResponse:
    if caller.role not in (Role.APPLICANT, Role.PROVINCE):
        raise Forbidden("materials are filed by the applicant or its province")
    owned(portal_of(request), caller, app_id)
    name, data = await uploads.read_upload(file, uploads.MATERIAL_TYPES, uploads.MAX_MATERIAL_BYTES)
    return answer(dossier.add_material_data(portal_of(request).ws, app_id, material, name, data, caller.user.actor()))


def _province(caller: Caller) -> str:
    if caller.role is not Role.PROVINCE or not caller.scope:
        raise Forbidden("the report package is a province's")
    return caller.scope


@router.get(
    "/cycles/{cycle_id}/report-package",
    response_model=None,
    responses={200: {"model": package_desk.ReportPackageView}},
    summary="The province's package: the prefilled 推荐名单, every version filed, what blocks a report (rule, link)",
)
def get_report_package(request: Request, caller: Reader, cycle_id: CycleId) -> JSONResponse:
    _cycle(request, cycle_id)
    return answer(package_desk.report_package_view(portal_of(request).ws, cycle_id, _province(caller)))


@router.post(
    "/cycles/{cycle_id}/report-package",
    response_model=None,
    responses={200: {"model": report_packages.ReportFiled}},
    summary="Report the package once (multipart: letter, a PDF or an image) or a nil return (nil_reason)",
)
async def report_package(
    request: Request,
    caller: Writer,
    cycle_id: CycleId,
    letter: Annotated[UploadFile | None, File()] = None,
    nil_reason: Annotated[str | None, Form(max_length=2000)] = None,
) -> JSONResponse:
    _cycle(request, cycle_id)
    province_actor = caller.user.actor()
    _province(caller)
    upload = None
    if letter is not None and letter.filename:
        upload = await uploads.read_upload(letter, LETTER_TYPES, uploads.MAX_MATERIAL_BYTES)
    if upload is None and nil_reason is None:
        raise BadInput("letter: 请上传推荐函，或报送本届不推荐及其理由（nil_reason）（a letter or a nil return）")
    ws = portal_of(request).ws
    return answer(report_packages.report(ws, cycle_id, province_actor, nil_reason=nil_reason, letter_upload=upload))


def _party(caller: Caller) -> str:
    found = message_centre.party_of(caller.role, caller.scope)
    if found is None:
        raise Forbidden("this account has no message centre")
    return found


@router.get(
    "/messages",
    response_model=None,
    responses={200: {"model": message_centre.MessagePage}},
    summary="What the system and the national office told this account's party, newest first",
)
def list_messages(
    request: Request,
    caller: Reader,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=message_centre.MAX_PAGE)] = 50,
    unread: Annotated[bool, Query()] = False,
) -> JSONResponse:
    return answer(message_centre.list_messages(portal_of(request).ws, _party(caller), page, per_page, unread))


@router.post(
    "/messages/{message_id}/read",
    response_model=None,
    responses={200: {"model": message_centre.MessageView}},
    summary="Mark one message read (and get it)",
)
def read_message(request: Request, caller: Writer, message_id: AppId) -> JSONResponse:
    found = message_centre.read_message(portal_of(request).ws, _party(caller), message_id)
    if found is None:
        raise NotFound()
    return answer(found)


docs_router = APIRouter(include_in_schema=False)


@docs_router.get("/api/docs")
def api_docs(request: Request) -> Response:
    """A page listing the API's operations (no CDN scripts: the CSP allows none)."""
    schema = request.app.openapi()
    operations = [
        (method.upper(), path, op.get("summary", ""), op.get("description", ""))
        for path, item in schema.get("paths", {}).items()
        for method, op in item.items()
    ]
    return portal_of(request).page(request, "api_docs.html.j2", None, operations=operations)
