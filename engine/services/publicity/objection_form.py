"""An objection through the public form: checked by the one objector check every path uses (``objectors``), with
its evidence judged by content and required; limited per address; one receipt per form however often it is
sent. Recorded through the same record an office's desk uses (``objections.record_objection``); the objector is
never shown to the party."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from engine.definition.model import Role
from engine.files.scans import ScanType, sniff
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.publicity import objections
from engine.services.publicity.objections import ObjectionOutcome
from engine.services.publicity.objectors import Evidence, Objector, checked_objection
from engine.services.publicity.open_notices import _public, running_notice
from engine.services.publicity.published_copies import NATIONAL_OFFICE_ZH
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import Application, Cycle
from engine.store.round import (
    NoticeMember,
    Objection,
    PublicNotice,
    PublicSubmission,
)
from engine.store.workspace import Workspace
from policies.reference.provinces import province_name
from policies.verdict import Verdict

RATE_WINDOW = timedelta(hours=1)
MAX_PER_ADDRESS = 5  # objections through the public form per address and hour (ours: the notice sets no number)
MAX_EVIDENCE = 5
FORM = "public-form"  # how an objection filed through the public form is marked in the records
RECEIPT_DIGITS = 13  # hex digits after the date: with it, 24 characters, the column's width


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
    files = _checked_files(evidence, stamped)
    who, content = checked_objection(objector, content, files, evidence_required=True)  # before the rate counts
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
    # 52 random bits: the date is guessable, so 32 (as before) let a patient script find a day's receipts
    receipt = f"YY{ws.clock.now():%Y%m%d}-{secrets.token_hex(7).upper()[:RECEIPT_DIGITS]}"
    try:
        view = objections.record_objection(
            ws, app_id, actor, who, content, files, receipt=receipt, recorded_by=FORM, request_key=request_key
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
            outcome_zh=ObjectionOutcome(outcome).label if outcome else None,
            reasons=row.reasons,
            resolved_at=row.resolved_at,
        )
