"""A cycle's progress: how many applications stand where, per stage, category and province.

Kept apart from the other reports because it needs no machine and no guards: ``ipcycle status`` is the
command clerks script most, and it should start as fast as a query can.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select

from engine.services.cycles import cycle_programme, get_cycle
from engine.services.results import IsoDatetime, ServiceResult
from engine.store.core import Application
from engine.store.workspace import Workspace


class CycleStatus(ServiceResult):
    """Counts of applications per stage, per category and per province, at ``now``."""

    cycle: int
    programme: str
    edition: int
    province: str | None
    now: IsoDatetime
    total: int
    by_stage: dict[str, int]
    by_category: dict[str, dict[str, int]]
    by_province: dict[str, dict[str, int]]


def status(ws: Workspace, cycle_id: int, province: str | None = None) -> CycleStatus:
    """Counts per stage, per category and per province (optionally for one province)."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        q = select(Application.category, Application.province_code, Application.stage).where(
            Application.cycle_id == cycle.id
        )
        if province:
            q = q.where(Application.province_code == province)
        by_stage: Counter[str] = Counter()
        by_category: dict[str, Counter[str]] = defaultdict(Counter)
        by_province: dict[str, Counter[str]] = defaultdict(Counter)
        for category, prov, stage in s.execute(q):
            by_stage[stage] += 1
            by_category[category][stage] += 1
            by_province[prov][stage] += 1
        order = {st.id: i for i, st in enumerate(p.stages)}
        ordered = lambda c: dict(sorted(c.items(), key=lambda kv: order.get(kv[0], 99)))  # noqa: E731
        return CycleStatus(
            cycle=cycle.id,
            programme=p.id,
            edition=cycle.edition,
            province=province,
            now=ws.clock.now(),
            total=sum(by_stage.values()),
            by_stage=ordered(by_stage),
            by_category={c: ordered(v) for c, v in sorted(by_category.items())},
            by_province={c: ordered(v) for c, v in sorted(by_province.items())},
        )
