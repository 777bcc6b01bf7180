"""Fraud (A9, B10): establish it, disqualify, and record the notices of criticism, in one transaction.

The definition marks the disqualifying transition with the ``fraud-established`` guard, whose
``criticise`` parameter says who is criticised; so a bare ``fire … disqualify`` is refused and
this service is the one way to disqualify, with the finding and criticisms always beside it.
"""

from __future__ import annotations

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.kernel.errors import BadInput, Refused
from engine.kernel.text import free_text
from engine.machine.machine import Actor, machine_for
from engine.services.applications.stage_moves import fire_in_session, get_application
from engine.services.national import namelists
from engine.services.national.recognition_register import (
    B10_ZH,
    RecognitionEnded,
    end_recognition,
    recognition_view,
    unit_of_application,
    unit_organisation,
)
from engine.services.programmes.cycles import get_cycle
from engine.services.shared.reference_audit import national_only
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import Application
from engine.store.registers import Criticism, FraudFinding, Recognition, RecognitionChange, RecognitionStatus
from engine.store.workspace import Workspace
from policies.reference.divisions import registry
from policies.verdict import Verdict

GUARD = "fraud-established"
TARGETS = ("applicant-ip-department", "provincial-office")


class Criticised(ServiceResult):
    """A body the definition names for a notice of criticism, by division."""

    target: str
    division_code: str
    body: str


class FraudDisqualification(ServiceResult):
    """The application after the disqualifying event, and whom the finding criticised."""

    id: int
    stage: str
    from_: str | None = Field(serialization_alias="from")
    event: str
    criticised: list[Criticised]


class CriticismEntry(ServiceResult):
    """One recorded notice of criticism: when, for which application, whom, why, by whom."""

    at: IsoDatetime
    application: int
    target: str
    division_code: str
    body: str
    reason: str
    by: str


def _target(app: Application, target: str) -> tuple[str, str]:
    """(division code, name of the body criticised) for one target of the definition."""
    reg = registry()
    if target not in TARGETS:
        raise BadInput(f"项目定义中的通报对象 {target!r} 无法识别")
    if target == "provincial-office":
        prov = reg.get(app.province_code)
        return app.province_code, f"{prov.name if prov else app.province_code}知识产权局"
    code = app.organisation.division_code or app.province_code
    div = reg.get(code)
    return code, f"{div.name if div else code}知识产权管理部门"


FRAUD_CHANGE_ZH = "经核实存在弄虚作假，取消相应资格"  # notice 004 §五(四): 取消申报、创建、示范等相应资格


def disqualify_for_fraud(ws: Workspace, app_id: int, actor: Actor, reason: str) -> FraudDisqualification:
    reason = free_text(reason, "reason")
    """Record the finding, fire the definition's disqualifying event, and criticise whom it names."""
    if not reason.strip():
        raise BadInput("请说明查实的情况（随取消资格一并记录）", field="reason")
    with ws.transaction(write=True) as s:
        return _disqualify(ws, s, get_application(s, app_id), actor, reason)


def _fraud_event(app: Application) -> tuple[str, list[str]] | None:
    """The definition's disqualifying event possible from the application's stage, and whom it criticises."""
    machine = machine_for(app.cycle.version.text, app.category)
    found = [
        (c.transition.event, g.params.get("criticise", []))
        for c in machine.available(app.stage)
        for g in c.transition.guards
        if g.guard == GUARD
    ]
    return found[0] if found else None


def _disqualify(ws: Workspace, s: Session, app: Application, actor: Actor, reason: str) -> FraudDisqualification:
    """The disqualification inside the caller's transaction; a recognised unit's register row is cancelled too."""
    machine = machine_for(app.cycle.version.text, app.category)
    found = _fraud_event(app)
    if found is None:
        defined = any(g.guard == GUARD for t in machine.programme.transitions for g in t.guards)
        if not defined:
            raise BadInput(
                f"the definition of {machine.programme.id} has no transition guarded by {GUARD!r}, "
                "so it cannot disqualify for fraud; add that guard to its disqualifying transition"
            )
        raise BadInput("该申报在当前阶段不能以弄虚作假为由取消资格")
    event, targets = found
    now = ws.clock.now()
    finding = FraudFinding(application_id=app.id, reason=reason, at=now, actor=str(actor))
    s.add(finding)
    s.flush()
    unit = unit_of_application(s, app.id)
    if unit is not None and unit.status == RecognitionStatus.VALID:
        end_recognition(ws, s, unit, RecognitionStatus.CANCELLED, reason, actor)
    moved = fire_in_session(ws, s, app, event, actor, reason)
    namelists.correct_published(ws, s, app.cycle_id, actor, FRAUD_CHANGE_ZH, reason)
    criticised: list[Criticised] = []
    for target in targets:
        code, body = _target(app, target)
        s.add(
            Criticism(
                cycle_id=app.cycle_id,
                application_id=app.id,
                fraud_finding_id=finding.id,
                target=target,
                division_code=code,
                body=body,
                reason=reason,
                at=now,
                actor=str(actor),
            )
        )
        criticised.append(Criticised(target=target, division_code=code, body=body))
    return FraudDisqualification(id=moved.id, stage=moved.stage, from_=moved.from_, event=event, criticised=criticised)


def cancel_recognition(ws: Workspace, rec_id: int, actor: Actor, reason: str) -> RecognitionEnded:
    reason = free_text(reason, "reason")
    """B10 on any register row: 取消示范资格 for fraud; a unit of a cycle here is disqualified there as well.

    A row whose application can still be disqualified (the 2025 ``recognised`` stage) goes through
    the disqualification, with its finding and criticisms; any other row (imported, or a 2023 unit in a
    final stage) is cancelled in the register alone. Either way the change is audited and mailed.
    """
    national_only(actor, "取消示范资格", "fraud cancellations")
    if not reason.strip():
        raise BadInput("请说明查实的情况（将记录并告知该单位）", field="reason")
    with ws.transaction(write=True) as s:
        unit = s.get(Recognition, rec_id)
        if unit is None:
            raise BadInput("示范单位名录中没有这一项", field="recognition")
        if unit.status != RecognitionStatus.VALID:
            org = unit_organisation(s, unit)
            raise Refused(
                f"recognition {rec_id} is {unit.status} already",
                [
                    Verdict(
                        False,
                        "B10",
                        f"{org}的示范单位认定已{RecognitionStatus(unit.status).label}，不能再次取消；"
                        f"通知要求：“{B10_ZH}”",
                        f"recognition {rec_id} is already {unit.status}",
                    )
                ],
            )
        moved = None
        app = get_application(s, unit.application_id) if unit.application_id is not None else None
        if app is not None and _fraud_event(app) is not None:
            moved = _disqualify(ws, s, app, actor, reason).stage
        else:
            end_recognition(ws, s, unit, RecognitionStatus.CANCELLED, reason, actor)
            namelists.correct_published(ws, s, unit.cycle_id, actor, FRAUD_CHANGE_ZH, reason)
        view = recognition_view(s, unit)
        change = s.scalar(
            select(RecognitionChange.id)
            .where(RecognitionChange.recognition_id == unit.id)
            .order_by(RecognitionChange.id.desc())
        )
        return RecognitionEnded(recognition=view, change_id=change or 0, evaluation=None, application_moved_to=moved)


def list_criticisms(ws: Workspace, cycle_id: int) -> list[CriticismEntry]:
    """Every notice of criticism of the cycle, oldest first."""
    with ws.transaction() as s:
        get_cycle(s, cycle_id)
        rows = s.scalars(select(Criticism).where(Criticism.cycle_id == cycle_id).order_by(Criticism.id))
        return [
            CriticismEntry(
                at=c.at,
                application=c.application_id,
                target=c.target,
                division_code=c.division_code,
                body=c.body,
                reason=c.reason,
                by=c.actor,
            )
            for c in rows
        ]
