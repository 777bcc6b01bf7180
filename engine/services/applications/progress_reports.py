"""Yearly progress reports of creation objects (B6, our reading): filed by the object, reviewed and reminded
by its province. Notice 004 names no such report; the definition's ``progress_reports`` says when one is due.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.model import Programme, ProgressReports, Role
from engine.kernel.errors import BadInput, FieldError, Refused, check_fields
from engine.kernel.text import normalise
from engine.machine.machine import Actor, authority_verdict
from engine.services.accounts.message_centre import POSTED_KIND
from engine.services.applications.stage_moves import get_application, subject_of
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import Application
from engine.store.messages import Message
from engine.store.registers import ProgressReport
from engine.store.workspace import Workspace
from policies.verdict import Verdict

MAX_TEXT = 5000
OUTCOME_ZH = {"accepted": "审核通过", "returned": "退回修改", None: "待审核"}


class ProgressReportView(ServiceResult):
    application: int
    organisation: str
    year: int
    due: date
    status: str  # missing | filed | accepted | returned
    status_zh: str
    text: str | None = None
    filed_at: IsoDatetime | None = None
    review_note: str | None = None


def _section(p: Programme) -> ProgressReports:
    if p.progress_reports is None:
        raise BadInput(f"{p.title}没有年度进展报告", field="application", code="no_progress_reports")
    return p.progress_reports


def _years(p: Programme, edition: int) -> range:
    every = p.recurrence.every_years if p.recurrence else 1
    return range(edition, edition + every)


def _view(app: Application, section: ProgressReports, year: int, row: ProgressReport | None) -> ProgressReportView:
    status = "missing" if row is None else (row.outcome or "filed")
    status_zh = "未报送" if row is None else OUTCOME_ZH[row.outcome]
    return ProgressReportView(
        application=app.id,
        organisation=app.organisation.name,
        year=year,
        due=date(year, section.month, section.day),
        status=status,
        status_zh=status_zh,
        text=row.text if row else None,
        filed_at=row.filed_at if row else None,
        review_note=row.review_note if row else None,
    )


def _row(s: Session, app_id: int, year: int) -> ProgressReport | None:
    return s.scalar(select(ProgressReport).where(ProgressReport.application_id == app_id, ProgressReport.year == year))


def _authorise(app: Application, actor: Actor, role: Role, what_zh: str) -> None:
    verdict = authority_verdict(actor, subject_of(app), [role])
    if not verdict.ok:
        raise Refused(f"{actor} may not {what_zh}", [verdict])


def file_progress_report(ws: Workspace, app_id: int, actor: Actor, year: int, text: str) -> ProgressReportView:
    """The creation object files (or, until accepted, files again) its report of ``year``."""
    today = ws.clock.now().date()
    with ws.transaction(write=True) as s:
        app = get_application(s, app_id)
        p = cycle_programme(app.cycle)
        section = _section(p)
        _authorise(app, actor, Role.APPLICANT, "file a progress report")
        if app.stage not in section.stages:
            words = "、".join(p.stage(st).title for st in section.stages)
            refusal = Verdict(False, section.rule, f"年度进展报告由处于{words}阶段的创建对象报送",
                              f"a progress report is filed in {', '.join(section.stages)} only")  # fmt: skip
            raise Refused("not in the creation period", [refusal])
        errors: list[FieldError] = []
        years = _years(p, app.cycle.edition)
        if year not in years or year > today.year:
            errors.append(FieldError("year", "out_of_period",
                                     f"年度须在创建周期{years[0]}—{min(years[-1], today.year)}年之内"))  # fmt: skip
        clean = normalise(text or "")
        if not clean:
            errors.append(FieldError("text", "required", "请填写本年度创建进展"))
        elif len(clean) > MAX_TEXT:
            errors.append(FieldError("text", "too_long", f"进展报告至多 {MAX_TEXT} 字"))
        check_fields(errors)
        row = _row(s, app.id, year)
        if row is not None and row.outcome == "accepted":
            refusal = Verdict(False, section.rule, f"{year}年度进展报告已审核通过，不再更改",
                              f"the {year} report was accepted")  # fmt: skip
            raise Refused("already accepted", [refusal])
        now = ws.clock.now()
        if row is None:
            row = ProgressReport(application_id=app.id, year=year, text=clean, filed_at=now, filed_by=str(actor))
            s.add(row)
        else:  # filed again after a return: the review starts over
            row.text, row.filed_at, row.filed_by = clean, now, str(actor)
            row.outcome = row.review_note = row.reviewed_at = row.reviewed_by = None
        s.flush()
        return _view(app, section, year, row)


def review_progress_report(
    ws: Workspace, app_id: int, year: int, actor: Actor, accepted: bool, note: str | None = None
) -> ProgressReportView:
    """The province accepts the report, or returns it with what to change (a note is then required)."""
    with ws.transaction(write=True) as s:
        app = get_application(s, app_id)
        section = _section(cycle_programme(app.cycle))
        _authorise(app, actor, Role.PROVINCE, "review a progress report")
        row = _row(s, app.id, year)
        if row is None:
            raise BadInput(f"{app.organisation.name}尚未报送{year}年度进展报告", field="year", code="not_filed")
        clean = normalise(note or "")
        if not accepted and not clean:
            raise BadInput("退回时请写明需要修改的内容", field="note", code="required")
        row.outcome = "accepted" if accepted else "returned"
        row.review_note, row.reviewed_at, row.reviewed_by = clean or None, ws.clock.now(), str(actor)
        return _view(app, section, year, row)


def progress_overview(ws: Workspace, cycle_id: int, year: int, province: str | None = None) -> list[ProgressReportView]:
    """Every creation object of the cycle (of one province) with its report of ``year``: filed, reviewed, missing."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        section = _section(cycle_programme(cycle))
        q = select(Application).where(Application.cycle_id == cycle.id, Application.stage.in_(section.stages))
        if province:
            q = q.where(Application.province_code == province)
        return [_view(app, section, year, _row(s, app.id, year)) for app in s.scalars(q.order_by(Application.id))]


def remind_missing(ws: Workspace, cycle_id: int, year: int, actor: Actor) -> list[ProgressReportView]:
    """The province reminds each of its creation objects without a report of ``year`` (or with one returned), in
    their message centres; once a day at most for each."""
    if actor.role is not Role.PROVINCE or not actor.scope:
        raise Refused("only a province reminds", [Verdict(False, "ROLE", "由省级知识产权局提醒本省创建对象",
                                                         "a province reminds its own creation objects")])  # fmt: skip
    owed = [v for v in progress_overview(ws, cycle_id, year, actor.scope) if v.status in ("missing", "returned")]
    now = ws.clock.now()
    with ws.transaction(write=True) as s:
        for v in owed:
            app = get_application(s, v.application)
            key = f"progress/{cycle_id}/{year}/{v.application}/{now:%Y-%m-%d}"
            if s.scalar(select(Message.id).where(Message.key == key)) is not None:
                continue
            what = "被退回，请修改后重新报送" if v.status == "returned" else "尚未报送"
            s.add(Message(key=key, cycle_id=cycle_id, kind=POSTED_KIND, recipient=f"org:{app.organisation_id}",
                          recipient_name=app.organisation.name, subject=f"请报送{year}年度创建进展报告",
                          body_text=f"{app.organisation.name}：贵单位{year}年度创建进展报告{what}，"
                                    f"报送截止{v.due:%Y年%-m月%-d日}。",
                          link=f"/applications/{v.application}", posted_by=str(actor), created_at=now,
                          shown_at=now))  # fmt: skip
    return owed


def application_reports(ws: Workspace, app_id: int) -> list[ProgressReportView]:
    """The application's report of each year of its period so far, while it reports; empty otherwise."""
    today = ws.clock.now().date()
    with ws.transaction() as s:
        app = get_application(s, app_id)
        p = cycle_programme(app.cycle)
        section = p.progress_reports
        if section is None or app.stage not in section.stages:
            return []
        years = [y for y in _years(p, app.cycle.edition) if y <= today.year]
        return [_view(app, section, y, _row(s, app.id, y)) for y in years]
