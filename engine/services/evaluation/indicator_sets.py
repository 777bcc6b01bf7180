"""The indicator set and the acceptance standard of a cycle (notice 004 §四(二)–(三)), loaded by the national
office from a file: checked whole, its difference shown first, audited as every reference load is."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import delete, select

from engine.files.tabular import Problems, read_table
from engine.kernel.errors import BadInput
from engine.machine.machine import Actor
from engine.services.evaluation.computation import TOTAL, cycle_indicators, cycle_thresholds
from engine.services.programmes.cycles import get_cycle
from engine.services.shared.reference_audit import (
    ReferenceDiff,
    Rows,
    audit,
    difference,
    file_source,
    national_only,
)
from engine.services.shared.results import ServiceResult
from engine.store.evaluation import Indicator, Score, Threshold
from engine.store.locks import hold
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


def load_indicators(
    ws: Workspace, cycle_id: int, path: Path, actor: Actor, dry_run: bool = False, name: str | None = None
) -> ReferenceDiff:
    """Load the cycle's indicator set (YAML ``indicators: [{id, name, weight, maximum}]`` or CSV/XLSX)."""
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
        old = cycle_indicators(s, cycle.id)
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
            audit(s, "indicators", cycle.id, lines, source, actor, ws.clock.now())
        return ReferenceDiff(
            reference="indicators", cycle=cycle.id, source=source, dry_run=dry_run, rows=len(rows), lines=lines,
            unchanged=unchanged,
        )  # fmt: skip


def list_indicators(ws: Workspace, cycle_id: int) -> list[IndicatorView]:
    with ws.transaction() as s:
        get_cycle(s, cycle_id)
        return [
            IndicatorView(id=i.code, name=i.name, weight=i.weight, maximum=i.maximum)
            for i in cycle_indicators(s, cycle_id)
        ]


def list_standard(ws: Workspace, cycle_id: int) -> list[StandardLine]:
    with ws.transaction() as s:
        get_cycle(s, cycle_id)
        return [StandardLine(indicator=t.code, minimum=t.minimum) for t in cycle_thresholds(s, cycle_id)]


def load_standard(
    ws: Workspace, cycle_id: int, path: Path, actor: Actor, dry_run: bool = False, name: str | None = None
) -> ReferenceDiff:
    """Load the acceptance standard (YAML ``thresholds: [{indicator, minimum}]`` or CSV/XLSX); ``total`` = the total."""
    national_only(actor, "示范创建验收标准", "acceptance standards")
    rows = _read_rows(path, ("indicator", "minimum"), "thresholds")
    source = file_source(path, name)
    problems = Problems(path)
    with ws.transaction(write=True) as s:
        hold(s, "evaluation", cycle_id)  # two loads at once: the second sees the first's set, unchanged
        cycle = get_cycle(s, cycle_id)
        indicators = {i.code: i for i in cycle_indicators(s, cycle.id)}
        if not indicators:
            raise BadInput(f"cycle {cycle.id} has no indicator set yet; the standard is set on it (load it first)")
        wanted: Rows = {}
        for n, cells in rows:
            code, minimum = cells["indicator"], score_number(cells["minimum"])
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
        old = cycle_thresholds(s, cycle.id)
        lines, unchanged = difference({t.code: {"minimum": t.minimum} for t in old}, wanted, replace=True)
        if lines and not dry_run:
            s.execute(delete(Threshold).where(Threshold.cycle_id == cycle.id))
            s.flush()
            s.add_all(Threshold(cycle_id=cycle.id, code=code, minimum=row["minimum"]) for code, row in wanted.items())
            audit(s, "standard", cycle.id, lines, source, actor, ws.clock.now())
        return ReferenceDiff(
            reference="standard", cycle=cycle.id, source=source, dry_run=dry_run, rows=len(rows), lines=lines,
            unchanged=unchanged,
        )  # fmt: skip
