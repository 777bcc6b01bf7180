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


INDICATOR_COLUMNS = ("id", "name", "weight", "maximum")
STANDARD_COLUMNS = ("indicator", "minimum")
# The templates' Chinese headers; a sheet may use these or the English column names (the YAML keys) alike.
HEADERS_ZH = {"id": "指标代码", "name": "指标名称", "weight": "权重", "maximum": "满分", "indicator": "指标",
              "minimum": "最低分"}  # fmt: skip
TOTAL_ZH = "总分"  # the standard's line for the total, as the template writes it (``total`` is read too)


def _read_rows(
    path: Path, columns: tuple[str, ...], key: str, optional: tuple[str, ...] = ()
) -> tuple[list[tuple[int, dict[str, str]]], Problems]:
    """Rows of a YAML list under ``key`` (numbered from 1) or of a CSV/XLSX sheet (its own row numbers, its
    Chinese or English headers), and the collector of their problems (naming each column as the file does)."""
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, yaml.YAMLError):
            raise BadInput(f"{path}：无法读取该文件", field="file") from None
        items = data.get(key) if isinstance(data, dict) else data
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            raise BadInput(f"{path}：格式不符，应为逐项列出的{'、'.join(columns)}", field="file")
        out = []
        for n, item in enumerate(items, start=1):
            unknown = sorted(set(item) - set(columns) - set(optional))
            missing = [c for c in columns if c not in item]
            if unknown or missing:
                what = "; ".join(
                    ([f"unknown key(s) {', '.join(unknown)}"] if unknown else [])
                    + ([f"missing key(s) {', '.join(missing)}"] if missing else [])
                )
                raise BadInput(f"{path}：第{n}项：{what}（应有：{'、'.join(columns)}）", field="file")
            out.append((n, {k: "" if v is None else str(v).strip() for k, v in item.items()}))
        return out, Problems(path)
    table = read_table(path, columns, optional, aliases={HEADERS_ZH[c]: c for c in (*columns, *optional)})
    return table.rows, table.problems()


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
    rows, problems = _read_rows(path, INDICATOR_COLUMNS, "indicators")
    source = file_source(path, name)
    wanted: Rows = {}
    named: dict[str, int] = {}  # a name is how the standard and the score sheet name an indicator: one each
    for n, cells in rows:
        code, weight, maximum = cells["id"], score_number(cells["weight"]), score_number(cells["maximum"])
        if not code or code in (TOTAL, TOTAL_ZH) or code in wanted:
            problems.add(n, "id", f"指标代码 {code!r} 为空、为保留字或重复")
        if not cells["name"]:
            problems.add(n, "name", "指标名称为空")
        elif cells["name"] in named or cells["name"] == TOTAL_ZH:
            problems.add(n, "name", f"指标名称“{cells['name']}”与第{named.get(cells['name'], n)}行重复或为保留字")
        named.setdefault(cells["name"], n)
        if weight is None or weight <= 0:
            problems.add(n, "weight", f"权重 {cells['weight']!r} 须为正数")
        if maximum is None or maximum <= 0:
            problems.add(n, "maximum", f"满分 {cells['maximum']!r} 须为正数")
        if not problems.items:
            wanted[code] = {"name": cells["name"], "weight": weight, "maximum": maximum}
    if not rows:
        problems.add(1, "id", "文件中没有任何指标")
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
                f"{path}: {_set_title(cycle, key)}已有评分，更改会改变已据以决定的总分",
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
    """Load the acceptance standard (YAML ``thresholds: [{indicator, minimum}]`` or CSV/XLSX; an indicator by its
    code or name, 总分 or ``total`` the total) of the cycle's set, or with ``category`` of that category's own set
    (loaded first)."""
    national_only(actor, "示范创建验收标准", "acceptance standards")
    rows, problems = _read_rows(path, STANDARD_COLUMNS, "thresholds")
    source = file_source(path, name)
    with ws.transaction(write=True) as s:
        hold(s, "evaluation", cycle_id)  # two loads at once: the second sees the first's set, unchanged
        cycle = get_cycle(s, cycle_id)
        key = _key(cycle, category)
        indicators = {i.code: i for i in cycle_indicators(s, cycle.id, key)}
        if not indicators and key != CYCLE_SET:
            raise BadInput(
                f"category: {_set_title(cycle, CYCLE_SET)}适用于该类别，其验收标准即本届通用的验收标准；"
                "如该类别另有评价指标，请先载入其评价指标，或不选类别载入验收标准",
                field="category",
            )
        if not indicators:
            raise BadInput("本届尚未载入评价指标，请先载入指标，再设定标准", field="file")
        wanted: Rows = {}
        by_name = {i.name: i.code for i in indicators.values()} | {TOTAL_ZH: TOTAL}
        for n, cells in rows:
            if not cells["minimum"]:  # a line of the template left blank: no least score for it
                continue
            code = cells["indicator"] if cells["indicator"] in indicators else by_name.get(cells["indicator"], "")
            code, minimum = code or cells["indicator"], score_number(cells["minimum"])
            top = sum(i.weight for i in indicators.values()) if code == TOTAL else None
            if code != TOTAL and code not in indicators:
                problems.add(n, "indicator", f"“{code}”不是这套评价指标中的指标代码或名称，也不是“{TOTAL_ZH}”")
            elif code in wanted:
                problems.add(n, "indicator", f"{code!r} 重复出现")
            else:
                top = top if top is not None else indicators[code].maximum
                if minimum is None or not 0 <= minimum <= top:
                    problems.add(n, "minimum", f"最低分 {cells['minimum']!r} 须为 0 至 {top:g} 之间的数")
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
            raise BadInput(f"没有第{app_id}号申报")
        cycle_id, category = app.cycle_id, app.category
    return applied_set(ws, cycle_id, category)
