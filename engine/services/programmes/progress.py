"""A cycle's progress: how many applications stand where, per stage, category and province.

Kept apart from the other reports because it needs no machine, no guards, no ORM and no definition models:
``ipcycle status`` is the command clerks script most, and it should start as fast as a query can. So it
reads with SQLAlchemy Core (engine.store.reads) and takes the stage order straight from the pinned text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from sqlalchemy import select

from engine.definition.outline import stage_order
from engine.kernel.errors import BadInput
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.reads import application, cycle, programme_version
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
    with ws.reading() as conn:
        pinned = conn.execute(
            select(cycle.c.programme_id, cycle.c.edition, programme_version.c.text)
            .join(programme_version, cycle.c.programme_version_id == programme_version.c.id)
            .where(cycle.c.id == cycle_id)
        ).first()
        if pinned is None:
            raise BadInput(f"没有第{cycle_id}号申报周期", field="cycle")
        q = select(application.c.category, application.c.province_code, application.c.stage).where(
            application.c.cycle_id == cycle_id
        )
        if province:
            q = q.where(application.c.province_code == province)
        by_stage: Counter[str] = Counter()
        by_category: dict[str, Counter[str]] = defaultdict(Counter)
        by_province: dict[str, Counter[str]] = defaultdict(Counter)
        for category, prov, stage in conn.execute(q):
            by_stage[stage] += 1
            by_category[category][stage] += 1
            by_province[prov][stage] += 1
    order = {stage: i for i, stage in enumerate(stage_order(pinned.text))}  # the definition pinned at opening

    def ordered(counts: Mapping[str, int]) -> dict[str, int]:
        """Stages in the definition's order; one it does not list (none should) after them."""
        return dict(sorted(counts.items(), key=lambda kv: order.get(kv[0], len(order))))

    return CycleStatus(
        cycle=cycle_id,
        programme=pinned.programme_id,
        edition=pinned.edition,
        province=province,
        now=ws.clock.now(),
        total=sum(by_stage.values()),
        by_stage=ordered(by_stage),
        by_category={c: ordered(v) for c, v in sorted(by_category.items())},
        by_province={c: ordered(v) for c, v in sorted(by_province.items())},
    )
