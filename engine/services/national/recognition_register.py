"""The register of demonstration units (示范单位): one row per recognition, whatever its origin.

A row is written when an application enters its programme's register stage (the 2025 cycle's
``recognised``, the 2023 programme's ``designated`` for its demonstration categories) or when an
earlier list is imported. B5 reads the register; 摘牌 (B9, on an effectiveness evaluation) and
cancellation for fraud (B10) end a row, audited in ``recognition_change``, which the scheduler's
tick turns into mail to the unit and its province. An application still in a stage its programme
can revoke or disqualify from follows the register (its event is fired in the same transaction).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.loader import programme_from_snapshot
from engine.definition.model import Programme
from engine.files.spreadsheet import Column, Sheet, write_workbook
from engine.kernel.clock import to_china_naive
from engine.kernel.errors import BadInput, Refused
from engine.kernel.text import free_text
from engine.machine.machine import Actor, machine_for
from engine.services.applications.stage_moves import fire_in_session, get_application
from engine.services.national import namelists
from engine.services.programmes.programme_definitions import latest_version
from engine.services.shared.reference_audit import national_only, source_name
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import Organisation, ProgrammeVersion
from engine.store.evaluation import EvaluationRecord, Purpose
from engine.store.locks import hold
from engine.store.registers import Recognition, RecognitionChange, RecognitionOrigin, RecognitionStatus
from engine.store.workspace import Workspace
from policies.labels import label_of
from policies.reference.provinces import province_name, province_of
from policies.verdict import Verdict

REVOCATION_GUARD = "revocation-recorded"
B9_ZH = "对不符合要求的示范单位，及时取消资格，予以摘牌"
B10_ZH = "对存在弄虚作假的，一经发现并核实，将取消申报、创建、示范等相应资格"


class RecognitionView(ServiceResult):
    """A row of the register as users read it."""

    id: int
    organisation: str
    organisation_id: int
    province_code: str | None
    province: str
    programme: str
    category: str
    category_name: str
    year: int
    origin: str
    source: str
    source_label: str  # the source in words, for a sheet: 本系统办理 with the programme, or the imported file
    cycle: int | None
    application: int | None
    status: str
    ended_at: IsoDatetime | None = None
    ended_reason: str | None = None


class RecognitionEnded(ServiceResult):
    """A register row after 摘牌 or cancellation, with the application's move when one followed."""

    recognition: RecognitionView
    change_id: int
    evaluation: int | None
    application_moved_to: str | None


def _programmes(s: Session) -> dict[str, Programme]:
    ids = sorted(set(s.scalars(select(ProgrammeVersion.programme_id))))
    return {pid: programme_from_snapshot(latest_version(s, pid).text) for pid in ids}


def _view(
    r: Recognition, org: Organisation, programmes: dict[str, Programme], ended: RecognitionChange | None
) -> RecognitionView:
    p = programmes.get(r.programme_id)
    cat = p.category(r.category) if p else None
    code = province_of(org.division_code)
    return RecognitionView(
        id=r.id,
        organisation=org.name,
        organisation_id=org.id,
        province_code=code,
        province=province_name(code, "") if code else "",
        programme=r.programme_id,
        category=r.category,
        category_name=cat.name if cat else r.category,
        year=r.year,
        origin=r.origin,
        source=r.source,
        source_label=(
            f"{p.title if p else r.programme_id}（本系统办理）"
            if r.origin == RecognitionOrigin.CYCLE
            else f"导入名单（{source_name(r.source)}）"
        ),
        cycle=r.cycle_id,
        application=r.application_id,
        status=r.status,
        ended_at=ended.at if ended else None,
        ended_reason=ended.reason if ended else None,
    )


def _last_change(s: Session, rec_id: int) -> RecognitionChange | None:
    q = (
        select(RecognitionChange)
        .where(RecognitionChange.recognition_id == rec_id)
        .order_by(RecognitionChange.id.desc())
    )
    return s.scalars(q.limit(1)).first()


def list_recognitions(
    ws: Workspace, category: str | None = None, province: str | None = None, status: str | None = None
) -> list[RecognitionView]:
    """Every row of the register, oldest first; filters by category id, province code or name, status."""
    if status is not None and status not in set(RecognitionStatus):
        raise BadInput(f"{status!r} is not one of {', '.join(RecognitionStatus)}", field="status")
    with ws.transaction() as s:
        programmes = _programmes(s)
        rows = s.execute(
            select(Recognition, Organisation).join(Organisation).order_by(Recognition.year, Recognition.id)
        )
        out = []
        for r, org in rows:
            if category is not None and r.category != category:
                continue
            if status is not None and r.status != status:
                continue
            view = _view(r, org, programmes, None if r.status == RecognitionStatus.VALID else _last_change(s, r.id))
            if (
                province is not None
                and province not in (view.province_code, view.province)
                and not (view.province and view.province.startswith(province))
            ):
                continue
            out.append(view)
        return out


def write_register_xlsx(views: list[RecognitionView], out: Path, office: str, now: datetime) -> Path:
    """The register as a sheet (one row per unit, status and source in words)."""
    columns = [
        Column("单位名称", max_width=36),
        Column("所在省份", max_width=12),
        Column("类别", max_width=30),
        Column("认定年度", "int", min_width=8),
        Column("来源", max_width=30),
        Column("状态", max_width=12),
        Column("摘牌/取消原因", max_width=36),
        Column("摘牌/取消日期", "date"),
    ]
    rows = [
        [v.organisation, v.province, v.category_name, v.year, v.source_label,
         label_of(RecognitionStatus, v.status), v.ended_reason or "",
         to_china_naive(v.ended_at) if v.ended_at else None]
        for v in views
    ]  # fmt: skip
    write_workbook(out, [Sheet("示范单位名册", columns, rows, title="国家知识产权示范单位名册")], office, now, "xlsx")
    return out


def unit_organisation(s: Session, row: Recognition) -> str:
    org = s.get(Organisation, row.organisation_id)
    return org.name if org else str(row.organisation_id)


def _unit(s: Session, rec_id: int) -> tuple[Recognition, Organisation]:
    row = s.get(Recognition, rec_id)
    if row is None:
        raise BadInput(f"unknown recognition {rec_id} (see the register of recognised units)")
    org = s.get(Organisation, row.organisation_id)
    assert org is not None
    return row, org


def _refuse_ended(row: Recognition, org: Organisation, rule: str, words: str) -> None:
    if row.status == RecognitionStatus.VALID:
        return
    ended = RecognitionStatus(row.status).label
    raise Refused(
        f"recognition {row.id} is {row.status} already",
        [Verdict(False, rule, f"{org.name}的示范单位认定{ended}，不能再次办理；通知要求：“{words}”",
                 f"recognition {row.id} of {org.name} is already {row.status}")],
    )  # fmt: skip


def end_recognition(
    ws: Workspace, s: Session, row: Recognition, to: RecognitionStatus, reason: str, actor: Actor,
    evaluation_id: int | None = None,
) -> RecognitionChange:  # fmt: skip
    """Set a register row's status and audit it, in the caller's transaction."""
    change = RecognitionChange(recognition_id=row.id, from_status=row.status, to_status=to, reason=reason,
                               evaluation_id=evaluation_id, at=ws.clock.now(), actor=str(actor))  # fmt: skip
    row.status = to
    s.add(change)
    s.flush()
    return change


def _effectiveness(s: Session, row: Recognition, org: Organisation, evaluation_id: int | None) -> EvaluationRecord:
    """The effectiveness evaluation a revocation cites: of this unit, and not one that met its standard."""
    ev = s.get(EvaluationRecord, evaluation_id) if evaluation_id is not None else None
    if ev is None or ev.purpose != Purpose.EFFECTIVENESS or ev.recognition_id != row.id:
        what = (
            f"evaluation {evaluation_id} is not an effectiveness evaluation of it" if evaluation_id else "none is cited"
        )
        raise Refused(
            f"revoking recognition {row.id} needs its effectiveness evaluation ({what})",
            [
                Verdict(
                    False,
                    "B9",
                    f"摘牌应以对{org.name}的成效评估为依据（先在名册中记录成效评估）；通知要求：“{B9_ZH}”",
                    f"cite an effectiveness evaluation of recognition {row.id} ({what})",
                )
            ],
        )
    if ev.met:
        raise Refused(
            f"evaluation {ev.id} met its standard",
            [Verdict(False, "B9", f"成效评估{ev.id}达到标准（总分{ev.total:g}），不属于“不符合要求的示范单位”",
                     f"effectiveness evaluation {ev.id} met its standard (total {ev.total:g}); nothing to revoke for")],
        )  # fmt: skip
    return ev


def revoke_recognition(
    ws: Workspace, rec_id: int, reason: str, actor: Actor, evaluation_id: int | None
) -> RecognitionEnded:
    """摘牌 (B9): end a valid recognition on an effectiveness evaluation that fell short; audited."""
    national_only(actor, "摘牌", "revocations")
    reason = free_text(reason, "reason")
    if not reason:
        raise BadInput("say why the unit loses the title (it is recorded and sent to the unit)", field="reason")
    with ws.transaction(write=True) as s:
        hold(s, "recognition", rec_id)  # the second of two at once finds it revoked already
        row, org = _unit(s, rec_id)
        _refuse_ended(row, org, "B9", B9_ZH)
        ev = _effectiveness(s, row, org, evaluation_id)
        change = end_recognition(ws, s, row, RecognitionStatus.REVOKED, reason, actor, ev.id)
        moved = None
        if row.application_id is not None:
            app = get_application(s, row.application_id)
            machine = machine_for(app.cycle.version.text, app.category)
            events = [
                c.transition.event
                for c in machine.available(app.stage)
                if any(g.guard == REVOCATION_GUARD for g in c.transition.guards)
            ]
            if events:
                moved = fire_in_session(ws, s, app, events[0], actor, reason).stage
        namelists.correct_published(ws, s, row.cycle_id, actor, "成效评估不符合要求，取消资格、予以摘牌", reason)
        return RecognitionEnded(recognition=_view(row, org, _programmes(s), change), change_id=change.id,
                                evaluation=ev.id, application_moved_to=moved)  # fmt: skip


def unit_of_application(s: Session, app_id: int) -> Recognition | None:
    return s.scalars(select(Recognition).where(Recognition.application_id == app_id).limit(1)).first()


def recognition_view(s: Session, row: Recognition) -> RecognitionView:
    org = s.get(Organisation, row.organisation_id)
    assert org is not None
    return _view(row, org, _programmes(s), _last_change(s, row.id))


def application_recognition(ws: Workspace, app_id: int) -> RecognitionView | None:
    """The register row an application's recognition wrote, if it was recognised."""
    with ws.transaction() as s:
        row = unit_of_application(s, app_id)
        return recognition_view(s, row) if row is not None else None
