"""The tables case calls are filed with, as .xlsx: a submitter's form (申报表, C4), a province's
summary table (案例汇总表, D6), and every submission of a cycle for the national office."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.model import Programme, Role
from engine.files.published import markup_as_text
from engine.files.spreadsheet import Column as SheetColumn
from engine.files.spreadsheet import Kind, Sheet, write_workbook
from engine.kernel.clock import to_china_naive
from engine.kernel.errors import BadInput
from engine.machine.machine import Actor
from engine.services.cases.lookups import category_title
from engine.services.cases.submission import case_call, category_for, provincial_offices
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.results import ServiceResult
from engine.store.cases import CaseRecord
from engine.store.core import Application, Cycle, Organisation
from engine.store.workspace import Workspace
from policies.guards.cases import NOT_SUBMITTED
from policies.guards.kinds import KIND_NAMES_ZH
from policies.reference.provinces import province_name

TABLES = ("form", "summary", "all")
Row = tuple[CaseRecord, Application, Organisation]


@dataclass(frozen=True)
class Column:
    """A column of a case table: how it prints (header, kind, widest) and where its value comes from."""

    header: str
    width: int
    value: Callable[[Row], Any]
    kind: Kind = "text"
    narrowest: int = 6  # the abstract keeps a readable width however many columns the table has

    def sheet_column(self) -> SheetColumn:
        return SheetColumn(self.header, self.kind, min_width=self.narrowest, max_width=self.width)


class CaseTable(ServiceResult):
    """A table of a cycle's cases written as .xlsx: which table, its title, whose it is, how many cases."""

    file: str
    table: str  # form | summary | all
    title: str
    from_: str = Field(serialization_alias="from")  # whom the table is from (the byline's submitter)
    phase: int | None
    rows: int


def _phase(p: Programme) -> Callable[[Row], str]:
    titles = {ph.category: f"第{ph.number}阶段" for ph in (p.cases.phases if p.cases else [])}
    return lambda r: titles.get(r[1].category, category_title(p, r[1].category))


def _columns(p: Programme, table: str) -> list[Column]:
    phased = bool(p.cases and p.cases.phases)
    stage = {s.id: s.title for s in p.stages}
    phase = [Column("阶段", 10, _phase(p)), Column("案例主题", 24, lambda r: r[0].theme or "")] if phased else []
    region = Column("案例地区", 22, lambda r: r[0].region or "")
    name = Column("案例名称", 36, lambda r: r[0].name, narrowest=16)
    abstract = Column("案例摘要", 60, lambda r: r[0].abstract or "", narrowest=40)
    contact = Column("案例联系人及联系方式", 24, lambda r: r[0].contact or "")
    submitter = Column("报送单位", 30, lambda r: r[2].name)
    status = Column("状态", 16, lambda r: stage.get(r[1].stage, r[1].stage))
    length = Column("字数", 8, lambda r: r[0].total_count, "int")
    if table == "form":
        return [region, name, abstract, contact, *phase]
    if table == "summary":
        return [submitter, *phase, name, region, length, contact, status]
    return [
        Column("省份", 12, lambda r: province_name(r[1].province_code, unknown="（直报）")),
        submitter,
        Column("单位类型", 16, lambda r: KIND_NAMES_ZH.get(r[2].kind, r[2].kind)),
        *phase,
        region,
        name,
        abstract,
        contact,
        length,
        Column("字符数", 8, lambda r: r[0].total_chars, "int"),
        status,
        Column("报送时间", 22, lambda r: to_china_naive(r[0].submitted_at), "datetime"),
    ]


def _rows(
    s: Session, p: Programme, cycle: Cycle, table: str, actor: Actor, category: str | None
) -> tuple[list[Row], str, Organisation | None]:
    """The cases the actor's table holds, the registered name of whom the table is from, and that unit."""
    q = (
        select(CaseRecord, Application, Organisation)
        .join(Application, CaseRecord.application_id == Application.id)
        .join(Organisation, Application.organisation_id == Organisation.id)
        .where(Application.cycle_id == cycle.id)
    )
    if category:
        q = q.where(Application.category == category)
    stages = case_call(p).summary_stages if table == "summary" else []
    if stages:  # the province's summary lists what it recommends (D6), not what it declined
        q = q.where(Application.stage.in_(stages))
    else:
        q = q.where(Application.stage.not_in(NOT_SUBMITTED if table != "all" else ("draft",)))
    who, filer = p.issuer or p.title, None
    if table == "form" and actor.role is Role.APPLICANT:
        org = s.get(Organisation, int(actor.scope or 0))
        if org is None:
            raise BadInput("unknown organisation", field="actor")
        q, who, filer = q.where(Organisation.id == org.id), org.name, org
    elif table in ("form", "summary"):
        offices = provincial_offices(s, actor.scope or "")
        who = offices[0].name if offices else province_name(actor.scope or "")
        filer = offices[0] if offices else None
        if table == "summary":
            q = q.where(Application.province_code == actor.scope)
        else:  # a provincial office filing its own cases (C1), under any of its records
            q = q.where(Organisation.id.in_([o.id for o in offices]))
    return list(s.execute(q.order_by(Application.province_code, Application.id))), who, filer


def _table_for(actor: Actor, table: str | None) -> str:
    allowed = {Role.NATIONAL: ("all",), Role.PROVINCE: ("summary", "form"), Role.APPLICANT: ("form",)}
    choices = allowed.get(actor.role, ())
    table = table or (choices[0] if choices else None)
    if table not in choices:
        raise BadInput(f"{actor.role.label} exports {' or '.join(choices) or 'nothing'}, not {table}", field="table")
    return table


def _write(
    path: Path, title: str, byline: list[str], columns: list[Column], rows: list[Row], notes: list[str],
    office: str, now: datetime,
) -> None:  # fmt: skip
    name = title if len(title) <= 31 else title[-31:]
    values = [[markup_as_text(v) if isinstance(v, str) else v for v in (c.value(r) for c in columns)] for r in rows]
    line = ("\u3000" * 4).join(byline)  # one line, as the form prints it: who files it, then who to call
    sheet = Sheet(name, [c.sheet_column() for c in columns], values, title=title, byline=[line], notes=notes)
    write_workbook(path, [sheet], office, now)


def export_cases(
    ws: Workspace, cycle_id: int, actor: Actor, path: Path, table: str | None = None, phase: int | None = None
) -> CaseTable:
    """Write the actor's table of a cycle's cases to ``path`` (.xlsx): by default a submitter's form,
    a province's summary table, or all submissions for the national office; ``phase`` keeps one phase."""
    if path.suffix.lower() != ".xlsx":
        raise BadInput(f"{path} should end in .xlsx", field="out")
    table = _table_for(actor, table)
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        call = case_call(p)
        category = category_for(p, phase) if phase is not None else None
        rows, who, filer = _rows(s, p, cycle, table, actor, category)
        # 报送人及联系方式 (B11): the filing unit's own contact, kept by its account, never asked for again
        reporter = " ".join(v for v in (filer.contact_person, filer.phone) if v) if filer else ""
        title = {"form": call.form_title, "summary": call.summary_title}.get(table, f"{p.title}（全部报送）")
        if phase is not None:
            title += f"（第{phase}阶段）"
        byline = (
            [line.replace("{submitter}", who).replace("{reporter}", reporter) for line in call.byline]
            if table != "all"
            else [f"{p.title} {cycle.edition}（{p.document}）", f"导出：{ws.clock.now():%Y年%-m月%-d日 %H:%M}"]
        )
        notes = list(call.form_notes) if table == "form" else []
        _write(path, title, byline, _columns(p, table), rows, notes, who, ws.clock.now())
        return CaseTable(file=str(path), table=table, title=title, from_=who, phase=phase, rows=len(rows))
