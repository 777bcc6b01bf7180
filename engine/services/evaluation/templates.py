"""The sheets the national office fills in and loads back: the indicator set and the acceptance standard, with
Chinese headers the loaders read (the English column names too), written by the one spreadsheet writer."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from engine.files.spreadsheet import Column, Sheet, write_workbook
from engine.services.evaluation.computation import TOTAL
from engine.services.evaluation.indicator_sets import (
    HEADERS_ZH,
    INDICATOR_COLUMNS,
    TOTAL_ZH,
    applied_set,
)
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.store.workspace import Workspace

EXAMPLE_INDICATOR = ["I1", "（指标名称）", 100, 100]  # a set to load where none is: one row to copy
DEFAULT_TOTAL = 60  # the total's least score offered in a new standard; the office changes it


def _write(ws: Workspace, cycle_id: int, target: Path | IO[bytes], sheet: Sheet, help_rows: list[list[str]]) -> None:
    with ws.transaction() as s:
        issuer = cycle_programme(get_cycle(s, cycle_id)).issuer
    guide = Sheet("填写说明", [Column("列"), Column("填写要求", max_width=60)], help_rows, numbered=False)
    write_workbook(target, [sheet, guide], issuer, ws.clock.now())


def write_indicator_template(
    ws: Workspace, cycle_id: int, target: Path | IO[bytes], category: str | None = None
) -> None:
    """The indicator set to fill: the set now loaded for ``category`` (else the cycle's), so a change is made
    where the set stands (B11); an example row where none is loaded."""
    found = applied_set(ws, cycle_id, category).indicators
    rows: list[list[Any]] = [[i.id, i.name, i.weight, i.maximum] for i in found] or [EXAMPLE_INDICATOR]
    columns = [Column(HEADERS_ZH[c], "number" if c in ("weight", "maximum") else "text", max_width=40)
               for c in INDICATOR_COLUMNS]  # fmt: skip
    help_rows = [
        [HEADERS_ZH["id"], "指标的简短代码（如 I1），在这套指标中不重复"],
        [HEADERS_ZH["name"], f"指标名称，在这套指标中不重复（评分表以名称为列名；“{TOTAL_ZH}”为保留字）"],
        [HEADERS_ZH["weight"], "权重，正数；总分 = Σ 权重 × 平均分 / 满分"],
        [HEADERS_ZH["maximum"], "该指标的满分，正数"],
    ]
    _write(ws, cycle_id, target, Sheet("评价指标", columns, rows, numbered=False), help_rows)


def write_standard_template(
    ws: Workspace, cycle_id: int, target: Path | IO[bytes], category: str | None = None
) -> None:
    """The acceptance standard to fill: one line per indicator of the set ``category`` is scored against (by
    name) and one for the total, each with its least score as it stands (a blank sets none)."""
    found = applied_set(ws, cycle_id, category)
    now = {t.indicator: t.minimum for t in found.standard}
    rows: list[list[Any]] = [[i.name, now.get(i.id)] for i in found.indicators]
    rows.append([TOTAL_ZH, now.get(TOTAL, DEFAULT_TOTAL)])
    columns = [Column(HEADERS_ZH["indicator"], max_width=40), Column(HEADERS_ZH["minimum"], "number")]
    help_rows = [
        [HEADERS_ZH["indicator"], f"评价指标的名称（或指标代码）；“{TOTAL_ZH}”一行为总分的最低分"],
        [HEADERS_ZH["minimum"], "验收须达到的最低平均分（0 至该指标满分；总分为 0 至权重之和）；留空即不设"],
    ]
    _write(ws, cycle_id, target, Sheet("验收标准", columns, rows, numbered=False), help_rows)
