"""Reviewers' scores from a sheet (B6, B7). The score sheet the office downloads lists each application under
review as a reader knows it (unit, USCC, province, category) with one column per indicator by name; a filled copy
is matched back by USCC and category (a unit without a USCC by its name), any bad or ambiguous row naming its row
and column, and nothing imported then. The operators' long form, ``application,reviewer,indicator,score``, is read
as before."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.model import Programme
from engine.files.spreadsheet import Column, Sheet, write_workbook
from engine.files.tabular import Problems, Table, read_table
from engine.kernel.errors import BadInput
from engine.kernel.text import has_letter, normalise
from engine.machine.machine import Actor
from engine.services.evaluation.computation import category_indicators, purpose_of_stage
from engine.services.evaluation.indicator_sets import score_number
from engine.services.evaluation.score_records import (
    REVIEWER_LIMIT,
    ScoresRecorded,
    evaluation_views,
    score_problem,
    scored_application,
    upsert_score,
)
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.reference_audit import national_only
from engine.services.shared.results import ServiceResult
from engine.store.core import Application, Cycle, Organisation
from engine.store.evaluation import Indicator
from engine.store.locks import hold
from engine.store.workspace import Workspace
from policies.reference.provinces import province_from, province_name

LONG_FORM = ("application", "reviewer", "indicator", "score")  # one score a row, by the application's number
SHEET_COLUMNS = ("organisation", "uscc", "province", "category", "reviewer")
SHEET_HEADERS_ZH = {"organisation": "申报单位", "uscc": "统一社会信用代码", "province": "所在省份", "category": "类别",
                    "reviewer": "评审专家"}  # fmt: skip


class ScoreSheet(ServiceResult):
    """A score sheet written: how many applications under review it lists, and its indicator columns."""

    cycle: int
    applications: int
    indicators: list[str]


@dataclass(frozen=True)
class _Score:
    """One score a sheet gives: for which application, in which evaluation, by whom, on what, how much."""

    app: Application
    purpose: str
    reviewer: str
    code: str
    value: float


def _under_review(s: Session, p: Programme, cycle_id: int) -> list[Application]:
    """The cycle's applications whose stage holds an evaluation, in the definition's category order, then by
    province and unit."""
    stages = {(c.id, st.id) for c in p.categories for st in p.stages if purpose_of_stage(p, c.id, st.id)}
    q = select(Application).join(Organisation).where(Application.cycle_id == cycle_id)
    q = q.where(Application.stage.in_({stage for _, stage in stages}))
    order = {c.id: n for n, c in enumerate(p.categories)}
    found = [a for a in s.scalars(q) if (a.category, a.stage) in stages]
    return sorted(found, key=lambda a: (order.get(a.category, 99), a.province_code, a.organisation.name, a.id))


def _sets(s: Session, p: Programme, cycle_id: int) -> dict[str, list[Indicator]]:
    """Each category's applying indicator set (its own, else the cycle's)."""
    return {c.id: category_indicators(s, cycle_id, c.id) for c in p.categories}


def _columns(sets: Iterable[list[Indicator]]) -> list[str]:
    """The indicator columns of the sheet: every name of every set, the cycle's order first."""
    return list(dict.fromkeys(i.name for found in sets for i in found))


def write_score_sheet(ws: Workspace, cycle_id: int, target: Path | IO[bytes]) -> ScoreSheet:
    """The score sheet to fill: a row per application under review (one reviewer's scores a row; a second
    reviewer copies the row), a column per indicator by name."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        sets = _sets(s, p, cycle.id)
        names = _columns(sets.values())
        if not names:
            raise BadInput("本届尚未载入评价指标，请先载入指标", field="cycle")
        titles = {c.id: c.name for c in p.categories}
        rows: list[list[Any]] = [
            [a.organisation.name, a.organisation.uscc or "", province_name(a.province_code), titles[a.category], "",
             *([None] * len(names))]
            for a in _under_review(s, p, cycle.id)
        ]  # fmt: skip
        guide = [[SHEET_HEADERS_ZH["reviewer"], "评审专家姓名；一位专家一行，多位专家评同一申报时复制该行分别填写"]]
        kept = "系统已填写，请勿修改（按统一社会信用代码和类别对应申报；无代码的按单位名称和所在省份）"
        guide += [[SHEET_HEADERS_ZH[c], kept] for c in ("organisation", "uscc", "province", "category")]
        guide += [[titles[c.id], "评分列：" + "、".join(f"{i.name}（满分 {i.maximum:g}）" for i in sets[c.id])]
                  for c in p.categories if sets[c.id]]  # fmt: skip
        issuer = p.issuer
    columns = [Column(SHEET_HEADERS_ZH[c], max_width=36) for c in SHEET_COLUMNS]
    columns += [Column(name, "number", min_width=8, max_width=16) for name in names]
    sheet = Sheet("评分表", columns, rows, numbered=False, text_columns=[1])
    notes = Sheet("填写说明", [Column("列或类别"), Column("填写要求", max_width=80)], guide, numbered=False)
    write_workbook(target, [sheet, notes], issuer, ws.clock.now())
    return ScoreSheet(cycle=cycle_id, applications=len(rows), indicators=names)


def _application(s: Session, cycle: Cycle, category: str, uscc: str, name: str, province: str) -> list[Application]:
    """The cycle's applications of ``category`` by the unit's USCC, or where the row gives none by its name (in
    ``province`` when given: 鼓楼区人民政府 is a name four cities have)."""
    q = select(Application).join(Organisation).where(Application.cycle_id == cycle.id, Application.category == category)
    if uscc:
        return list(s.scalars(q.where(Organisation.uscc == uscc)))
    q = q.where(Organisation.name == name)
    return list(s.scalars(q.where(Application.province_code == province) if province else q))


def _sheet_row(
    s: Session, cycle: Cycle, p: Programme, sets: dict[str, list[Indicator]], number: int, cells: dict[str, str],
    problems: Problems,
) -> list[_Score]:  # fmt: skip
    """The scores one row of the score sheet gives; its problems added, each naming its column."""
    names = [k for k in cells if k not in SHEET_COLUMNS]
    given = {k: cells[k] for k in names if cells[k]}
    reviewer = normalise(cells.get("reviewer", ""))
    if not reviewer and not given:
        return []  # a listed application no reviewer scored on this row
    titles = {c.id: c.name for c in p.categories}
    category = {name: code for code, name in titles.items()}.get(cells.get("category", ""), cells.get("category"))
    category = category if category in titles else None
    if category is None:
        problems.add(number, "category", f"“{cells.get('category', '')}”不是本项目的类别")
        return []
    uscc, unit = cells.get("uscc", "").upper(), cells.get("organisation", "")
    key = "uscc" if uscc else "organisation"
    if not uscc and not unit:
        problems.add(number, "organisation", "请填写申报单位（或其统一社会信用代码）")
        return []
    province = province_from(cells["province"]) if cells.get("province") else None
    if cells.get("province") and province is None:
        problems.add(number, "province", f"“{cells['province']}”不是省份名称")
        return []
    found = _application(s, cycle, category, uscc, unit, province.code if province else "")
    where = province.name if province and not uscc else ""
    what = f"统一社会信用代码为 {uscc} 的单位" if uscc else f"{where}“{unit}”"
    if len(found) != 1:
        why = "没有" if not found else f"有 {len(found)} 个名为"
        tail = "，请填写统一社会信用代码或所在省份以区分" if found else ""
        problems.add(number, key, f"本届{titles[category]}中{why}{what}的申报{tail}")
        return []
    app = found[0]
    purpose = purpose_of_stage(p, app.category, app.stage)
    if purpose is None:
        problems.add(number, key, f"{app.organisation.name}的申报处于“{p.stage(app.stage).title}”阶段，该阶段不评审")
        return []
    if not has_letter(reviewer) or len(reviewer) > REVIEWER_LIMIT:
        problems.add(number, "reviewer", f"评审专家姓名为空、不含文字或超过 {REVIEWER_LIMIT} 个字")
    if not given:
        problems.add(number, "reviewer", "已填写评审专家，但该行没有任何评分")
    indicators = {i.name: i for i in sets[app.category]}
    out = []
    for column, text in given.items():
        ind = indicators.get(column)
        value = score_number(text)
        if ind is None:
            problems.add(number, column, f"{titles[app.category]}不按此指标评分，请留空")
        elif value is None or not 0 <= value <= ind.maximum:
            problems.add(number, column, f"评分“{text}”须为 0 至 {ind.maximum:g} 之间的数")
        else:
            out.append(_Score(app, purpose, reviewer, ind.code, value))
    return out


def _long_row(
    s: Session, cycle: Cycle, p: Programme, number: int, cells: dict[str, str], problems: Problems
) -> list[_Score]:
    """The score one row of the long form gives (``application,reviewer,indicator,score``)."""
    found = scored_application(s, p, cycle, cells["application"])
    if isinstance(found, str):
        problems.add(number, "application", found)
    category = "" if isinstance(found, str) else found[0].category
    indicators = {i.code: i for i in category_indicators(s, cycle.id, category)}
    reviewer = normalise(cells["reviewer"])
    if not has_letter(reviewer) or len(reviewer) > REVIEWER_LIMIT:
        problems.add(number, "reviewer", f"评审专家姓名为空、不含文字或超过 {REVIEWER_LIMIT} 个字")
    code = cells["indicator"]
    if why := score_problem(indicators.get(code), code, cells["score"]):
        problems.add(number, "indicator" if code not in indicators else "score", why)
        return []
    return [] if isinstance(found, str) else [_Score(found[0], found[1], reviewer, code, float(cells["score"]))]


def _read(path: Path, names: list[str]) -> tuple[Table, bool]:
    """The file's rows, and whether it is the long form; the score sheet's columns read in Chinese or English."""
    aliases = {zh: column for column, zh in SHEET_HEADERS_ZH.items()} | {name: name for name in names}
    table = read_table(path, ("reviewer",), (*LONG_FORM, *SHEET_COLUMNS, *names), aliases)  # both forms name one
    long = "application" in table.columns
    wanted = LONG_FORM if long else ("category",)
    missing = [SHEET_HEADERS_ZH.get(c, c) if not long else c for c in wanted if c not in table.columns]
    if not long and "uscc" not in table.columns and "organisation" not in table.columns:
        missing.append(SHEET_HEADERS_ZH["uscc"])
    if missing:
        raise BadInput(f"{path}：第1行：缺少的列：{'、'.join(missing)}（请使用下载的评分表）", field="file")
    return table, long


def import_scores(ws: Workspace, cycle_id: int, path: Path, actor: Actor) -> ScoresRecorded:
    """The score sheet (or the long form) imported: every score recorded, or, with any bad row, none."""
    national_only(actor, "评审评分", "review scores")
    with ws.transaction(write=True) as s:
        hold(s, "evaluation", cycle_id)  # a score is upserted: the same score at once is written once
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        if s.scalar(select(Indicator.id).where(Indicator.cycle_id == cycle.id).limit(1)) is None:
            raise BadInput("本届尚未载入评价指标，请先载入指标")
        sets = _sets(s, p, cycle.id)
        table, long = _read(path, _columns(sets.values()))
        problems = table.problems()
        wanted: list[_Score] = []
        for number, cells in table.rows:
            if long:
                wanted += _long_row(s, cycle, p, number, cells, problems)
            else:
                wanted += _sheet_row(s, cycle, p, sets, number, cells, problems)
        problems.raise_if_any()
        now = ws.clock.now()
        for w in wanted:
            upsert_score(s, cycle.id, w.purpose, w.app.id, None, w.reviewer, w.code, w.value, actor, now)
        s.flush()
        views = evaluation_views(s, {(w.app, w.purpose) for w in wanted})
        return ScoresRecorded(cycle=cycle.id, scores=len(wanted), evaluations=views)
