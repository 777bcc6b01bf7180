"""The cases a party sees in a call, and the province's stamped summary table (案例汇总表, D6) filed with them.

A submitter sees its own cases and their stage; a province its province's (its TISC and university centres'
and its office's own); the national office every case. The same list feeds the page and ``list_cases``.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.applications import dossier
from engine.services.cases.submission import case_call
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.cases import CaseRecord
from engine.store.core import Application, Organisation
from engine.store.filestore import keep_bytes
from engine.store.registers import MaterialFile
from engine.store.workspace import Workspace
from policies.verdict import Verdict

SUMMARY_MATERIAL = "summary-table"  # tisc-cases' material of attachment 3, filed by the province
SUMMARY_STAGES = ("reviewed", "forwarded")  # the cases a province's summary table lists when it files it


class CaseRow(ServiceResult):
    """One submitted case as a list shows it: whose, what, where it stands, when it came."""

    id: int
    cycle: int
    name: str
    submitter: str
    province: str
    phase: int | None
    theme: str | None
    region: str | None
    stage: str
    stage_title: str
    length: int
    submitted_at: IsoDatetime
    summary_filed: bool  # the province's stamped summary table is on file for it (D6)


class CaseList(ServiceResult):
    cycle: int
    programme: str
    title: str
    edition: int
    items: list[CaseRow]


class SummaryFiled(ServiceResult):
    """The province's summary table filed against each of its reviewed or forwarded cases."""

    cycle: int
    province: str
    file: str
    cases: list[int]
    at: IsoDatetime


def _scoped(q, actor: Actor):  # type: ignore[no-untyped-def]
    if actor.role is Role.NATIONAL:
        return q
    if actor.role is Role.PROVINCE:
        return q.where(Application.province_code == actor.scope)
    if actor.role is Role.APPLICANT and (actor.scope or "").isdigit():
        return q.where(Application.organisation_id == int(actor.scope or 0))
    return q.where(Application.id < 0)


def list_cases(ws: Workspace, cycle_id: int, actor: Actor) -> CaseList:
    """The cases of the call that ``actor`` may see (see the module's docstring), first submitted first."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        case_call(p)
        q = (
            select(CaseRecord, Application, Organisation.name)
            .join(Application, Application.id == CaseRecord.application_id)
            .join(Organisation, Organisation.id == Application.organisation_id)
            .where(Application.cycle_id == cycle.id)
        )
        rows = s.execute(_scoped(q, actor).order_by(CaseRecord.submitted_at, Application.id)).all()
        ids = [a.id for _r, a, _n in rows]
        filed = set(
            s.scalars(
                select(MaterialFile.application_id).where(
                    MaterialFile.application_id.in_(ids), MaterialFile.material_id == SUMMARY_MATERIAL
                )
            )
        )
        items = [
            CaseRow(
                id=app.id,
                cycle=cycle.id,
                name=rec.name,
                submitter=org_name,
                province=app.province_code,
                phase=rec.phase,
                theme=rec.theme,
                region=rec.region or rec.region_given,
                stage=app.stage,
                stage_title=p.stage(app.stage).title,
                length=rec.total_count,
                submitted_at=rec.submitted_at,
                summary_filed=app.id in filed,
            )
            for rec, app, org_name in rows
        ]
        return CaseList(cycle=cycle.id, programme=p.id, title=p.title, edition=cycle.edition, items=items)


def files_summary(ws: Workspace, cycle_id: int) -> bool:
    """Does the call's province file a summary table (its definition lists the material)?"""
    with ws.transaction() as s:
        return any(m.id == SUMMARY_MATERIAL for m in cycle_programme(get_cycle(s, cycle_id)).materials)


def file_summary_table(
    ws: Workspace, cycle_id: int, actor: Actor, name: str, data: bytes, at: datetime | None = None
) -> SummaryFiled:
    """File the province's stamped summary table against each of its cases it has reviewed or forwarded (D6).

    The bytes are stored once (by digest); each case keeps it on file as its ``summary-table`` material. One
    transaction: a filing that fails for one case files it for none."""
    if actor.role is not Role.PROVINCE or not actor.scope:
        raise Refused(
            "the summary table is filed by a province",
            [Verdict(False, "D6", "案例汇总表由省级知识产权局审核后填写并加盖公章报送",
                     "the summary table is filed by the provincial office")],
        )  # fmt: skip
    if not data:
        raise BadInput("file: 上传的文件是空的（the file is empty）", field="file", code="empty")
    with ws.transaction(write=True) as s:
        p = cycle_programme(get_cycle(s, cycle_id))
        if not any(m.id == SUMMARY_MATERIAL for m in p.materials):
            raise BadInput(f"file: {p.title}不设案例汇总表", field="file", code="no_summary_table")
        cases = list(
            s.scalars(
                select(Application)
                .join(CaseRecord, CaseRecord.application_id == Application.id)
                .where(
                    Application.cycle_id == cycle_id,
                    Application.province_code == actor.scope,
                    Application.stage.in_(SUMMARY_STAGES),
                )
                .order_by(Application.id)
            )
        )
        if not cases:
            raise BadInput("file: 尚无审核通过的案例，汇总表须在审核后报送", field="file", code="nothing_reviewed")
        content = keep_bytes(ws.url, data, name)  # named before the rows naming it commit
        digest = hashlib.sha256(data).hexdigest()
        for app in cases:
            dossier.file_material_in(s, ws, app, SUMMARY_MATERIAL, name, actor, digest, len(data), content)
        filed = [app.id for app in cases]
    return SummaryFiled(cycle=cycle_id, province=actor.scope, file=name, cases=filed, at=at or ws.clock.now())
