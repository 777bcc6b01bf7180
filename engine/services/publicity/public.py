"""What the public may see and do without logging in: running notices, an objection with its receipt,
the outcome by receipt, and the lists as the national office published them.

Nothing of an internal programme (C7: 此件不公开) is ever returned here, nor an objector's contact details,
nor a list the national office has not published. The public form's objection goes through the same
record as one an office enters (``objections.record_objection``), marked as from the public form: in the
province's name for a provincial notice (the notice says objections go to the provincial office), in the
national office's for one of its own notices (the definition's comment says why).
"""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.definition.model import NoticeScope, Programme, Role, Visibility
from engine.files.scans import ScanType, sniff
from engine.kernel.errors import BadInput, FieldError, Refused, check_fields
from engine.machine.machine import Actor
from engine.services.applications import notices
from engine.services.national import namelists
from engine.services.programmes.cycles import cycle_programme, day_of_deadline, get_cycle
from engine.services.publicity import objections
from engine.services.publicity.objections import OUTCOME_ZH, Evidence, ObjectionOutcome, Objector, ObjectorKind
from engine.services.results import IsoDatetime, ServiceResult
from engine.store.cases import PublishedEntry
from engine.store.core import Application, Cycle, Event, Timer, TimerStatus
from engine.store.round import (
    NoticeMember,
    NoticeStatus,
    Objection,
    ObjectionStatus,
    PublicNotice,
    PublicSubmission,
    PublishedListCopy,
)
from engine.store.workspace import Workspace
from policies.reference.provinces import province_name
from policies.verdict import Verdict

RATE_WINDOW = timedelta(hours=1)
MAX_PER_ADDRESS = 5  # objections through the public form per address and hour (ours: the notice sets no number)
MAX_CONTENT = 5000
MAX_EVIDENCE = 5
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,18}[0-9]$")
FORM = "public-form"  # how an objection filed through the public form is marked in the records
LIST_FORMATS = ("docx", "xlsx")
NATIONAL_OFFICE_ZH = "国家知识产权局"
RECEIPT_DIGITS = 13  # hex digits after the date: with it, 24 characters, the column's width


class NoticedUnit(ServiceResult):
    """An application under a notice, as the public sees it: the unit, its category."""

    application: int
    organisation: str
    category: str
    held: bool = False  # its notice (a national one, of this unit alone) is held by an objection being verified


class RunningNotice(ServiceResult):
    """A public notice (公示) now running: whose, which stage, its period and the working days left."""

    key: str  # "p12" a province's shared notice; "n3-selection_notice-2026-05-08" a national one
    kind: str  # provincial | national
    cycle: int
    programme: str
    edition: int
    province: str | None
    stage: str
    published_on: date
    last_day: date
    days_left: int
    held: bool
    objection_form: bool  # the public form takes objections to this notice
    units: list[NoticedUnit]


class PublicReceipt(ServiceResult):
    """What the objector is given: the receipt number to look the outcome up with."""

    receipt: str
    application: int
    organisation: str
    received_on: date
    notice_last_day: date
    office: str  # who verifies and decides it: the province's office, or the national office for its notices


class PublicOutcome(ServiceResult):
    """An objection's progress by its receipt: never who filed it or how to reach them."""

    receipt: str
    organisation: str
    province: str
    office: str  # the office handling it (省级知识产权局 or 国家知识产权局)
    received_on: date
    status: str  # open | resolved
    outcome: str | None
    outcome_zh: str | None
    reasons: str | None
    resolved_at: IsoDatetime | None


class PublishedCopy(ServiceResult):
    """A list as the national office published it: title, 文号, how many units, when."""

    id: int
    cycle: int
    programme: str
    kind: str
    version: int
    title: str
    document: str
    units: int
    published_at: IsoDatetime
    changes: list[namelists.ListChange] = []  # a correction (更正): who it struck off since the version before, and why
    versions: list[int] = []  # every version's id, oldest first (filled where the page lists them)


class CaseCollection(ServiceResult):
    """A published case list (入选案例名单) of a public programme's edition."""

    programme: str
    programme_title: str
    edition: int
    title: str
    cases: list[tuple[int, str, str]]  # 序号, 案例名称, 案例摘要


def _public(p: Programme) -> bool:
    return p.visibility is Visibility.PUBLIC


def _working_days_left(ws: Workspace, today: date, last_day: date) -> int:
    """Working days from today to the last day, both counted (0 once it has passed)."""
    return notices.working_days_between(ws.workdays, today - timedelta(days=1), last_day)


def _units(s: Session, p: Programme, apps: list[Application], held: frozenset[int] = frozenset()) -> list[NoticedUnit]:
    names = {c.id: c.name for c in p.categories}
    return [
        NoticedUnit(
            application=a.id,
            organisation=a.organisation.name,
            category=names.get(a.category, a.category),
            held=a.id in held,
        )  # fmt: skip
        for a in apps
    ]


def _provincial(ws: Workspace, s: Session, today: date, notice: PublicNotice, cycle: Cycle) -> RunningNotice | None:
    p = cycle_programme(cycle)
    stage = p.stage(notice.stage)
    objection_stage = stage.notice.objection_stage if stage.notice else None
    q = (
        select(Application)
        .join(NoticeMember, NoticeMember.application_id == Application.id)
        .where(NoticeMember.notice_id == notice.id, Application.stage.in_([notice.stage, objection_stage or ""]))
        .order_by(Application.id)
    )
    apps = list(s.scalars(q))
    held = notice.status == NoticeStatus.HELD
    if not apps or (not held and notice.last_day < today):
        return None
    return RunningNotice(
        key=f"p{notice.id}",
        kind="provincial",
        cycle=cycle.id,
        programme=p.title,
        edition=cycle.edition,
        province=province_name(notice.province_code),
        stage=stage.title,
        published_on=notice.published_on,
        last_day=notice.last_day,
        days_left=(notice.days_left or 0) if held else _working_days_left(ws, today, notice.last_day),
        held=held,
        objection_form=notice.published_on <= today,
        units=_units(s, p, apps),
    )


def _national(ws: Workspace, s: Session, today: date) -> list[RunningNotice]:
    """Notices of one application each (selection, acceptance): grouped by cycle, stage and last day."""
    rows = s.execute(
        select(Timer, Application)
        .join(Application, Application.id == Timer.application_id)
        .where(Timer.status == TimerStatus.PENDING, Timer.event == "end_notice")
        .order_by(Timer.due_at, Application.id)
    ).all()
    groups: dict[tuple[int, str, date], list[Application]] = {}
    for timer, app in rows:
        if app.stage in timer.stages and not app.stage.startswith("provincial"):
            groups.setdefault((app.cycle_id, app.stage, day_of_deadline(timer.due_at)), []).append(app)
    # a unit whose own notice an objection holds stays listed with the notice it was published in, marked held
    held_rows = s.execute(
        select(Objection, Application)
        .join(Application, Application.id == Objection.application_id)
        .where(Objection.notice_id.is_(None), Objection.status == ObjectionStatus.OPEN)
        .order_by(Objection.id)
    ).all()
    held: set[int] = set()
    for objection, app in held_rows:
        period = cycle_programme(app.cycle).stage(objection.notice_stage or "").notice
        if app.id not in held and period and app.stage == period.objection_stage and objection.notice_last_day:
            held.add(app.id)
            key = (app.cycle_id, objection.notice_stage or "", objection.notice_last_day)
            groups.setdefault(key, []).append(app)
    out = []
    for (cycle_id, stage_id, last_day), apps in groups.items():
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        stage = p.stage(stage_id)
        if not _public(p) or stage.notice is None or stage.notice.shared is not NoticeScope.APPLICATION:
            continue
        entered = s.scalar(
            select(func.max(Event.at)).where(Event.application_id.in_([a.id for a in apps]), Event.to_stage == stage_id)
        )
        published = notices.first_day(ws.workdays, entered.date() if entered else today)
        out.append(
            RunningNotice(
                key=f"n{cycle_id}-{stage_id}-{last_day.isoformat()}",
                kind="national",
                cycle=cycle_id,
                programme=p.title,
                edition=cycle.edition,
                province=None,
                stage=stage.title,
                published_on=published,
                last_day=last_day,
                days_left=_working_days_left(ws, today, last_day),
                held=all(a.id in held for a in apps),
                objection_form=stage.notice.objection_stage is not None and published <= today,
                units=_units(s, p, sorted(apps, key=lambda a: a.id), frozenset(held)),
            )
        )
    return out


def running_notices(ws: Workspace) -> list[RunningNotice]:
    """Every notice now running (or held by an objection) of a public programme, provincial ones first."""
    today = ws.clock.now().date()
    out: list[RunningNotice] = []
    with ws.transaction() as s:
        rows = s.execute(
            select(PublicNotice, Cycle)
            .join(Cycle, Cycle.id == PublicNotice.cycle_id)
            .where((PublicNotice.status == NoticeStatus.HELD) | (PublicNotice.last_day >= today))
            .order_by(PublicNotice.province_code, PublicNotice.published_on, PublicNotice.id)
        ).all()
        for notice, cycle in rows:
            if not _public(cycle_programme(cycle)):
                continue
            found = _provincial(ws, s, today, notice, cycle)
            if found is not None:
                out.append(found)
        out += _national(ws, s, today)
    return out


def running_notice(ws: Workspace, key: str) -> RunningNotice | None:
    """One running notice by its key, or None (also for a notice of an internal programme, or one that ended)."""
    return next((n for n in running_notices(ws) if n.key == key), None)


def _provincial_notice(ws: Workspace, key: str) -> tuple[int, str, date]:
    """The notice's id, province and last day, for a key the form may take objections to."""
    if not re.fullmatch(r"p[0-9]{1,9}", key):
        raise BadInput(f"“{key}”不是省级公示的编号", field="notice", code="unknown_notice")
    with ws.transaction() as s:
        notice = s.get(PublicNotice, int(key[1:]))
        if notice is None or not _public(cycle_programme(get_cycle(s, notice.cycle_id))):
            raise BadInput(f"没有编号为 {key} 的公示", field="notice", code="unknown_notice")
        return notice.id, notice.province_code, notice.last_day


def _national_notice(ws: Workspace, key: str, app_id: int) -> None:
    """Check a national notice's key for the form: one that is running, with the application under it; one
    whose last day has passed is refused with its rule, as a provincial notice's late objection is."""
    found = re.fullmatch(r"n([0-9]{1,9})-([a-z0-9_]{1,40})-([0-9]{4}-[0-9]{2}-[0-9]{2})", key)
    if found is None:
        raise BadInput(f"“{key}”不是公示的编号", field="notice", code="unknown_notice")
    try:
        last_day = date.fromisoformat(found.group(3))
    except ValueError:
        raise BadInput(f"“{key}”不是公示的编号", field="notice", code="unknown_notice") from None
    today = ws.clock.now().date()
    notice = running_notice(ws, key)
    if notice is None and last_day < today:
        with ws.transaction() as s:
            cycle = s.get(Cycle, int(found.group(1)))
            p = cycle_programme(cycle) if cycle is not None else None
        stage = next((st for st in p.stages if st.id == found.group(2)), None) if p and _public(p) else None
        if stage is None or stage.notice is None:
            raise BadInput(f"没有编号为 {key} 的公示", field="notice", code="unknown_notice")
        raise Refused(
            f"notice {key} ended on {last_day}",
            [
                Verdict(
                    False,
                    stage.notice.rule or "NOTICE",
                    f"异议应在公示期内提出（公示期至{last_day:%Y年%-m月%-d日}），{today:%Y年%-m月%-d日}不在公示期内",
                    f"objections are filed within the notice period (to {last_day}); {today} is outside it",
                )
            ],
        )
    if notice is None:
        raise BadInput(f"没有编号为 {key} 的公示", field="notice", code="unknown_notice")
    if app_id not in {u.application for u in notice.units}:
        raise BadInput("所选单位不在本次公示之列", field="application", code="not_under_notice")


def _checked_files(evidence: list[tuple[str, bytes]], stamped: tuple[str, bytes] | None) -> list[Evidence]:
    out: list[Evidence] = []
    given = [("evidence", name, data) for name, data in evidence if data]
    if stamped is not None and stamped[1]:
        given.append(("stamped-scan", stamped[0], stamped[1]))
    if len(given) > MAX_EVIDENCE + 1:
        raise BadInput(f"证明材料最多 {MAX_EVIDENCE} 个文件", field="evidence", code="too_many")
    for role, name, data in given:
        kind: ScanType | None = sniff(data)
        if kind is None:
            field = "stamped" if role == "stamped-scan" else "evidence"
            raise BadInput(f"“{name}”不是 PDF 或图片（按文件内容判断）", field=field, code="not_a_scan")
        out.append((role, name, data, kind))
    return out


def _rate(ws: Workspace, address: str) -> None:
    """Refuse a sixth filing within the hour from one address; the attempt itself is kept either way."""
    now = ws.clock.now()
    with ws.transaction(write=True) as s:
        n = s.scalar(
            select(func.count(PublicSubmission.id)).where(
                PublicSubmission.address == address[:64], PublicSubmission.at >= now - RATE_WINDOW
            )
        )
        if (n or 0) >= MAX_PER_ADDRESS:
            too_many = True
        else:
            too_many = False
            s.add(PublicSubmission(address=address[:64], at=now, ok=False))
    if too_many:
        raise Refused(
            "too many objections from this address",
            [
                Verdict(
                    False,
                    "OBJECTION-RATE",
                    "提交过于频繁，请一小时后再试",
                    f"more than {MAX_PER_ADDRESS} objections from one address within an hour; try again later",
                )
            ],
        )


def file_public_objection(
    ws: Workspace,
    notice_key: str,
    app_id: int,
    objector: Objector,
    content: str,
    evidence: list[tuple[str, bytes]],
    stamped: tuple[str, bytes] | None,
    address: str,
    request_key: str | None = None,
) -> PublicReceipt:
    """An objection from the public form: named, reachable, with evidence, inside the period; a unit's stamped.

    The form carries a ``request_key`` of its own: the same form sent twice (a double click, a reload, a retry
    after a timeout) answers the first one's receipt and records nothing more."""
    if request_key:
        earlier = _filed_with(ws, request_key)
        if earlier is not None:
            return earlier
    errors = []
    if not objector.name.strip() or len(objector.name.strip()) > 50:
        errors.append(FieldError("name", "required", "请填写真实姓名（50 字以内）"))
    if objector.kind is ObjectorKind.UNIT and not objector.unit.strip():
        errors.append(FieldError("unit", "required", "以单位名义提出异议的，请填写单位名称"))
    if not PHONE.match(objector.phone.strip()):
        errors.append(FieldError("phone", "invalid_phone", "请填写可以联系到您的电话号码（数字、空格、- 或开头的 +）"))
    if not content.strip() or len(content) > MAX_CONTENT:
        errors.append(FieldError("content", "required", f"请写明异议内容，{MAX_CONTENT} 字以内"))
    check_fields(errors)
    files = _checked_files(evidence, stamped)
    if not any(f[0] == "evidence" for f in files):
        raise BadInput("请提供证明材料（PDF 或图片）", field="evidence", code="required")
    if objector.kind is ObjectorKind.UNIT and not any(f[0] == "stamped-scan" for f in files):
        raise BadInput("以单位名义提出的异议须附加盖公章的扫描件", field="stamped", code="required")
    if notice_key.startswith("n"):
        _national_notice(ws, notice_key, app_id)
        actor = Actor(Role.NATIONAL, account=FORM)  # CNIPA's own notice: the objection goes to CNIPA
    else:
        notice_id, province, _ = _provincial_notice(ws, notice_key)
        with ws.transaction() as s:
            member = s.scalar(
                select(NoticeMember.id).where(
                    NoticeMember.notice_id == notice_id, NoticeMember.application_id == app_id
                )
            )
        if member is None:
            raise BadInput("所选单位不在本次公示之列", field="application", code="not_under_notice")
        actor = Actor(Role.PROVINCE, province, account=FORM)
    _rate(ws, address)
    who = Objector(
        objector.name.strip(),
        objector.unit.strip() if objector.kind is ObjectorKind.UNIT else "个人",
        objector.phone.strip(),
        objector.kind,
    )
    # 52 random bits: the date is guessable, so 32 (as before) let a patient script find a day's receipts
    receipt = f"YY{ws.clock.now():%Y%m%d}-{secrets.token_hex(7).upper()[:RECEIPT_DIGITS]}"
    try:
        view = objections.record_objection(
            ws, app_id, actor, who, content.strip(), files, receipt=receipt, recorded_by=FORM, request_key=request_key
        )
    except IntegrityError:  # the same form, sent at the same moment, was recorded by the other request
        earlier = _filed_with(ws, request_key) if request_key else None
        if earlier is None:
            raise
        return earlier
    with ws.transaction(write=True) as s:
        last = s.scalars(
            select(PublicSubmission)
            .where(PublicSubmission.address == address[:64])
            .order_by(PublicSubmission.id.desc())
        ).first()
        if last is not None:
            last.ok = True
    return _receipt_of(view)


def _receipt_of(view: objections.ObjectionView) -> PublicReceipt:
    return PublicReceipt(
        receipt=view.receipt or "",
        application=view.application,
        organisation=view.organisation,
        received_on=view.received_on,
        notice_last_day=view.notice_last_day,
        office=_office(view.national, view.province),
    )


def _filed_with(ws: Workspace, request_key: str) -> PublicReceipt | None:
    """The receipt of the objection the form with this key recorded, if one did."""
    with ws.transaction() as s:
        found = s.scalar(select(Objection.id).where(Objection.request_key == request_key))
    return None if found is None else _receipt_of(objections.objection(ws, found))


def _office(national: bool, province: str) -> str:
    return NATIONAL_OFFICE_ZH if national else f"{province}知识产权局"


def objection_outcome(ws: Workspace, receipt: str) -> PublicOutcome | None:
    """The objection's progress by receipt number, or None for a number that was never given."""
    receipt = receipt.strip().upper()
    if not re.fullmatch(r"YY[0-9]{8}-(?:[0-9A-F]{8}|[0-9A-F]{13})", receipt):  # 8: the receipts given before
        return None
    with ws.transaction() as s:
        row = s.scalar(select(Objection).where(Objection.receipt == receipt))
        if row is None:
            return None
        app = s.get(Application, row.application_id)
        assert app is not None
        outcome = ObjectionOutcome(row.outcome) if row.outcome else None
        return PublicOutcome(
            receipt=receipt,
            organisation=app.organisation.name,
            province=province_name(app.province_code),
            office=_office(row.notice_id is None, province_name(app.province_code)),
            received_on=row.received_on,
            status=row.status,
            outcome=row.outcome,
            outcome_zh=OUTCOME_ZH[outcome] if outcome else None,
            reasons=row.reasons,
            resolved_at=row.resolved_at,
        )


# --- published lists ---------------------------------------------------------------------------------


def _copy_view(row: PublishedListCopy, p: Programme) -> PublishedCopy:
    return PublishedCopy(
        id=row.id,
        cycle=row.cycle_id,
        programme=p.title,
        kind=row.kind,
        version=row.version,
        title=row.title,
        document=row.document,
        units=row.units,
        published_at=row.published_at,
        changes=[namelists.ListChange.model_validate(c) for c in row.changes or []],
    )


def publish_list_copy(ws: Workspace, cycle_id: int, kind: str, actor: Actor) -> PublishedCopy:
    """Publish one of the cycle's lists on the public pages: rendered by ``list publish`` as a page, docx and xlsx,
    and kept as it was. A later disqualification, cancellation or revocation adds a corrected version (更正)."""
    row = namelists.publish_copy(ws, cycle_id, kind, actor)
    with ws.transaction() as s:
        return _copy_view(row, cycle_programme(get_cycle(s, cycle_id)))


def published_lists(ws: Workspace) -> list[PublishedCopy]:
    """The latest published version of each list of a public programme, newest first."""
    with ws.transaction() as s:
        rows = s.execute(
            select(PublishedListCopy, Cycle)
            .join(Cycle, Cycle.id == PublishedListCopy.cycle_id)
            .order_by(PublishedListCopy.published_at.desc(), PublishedListCopy.id.desc())
        ).all()
        seen: set[tuple[int, str]] = set()
        out = []
        for row, cycle in rows:
            p = cycle_programme(cycle)
            if not _public(p) or (row.cycle_id, row.kind) in seen:
                continue
            seen.add((row.cycle_id, row.kind))
            out.append(_copy_view(row, p))
        return out


def published_copy(
    ws: Workspace, copy_id: int
) -> tuple[PublishedCopy, list[namelists.ListGroupView], dict[str, bytes]] | None:
    """A published list's record, its rows by category and its files (docx, xlsx, html); None if not public."""
    with ws.transaction() as s:
        row = s.get(PublishedListCopy, copy_id)
        if row is None:
            return None
        p = cycle_programme(get_cycle(s, row.cycle_id))
        if not _public(p):
            return None
        groups = [namelists.ListGroupView.model_validate(g) for g in row.groups]
        versions = s.scalars(
            select(PublishedListCopy.id)
            .where(PublishedListCopy.cycle_id == row.cycle_id, PublishedListCopy.kind == row.kind)
            .order_by(PublishedListCopy.version)
        ).all()
        view = _copy_view(row, p).model_copy(update={"versions": list(versions)})
        return view, groups, {"docx": row.docx, "xlsx": row.xlsx, "html": row.html.encode()}


def case_collections(ws: Workspace) -> list[CaseCollection]:
    """Published case lists, an internal programme's too: its outcome is public once published (C7; seed 002)."""
    with ws.transaction() as s:
        entries = list(
            s.scalars(
                select(PublishedEntry).order_by(
                    PublishedEntry.programme_id, PublishedEntry.edition, PublishedEntry.number
                )
            )
        )
        programmes: dict[str, Programme | None] = {}
        found: dict[tuple[str, int], tuple[Programme, str, list[tuple[int, str, str]]]] = {}
        for e in entries:
            if e.programme_id not in programmes:
                cycle = s.scalars(select(Cycle).where(Cycle.programme_id == e.programme_id).limit(1)).first()
                programmes[e.programme_id] = cycle_programme(cycle) if cycle else None
            p = programmes[e.programme_id]
            if p is None:  # C7: an internal call's outcome is public once published, as seed 002 was
                continue
            found.setdefault((e.programme_id, e.edition), (p, e.list_title, []))[2].append(
                (e.number, e.name, e.abstract)
            )
        return [
            CaseCollection(programme=p.id, programme_title=p.title, edition=edition, title=title, cases=cases)
            for (_, edition), (p, title, cases) in found.items()
        ]
