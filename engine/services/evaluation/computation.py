"""Evaluation against the indicators, computed: totals, ranks, the facts the guards read, the record of a decision.

A total is Σ weight × (mean score / maximum) over the indicators, the mean taken over the reviewers, so the
full mark is Σ weight (our choice: attachment 3 of notice 004 is not in the seed). An evaluation is complete
when at least one reviewer scored and every reviewer scored every indicator. Ranks are per category among
complete evaluations, ties sharing a rank (1, 2, 2, 4). A category may have an indicator set (and standard) of its
own, which it is scored against instead of the cycle's (our reading of B6, see docs/rules.md). Which evaluation a
stage's decision rests on is read from the definition: the ``purpose`` of the ``evaluation-complete`` /
``meets-standard`` guards leaving it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.model import Programme
from engine.store.core import Application, Event
from engine.store.evaluation import EvaluationRecord, Indicator, Purpose, Score, Threshold
from policies.facts import EvaluationFacts

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


CYCLE_SET = ""  # the key of the cycle's own set: the default of every category without a set of its own


def cycle_indicators(s: Session, cycle_id: int, key: str = CYCLE_SET) -> list[Indicator]:
    """The indicators of one set exactly: the cycle's (``key`` ""), or a category's own."""
    q = select(Indicator).where(Indicator.cycle_id == cycle_id, Indicator.category == key)
    return list(s.scalars(q.order_by(Indicator.position)))


def cycle_thresholds(s: Session, cycle_id: int, key: str = CYCLE_SET) -> list[Threshold]:
    """The acceptance standard of one set exactly (a standard belongs to the set its lines name)."""
    q = select(Threshold).where(Threshold.cycle_id == cycle_id, Threshold.category == key)
    return list(s.scalars(q.order_by(Threshold.id)))


def set_key(s: Session, cycle_id: int, category: str) -> str:
    """The set an application of ``category`` is scored against: the category's own if loaded, else the cycle's."""
    own = s.scalar(select(Indicator.id).where(Indicator.cycle_id == cycle_id, Indicator.category == category).limit(1))
    return category if category and own is not None else CYCLE_SET


def category_indicators(s: Session, cycle_id: int, category: str) -> list[Indicator]:
    return cycle_indicators(s, cycle_id, set_key(s, cycle_id, category))


def category_thresholds(s: Session, cycle_id: int, category: str) -> list[Threshold]:
    return cycle_thresholds(s, cycle_id, set_key(s, cycle_id, category))


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
    key = set_key(s, cycle_id, category)
    indicators, thresholds = cycle_indicators(s, cycle_id, key), cycle_thresholds(s, cycle_id, key)
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
        has_set = bool(category_indicators(s, app.cycle_id, app.category))
        missing = ("尚未录入评分",) if has_set else ("本届尚未导入评价指标",)
        return EvaluationFacts(purpose, False, missing, 0.0, 0.0, None, 0, None, ())
    c = found.computed
    return EvaluationFacts(
        purpose, c.complete, c.missing, c.total, c.full_mark, found.rank, found.ranked, c.met, c.shortfalls
    )


def decision_detail(c: Computed, thresholds: Sequence[Threshold]) -> dict[str, Any]:
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
    thresholds = category_thresholds(s, app.cycle_id, app.category)
    c = found.computed if found else compute(category_indicators(s, app.cycle_id, app.category), thresholds, [])
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
        detail=decision_detail(c, thresholds),
        at=at,
        actor=event.actor,
    )
    s.add(row)
    return row
