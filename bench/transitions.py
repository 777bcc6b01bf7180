"""Persisted events per second: the engine against plain SQLAlchemy doing the same writes.

Both sides run on a fresh database of their own, one transaction per event. The baseline loads the
application, updates its stage and inserts the audit row; the engine does that plus its checks
(role, window, guards, the province's overlay) through the shared transitions machine. The events
toggle two stages of a small programme of the bench's own (:data:`TOGGLE_CALL`): every reversible pair
in the shipped programmes now needs an objection on record or arms a notice's timer, and either would
make the engine write more rows than the baseline. The sides alternate in rounds, so a burst of load
from the machine's other users falls on both. Target: engine <= 1.5x baseline.

    .venv/bin/python bench/transitions.py [--events 2000] [--rounds 10] [--db URL]

``--db``: a PostgreSQL server (``postgresql+psycopg://user@host:port/any``; two databases are made beside
it and dropped after); default SQLite files on tmpfs (see bench/scratch.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

# This file is named like the `transitions` package: put the repo, not bench/, first on the path.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.scratch import describe, scratch_databases  # noqa: E402
from engine.definition.loader import programme_from_snapshot  # noqa: E402
from engine.definition.model import Role  # noqa: E402
from engine.kernel.clock import FixedClock  # noqa: E402
from engine.machine.machine import Actor, Move, ProgrammeMachine, machine_for  # noqa: E402
from engine.services.applications import stage_moves  # noqa: E402
from engine.services.programmes import cycles, programme_definitions  # noqa: E402
from engine.services.reference import organisations  # noqa: E402
from engine.store.core import Application, Event  # noqa: E402
from engine.store.workspace import Workspace  # noqa: E402
from policies.reference.divisions import Level, registry  # noqa: E402

PROVINCE = Actor(Role.PROVINCE, "320000")
TOGGLE = {"listed": ("hold", "held"), "held": ("release", "listed")}
TOGGLE_CALL = """\
id: bench-toggle
title: 基准测试用征集
document: 基准〔2025〕1号
issuer: 国家知识产权局
editions: [2025]
categories: [{id: county, name: 县}]
stages: [{id: listed, title: 列入}, {id: held, title: 暂缓}]
entry: {event: apply, to: listed, roles: [applicant], window: call}
transitions:
  - {event: hold, from: [listed], to: held, roles: [province], window: call}
  - {event: release, from: [held], to: listed, roles: [province], window: call}
milestones:
  - {id: call-opens, title: 征集开始, due: {month: 9, day: 1}}
  - {id: call-closes, title: 征集截止, due: {month: 12, day: 31}}
windows:
  call: {opens: call-opens, closes: call-closes, rule: bench}
"""


def setup(url: str, programme: Path, apps: int) -> tuple[Workspace, list[int]]:
    ws = Workspace(url, FixedClock(datetime(2025, 9, 15, 9)))
    ws.create_schema()
    programme_definitions.load_programmes(ws, [programme])
    cycle = cycles.open_cycle(ws, "bench-toggle", 2025).id
    levels = {Level.COUNTY, Level.COUNTY_LEVEL_CITY, Level.CITY_DISTRICT}
    counties = [d for d in registry() if d.code.startswith("32") and d.level in levels]  # one government each
    ids = []
    for i in range(apps):
        div = counties[i % len(counties)]
        org = organisations.add_organisation(ws, f"{div.name}人民政府", "government", div.code)
        ids.append(stage_moves.apply(ws, cycle, "county", org.id, Actor(Role.APPLICANT, str(org.id))).id)
    return ws, ids


def run_engine(ws: Workspace, ids: list[int], events: int, stages: dict[int, str]) -> float:
    start = time.perf_counter()
    for n in range(events):
        app = ids[n % len(ids)]
        event, to = TOGGLE[stages[app]]
        stages[app] = stage_moves.fire(ws, app, event, PROVINCE, reason="bench").stage
        assert stages[app] == to
    return time.perf_counter() - start


def run_baseline(ws: Workspace, ids: list[int], events: int) -> float:
    now = ws.clock.now()
    start = time.perf_counter()
    for n in range(events):
        with ws.transaction() as s:
            app = s.get(Application, ids[n % len(ids)])
            assert app is not None
            event, to = TOGGLE[app.stage]
            src, app.stage, app.updated_at = app.stage, to, now
            s.add(
                Event(
                    application_id=app.id,
                    at=now,
                    actor=str(PROVINCE),
                    role="province",
                    event=event,
                    from_stage=src,
                    to_stage=to,
                    reason="bench",
                    verdicts=[],
                )
            )
    return time.perf_counter() - start


def machine_cost(ws: Workspace, n: int) -> tuple[float, float, int]:
    """Seconds for ``n`` moves' worth of machine work: the shared one's Event vs a new Machine each, and its memory."""
    with ws.transaction() as s:
        text = s.get(Application, 1).cycle.version.text  # type: ignore[union-attr]
    programme = programme_from_snapshot(text)
    shared = machine_for(text, "county")
    start = time.perf_counter()
    for _ in range(n):
        move = Move("listed", None, None, Actor(Role.NATIONAL))  # type: ignore[arg-type]
        shared.fire(move, "hold")  # refused (a national actor), so only the machine's own work is timed
    shared_s = time.perf_counter() - start
    start = time.perf_counter()
    machines = [ProgrammeMachine(programme, "county") for _ in range(n)]
    per_app_s = time.perf_counter() - start
    del machines
    tracemalloc.start()  # memory measured apart: tracing slows the timing above
    kept = [ProgrammeMachine(programme, "county") for _ in range(50)]
    size = tracemalloc.get_traced_memory()[0] // len(kept)
    tracemalloc.stop()
    return shared_s, per_app_s, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000, help="events per side (default 2000)")
    parser.add_argument("--rounds", type=int, default=10, help="alternations of engine and baseline (default 10)")
    parser.add_argument("--apps", type=int, default=50, help="applications the events rotate over")
    parser.add_argument("--db", help="a PostgreSQL URL; default SQLite on tmpfs")
    parser.add_argument("--sqlite-dir", help="where the SQLite files go (default /dev/shm)")
    args = parser.parse_args()
    per_round = max(1, args.events // args.rounds)
    scratch = scratch_databases(args.db, ["engine", "baseline"], args.sqlite_dir)
    with scratch as urls, tempfile.TemporaryDirectory() as tmp:
        programme = Path(tmp) / "bench-toggle.yaml"
        programme.write_text(TOGGLE_CALL, "utf-8")
        ws_e, ids_e = setup(urls["engine"], programme, args.apps)
        ws_b, ids_b = setup(urls["baseline"], programme, args.apps)
        stages = dict.fromkeys(ids_e, "listed")
        run_engine(ws_e, ids_e, 50, stages)  # warm both paths (machine build, statement caches)
        run_baseline(ws_b, ids_b, 50)
        engine_s, base_s = [], []
        for _ in range(args.rounds):
            engine_s.append(run_engine(ws_e, ids_e, per_round, stages))
            base_s.append(run_baseline(ws_b, ids_b, per_round))
        shared_s, per_app_s, size = machine_cost(ws_e, 500)
        where = describe(urls["engine"])
        ws_e.dispose()
        ws_b.dispose()
    events = per_round * args.rounds
    ratios = sorted(e / b for e, b in zip(engine_s, base_s, strict=True))
    ratio = sum(engine_s) / sum(base_s)
    print(f"database             {where}")
    print(f"events per side      {events} in {args.rounds} alternating rounds")
    print(f"baseline (SQLAlchemy) {events / sum(base_s):8.0f} events/s  ({sum(base_s) * 1e3 / events:.2f} ms/event)")
    print(f"engine               {events / sum(engine_s):8.0f} events/s  ({sum(engine_s) * 1e3 / events:.2f} ms/event)")
    print(
        f"engine / baseline    {ratio:8.2f}x  (rounds {ratios[0]:.2f}x-{ratios[-1]:.2f}x, median "
        f"{statistics.median(ratios):.2f}x; target <= 1.50x: {'met' if ratio <= 1.5 else 'NOT met'})"
    )
    print("machine set-up per move, 500 moves:")
    print(f"  the shared machine's Event, triggered  {shared_s * 1e6 / 500:8.1f} us/move")
    print(
        f"  a new Machine per application         {per_app_s * 1e6 / 500:8.1f} us/move"
        f"  ({per_app_s / shared_s:.0f}x; {size / 1024:.0f} KiB each kept alive)"
    )


if __name__ == "__main__":
    main()
