"""The indicator set and the acceptance standard of a cycle (notice 004 §四(二)–(三)), loaded by the national
office from a file: checked whole, its difference shown first, audited as every reference load is.

The notice names one attachment 3 for all seven categories, which are as unlike as a city and a university; our
reading (docs/rules.md, B6) lets the office load a set, and its standard, for one category, which is then scored
against it instead of the cycle's set; the cycle's set stays the default of every other category."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from engine.files.tabular import Problems, read_table
from engine.kernel.errors import BadInput
from engine.machine.machine import Actor
from engine.services.evaluation.computation import (
    CYCLE_SET,
    TOTAL,
    cycle_indicators,
    cycle_thresholds,
    set_key,
)
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.reference_audit import (
    ReferenceDiff,
    ReferenceLine,
    Rows,
    audit,
    difference,
    file_source,
    national_only,
)
from engine.services.shared.results import ServiceResult
from engine.store.core import Application, Cycle
from engine.store.evaluation import Indicator, Score, Threshold
from engine.store.locks import hold
from engine.store.registers import Recognition
from engine.store.workspace import Workspace


def score_number(text: str) -> float | None:
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


class IndicatorSetView(ServiceResult):
    """One set of a cycle: the cycle's own (``category`` None) or a category's, its standard, whom it applies to."""

    category: str | None
    title: str  # 本届通用 or the category's name
    applies_to: list[str]  # the names of the categories scored against it
    indicators: list[IndicatorView]
    standard: list[StandardLine]


class AppliedSet(ServiceResult):
    """The set an application (or a unit) of a category is scored against, and its standard."""

    category: str | None  # None: the cycle's set, which the category uses for want of one of its own
    title: str
    indicators: list[IndicatorView]
    standard: list[StandardLine]


CYCLE_SET_TITLE = "本届通用评价指标"


def _key(cycle: Cycle, category: str | None) -> str:
    """The set ``category`` names (None or "": the cycle's), checked against the cycle's categories."""
    if not category:
        return CYCLE_SET
    known = cycle_programme(cycle).categories
    if category not in {c.id for c in known}:
        names = "、".join(c.name for c in known)
        raise BadInput(f"category: 不是本周期的类别（本周期的类别：{names}）", field="category")
    return category


def _set_title(cycle: Cycle, key: str) -> str:
    if key == CYCLE_SET:
        return CYCLE_SET_TITLE
    cat = cycle_programme(cycle).category(key)
    return f"{cat.name if cat else key}评价指标"


def _scored_against(s: Session, cycle: Cycle, key: str) -> bool:
    """Whether any score was given against the set ``key`` (a change to it would change totals decided on)."""
    if key != CYCLE_SET:
        scored = or_(Application.category == key, Recognition.category == key)
    else:
        own = [c.id for c in cycle_programme(cycle).categories if set_key(s, cycle.id, c.id) != CYCLE_SET]
        scored = or_(
            Application.id.is_not(None) & Application.category.not_in(own),
            Recognition.id.is_not(None) & Recognition.category.not_in(own),
        )
    q = (
        select(Score.id)
        .outerjoin(Application, Score.application_id == Application.id)
        .outerjoin(Recognition, Score.recognition_id == Recognition.id)
        .where(Score.cycle_id == cycle.id, scored)
        .limit(1)
    )
    return s.scalar(q) is not None


def _keyed(lines: list[ReferenceLine], cycle: Cycle, key: str) -> list[ReferenceLine]:
    """A category's lines name the set as well as the item (the audit lists every set together)."""
    if key == CYCLE_SET:
        return lines
    cat = cycle_programme(cycle).category(key)
    return [line.model_copy(update={"key": f"{cat.name if cat else key}·{line.key}"}) for line in lines]


def load_indicators(
    ws: Workspace,
    cycle_id: int,
    path: Path,
    actor: Actor,
    dry_run: bool = False,
    name: str | None = None,
    category: str | None = None,
) -> ReferenceDiff:
    """Load the cycle's indicator set (YAML ``indicators: [{id, name, weight, maximum}]`` or CSV/XLSX), or with
    ``category`` that category's own set, which it is then scored against instead."""
    national_only(actor, "评价指标", "indicator sets")
    rows = _read_rows(path, ("id", "name", "weight", "maximum"), "indicators")
    source = file_source(path, name)
    problems = Problems(path)
    wanted: Rows = {}
    for n, cells in rows:
        code, weight, maximum = cells["id"], score_number(cells["weight"]), score_number(cells["maximum"])
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
        hold(s, "evaluation", cycle_id)  # two loads at once: the second sees the first's set, unchanged
        cycle = get_cycle(s, cycle_id)
        key = _key(cycle, category)
        old = cycle_indicators(s, cycle.id, key)
        before: Rows = {i.code: {"name": i.name, "weight": i.weight, "maximum": i.maximum} for i in old}
        lines, unchanged = difference(before, wanted, replace=True)
        if lines and _scored_against(s, cycle, key):
            raise BadInput(
                f"{path}: {_set_title(cycle, key)}已有评分，更改会改变已据以决定的总分"
                f"（scores were given against this set; a changed set would change totals already decided on）",
                field="file",
            )
        if lines and not dry_run:
            s.execute(delete(Indicator).where(Indicator.cycle_id == cycle.id, Indicator.category == key))
            s.flush()
            s.add_all(
                Indicator(cycle_id=cycle.id, category=key, code=code, position=pos, **row)
                for pos, (code, row) in enumerate(wanted.items(), start=1)
            )
            audit(s, "indicators", cycle.id, _keyed(lines, cycle, key), source, actor, ws.clock.now())
        return ReferenceDiff(
            reference="indicators", cycle=cycle.id, source=source, dry_run=dry_run, rows=len(rows),
            lines=_keyed(lines, cycle, key), unchanged=unchanged, category=key or None,
            set_title=_set_title(cycle, key),
        )  # fmt: skip


def _views(s: Session, cycle_id: int, key: str) -> tuple[list[IndicatorView], list[StandardLine]]:
    indicators = [
        IndicatorView(id=i.code, name=i.name, weight=i.weight, maximum=i.maximum)
        for i in cycle_indicators(s, cycle_id, key)
    ]
    return indicators, [StandardLine(indicator=t.code, minimum=t.minimum) for t in cycle_thresholds(s, cycle_id, key)]


def list_indicators(ws: Workspace, cycle_id: int, category: str | None = None) -> list[IndicatorView]:
    """The indicators ``category`` is scored against (its own set, else the cycle's); no category: the cycle's."""
    return applied_set(ws, cycle_id, category).indicators


def list_standard(ws: Workspace, cycle_id: int, category: str | None = None) -> list[StandardLine]:
    """The standard of the set ``category`` is scored against; no category: the cycle's set's."""
    return applied_set(ws, cycle_id, category).standard


def applied_set(ws: Workspace, cycle_id: int, category: str | None) -> AppliedSet:
    """Which set an application of ``category`` is scored against, what it holds and its standard."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        key = set_key(s, cycle.id, category or CYCLE_SET)
        indicators, standard = _views(s, cycle.id, key)
        return AppliedSet(category=key or None, title=_set_title(cycle, key), indicators=indicators,
                          standard=standard)  # fmt: skip


def indicator_sets(ws: Workspace, cycle_id: int) -> list[IndicatorSetView]:
    """Every set of the cycle: the cycle's first (the default), then each category's own, with whom each applies to."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        categories = cycle_programme(cycle).categories
        keys = {c.id: set_key(s, cycle.id, c.id) for c in categories}
        out = []
        for key in [CYCLE_SET, *(c.id for c in categories if keys[c.id] != CYCLE_SET)]:
            indicators, standard = _views(s, cycle.id, key)
            out.append(IndicatorSetView(category=key or None, title=_set_title(cycle, key), indicators=indicators,
                                        standard=standard,
                                        applies_to=[c.name for c in categories if keys[c.id] == key]))  # fmt: skip
        return out


def load_standard(
    ws: Workspace,
    cycle_id: int,
    path: Path,
    actor: Actor,
    dry_run: bool = False,
    name: str | None = None,
    category: str | None = None,
) -> ReferenceDiff:
    """Load the acceptance standard (YAML ``thresholds: [{indicator, minimum}]`` or CSV/XLSX; ``total`` = the
    total) of the cycle's set, or with ``category`` of that category's own set (loaded first)."""
    national_only(actor, "示范创建验收标准", "acceptance standards")
    rows = _read_rows(path, ("indicator", "minimum"), "thresholds")
    source = file_source(path, name)
    problems = Problems(path)
    with ws.transaction(write=True) as s:
        hold(s, "evaluation", cycle_id)  # two loads at once: the second sees the first's set, unchanged
        cycle = get_cycle(s, cycle_id)
        key = _key(cycle, category)
        indicators = {i.code: i for i in cycle_indicators(s, cycle.id, key)}
        if not indicators and key != CYCLE_SET:
            raise BadInput(
                f"category: {_set_title(cycle, CYCLE_SET)}适用于该类别，其验收标准即本届通用的验收标准；"
                "如该类别另有评价指标，请先载入其评价指标（the category has no set of its own: load its indicators "
                "first, or load the standard without a category）",
                field="category",
            )
        if not indicators:
            raise BadInput(f"cycle {cycle.id} has no indicator set yet; the standard is set on it (load it first)")
        wanted: Rows = {}
        for n, cells in rows:
            code, minimum = cells["indicator"], score_number(cells["minimum"])
            top = sum(i.weight for i in indicators.values()) if code == TOTAL else None
            if code != TOTAL and code not in indicators:
                problems.add(n, "indicator", f"{code!r} is not an indicator of this set (nor total)")
            elif code in wanted:
                problems.add(n, "indicator", f"{code!r} is given twice")
            else:
                top = top if top is not None else indicators[code].maximum
                if minimum is None or not 0 <= minimum <= top:
                    problems.add(n, "minimum", f"{cells['minimum']!r} is not a number from 0 to {top:g}")
            if not problems.items:
                wanted[code] = {"minimum": minimum}
        problems.raise_if_any()
        old = cycle_thresholds(s, cycle.id, key)
        lines, unchanged = difference({t.code: {"minimum": t.minimum} for t in old}, wanted, replace=True)
        if lines and not dry_run:
            s.execute(delete(Threshold).where(Threshold.cycle_id == cycle.id, Threshold.category == key))
            s.flush()
            s.add_all(
                Threshold(cycle_id=cycle.id, category=key, code=code, minimum=row["minimum"])
                for code, row in wanted.items()
            )
            audit(s, "standard", cycle.id, _keyed(lines, cycle, key), source, actor, ws.clock.now())
        return ReferenceDiff(
            reference="standard", cycle=cycle.id, source=source, dry_run=dry_run, rows=len(rows),
            lines=_keyed(lines, cycle, key), unchanged=unchanged, category=key or None,
            set_title=_set_title(cycle, key),
        )  # fmt: skip


def application_set(ws: Workspace, app_id: int) -> AppliedSet:
    """The set an application is scored against (its category's own, else the cycle's) and its standard."""
    with ws.transaction() as s:
        app = s.get(Application, app_id)
        if app is None:
            raise BadInput(f"unknown application {app_id}")
        cycle_id, category = app.cycle_id, app.category
    return applied_set(ws, cycle_id, category)
