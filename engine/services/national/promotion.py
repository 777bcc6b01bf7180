"""The record of promotion (总结推广): which demonstration unit or case was promoted where, and when.

Notice 004 §四(二)/(四) (B8): 适时组织经验交流、学习互鉴 … 加强对示范单位的经验总结和推广; notice 001 §三 (D7): 部分
优秀案例将分阶段通过全国知识产权宣传周和优秀案例发布会等多渠道宣传推广 … 向世界知识产权组织推送. Only a unit still
valid in the register, or a case selected into the collection, can be promoted; a WIPO push is for cases only.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from engine.kernel.errors import BadInput, FieldError, check_fields
from engine.kernel.text import is_one_line, normalise
from engine.machine.machine import Actor
from engine.services.programmes.cycles import cycle_programme
from engine.services.shared.reference_audit import national_only
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.cases import CaseRecord, PromotionRecord
from engine.store.core import Application, Organisation
from engine.store.registers import Recognition, RecognitionStatus
from engine.store.workspace import Workspace
from policies.labels import Labelled


class PromotionKind(Labelled):
    """How a unit or a case was promoted; each labelled with the words of the notice that names it."""

    EXCHANGE = "exchange", "经验交流、学习互鉴活动"
    PUBLICITY_WEEK = "publicity-week", "全国知识产权宣传周"
    RELEASE = "release", "优秀案例发布会"
    WIPO = "wipo", "向世界知识产权组织推送"


KIND_BY_ZH = {kind.label: kind for kind in PromotionKind}


class PromotionEntry(ServiceResult):
    """One subject promoted at one occasion."""

    id: int
    kind: str
    kind_zh: str
    title: str
    held_on: date
    subject_zh: str  # the unit or the case, in words
    recognition: int | None
    application: int | None
    note: str | None
    recorded_at: IsoDatetime


class PromotionRecorded(ServiceResult):
    kind: str
    title: str
    held_on: date
    entries: list[PromotionEntry]


def _kind(value: str, errors: list[FieldError]) -> PromotionKind | None:
    try:
        return PromotionKind(value)
    except ValueError:
        if value in KIND_BY_ZH:
            return KIND_BY_ZH[value]
    listed = "、".join(kind.label for kind in PromotionKind)
    errors.append(FieldError("kind", "unknown_kind", f"推广方式“{value}”不是{listed}之一"))
    return None


def _entry(row: PromotionRecord, subject_zh: str) -> PromotionEntry:
    kind = PromotionKind(row.kind)
    return PromotionEntry(
        id=row.id,
        kind=kind.value,
        kind_zh=kind.label,
        title=row.title,
        held_on=row.held_on,
        subject_zh=subject_zh,
        recognition=row.recognition_id,
        application=row.application_id,
        note=row.note,
        recorded_at=row.recorded_at,
    )


def record_promotion(
    ws: Workspace,
    actor: Actor,
    kind: str,
    title: str,
    held_on: date,
    recognitions: list[int] | None = None,
    cases: list[int] | None = None,
    note: str | None = None,
) -> PromotionRecorded:
    """Record one occasion of promotion for the units and cases it covered; all or nothing."""
    national_only(actor, "宣传推广记录", "the promotion record")
    recognitions, cases = sorted(set(recognitions or [])), sorted(set(cases or []))
    errors: list[FieldError] = []
    chosen = _kind(kind, errors)
    raw_title = (title or "").strip()
    clean_title = normalise(raw_title) if is_one_line(raw_title) else ""
    if not clean_title:
        errors.append(FieldError("title", "required", "请填写活动或推送的名称（一行文字）"))
    elif len(clean_title) > 200:
        errors.append(FieldError("title", "too_long", "名称至多 200 个字"))
    today = ws.clock.now().date()
    if held_on > today:
        errors.append(FieldError("held_on", "in_future", f"日期{held_on:%Y年%-m月%-d日}尚未到来：记录的是已开展的推广"))
    if not recognitions and not cases:
        errors.append(FieldError("subjects", "required", "请至少选择一个示范单位或一个案例"))
    if chosen is PromotionKind.WIPO and recognitions:
        errors.append(FieldError("recognitions", "cases_only", "向世界知识产权组织推送的是优秀案例，不是示范单位"))
    with ws.transaction(write=True) as s:
        subjects: list[tuple[int | None, int | None, str]] = []
        for rec_id in recognitions:
            row = s.get(Recognition, rec_id)
            if row is None:
                errors.append(FieldError("recognitions", "unknown", f"示范单位登记第{rec_id}号不存在"))
                continue
            org = s.get(Organisation, row.organisation_id)
            name = org.name if org else str(row.organisation_id)
            if row.status != RecognitionStatus.VALID:
                errors.append(FieldError("recognitions", "not_valid", f"{name}的示范单位资格已终止，不再推广"))
            subjects.append((rec_id, None, f"示范单位 {name}（{row.year}年）"))
        for app_id in cases:
            found = s.execute(
                select(Application, CaseRecord)
                .join(CaseRecord, CaseRecord.application_id == Application.id)
                .where(Application.id == app_id)
            ).first()
            if found is None:
                errors.append(FieldError("cases", "unknown", f"第{app_id}号不是案例征集的案例"))
                continue
            app, case = found
            call = cycle_programme(app.cycle).cases
            if call is None or app.stage not in call.publishable:
                errors.append(FieldError("cases", "not_selected", f"案例《{case.name}》尚未入选，推广的是入选案例"))
            subjects.append((None, app_id, f"案例《{case.name}》"))
        check_fields(errors)
        assert chosen is not None  # check_fields raised otherwise
        now = ws.clock.now()
        rows: list[tuple[PromotionRecord, str]] = []
        for unit_id, case_id, words in subjects:
            made = PromotionRecord(kind=chosen.value, title=clean_title, held_on=held_on, recognition_id=unit_id,
                                   application_id=case_id, note=normalise(note) if note else None, recorded_at=now,
                                   recorded_by=str(actor))  # fmt: skip
            s.add(made)
            rows.append((made, words))
        s.flush()
        return PromotionRecorded(
            kind=chosen.value, title=clean_title, held_on=held_on, entries=[_entry(r, w) for r, w in rows]
        )


def promotions(ws: Workspace, recognition: int | None = None, application: int | None = None) -> list[PromotionEntry]:
    """The record, newest occasion first: all of it, or one unit's or one case's."""
    with ws.transaction() as s:
        q = select(PromotionRecord).order_by(PromotionRecord.held_on.desc(), PromotionRecord.id)
        if recognition is not None:
            q = q.where(PromotionRecord.recognition_id == recognition)
        if application is not None:
            q = q.where(PromotionRecord.application_id == application)
        out = []
        for row in s.scalars(q):
            if row.recognition_id is not None:
                rec = s.get(Recognition, row.recognition_id)
                org = s.get(Organisation, rec.organisation_id) if rec else None
                words = f"示范单位 {org.name if org else row.recognition_id}"
            else:
                case = s.scalar(select(CaseRecord).where(CaseRecord.application_id == row.application_id))
                words = f"案例《{case.name if case else row.application_id}》"
            out.append(_entry(row, words))
        return out


def parse_held_on(value: str) -> date:
    """A date as a clerk writes it (2026-04-26); a bad one names the field."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"日期“{value}”不是日期（例如 2026-04-26）", field="held_on", code="invalid_date") from None


class PromotableSubject(ServiceResult):
    """A unit still valid in the register, or a selected case: what a promotion may be recorded for."""

    id: int  # the register row (a unit) or the case's application
    words: str


class Promotable(ServiceResult):
    """What the record form offers: every valid demonstration unit and every selected case."""

    units: list[PromotableSubject]
    cases: list[PromotableSubject]


def promotable(ws: Workspace) -> Promotable:
    """The units and cases a promotion may be recorded for (the same ones ``record_promotion`` accepts)."""
    with ws.transaction() as s:
        units = [
            PromotableSubject(id=rec.id, words=f"{org.name}（{rec.year}年认定）")
            for rec, org in s.execute(
                select(Recognition, Organisation)
                .join(Organisation, Organisation.id == Recognition.organisation_id)
                .where(Recognition.status == RecognitionStatus.VALID)
                .order_by(Recognition.year, Recognition.id)
            )
        ]
        cases = []
        for app, case in s.execute(
            select(Application, CaseRecord)
            .join(CaseRecord, CaseRecord.application_id == Application.id)
            .order_by(Application.id)
        ):
            call = cycle_programme(app.cycle).cases
            if call is not None and app.stage in call.publishable:
                cases.append(PromotableSubject(id=app.id, words=f"《{case.name}》（{app.cycle.edition}年）"))
        return Promotable(units=units, cases=cases)
