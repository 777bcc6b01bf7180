"""Objections (异议) to applications under a public notice, as records: a province's shared notice, or one of
the national office's own notices (one per application, e.g. 创建对象公示).

An objection names its objector (a unit's carries a stamped scan), says what it objects to, brings its
evidence (PDF or images, judged by content), and falls inside the notice period. While one is open the
notice is held; the office that published it (the province, or the national office for its own notices)
records who handled it and the outcome with reasons, and the notice then runs on (or, where the definition
says ``restart``, starts again) or the application leaves it.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.definition.model import NoticePeriod, NoticeScope, Programme, Role, Stage
from engine.files.scans import SUFFIX, ScanType, sniff
from engine.kernel.errors import BadInput, Refused
from engine.kernel.text import normalise, person_or_unit_name
from engine.machine.machine import Actor, authority_verdict
from engine.services.applications import notices
from engine.services.applications.dossier import read_document
from engine.services.applications.stage_moves import fire_in_session, get_application, subject_of
from engine.services.programmes.cycles import cycle_programme, day_of_deadline
from engine.services.publicity.objectors import Evidence, Objector, checked_objection
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import Application, Event, Timer
from engine.store.filestore import Kept, keep_bytes, kept_file
from engine.store.round import NoticeStatus, Objection, ObjectionFile, ObjectionStatus, PublicNotice
from engine.store.round import ObjectionOutcome as ObjectionOutcome  # re-exported: the services' name for it
from engine.store.round import ObjectorKind as ObjectorKind
from engine.store.workspace import Workspace
from policies.reference.provinces import province_name
from policies.verdict import Verdict


class EvidenceRef(ServiceResult):
    """A file kept with an objection: its role, the name it was given, its type and digest."""

    role: str
    name: str
    stored_as: str
    media_type: str
    sha256: str
    size: int


class ObjectionView(ServiceResult):
    """An objection as recorded and, once handled, its outcome."""

    id: int
    receipt: str | None = None  # the number the public form gave the objector; None for one an office recorded
    application: int
    cycle: int  # the cycle it is handled in: its application's, whichever cycle is the newest
    organisation: str
    province: str
    notice: int | None  # the province's shared notice; None for a national notice
    national: bool  # an objection to a national notice: the national office resolves it
    notice_stage: str
    notice_from: date
    notice_last_day: date
    notice_held: bool
    objector_kind: str
    objector_name: str
    objector_unit: str
    objector_phone: str
    content: str
    received_on: date
    recorded_at: IsoDatetime
    recorded_by: str
    status: str
    outcome: str | None
    reasons: str | None
    handler: str | None
    resolved_at: IsoDatetime | None
    files: list[EvidenceRef]
    stage: str


def _text(value: str | None, field: str, multiline: bool = False) -> str:
    text = normalise(value, multiline)
    if not text:
        raise BadInput("此项必须填写，不能为空", field=field)
    return text


def _scan(path: Path, field: str) -> tuple[Path, bytes, ScanType]:
    data = read_document(path)
    kind = sniff(data)
    if kind is None:
        raise BadInput(f"{path.name} 不是PDF或图片（按文件内容判断，而非文件名）", field=field)
    return path, data, kind


def _notice_stage(p: Programme, app: Application) -> tuple[Stage, NoticePeriod] | None:
    """The shared notice stage the application is in, or is held out of by an objection."""
    for st in p.shared_notices():
        assert st.notice is not None
        if app.stage in (st.id, st.notice.objection_stage):
            return st, st.notice
    return None


def _national_stage(p: Programme, app: Application) -> tuple[Stage, NoticePeriod] | None:
    """The national office's own notice stage (one per application) the application is in, or held out of."""
    for st in p.stages:
        period = st.notice
        if period and period.shared is NoticeScope.APPLICATION and period.objection_stage:
            if app.stage in (st.id, period.objection_stage):
                return st, period
    return None


def _national_period(
    ws: Workspace, s: Session, app: Application, stage: Stage, period: NoticePeriod
) -> tuple[date, date]:
    """A national notice's first and last day: from the application's latest entry into the stage, to the
    day its timer ends it (the timer of that entry, pending, or cancelled by the objection that holds it)."""
    entered = s.scalar(select(func.max(Event.at)).where(Event.application_id == app.id, Event.to_stage == stage.id))
    timer = s.scalars(
        select(Timer)
        .where(Timer.application_id == app.id, Timer.event == period.on_end)
        .order_by(Timer.id.desc())
        .limit(1)
    ).first()
    start = notices.first_day(ws.workdays, entered.date() if entered else ws.clock.now().date())
    last = (
        day_of_deadline(timer.due_at)
        if timer is not None
        else notices.notice_last_day(ws.workdays, start, period.working_days)
    )
    return start, last


def _authorise(app: Application, actor: Actor, what: str, role: Role = Role.PROVINCE) -> None:
    verdict = authority_verdict(actor, subject_of(app), [role])
    if not verdict.ok:
        raise Refused(f"{actor} may not {what} on application {app.id}", [verdict])


def _rule(period: NoticePeriod) -> str:
    return period.rule or "NOTICE"


def _outside_period(day: date, first: date, last: date, period: NoticePeriod) -> Refused:
    """The refusal of an objection received outside its notice's period (a province's or the national office's)."""
    return Refused(
        f"the objection was received on {day}, outside the notice period",
        [
            Verdict(
                False,
                _rule(period),
                f"异议应在公示期内提出（公示期{first:%Y年%-m月%-d日}至{last:%Y年%-m月%-d日}），"
                f"{day:%Y年%-m月%-d日}不在公示期内",
                f"objections are filed within the notice period ({first} to {last}); {day} is outside it",
            )
        ],
    )


def file_objection(
    ws: Workspace,
    app_id: int,
    actor: Actor,
    objector: Objector,
    content: str,
    evidence: list[Path] | None = None,
    stamped: Path | None = None,
    received: date | None = None,
) -> ObjectionView:
    """Record an objection received by the province during the notice; the notice is held from that day."""
    files: list[Evidence] = []
    for path in evidence or []:
        _, data, kind = _scan(path, "evidence")
        files.append(("evidence", path.name, data, kind))
    if stamped is not None:
        _, data, kind = _scan(stamped, "stamped")
        files.append(("stamped-scan", stamped.name, data, kind))
    return record_objection(ws, app_id, actor, objector, content, files, received)


def record_objection(
    ws: Workspace,
    app_id: int,
    actor: Actor,
    objector: Objector,
    content: str,
    files: list[Evidence],
    received: date | None = None,
    receipt: str | None = None,
    recorded_by: str | None = None,
    request_key: str | None = None,
) -> ObjectionView:
    """The record itself, whichever way the objection came (an office's desk or the public form), to the
    notice the application is under: a province's shared one, or a national one (then ``actor`` is national).

    ``request_key``: the public form's idempotency key; the same form sent again answers the objection it
    recorded the first time and records nothing (two sent at once: the unique key lets one in)."""
    who, content = checked_objection(objector, content, files)
    today = ws.clock.now().date()
    day = received or today
    if day > today:
        raise BadInput(f"收到日期 {day} 晚于今天（{today}）", field="received", code="in_the_future")
    with ws.transaction(write=True) as s:
        done = s.scalar(select(Objection).where(Objection.request_key == request_key)) if request_key else None
        if done is not None:
            return _view(s, cycle_programme(get_application(s, done.application_id).cycle), done)
        app = get_application(s, app_id)
        p = cycle_programme(app.cycle)
        national = _national_stage(p, app)
        if national is not None:
            _authorise(app, actor, "record objections to a national notice", Role.NATIONAL)
            return _record_national(
                ws, s, p, app, actor, who, content, files, day, receipt, recorded_by, national, request_key
            )
        _authorise(app, actor, "record objections")
        found = _notice_stage(p, app)
        if found is None:
            rule = next((st.notice.rule for st in p.shared_notices() if st.notice and st.notice.rule), "NOTICE")
            raise Refused(
                f"application {app.id} is not under public notice",
                [
                    Verdict(
                        False,
                        rule,
                        f"该申报不在公示期内（当前阶段：{p.stage(app.stage).title}），不能登记异议",
                        f"application {app.id} is not under public notice (stage {app.stage})",
                    )
                ],
            )
        stage, period = found
        notice = notices.notice_of(s, app.id, stage.id)
        assert notice is not None  # an application enters a shared notice stage only through its notice
        last = notice.last_day if notice.status != NoticeStatus.HELD else today
        if not notice.published_on <= day <= last:
            raise _outside_period(day, notice.published_on, notice.last_day, period)
        row = _add(ws, s, app, who, content, day, files, receipt, recorded_by or str(actor), notice_id=notice.id,
                   request_key=request_key)  # fmt: skip
        notices.hold(ws.workdays, s, notice, day, period)
        if app.stage == stage.id:
            fire_in_session(ws, s, app, "object", actor, reason=_object_reason(who, day, content))
        s.flush()
        return _view(s, p, row)


def _object_reason(who: Objector, day: date, content: str) -> str:
    """The move's reason in the history the applicant reads: never who objected (only the office handling it
    sees the objector, on its objection desk)."""
    kind = ObjectorKind(who.kind).label
    return f"收到{kind}异议（{day:%Y-%m-%d}），公示暂停，待核实处理"[:500]


def _add(
    ws: Workspace, s: Session, app: Application, who: Objector, content: str, day: date, files: list[Evidence],
    receipt: str | None, recorded_by: str, **notice: object,
) -> Objection:  # fmt: skip
    """The objection row and its files; ``notice`` says which notice (a shared one's id, or a national stage)."""
    row = Objection(
        application_id=app.id,
        objector_kind=who.kind,
        objector_name=who.name,
        objector_unit=who.unit,
        objector_phone=who.phone,
        content=content,
        received_on=day,
        recorded_at=ws.clock.now(),
        recorded_by=recorded_by,
        status=ObjectionStatus.OPEN,
        receipt=receipt,
        **notice,
    )
    s.add(row)
    s.flush()
    for role, name, data, kind in files:
        s.add(
            ObjectionFile(
                objection_id=row.id,
                role=role,
                stored_name=f"{uuid.uuid4().hex}{SUFFIX[kind]}",
                original_name=name,
                media_type=kind,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                content=keep_bytes(ws.url, data, name),  # None: in the file store
            )
        )
    return row


def _record_national(
    ws: Workspace, s: Session, p: Programme, app: Application, actor: Actor, who: Objector, content: str,
    files: list[Evidence], day: date, receipt: str | None, recorded_by: str | None,
    found: tuple[Stage, NoticePeriod], request_key: str | None = None,
) -> ObjectionView:  # fmt: skip
    """An objection to one of the national office's own notices: inside its period (any day while an objection
    already holds it), recorded, and the application moved to the objection stage, whose end stops the notice."""
    stage, period = found
    start, last = _national_period(ws, s, app, stage, period)
    held = app.stage != stage.id
    if not start <= day <= (ws.clock.now().date() if held else last):
        raise _outside_period(day, start, last, period)
    row = _add(ws, s, app, who, content, day, files, receipt, recorded_by or str(actor),
               notice_stage=stage.id, notice_from=start, notice_last_day=last, request_key=request_key)  # fmt: skip
    if not held:
        fire_in_session(ws, s, app, "object", actor, reason=_object_reason(who, day, content))
    s.flush()
    return _view(s, p, row)


def resolve_objection(
    ws: Workspace, objection_id: int, actor: Actor, outcome: ObjectionOutcome, reasons: str, handler: str
) -> ObjectionView:
    """Record who handled an objection and the outcome with reasons; the last one resolved releases the notice."""
    # the reasons as the form and the API name them; the handler is a person, so a letter must remain
    reasons, handler = _text(reasons, "reasons", multiline=True), person_or_unit_name(handler, "handler", 100)
    with ws.transaction(write=True) as s:
        row = s.get(Objection, objection_id)
        if row is None:
            raise BadInput("没有这件异议", field="objection")
        app = get_application(s, row.application_id)
        national = row.notice_id is None
        _authorise(app, actor, "resolve objections", Role.NATIONAL if national else Role.PROVINCE)
        if row.status != ObjectionStatus.OPEN:
            raise BadInput(f"这件异议已于{row.resolved_at:%Y年%-m月%-d日}处理完毕", field="objection")
        p = cycle_programme(app.cycle)
        notice = s.get(PublicNotice, row.notice_id) if row.notice_id is not None else None
        period = p.stage(notice.stage if notice else row.notice_stage or "").notice
        assert period is not None
        row.status, row.outcome, row.reasons, row.handler = ObjectionStatus.RESOLVED, outcome, reasons, handler
        row.resolved_at, row.resolved_by = ws.clock.now(), str(actor)
        s.flush()
        today = ws.clock.now().date()
        if notice is not None and not _open(s, Objection.notice_id == notice.id):
            notices.release(ws.workdays, s, notice, today, period, except_app=app.id)
        if not _open(s, Objection.application_id == app.id) and app.stage == period.objection_stage:
            upheld = _open(s, Objection.application_id == app.id, status=ObjectionStatus.RESOLVED, outcome="upheld")
            event = "uphold_objection" if upheld else "dismiss_objection"
            fire_in_session(
                ws, s, app, event, actor, reason=f"{ObjectionOutcome(outcome).label}（{handler}）：{reasons}"[:500]
            )
        s.flush()
        return _view(s, p, row)


def _open(s: Session, where: object, status: str = ObjectionStatus.OPEN, outcome: str | None = None) -> int:
    q = select(func.count(Objection.id)).where(where, Objection.status == status)  # type: ignore[arg-type]
    if outcome is not None:
        q = q.where(Objection.outcome == outcome)
    return s.scalar(q) or 0


def list_objections(
    ws: Workspace, cycle_id: int, province: str | None = None, application: int | None = None,
    national: bool | None = None,
) -> list[ObjectionView]:  # fmt: skip
    """The objections of a cycle, oldest first: to one province's notices, to the national office's own
    (``national=True``), or of one application."""
    with ws.transaction() as s:
        q = select(Objection).join(Application, Application.id == Objection.application_id)
        q = q.outerjoin(PublicNotice, PublicNotice.id == Objection.notice_id).where(Application.cycle_id == cycle_id)
        if province:
            q = q.where(PublicNotice.province_code == province)
        if national is not None:
            q = q.where(Objection.notice_id.is_(None) if national else Objection.notice_id.is_not(None))
        if application is not None:
            q = q.where(Objection.application_id == application)
        rows = list(s.scalars(q.order_by(Objection.id)))
        if not rows:
            return []
        p = cycle_programme(get_application(s, rows[0].application_id).cycle)
        return [_view(s, p, r) for r in rows]


def objection(ws: Workspace, objection_id: int) -> ObjectionView:
    """One objection as recorded (for the office that handles it; its objector included)."""
    with ws.transaction() as s:
        row = s.get(Objection, objection_id)
        if row is None:
            raise BadInput("没有这件异议", field="objection")
        return _view(s, cycle_programme(get_application(s, row.application_id).cycle), row)


def _view(s: Session, p: Programme, row: Objection) -> ObjectionView:
    app = get_application(s, row.application_id)
    notice = s.get(PublicNotice, row.notice_id) if row.notice_id is not None else None
    last: date | None
    if notice is not None:
        stage, start, last = notice.stage, notice.published_on, notice.last_day
        held = notice.status == NoticeStatus.HELD
    else:
        stage, start, last = row.notice_stage or "", row.notice_from or row.received_on, row.notice_last_day
        period = p.stage(stage).notice
        held = bool(period and app.stage == period.objection_stage and _open(s, Objection.application_id == app.id))
    files = s.scalars(select(ObjectionFile).where(ObjectionFile.objection_id == row.id).order_by(ObjectionFile.id))
    return ObjectionView(
        id=row.id,
        receipt=row.receipt,
        application=app.id,
        cycle=app.cycle_id,
        organisation=app.organisation.name,
        province=province_name(app.province_code),
        notice=notice.id if notice else None,
        national=notice is None,
        notice_stage=p.stage(stage).title,
        notice_from=start,
        notice_last_day=last or start,
        notice_held=held,
        objector_kind=row.objector_kind,
        objector_name=row.objector_name,
        objector_unit=row.objector_unit,
        objector_phone=row.objector_phone,
        content=row.content,
        received_on=row.received_on,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        status=row.status,
        outcome=row.outcome,
        reasons=row.reasons,
        handler=row.handler,
        resolved_at=row.resolved_at,
        files=[
            EvidenceRef(
                role=f.role,
                name=f.original_name,
                stored_as=f.stored_name,
                media_type=f.media_type,
                sha256=f.sha256,
                size=f.size,
            )
            for f in files
        ],
        stage=p.stage(app.stage).title,
    )


def handles(ws: Workspace, objection_id: int, role: Role, scope: str | None) -> bool:
    """May this office see the objection with its objector and files: the province whose notice it is held in,
    or the national office (its own notices', and every province's to watch). Never the party objected to."""
    with ws.transaction() as s:
        row = s.get(Objection, objection_id)
        if row is None:
            return False
        if role is Role.NATIONAL:
            return True
        if role is not Role.PROVINCE or row.notice_id is None:
            return False
        notice = s.get(PublicNotice, row.notice_id)
        return notice is not None and notice.province_code == scope


def objection_file(ws: Workspace, objection_id: int, number: int) -> tuple[str, str, Kept]:
    """(the name it was given, the role, the file) of an objection's ``number``-th file (1 first)."""
    with ws.transaction() as s:
        q = select(ObjectionFile).where(ObjectionFile.objection_id == objection_id).order_by(ObjectionFile.id)
        files = list(s.scalars(q))
        if not 1 <= number <= len(files):
            raise BadInput(f"file: 这件异议没有第{number}个附件")
        f = files[number - 1]
        return f.original_name, f.role, kept_file(ws.url, f.sha256, f.content, f.original_name)
