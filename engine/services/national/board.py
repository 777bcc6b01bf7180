"""The national office's cycle board: provinces × stages, each province's liaison receipt and report, the quota
meters, and the milestones — in a handful of small queries, so it stays quick at 100k applications: the counts
are the few hundred rows the moves keep up to date (``engine/store/counts.py``), not a GROUP BY over them all.

The quota's "used" is the same count the within-quota guard makes (the stages its params name), taken
from the one grouped count instead of a query per quota.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select

from engine.services.national.quotas import counted_stages
from engine.services.programmes.cycles import cycle_programme, pinned_cycle
from engine.services.province.liaison import receipts
from engine.services.province.report_packages import RoundState, province_rounds
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import CycleMilestone
from engine.store.counts import StageCount, recount, stage_counts
from engine.store.registers import Quota
from engine.store.workspace import Workspace
from policies.reference.provinces import province_codes


class StageColumn(ServiceResult):
    id: str
    title: str
    final: bool


class QuotaMeter(ServiceResult):
    category: str
    quota: int
    used: int


class ProvinceRow(ServiceResult):
    """One province on the board: its counts by stage, its liaison receipt, its report and its quotas."""

    province: str
    name: str
    counts: dict[str, int]
    total: int
    receipt_filed: bool
    receipt_at: IsoDatetime | None
    report: str  # reported | nil | not_yet
    report_version: int | None
    quotas: list[QuotaMeter]


class Milestone(ServiceResult):
    id: str
    title: str
    due: date


class CycleBoard(ServiceResult):
    """Everything the board draws for one cycle."""

    cycle: int
    programme: str
    title: str
    edition: int
    now: IsoDatetime
    total: int
    stages: list[StageColumn]
    categories: dict[str, str]
    by_stage: dict[str, int]
    provinces: list[ProvinceRow]
    milestones: list[Milestone]
    receipts_missing: int
    reports: dict[str, int]  # reported / nil / not_yet → provinces
    lists: dict[str, str]  # the lists the national office publishes: kind → title


def cycle_board(ws: Workspace, cycle_id: int) -> CycleBoard:
    """The board of one cycle as it stands now."""
    with ws.transaction() as s:
        cycle = pinned_cycle(ws, s, cycle_id)  # not the Cycle row and its definition text on every request
        p = cycle_programme(cycle)
        grouped = stage_counts(s, cycle.id)
        by_province: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        by_category: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        by_stage: dict[str, int] = defaultdict(int)
        for prov, category, stage, n in grouped:
            by_province[prov][stage] += n
            by_category[(prov, category)][stage] += n
            by_stage[stage] += n
        counted = {c.id: counted_stages(p, c.id) for c in p.categories}
        meters: dict[str, list[QuotaMeter]] = defaultdict(list)
        for province, category, places in s.execute(  # columns, not Quota objects: 224 of them a board
            select(Quota.province_code, Quota.category, Quota.places)
            .where(Quota.cycle_id == cycle.id)
            .order_by(Quota.province_code, Quota.category)
        ):
            used = sum(n for st, n in by_category[(province, category)].items() if st in counted[category])
            meters[province].append(QuotaMeter(category=category, quota=places, used=used))
        filed = receipts(s, cycle.id)
        rounds = {r.province: r for r in province_rounds(s, cycle.id)} if p.provincial_round else {}
        rows = []
        for code, name in province_codes().items():
            r = rounds.get(code)
            counts = dict(by_province.get(code, {}))
            rows.append(
                ProvinceRow(
                    province=code,
                    name=name,
                    counts=counts,
                    total=sum(counts.values()),
                    receipt_filed=code in filed,
                    receipt_at=filed[code].filed_at if code in filed else None,
                    report=r.state.value if r else RoundState.NOT_YET.value,
                    report_version=r.version if r else None,
                    quotas=meters.get(code, []),
                )
            )
        milestones = s.scalars(
            select(CycleMilestone).where(CycleMilestone.cycle_id == cycle.id).order_by(CycleMilestone.due)
        )
        report_counts: dict[str, int] = defaultdict(int)
        for row in rows:
            report_counts[row.report] += 1
        return CycleBoard(
            cycle=cycle.id,
            programme=p.id,
            title=p.title,
            edition=cycle.edition,
            now=ws.clock.now(),
            total=sum(by_stage.values()),
            stages=[StageColumn(id=st.id, title=st.title, final=st.final) for st in p.stages],
            categories={c.id: c.name for c in p.categories},
            by_stage={st.id: by_stage.get(st.id, 0) for st in p.stages if by_stage.get(st.id)},
            provinces=rows,
            milestones=[Milestone(id=m.key, title=m.title, due=m.due) for m in milestones],
            receipts_missing=sum(not r.receipt_filed for r in rows),
            reports=dict(report_counts),
            lists={spec.kind.value: spec.title for spec in p.lists},
        )


class Recount(ServiceResult):
    rows: int
    applications: int


def recount_stages(ws: Workspace, cycle_id: int | None = None) -> Recount:
    """Rebuild the kept stage counts from the applications (``ipcycle db recount``): after a restore, an import
    behind the engine's back, or code that wrote them wrong. One transaction, so the board never sees half."""
    with ws.transaction(write=True) as s:
        recount(s, cycle_id)
        where = [StageCount.cycle_id == cycle_id] if cycle_id else []
        rows, total = s.execute(select(func.count(), func.coalesce(func.sum(StageCount.n), 0)).where(*where)).one()
    return Recount(rows=rows, applications=total)
