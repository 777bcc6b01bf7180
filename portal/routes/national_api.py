"""/api/v1/ for the national office's jobs (and a province's own accounts): the same services as the pages and
the CLI, each operation's ``operationId`` its function's name. A file-borne load (indicators, standard, roster,
pilots, recognitions) takes the file as multipart and ``dry_run`` for the difference it would make.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.services import accounts, amendments, people
from engine.services import search as finding
from engine.services.applications import stage_moves as applications
from engine.services.applications import timers
from engine.services.evaluation import indicator_sets, score_records
from engine.services.national import fraud, mailings, quotas
from engine.services.national import recognition_register as register
from engine.services.programmes import cycles
from engine.services.publicity import published_copies
from engine.services.reference import organisations, pilots, roster
from engine.store.outbox import OutboxStatus
from notifications.outbox import delivery_log
from notifications.planning.reminders import preview
from portal import uploads
from portal.context import portal_of
from portal.deps import declared_query_only
from portal.routes.api import ERRORS, AppId, CycleId, Reader, Writer, answer
from portal.security import Caller, Forbidden

TABLE_TYPES = {".xlsx": "Excel (xlsx)", ".csv": "CSV", ".yaml": "YAML", ".yml": "YAML"}
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


def _operation_id(route: APIRoute) -> str:
    return route.name


router = APIRouter(
    prefix="/api/v1",
    responses=ERRORS,
    generate_unique_id_function=_operation_id,
    dependencies=[Depends(declared_query_only)],
)


def _national(caller: Caller) -> None:
    if caller.role is not Role.NATIONAL:
        raise Forbidden("only the national office does this")


def national_reader(caller: Reader) -> Caller:
    """The national office, asked before the request's body is read (another role gets 403, not 422)."""
    _national(caller)
    return caller


def national_writer(caller: Writer) -> Caller:
    _national(caller)
    return caller


def office_writer(caller: Writer) -> Caller:
    """The national office or a provincial office (each then scoped to what it keeps)."""
    if caller.role is Role.APPLICANT:
        raise Forbidden("the national office and the provincial offices do this")
    return caller


NationalReader = Annotated[Caller, Depends(national_reader)]
NationalWriter = Annotated[Caller, Depends(national_writer)]
OfficeWriter = Annotated[Caller, Depends(office_writer)]


def _ws(request: Request) -> Any:
    return portal_of(request).ws


async def _with_file(upload: UploadFile, run: Any) -> Any:
    """Run a load on the uploaded file kept under its own suffix; messages name the file, not where it was kept."""
    name, data = await uploads.read_upload(upload, TABLE_TYPES, uploads.MAX_ROSTER_BYTES)
    with uploads.spooled(data, name[name.rfind(".") :].lower()) as path:
        try:
            return run(path)
        except BadInput as exc:
            raise BadInput(str(exc).replace(str(path), name)) from None


# --- cycles and dates --------------------------------------------------------------------------------


class OpenRequest(BaseModel):
    programme: str = Field(min_length=1, max_length=80)
    edition: int = Field(ge=2000, le=2100)
    dates: dict[str, date] = Field(default_factory=dict, description="milestone id -> date; wins over the definition")


@router.post(
    "/cycles",
    response_model=None,
    status_code=201,
    responses={201: {"model": cycles.CycleSummary}},
    summary="Open an edition of a programme with its dated milestones",
)
def open_cycle(request: Request, caller: NationalWriter, body: OpenRequest) -> JSONResponse:
    return answer(cycles.open_cycle(_ws(request), body.programme, body.edition, body.dates, caller.user.actor()), 201)


class AmendRequest(BaseModel):
    due: date
    reason: str = Field(min_length=1, max_length=500)
    province: str | None = Field(default=None, pattern=r"^\d{6}$")
    confirm: bool = Field(default=True, description="false: the preview only, nothing changes")


@router.post(
    "/cycles/{cycle_id}/milestones/{milestone}",
    response_model=None,
    responses={200: {"model": amendments.MilestoneAmendment}},
    summary="Move a milestone's date for the cycle, or extend it for one province (confirm=false: preview)",
)
def amend_milestone(
    request: Request, caller: NationalWriter, cycle_id: CycleId, milestone: str, body: AmendRequest
) -> JSONResponse:
    return answer(
        amendments.amend_milestone(
            _ws(request),
            cycle_id,
            milestone[:80],
            body.due,
            body.reason,
            caller.user.actor(),
            body.province,
            confirm=body.confirm,
        )
    )


class QuotaRequest(BaseModel):
    province: str = Field(pattern=r"^\d{6}$")
    category: str = Field(min_length=1, max_length=40)
    places: int = Field(ge=0, le=10_000)
    reason: str = Field(min_length=1, max_length=500)
    confirm: bool = Field(default=True, description="false: the preview only (places used and what is left)")


@router.put(
    "/cycles/{cycle_id}/quotas",
    response_model=None,
    responses={200: {"model": quotas.QuotaPreview}},
    summary="Change one province × category quota after opening, with a reason (confirm=false: preview)",
)
def set_quota(request: Request, caller: NationalWriter, cycle_id: CycleId, body: QuotaRequest) -> JSONResponse:
    return answer(
        quotas.set_quota(
            _ws(request),
            cycle_id,
            body.province,
            body.category,
            body.places,
            caller.user.actor(),
            body.reason,
            confirm=body.confirm,
        )
    )


# --- evaluation --------------------------------------------------------------------------------------


@router.post(
    "/cycles/{cycle_id}/indicators",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Load the indicator set (xlsx, csv or YAML); dry_run shows the difference only",
)
async def load_indicators(
    request: Request,
    caller: NationalWriter,
    cycle_id: CycleId,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
) -> JSONResponse:
    ws, actor = _ws(request), caller.user.actor()
    load = indicator_sets.load_indicators
    return answer(await _with_file(file, lambda path: load(ws, cycle_id, path, actor, dry_run)))


@router.post(
    "/cycles/{cycle_id}/standard",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Load the acceptance standard (xlsx, csv or YAML); dry_run shows the difference only",
)
async def load_standard(
    request: Request,
    caller: NationalWriter,
    cycle_id: CycleId,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
) -> JSONResponse:
    ws, actor = _ws(request), caller.user.actor()
    return answer(await _with_file(file, lambda path: indicator_sets.load_standard(ws, cycle_id, path, actor, dry_run)))


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
    return answer(score_records.record_scores(_ws(request), app_id, body.reviewer, body.scores, caller.user.actor()))


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
    ws, actor = _ws(request), caller.user.actor()
    ranked = [v for v in score_records.ranking(ws, cycle_id, "selection", body.category) if v.rank is not None]
    ids = [v.application for v in ranked[: body.places] if v.application is not None]
    if not ids:
        raise BadInput(f"category: {body.category!r} 没有完成评审的申报（no ranked application: enter scores first）")
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
    return answer(published_copies.publish_list_copy(_ws(request), cycle_id, body.kind, caller.user.actor()))


# --- the register ------------------------------------------------------------------------------------


class EvaluateRequest(BaseModel):
    cycle: int = Field(ge=1, le=2**31 - 1)
    reviewer: str = Field(min_length=1, max_length=100)
    scores: dict[str, str] = Field(min_length=1, max_length=200)


@router.post(
    "/recognitions/{rec_id}/evaluations",
    response_model=None,
    responses={200: {"model": Any}},
    summary="An effectiveness evaluation (成效评估, B9) of a demonstration unit",
)
def evaluate_recognition(
    request: Request, caller: NationalWriter, rec_id: AppId, body: EvaluateRequest
) -> JSONResponse:
    return answer(
        score_records.evaluate_unit(_ws(request), rec_id, body.cycle, body.reviewer, body.scores, caller.user.actor())
    )


class RevokeRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=500)
    evaluation: int | None = Field(default=None, ge=1, le=2**31 - 1)


@router.post(
    "/recognitions/{rec_id}/revocation",
    response_model=None,
    responses={200: {"model": Any}},
    summary="摘牌 (B9) on an effectiveness evaluation that fell short, with a reason",
)
def revoke_recognition(request: Request, caller: NationalWriter, rec_id: AppId, body: RevokeRequest) -> JSONResponse:
    return answer(register.revoke_recognition(_ws(request), rec_id, body.reason, caller.user.actor(), body.evaluation))


class FraudRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


@router.post(
    "/applications/{app_id}/fraud",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Disqualify for fraud (A9, B10), with the notices of criticism",
)
def record_fraud(request: Request, caller: NationalWriter, app_id: AppId, body: FraudRequest) -> JSONResponse:
    return answer(fraud.disqualify_for_fraud(_ws(request), app_id, caller.user.actor(), body.reason))


# --- people and organisations ------------------------------------------------------------------------


class UserRequest(BaseModel):
    login: str = Field(min_length=2, max_length=40, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    role: str = Field(min_length=1, max_length=40, description="national | province:CODE | applicant:ORG")
    password: str = Field(min_length=1, max_length=200)


@router.post(
    "/users",
    response_model=None,
    status_code=201,
    responses={201: {"model": accounts.UserRecord}},
    summary="Create an account (a province: for its own applicants only)",
)
def create_user(request: Request, caller: OfficeWriter, body: UserRequest) -> JSONResponse:
    ws = _ws(request)
    people.may_manage(ws, caller.user.actor(), body.role)
    created = accounts.create_user(ws, body.login, body.role, body.password)
    people.audit_account(ws, caller.user.actor(), created.login, "added", {"role": body.role})
    return answer(created, 201)


class UserUpdate(BaseModel):
    disabled: bool | None = None
    password: str | None = Field(default=None, min_length=1, max_length=200)


@router.patch(
    "/users/{login}",
    response_model=None,
    responses={200: {"model": accounts.UserRecord}},
    summary="Disable an account or set its password (a province: its own applicants' only)",
)
def update_user(request: Request, caller: OfficeWriter, login: str, body: UserUpdate) -> JSONResponse:
    ws = _ws(request)
    actor = caller.user.actor()
    record = people.managed_user(ws, actor, login[:80])
    if body.password is not None:
        record = accounts.change_password(ws, record.login, body.password)
        people.audit_account(ws, actor, record.login, "changed", {"password": "reset"})
    if body.disabled:
        record = accounts.disable_user(ws, record.login)
        people.audit_account(ws, actor, record.login, "changed", {"disabled": True})
    return answer(record)


class OrganisationRequest(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(min_length=1, max_length=40)
    division_code: str | None = Field(default=None, pattern=r"^\d{6}$")
    uscc: str | None = Field(default=None, max_length=18)
    email: str | None = Field(default=None, max_length=200)


@router.post(
    "/organisations",
    response_model=None,
    status_code=201,
    responses={201: {"model": organisations.OrganisationRecord}},
    summary="Register an organisation (a province: within its own division)",
)
def create_organisation(request: Request, caller: OfficeWriter, body: OrganisationRequest) -> JSONResponse:
    return answer(
        organisations.add_organisation(
            _ws(request), body.name, body.kind, body.division_code, body.uscc, body.email, actor=caller.user.actor()
        ),
        201,
    )


class OrganisationUpdate(BaseModel):
    email: str | None = Field(default=None, max_length=200)
    name: str | None = Field(default=None, min_length=1, max_length=200)


@router.patch(
    "/organisations/{org_id}",
    response_model=None,
    responses={200: {"model": organisations.OrganisationRecord}},
    summary="Change an organisation's name or e-mail address (audited)",
)
def update_organisation(
    request: Request, caller: OfficeWriter, org_id: AppId, body: OrganisationUpdate
) -> JSONResponse:
    return answer(
        people.update_organisation(_ws(request), org_id, caller.user.actor(), name=body.name, email=body.email)
    )


@router.post(
    "/rosters",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Import a roster (all rows or none; each bad row named with its column)",
)
async def import_roster(request: Request, caller: OfficeWriter, file: Annotated[UploadFile, File()]) -> JSONResponse:
    ws, actor = _ws(request), caller.user.actor()
    province = caller.scope if caller.role is Role.PROVINCE else None
    return answer(
        await _with_file(
            file, lambda path: roster.import_roster(ws, path, province=province, name=file.filename, actor=actor)
        )
    )


@router.post(
    "/pilots",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Import the pilot lists (A2, A4); dry_run shows the difference only",
)
async def import_pilots(
    request: Request,
    caller: NationalWriter,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
) -> JSONResponse:
    ws, actor = _ws(request), caller.user.actor()
    return answer(await _with_file(file, lambda path: pilots.import_pilots(ws, path, actor, dry_run)))


@router.post(
    "/recognitions",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Import earlier recognitions (B5); dry_run shows the difference only",
)
async def import_recognitions(
    request: Request,
    caller: NationalWriter,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
) -> JSONResponse:
    ws, actor = _ws(request), caller.user.actor()
    return answer(await _with_file(file, lambda path: pilots.import_recognitions(ws, path, actor, dry_run=dry_run)))


# --- mail and timers ---------------------------------------------------------------------------------


@router.get(
    "/cycles/{cycle_id}/reminders",
    response_model=None,
    responses={200: {"model": Any}},
    summary="What the scheduler would send, when and to whom, if nothing changed",
)
def preview_reminders(
    request: Request, caller: NationalReader, cycle_id: CycleId, until: Annotated[date | None, Query()] = None
) -> JSONResponse:
    return answer(preview(_ws(request), cycle_id, until=until))


class RetryRequest(BaseModel):
    status: str = Field(default="held", pattern="^(held|failed)$")


@router.post(
    "/cycles/{cycle_id}/mail/retry",
    response_model=None,
    responses={200: {"model": Any}},
    summary="Give held (or failed) mail of the cycle another go",
)
def retry_mail(request: Request, caller: NationalWriter, cycle_id: CycleId, body: RetryRequest) -> JSONResponse:
    return answer({"requeued": delivery_log.requeue(_ws(request), OutboxStatus(body.status), cycle_id=cycle_id)})


@router.get(
    "/timers",
    response_model=None,
    responses={200: {"model": list[timers.TimerView]}},
    summary="The timed moves, oldest due first (status=failed: those that need someone to look)",
)
def list_timers(
    request: Request,
    caller: NationalReader,
    status: Annotated[str | None, Query(pattern="^(pending|done|cancelled|failed)$")] = None,
    cycle: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> JSONResponse:
    return answer(timers.list_timers(_ws(request), timers.TimerStatus(status) if status else None, cycle))


@router.post(
    "/timers/{timer_id}/retry",
    response_model=None,
    responses={200: {"model": timers.TimerView}},
    summary="Give a failed timed move another go at the next tick",
)
def retry_timer(request: Request, caller: NationalWriter, timer_id: AppId) -> JSONResponse:
    return answer(timers.retry_timer(_ws(request), timer_id, caller.user.actor()))


@router.get(
    "/search",
    response_model=None,
    responses={200: {"model": finding.SearchResults}},
    summary="Applications, organisations and cases by name, USCC or division, across cycles",
)
def search(
    request: Request, caller: NationalReader, q: Annotated[str, Query(min_length=1, max_length=100)]
) -> JSONResponse:
    return answer(finding.search(_ws(request), q))


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
            _ws(request),
            caller.user.actor(),
            cycle_id,
            body.audience,
            body.subject,
            body.body,
            body.confirm,
            body.request_key,
        )
    )
