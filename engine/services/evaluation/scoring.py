"""Evaluation against the indicators (notice 004 §四(二)–(三), §四(五)): load, score, total, rank, record.

The indicator set and the acceptance standard are loaded per cycle by the national office. A
total is Σ weight × (mean score / maximum) over the indicators, the mean taken over the reviewers,
so the full mark is Σ weight (our choice: attachment 3 is not in the seed). An evaluation is
complete when at least one reviewer scored and every reviewer scored every indicator. Ranks are
per category among complete evaluations, ties sharing a rank (1, 2, 2, 4).
Which evaluation a stage's decision rests on is read from the definition: the ``purpose`` of the
``evaluation-complete`` / ``meets-standard`` guards on the transitions leaving that stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from engine.definition.model import Programme
from engine.files.spreadsheet import Column, Sheet, write_workbook
from engine.files.tabular import Problems, read_table
from engine.kernel.errors import BadInput, FieldError, check_fields
from engine.machine.machine import Actor
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.reference_changes import ReferenceDiff, Rows, audit, difference, national_only
from engine.services.results import IsoDatetime, ServiceResult
from engine.store.core import Application, Cycle, Event, Organisation
from engine.store.evaluation import EvaluationRecord, Indicator, Purpose, Score, Threshold
from engine.store.workspace import Workspace
from policies.facts import EvaluationFacts
from policies.reference.provinces import province_name

EVALUATION_GUARDS = ("evaluation-complete", "meets-standard")
TOTAL = "total"


# -- what the definition says ---------------------------------------------------------------


def purpose_of_stage(p: Programme, category: str, stage: str) -> str | None:
    """The evaluation the decisions leaving ``stage`` rest on, as their guards name it."""
    for t in p.transitions_for(category):
        if stage in p.sources(t):
            for g in t.guards:
                if g.guard in EVALUATION_GUARDS:
                    return str(g.params.get("purpose", Purpose.ACCEPTANCE))
    return None


def purpose_of_decision(p: Programme, category: str, event: str, src: str) -> str | None:
    """The evaluation a decision (``event`` from ``src``) records, if its transition is guarded by one."""
    for t in p.transitions_for(category):
        if t.event == event and src in p.sources(t):
            for g in t.guards:
                if g.guard in EVALUATION_GUARDS:
                    return str(g.params.get("purpose", Purpose.ACCEPTANCE))
    return None


# -- the computation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Computed:
    """An evaluation worked out from the scores (before ranking)."""

    complete: bool
    missing: tuple[str, ...]
    means: dict[str, float]
    reviewers: tuple[str, ...]
    total: float
    full_mark: float
    met: bool | None
    shortfalls: tuple[str, ...]


def compute(indicators: Sequence[Indicator], thresholds: Sequence[Threshold], scores: Iterable[Score]) -> Computed:
    """Means per indicator over the reviewers, the weighted total, and the standard's lines it misses."""
    by_reviewer: dict[str, dict[str, float]] = {}
    for sc in scores:
        by_reviewer.setdefault(sc.reviewer, {})[sc.indicator] = sc.value
    codes = [i.code for i in indicators]
    missing: list[str] = [] if by_reviewer else ["尚未录入评分"]
    for reviewer, given in sorted(by_reviewer.items()):
        lacking = [c for c in codes if c not in given]
        if lacking:
            missing.append(f"{reviewer}未评{'、'.join(lacking)}")
    means = {
        c: round(sum(g[c] for g in by_reviewer.values() if c in g) / n, 4)
        for c in codes
        if (n := sum(1 for g in by_reviewer.values() if c in g))
    }
    total = round(sum(i.weight * means.get(i.code, 0.0) / i.maximum for i in indicators), 2)
    full = round(sum(i.weight for i in indicators), 2)
    shortfalls: list[str] = []
    for t in thresholds:
        got = total if t.code == TOTAL else means.get(t.code, 0.0)
        if got < t.minimum:
            label = "总分" if t.code == TOTAL else t.code
            shortfalls.append(f"{label} {got:g} < {t.minimum:g}")
    met = None if not thresholds else not shortfalls
    return Computed(
        complete=bool(indicators) and not missing,
        missing=tuple(missing) if indicators else ("本届尚未导入评价指标",),
        means=means,
        reviewers=tuple(sorted(by_reviewer)),
        total=total,
        full_mark=full,
        met=met,
        shortfalls=tuple(shortfalls),
    )


def _indicators(s: Session, cycle_id: int) -> list[Indicator]:
    return list(s.scalars(select(Indicator).where(Indicator.cycle_id == cycle_id).order_by(Indicator.position)))


def _thresholds(s: Session, cycle_id: int) -> list[Threshold]:
    return list(s.scalars(select(Threshold).where(Threshold.cycle_id == cycle_id).order_by(Threshold.id)))


@dataclass(frozen=True)
class Ranked:
    """One application's evaluation with its rank in the category (None while incomplete)."""

    application_id: int
    category: str
    computed: Computed
    rank: int | None
    ranked: int


def rank_category(s: Session, cycle_id: int, category: str, purpose: str) -> dict[int, Ranked]:
    """Every application of the category with scores for ``purpose``, ranked by total among the complete."""
    indicators, thresholds = _indicators(s, cycle_id), _thresholds(s, cycle_id)
    rows = s.execute(
        select(Score, Application.category)
        .join(Application, Score.application_id == Application.id)
        .where(Score.cycle_id == cycle_id, Score.purpose == purpose, Application.category == category)
    )
    per_app: dict[int, list[Score]] = {}
    for sc, _ in rows:
        per_app.setdefault(sc.application_id or 0, []).append(sc)
    computed = {app: compute(indicators, thresholds, scs) for app, scs in per_app.items()}
    complete = sorted((c.total for c in computed.values() if c.complete), reverse=True)
    out = {}
    for app, c in computed.items():
        rank = complete.index(c.total) + 1 if c.complete else None
        out[app] = Ranked(app, category, c, rank, len(complete))
    return out


def evaluation_facts(s: Session, application_id: int, purpose: str) -> EvaluationFacts | None:
    """What the B6/B7 guards see of an application's evaluation; None when it has no score at all."""
    app = s.get(Application, application_id)
    if app is None:
        return None
    found = rank_category(s, app.cycle_id, app.category, purpose).get(application_id)
    if found is None:
        has_set = bool(_indicators(s, app.cycle_id))
        missing = ("尚未录入评分",) if has_set else ("本届尚未导入评价指标",)
        return EvaluationFacts(purpose, False, missing, 0.0, 0.0, None, 0, None, ())
    c = found.computed
    return EvaluationFacts(
        purpose, c.complete, c.missing, c.total, c.full_mark, found.rank, found.ranked, c.met, c.shortfalls
    )


def _detail(c: Computed, thresholds: Sequence[Threshold]) -> dict[str, Any]:
    return {
        "means": c.means,
        "reviewers": list(c.reviewers),
        "full_mark": c.full_mark,
        "standard": {t.code: t.minimum for t in thresholds},
        "shortfalls": list(c.shortfalls),
    }


def record_decision(s: Session, app: Application, purpose: str, event: Event, at: datetime) -> EvaluationRecord:
    """Freeze the evaluation a decision rests on (the rank it was selected at, the standard it met)."""
    found = rank_category(s, app.cycle_id, app.category, purpose).get(app.id)
    c = found.computed if found else compute(_indicators(s, app.cycle_id), _thresholds(s, app.cycle_id), [])
    row = EvaluationRecord(
        cycle_id=app.cycle_id,
        purpose=purpose,
        application_id=app.id,
        event_id=event.id,
        decision=event.event,
        total=c.total,
        rank=found.rank if found else None,
        ranked=found.ranked if found else None,
        met=c.met,
        detail=_detail(c, _thresholds(s, app.cycle_id)),
        at=at,
        actor=event.actor,
    )
    s.add(row)
    return row


# -- loading the indicator set and the standard ---------------------------------------------


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def _read_rows(
    path: Path, columns: tuple[str, ...], key: str, optional: tuple[str, ...] = ()
) -> list[tuple[int, dict[str, str]]]:
    """Rows of a YAML list under ``key`` (numbered from 1) or of a CSV/XLSX sheet (its own row numbers)."""
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise BadInput(f"{path}: cannot read the YAML: {exc}") from None
        items = data.get(key) if isinstance(data, dict) else data
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            raise BadInput(f"{path}: expected a list of mappings under {key!r} with {', '.join(columns)}")
        out = []
        for n, item in enumerate(items, start=1):
            unknown = sorted(set(item) - set(columns) - set(optional))
            missing = [c for c in columns if c not in item]
            if unknown or missing:
                what = "; ".join(
                    ([f"unknown key(s) {', '.join(unknown)}"] if unknown else [])
                    + ([f"missing key(s) {', '.join(missing)}"] if missing else [])
                )
                raise BadInput(f"{path}: item {n}: {what} (expected: {', '.join(columns)})")
            out.append((n, {k: "" if v is None else str(v).strip() for k, v in item.items()}))
        return out
    return read_table(path, columns, optional).rows


class IndicatorView(ServiceResult):
    """One indicator of a cycle's set."""

    id: str
    name: str
    weight: float
    maximum: float


class StandardLine(ServiceResult):
    """One line of the acceptance standard: an indicator's least mean score, or the total's."""

    indicator: str
    minimum: float


def load_indicators(ws: Workspace, cycle_id: int, path: Path, actor: Actor, dry_run: bool = False) -> ReferenceDiff:
    """Load the cycle's indicator set (YAML ``indicators: [{id, name, weight, maximum}]`` or CSV/XLSX)."""
    national_only(actor, "评价指标", "indicator sets")
    rows = _read_rows(path, ("id", "name", "weight", "maximum"), "indicators")
    problems = Problems(path)
    wanted: Rows = {}
    for n, cells in rows:
        code, weight, maximum = cells["id"], _number(cells["weight"]), _number(cells["maximum"])
        if not code or code == TOTAL or code in wanted:
            problems.add(n, "id", f"{code!r} is empty, reserved or given twice")
        if not cells["name"]:
            problems.add(n, "name", "is empty")
        if weight is None or weight <= 0:
            problems.add(n, "weight", f"{cells['weight']!r} is not a positive number")
        if maximum is None or maximum <= 0:
            problems.add(n, "maximum", f"{cells['maximum']!r} is not a positive number")
        if not problems.items:
            wanted[code] = {"name": cells["name"], "weight": weight, "maximum": maximum}
    if not rows:
        problems.add(1, "id", "the set has no indicator")
    problems.raise_if_any()
    with ws.transaction(write=True) as s:
        cycle = get_cycle(s, cycle_id)
        old = _indicators(s, cycle.id)
        before: Rows = {i.code: {"name": i.name, "weight": i.weight, "maximum": i.maximum} for i in old}
        lines, unchanged = difference(before, wanted, replace=True)
        scored = s.scalar(select(Score.id).where(Score.cycle_id == cycle.id).limit(1))
        if lines and scored is not None:
            raise BadInput(
                f"{path}: cycle {cycle.id} already has scores against its indicator set; "
                "a changed set would change totals already decided on"
            )
        if lines and not dry_run:
            s.execute(delete(Indicator).where(Indicator.cycle_id == cycle.id))
            s.flush()
            s.add_all(
                Indicator(cycle_id=cycle.id, code=code, position=pos, **row)
                for pos, (code, row) in enumerate(wanted.items(), start=1)
            )
            audit(s, "indicators", cycle.id, lines, str(path), actor, ws.clock.now())
        return ReferenceDiff(
            reference="indicators", cycle=cycle.id, source=str(path), dry_run=dry_run, rows=len(rows), lines=lines,
            unchanged=unchanged,
        )  # fmt: skip


def list_indicators(ws: Workspace, cycle_id: int) -> list[IndicatorView]:
    with ws.transaction() as s:
        get_cycle(s, cycle_id)
        return [
            IndicatorView(id=i.code, name=i.name, weight=i.weight, maximum=i.maximum) for i in _indicators(s, cycle_id)
        ]


def list_standard(ws: Workspace, cycle_id: int) -> list[StandardLine]:
    with ws.transaction() as s:
        get_cycle(s, cycle_id)
        return [StandardLine(indicator=t.code, minimum=t.minimum) for t in _thresholds(s, cycle_id)]


def load_standard(ws: Workspace, cycle_id: int, path: Path, actor: Actor, dry_run: bool = False) -> ReferenceDiff:
    """Load the acceptance standard (YAML ``thresholds: [{indicator, minimum}]`` or CSV/XLSX); ``total`` = the total."""
    national_only(actor, "示范创建验收标准", "acceptance standards")
    rows = _read_rows(path, ("indicator", "minimum"), "thresholds")
    problems = Problems(path)
    with ws.transaction(write=True) as s:
        cycle = get_cycle(s, cycle_id)
        indicators = {i.code: i for i in _indicators(s, cycle.id)}
        if not indicators:
            raise BadInput(f"cycle {cycle.id} has no indicator set yet; the standard is set on it (load it first)")
        wanted: Rows = {}
        for n, cells in rows:
            code, minimum = cells["indicator"], _number(cells["minimum"])
            top = sum(i.weight for i in indicators.values()) if code == TOTAL else None
            if code != TOTAL and code not in indicators:
                problems.add(n, "indicator", f"{code!r} is not an indicator of cycle {cycle.id} (nor total)")
            elif code in wanted:
                problems.add(n, "indicator", f"{code!r} is given twice")
            else:
                top = top if top is not None else indicators[code].maximum
                if minimum is None or not 0 <= minimum <= top:
                    problems.add(n, "minimum", f"{cells['minimum']!r} is not a number from 0 to {top:g}")
            if not problems.items:
                wanted[code] = {"minimum": minimum}
        problems.raise_if_any()
        old = _thresholds(s, cycle.id)
        lines, unchanged = difference({t.code: {"minimum": t.minimum} for t in old}, wanted, replace=True)
        if lines and not dry_run:
            s.execute(delete(Threshold).where(Threshold.cycle_id == cycle.id))
            s.flush()
            s.add_all(Threshold(cycle_id=cycle.id, code=code, minimum=row["minimum"]) for code, row in wanted.items())
            audit(s, "standard", cycle.id, lines, str(path), actor, ws.clock.now())
        return ReferenceDiff(
            reference="standard", cycle=cycle.id, source=str(path), dry_run=dry_run, rows=len(rows), lines=lines,
            unchanged=unchanged,
        )  # fmt: skip


# -- scores ---------------------------------------------------------------------------------


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


def _upsert(s: Session, cycle_id: int, purpose: str, app_id: int | None, rec_id: int | None, reviewer: str,
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


def _score_problem(ind: Indicator | None, code: str, text: str, cycle_id: int) -> str | None:
    if ind is None:
        return f"“{code}”不是本周期（{cycle_id}）的评价指标"
    value = _number(text)
    if value is None or not 0 <= value <= ind.maximum:
        return f"{code} 的评分“{text}”须为 0 至 {ind.maximum:g} 之间的数（该指标满分 {ind.maximum:g}）"
    return None


def _check_scores(reviewer: str, scores: dict[str, str], indicators: dict[str, Indicator], cycle_id: int) -> None:
    """The reviewer named, at least one score, every score an indicator's and in its range; all bad ones at once."""
    errors = [] if reviewer.strip() else [FieldError("reviewer", "required", "请填写评审专家姓名")]
    if not scores:
        errors.append(FieldError("score", "required", "请至少填写一项指标的评分"))
    for code, text in scores.items():
        if why := _score_problem(indicators.get(code), code, text, cycle_id):
            errors.append(FieldError(f"score.{code}", "out_of_range" if code in indicators else "unknown", why))
    check_fields(errors)


def _scored_app(s: Session, p: Programme, cycle: Cycle, ref: str) -> tuple[Application, str] | str:
    """The application a row names and the evaluation its stage is in, or why it cannot be scored."""
    if not ref.isdigit():
        return f"{ref!r} is not an application id"
    app = s.get(Application, int(ref))
    if app is None or app.cycle_id != cycle.id:
        return f"application {ref} is not in cycle {cycle.id}"
    purpose = purpose_of_stage(p, app.category, app.stage)
    if purpose is None:
        return f"application {ref} is in stage {app.stage}, where no evaluation is held"
    return app, purpose


def import_scores(ws: Workspace, cycle_id: int, path: Path, actor: Actor) -> ScoresRecorded:
    """CSV/XLSX ``application,reviewer,indicator,score``; any bad row imports nothing."""
    national_only(actor, "评审评分", "review scores")
    table = read_table(path, ("application", "reviewer", "indicator", "score"))
    problems = Problems(path)
    with ws.transaction(write=True) as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        indicators = {i.code: i for i in _indicators(s, cycle.id)}
        if not indicators:
            raise BadInput(f"cycle {cycle.id} has no indicator set; load it first (ipcycle evaluation indicators)")
        wanted: list[tuple[Application, str, str, str, float]] = []
        for n, cells in table.rows:
            found = _scored_app(s, p, cycle, cells["application"])
            if isinstance(found, str):
                problems.add(n, "application", found)
            if not cells["reviewer"]:
                problems.add(n, "reviewer", "is empty")
            code = cells["indicator"]
            if why := _score_problem(indicators.get(code), code, cells["score"], cycle.id):
                problems.add(n, "indicator" if code not in indicators else "score", why)
            if not problems.items and not isinstance(found, str):
                wanted.append((found[0], found[1], cells["reviewer"], code, float(cells["score"])))
        problems.raise_if_any()
        now = ws.clock.now()
        for app, purpose, reviewer, code, value in wanted:
            _upsert(s, cycle.id, purpose, app.id, None, reviewer, code, value, actor, now)
        s.flush()
        return ScoresRecorded(
            cycle=cycle.id, scores=len(wanted), evaluations=_views(s, {(a, pu) for a, pu, *_ in wanted})
        )


def record_scores(ws: Workspace, app_id: int, reviewer: str, scores: dict[str, str], actor: Actor) -> ScoresRecorded:
    """One reviewer's scores of one application, ``{indicator: score}``; a bad one records nothing."""
    national_only(actor, "评审评分", "review scores")
    with ws.transaction(write=True) as s:
        app = s.get(Application, app_id)
        if app is None:
            raise BadInput(f"unknown application {app_id}")
        cycle = app.cycle
        found = _scored_app(s, cycle_programme(cycle), cycle, str(app_id))
        if isinstance(found, str):
            raise BadInput(found)
        _check_scores(reviewer, scores, {i.code: i for i in _indicators(s, cycle.id)}, cycle.id)
        now = ws.clock.now()
        for code, text in scores.items():
            _upsert(s, cycle.id, found[1], app.id, None, reviewer, code, float(text), actor, now)
        s.flush()
        return ScoresRecorded(cycle=cycle.id, scores=len(scores), evaluations=_views(s, {(app, found[1])}))


def _views(s: Session, wanted: set[tuple[Application, str]]) -> list[EvaluationView]:
    out = []
    for app, purpose in sorted(wanted, key=lambda x: (x[0].id, x[1])):
        r = rank_category(s, app.cycle_id, app.category, purpose).get(app.id)
        c = r.computed if r else compute(_indicators(s, app.cycle_id), _thresholds(s, app.cycle_id), [])
        out.append(_view(app, purpose, r, c))
    return out


def ranking(
    ws: Workspace, cycle_id: int, purpose: str = Purpose.SELECTION, category: str | None = None
) -> list[EvaluationView]:
    """Every scored application of the cycle, by category in the definition's order, then by rank."""
    if purpose not in (Purpose.SELECTION, Purpose.ACCEPTANCE):
        raise BadInput(f"--purpose: {purpose!r} is not selection or acceptance")
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        cats = [c.id for c in p.categories if category in (None, c.id)]
        if category and not cats:
            raise BadInput(
                f"--category: unknown category {category!r} (known: {', '.join(c.id for c in p.categories)})"
            )
        out: list[EvaluationView] = []
        for cat in cats:
            ranked = rank_category(s, cycle.id, cat, purpose)
            apps = {a.id: a for a in s.scalars(select(Application).where(Application.id.in_(ranked)))}
            views = [_view(apps[i], purpose, r, r.computed) for i, r in ranked.items()]
            out += sorted(views, key=lambda v: (v.rank is None, v.rank or 0, v.application or 0))
        return out


def write_ranking_xlsx(
    ws: Workspace, cycle_id: int, views: Sequence[EvaluationView], indicators: Sequence[IndicatorView], out: Path
) -> Path:
    """The ranking as a sheet: one row per application, every indicator's mean, the total and the rank;
    categories by their names, scores as numbers."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
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
            *[v.means.get(i.id) for i in indicators],
            v.total,
            "、".join(v.reviewers),
            "完整" if v.complete else "；".join(v.missing),
        ]
        for v in views
    ]
    title = f"{p.title}（{cycle.edition}年）评审排名"
    write_workbook(out, [Sheet("评审排名", columns, rows, title=title, document=p.document)], p.issuer,
                   ws.clock.now(), "--xlsx")  # fmt: skip
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
            raise BadInput(f"unknown application {app_id}")
        q = select(EvaluationRecord).where(EvaluationRecord.application_id == app_id).order_by(EvaluationRecord.id)
        return [decision_view(r) for r in s.scalars(q)]


def evaluate_unit(
    ws: Workspace, recognition_id: int, cycle_id: int, reviewer: str, scores: dict[str, str], actor: Actor
) -> DecisionRecord:
    """Record an effectiveness evaluation (成效评估, B9) of a register row against a cycle's indicators and standard."""
    from engine.store.registers import Recognition

    national_only(actor, "成效评估", "effectiveness evaluations")
    with ws.transaction(write=True) as s:
        cycle = get_cycle(s, cycle_id)
        unit = s.get(Recognition, recognition_id)
        if unit is None:
            raise BadInput(f"unknown recognition {recognition_id} (see ipcycle recognitions list)")
        indicators = _indicators(s, cycle.id)
        if not indicators:
            raise BadInput(f"cycle {cycle.id} has no indicator set; load it first (ipcycle evaluation indicators)")
        _check_scores(reviewer, scores, {i.code: i for i in indicators}, cycle.id)
        now = ws.clock.now()
        for code, text in scores.items():
            _upsert(s, cycle.id, Purpose.EFFECTIVENESS, None, unit.id, reviewer, code, float(text), actor, now)
        s.flush()
        mine = s.scalars(
            select(Score).where(
                Score.cycle_id == cycle.id, Score.purpose == Purpose.EFFECTIVENESS, Score.recognition_id == unit.id
            )
        )
        thresholds = _thresholds(s, cycle.id)
        c = compute(indicators, thresholds, mine)
        if not c.complete:
            raise BadInput(f"the effectiveness evaluation is not complete: {'; '.join(c.missing)}")
        org = s.get(Organisation, unit.organisation_id)
        row = EvaluationRecord(cycle_id=cycle.id, purpose=Purpose.EFFECTIVENESS, recognition_id=unit.id,
                               decision="evaluate", total=c.total, met=c.met,
                               detail={**_detail(c, thresholds), "unit": org.name if org else ""}, at=now,
                               actor=str(actor))  # fmt: skip
        s.add(row)
        s.flush()
        return decision_view(row)


def application_evaluation(ws: Workspace, app_id: int) -> EvaluationView | None:
    """Where the application's evaluation stands in the evaluation its stage holds (None if it holds none)."""
    with ws.transaction() as s:
        app = s.get(Application, app_id)
        if app is None:
            raise BadInput(f"unknown application {app_id}")
        purpose = purpose_of_stage(cycle_programme(app.cycle), app.category, app.stage)
        return _views(s, {(app, purpose)})[0] if purpose is not None else None


def unit_evaluations(ws: Workspace, recognition_id: int) -> list[DecisionRecord]:
    """A register row's effectiveness evaluations (成效评估, B9), oldest first: what a revocation may cite."""
    with ws.transaction() as s:
        q = select(EvaluationRecord).where(
            EvaluationRecord.recognition_id == recognition_id, EvaluationRecord.purpose == Purpose.EFFECTIVENESS
        )
        return [decision_view(r) for r in s.scalars(q.order_by(EvaluationRecord.id))]
