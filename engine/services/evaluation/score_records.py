"""Reviewers' scores and what is read from them: recording scores (a sheet's import: score_sheets), the ranking
and its sheet, the decisions an evaluation rested on, and a recognised unit's effectiveness evaluation (§四(五))."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.model import Programme
from engine.files.spreadsheet import Column, Sheet, write_workbook
from engine.kernel.errors import BadInput, FieldError, check_fields
from engine.kernel.text import has_letter, normalise
from engine.machine.machine import Actor
from engine.services.evaluation.computation import (
    Computed,
    Ranked,
    category_indicators,
    category_thresholds,
    compute,
    decision_detail,
    purpose_of_stage,
    rank_category,
)
from engine.services.evaluation.indicator_sets import IndicatorView, applied_set, score_number
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.reference_audit import national_only
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import Application, Cycle, Organisation
from engine.store.evaluation import EvaluationRecord, Indicator, Purpose, Score
from engine.store.locks import hold
from engine.store.workspace import Workspace
from policies.reference.provinces import province_name


class EvaluationView(ServiceResult):
    """An application's (or a unit's) evaluation for one purpose, as it stands."""

    application: int | None
    recognition: int | None = None
    organisation: str
    province: str
    category: str
    purpose: str
    complete: bool
    missing: list[str]
    means: dict[str, float]
    reviewers: list[str]
    total: float
    full_mark: float
    rank: int | None
    ranked: int
    met: bool | None
    shortfalls: list[str]


class ScoresRecorded(ServiceResult):
    """Scores entered or imported: how many, for which applications, and where each stands now."""

    cycle: int
    scores: int
    evaluations: list[EvaluationView]


def _view(app: Application, purpose: str, r: Ranked | None, c: Computed) -> EvaluationView:
    return EvaluationView(
        application=app.id,
        organisation=app.organisation.name,
        province=province_name(app.province_code),
        category=app.category,
        purpose=purpose,
        complete=c.complete,
        missing=list(c.missing),
        means=c.means,
        reviewers=list(c.reviewers),
        total=c.total,
        full_mark=c.full_mark,
        rank=r.rank if r else None,
        ranked=r.ranked if r else 0,
        met=c.met,
        shortfalls=list(c.shortfalls),
    )


REVIEWER_LIMIT = 80  # the column's width


def upsert_score(s: Session, cycle_id: int, purpose: str, app_id: int | None, rec_id: int | None, reviewer: str,
            code: str, value: float, actor: Actor, now: datetime) -> None:  # fmt: skip
    row = s.scalar(
        select(Score).where(
            Score.cycle_id == cycle_id,
            Score.purpose == purpose,
            Score.application_id.is_(None) if app_id is None else Score.application_id == app_id,
            Score.recognition_id.is_(None) if rec_id is None else Score.recognition_id == rec_id,
            Score.reviewer == reviewer,
            Score.indicator == code,
        )
    )
    if row is None:
        s.add(Score(cycle_id=cycle_id, purpose=purpose, application_id=app_id, recognition_id=rec_id,
                    reviewer=reviewer, indicator=code, value=value, at=now, actor=str(actor)))  # fmt: skip
    else:
        row.value, row.at, row.actor = value, now, str(actor)


def score_problem(ind: Indicator | None, code: str, text: str) -> str | None:
    """Why ``text`` cannot score ``code`` (not an indicator of the set, or outside its range); None if it can."""
    if ind is None:
        return f"“{code}”不是本周期该类别所适用的评价指标"
    value = score_number(text)
    if value is None or not 0 <= value <= ind.maximum:
        return f"{code} 的评分“{text}”须为 0 至 {ind.maximum:g} 之间的数（该指标满分 {ind.maximum:g}）"
    return None


def _check_scores(reviewer: str, scores: dict[str, str], indicators: dict[str, Indicator]) -> None:
    """The reviewer named, at least one score, every score an indicator's and in its range; all bad ones at once."""
    errors = [] if reviewer else [FieldError("reviewer", "required", "请填写评审专家姓名")]
    if reviewer and not has_letter(reviewer):
        errors.append(FieldError("reviewer", "no_letter", "评审专家姓名须包含文字"))
    if len(reviewer) > REVIEWER_LIMIT:
        errors.append(FieldError("reviewer", "too_long", f"评审专家姓名不超过 {REVIEWER_LIMIT} 个字"))
    if not scores:
        errors.append(FieldError("score", "required", "请至少填写一项指标的评分"))
    for code, text in scores.items():
        if why := score_problem(indicators.get(code), code, text):
            errors.append(FieldError(f"score.{code}", "out_of_range" if code in indicators else "unknown", why))
    check_fields(errors)


def scored_application(s: Session, p: Programme, cycle: Cycle, ref: str) -> tuple[Application, str] | str:
    """The application a row names and the evaluation its stage is in, or why it cannot be scored."""
    if not ref.isdigit():
        return f"{ref!r} 不是申报编号"
    app = s.get(Application, int(ref))
    if app is None or app.cycle_id != cycle.id:
        return f"第{ref}号申报不在本届"
    purpose = purpose_of_stage(p, app.category, app.stage)
    if purpose is None:
        return f"第{ref}号申报处于“{p.stage(app.stage).title}”阶段，该阶段不评审"
    return app, purpose


def record_scores(ws: Workspace, app_id: int, reviewer: str, scores: dict[str, str], actor: Actor) -> ScoresRecorded:
    """One reviewer's scores of one application, ``{indicator: score}``; a bad one records nothing."""
    national_only(actor, "评审评分", "review scores")
    with ws.transaction(write=True) as s:
        cycle_id = s.scalar(select(Application.cycle_id).where(Application.id == app_id))
        if cycle_id is None:
            raise BadInput(f"没有第{app_id}号申报")
        hold(s, "evaluation", cycle_id)  # before the application and its scores are read
        app = s.get(Application, app_id)
        assert app is not None
        cycle = app.cycle
        found = scored_application(s, cycle_programme(cycle), cycle, str(app_id))
        if isinstance(found, str):
            raise BadInput(found)
        reviewer = normalise(reviewer)
        _check_scores(reviewer, scores, {i.code: i for i in category_indicators(s, cycle.id, app.category)})
        now = ws.clock.now()
        for code, text in scores.items():
            upsert_score(s, cycle.id, found[1], app.id, None, reviewer, code, float(text), actor, now)
        s.flush()
        return ScoresRecorded(cycle=cycle.id, scores=len(scores), evaluations=evaluation_views(s, {(app, found[1])}))


def evaluation_views(s: Session, wanted: set[tuple[Application, str]]) -> list[EvaluationView]:
    out = []
    for app, purpose in sorted(wanted, key=lambda x: (x[0].id, x[1])):
        r = rank_category(s, app.cycle_id, app.category, purpose).get(app.id)
        sets = category_indicators(s, app.cycle_id, app.category), category_thresholds(s, app.cycle_id, app.category)
        c = r.computed if r else compute(*sets, [])
        out.append(_view(app, purpose, r, c))
    return out


def ranking(
    ws: Workspace, cycle_id: int, purpose: str = Purpose.SELECTION, category: str | None = None
) -> list[EvaluationView]:
    """Every scored application of the cycle, by category in the definition's order, then by rank."""
    if purpose not in (Purpose.SELECTION, Purpose.ACCEPTANCE):
        raise BadInput(f"{purpose!r} 不是{Purpose.SELECTION.label}或{Purpose.ACCEPTANCE.label}", field="purpose")
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        cats = [c.id for c in p.categories if category in (None, c.id)]
        if category and not cats:
            raise BadInput(f"本项目没有类别 {category!r}", field="category")
        out: list[EvaluationView] = []
        for cat in cats:
            ranked = rank_category(s, cycle.id, cat, purpose)
            apps = {a.id: a for a in s.scalars(select(Application).where(Application.id.in_(ranked)))}
            views = [_view(apps[i], purpose, r, r.computed) for i, r in ranked.items()]
            out += sorted(views, key=lambda v: (v.rank is None, v.rank or 0, v.application or 0))
        return out


def write_ranking_xlsx(
    ws: Workspace,
    cycle_id: int,
    views: Sequence[EvaluationView],
    indicators: Sequence[IndicatorView] | None,
    out: Path,
) -> Path:
    """The ranking as a sheet: one row per application, every indicator's mean, the total and the rank;
    categories by their names, scores as numbers. ``indicators`` None: the sets the views' categories are scored
    against, one column per indicator of any of them (a cell left empty where a set lacks it)."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
    if indicators is None:
        applying = {cat: applied_set(ws, cycle_id, cat).indicators for cat in dict.fromkeys(v.category for v in views)}
        columns_of = {cat: {(i.id, i.name) for i in found} for cat, found in applying.items()}
        indicators = list({(i.id, i.name): i for found in applying.values() for i in found}.values())
    else:
        columns_of = {v.category: {(i.id, i.name) for i in indicators} for v in views}
    names = {c.id: c.name for c in p.categories}
    columns = [
        Column("排名", "int", min_width=6),
        Column("申报单位", max_width=32),
        Column("所在省份", max_width=12),
        Column("类别", max_width=30),
        *[Column(i.name, "number", min_width=8, max_width=14) for i in indicators],
        Column("总分", "number", min_width=8),
        Column("评审专家", max_width=24),
        Column("评分状态", max_width=30),
    ]
    rows: list[list[Any]] = [
        [
            v.rank,
            v.organisation,
            v.province,
            names.get(v.category, v.category),
            *[v.means.get(i.id) if (i.id, i.name) in columns_of[v.category] else None for i in indicators],
            v.total,
            "、".join(v.reviewers),
            "完整" if v.complete else "；".join(v.missing),
        ]
        for v in views
    ]
    title = f"{p.title}（{cycle.edition}年）评审排名"
    write_workbook(out, [Sheet("评审排名", columns, rows, title=title, document=p.document)], p.issuer,
                   ws.clock.now(), "xlsx")  # fmt: skip
    return out


class DecisionRecord(ServiceResult):
    """An evaluation a decision rested on, as recorded then."""

    id: int
    purpose: str
    decision: str
    application: int | None
    recognition: int | None
    total: float
    rank: int | None
    ranked: int | None
    met: bool | None
    detail: dict[str, Any]
    at: IsoDatetime
    by: str


def decision_view(r: EvaluationRecord) -> DecisionRecord:
    return DecisionRecord(id=r.id, purpose=r.purpose, decision=r.decision, application=r.application_id,
                          recognition=r.recognition_id, total=r.total, rank=r.rank, ranked=r.ranked, met=r.met,
                          detail=r.detail, at=r.at, by=r.actor)  # fmt: skip


def decisions(ws: Workspace, app_id: int) -> list[DecisionRecord]:
    """The evaluations the decisions on an application rested on, oldest first."""
    with ws.transaction() as s:
        if s.get(Application, app_id) is None:
            raise BadInput(f"没有第{app_id}号申报")
        q = select(EvaluationRecord).where(EvaluationRecord.application_id == app_id).order_by(EvaluationRecord.id)
        return [decision_view(r) for r in s.scalars(q)]


def evaluate_unit(
    ws: Workspace, recognition_id: int, cycle_id: int, reviewer: str, scores: dict[str, str], actor: Actor
) -> DecisionRecord:
    """Record an effectiveness evaluation (成效评估, B9) of a register row against a cycle's indicators and standard."""
    from engine.store.registers import Recognition

    national_only(actor, "成效评估", "effectiveness evaluations")
    with ws.transaction(write=True) as s:
        hold(s, "evaluation", cycle_id)
        cycle = get_cycle(s, cycle_id)
        unit = s.get(Recognition, recognition_id)
        if unit is None:
            raise BadInput("示范单位名录中没有这一项", field="recognition")
        indicators = category_indicators(s, cycle.id, unit.category)  # its category's own set, if it has one
        if not indicators:
            raise BadInput("本届尚未载入评价指标，请先载入指标")
        reviewer = normalise(reviewer)
        _check_scores(reviewer, scores, {i.code: i for i in indicators})
        now = ws.clock.now()
        for code, text in scores.items():
            upsert_score(s, cycle.id, Purpose.EFFECTIVENESS, None, unit.id, reviewer, code, float(text), actor, now)
        s.flush()
        mine = s.scalars(
            select(Score).where(
                Score.cycle_id == cycle.id, Score.purpose == Purpose.EFFECTIVENESS, Score.recognition_id == unit.id
            )
        )
        thresholds = category_thresholds(s, cycle.id, unit.category)
        c = compute(indicators, thresholds, mine)
        if not c.complete:
            raise BadInput(f"成效评价尚未完成：{'；'.join(c.missing)}")
        org = s.get(Organisation, unit.organisation_id)
        row = EvaluationRecord(cycle_id=cycle.id, purpose=Purpose.EFFECTIVENESS, recognition_id=unit.id,
                               decision="evaluate", total=c.total, met=c.met,
                               detail={**decision_detail(c, thresholds), "unit": org.name if org else ""}, at=now,
                               actor=str(actor))  # fmt: skip
        s.add(row)
        s.flush()
        return decision_view(row)


def application_evaluation(ws: Workspace, app_id: int) -> EvaluationView | None:
    """Where the application's evaluation stands in the evaluation its stage holds (None if it holds none)."""
    with ws.transaction() as s:
        app = s.get(Application, app_id)
        if app is None:
            raise BadInput(f"没有第{app_id}号申报")
        purpose = purpose_of_stage(cycle_programme(app.cycle), app.category, app.stage)
        return evaluation_views(s, {(app, purpose)})[0] if purpose is not None else None


def unit_evaluations(ws: Workspace, recognition_id: int) -> list[DecisionRecord]:
    """A register row's effectiveness evaluations (成效评估, B9), oldest first: what a revocation may cite."""
    with ws.transaction() as s:
        q = select(EvaluationRecord).where(
            EvaluationRecord.recognition_id == recognition_id, EvaluationRecord.purpose == Purpose.EFFECTIVENESS
        )
        return [decision_view(r) for r in s.scalars(q.order_by(EvaluationRecord.id))]
