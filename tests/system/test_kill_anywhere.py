"""Kill anywhere: a seeded loop starts real processes doing moves, ticks and sends on one database, kills one
with SIGKILL at a random moment, restarts the work and checks what must survive any crash:

- every application is in exactly one stage, one the definition knows;
- the history agrees with the stage: each move starts where the last one ended, the last ends at the stage;
- every timer is done or still due: a done timer's application left its stages by exactly one timed move,
  nothing pending is overdue once the work restarted, and every application under notice has its timer;
- every move is told, and every mail is delivered, with at most one duplicate per kill of a sender.

``IPCYCLE_KILL_SEED`` replays a run (the seed is in every assertion message); ``IPCYCLE_KILL_ROUNDS`` runs longer.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from engine.definition.loader import WORKFLOWS_DIR, programme_from_snapshot
from engine.kernel.clock import FixedClock
from engine.kernel.errors import Refused
from engine.services.applications import stage_moves
from engine.services.programmes.cycles import pinned_cycle
from engine.services.programmes.programme_definitions import load_programmes
from engine.store.core import Application, Event, Timer, TimerStatus
from engine.store.outbox import OutboxMessage, PlanningMark
from engine.store.workspace import Workspace
from notifications.planning.stage_notices import MARK as STAGE_MARK
from notifications.scheduler import scheduler_tick
from tests.support.db import fresh_url
from tests.support.instances_support import (
    CLERK,
    clerk,
    county_codes,
    history_rows,
    reviewed_counties,
    scheduler,
    ticker,
)
from tests.support.reminders_support import MailServer, open_creation_2025, with_offices

ROUNDS = int(os.environ.get("IPCYCLE_KILL_ROUNDS", "6"))
SEED = int(os.environ.get("IPCYCLE_KILL_SEED") or random.SystemRandom().randrange(10**6))
PER_ROUND = 2  # applications recommended and one declined by the clerk's process each round


class World:
    """One cycle on one database, lived through round by round, a working day each."""

    def __init__(self, tmp_path: Path) -> None:
        self.clock = FixedClock(datetime(2025, 9, 12, 9, 0))
        self.ws = Workspace(fresh_url(tmp_path, "kill"), self.clock)
        self.ws.create_schema()
        load_programmes(self.ws, [WORKFLOWS_DIR / "demonstration-creation.yaml"])
        with_offices(self.ws)
        self.cycle = open_creation_2025(self.ws)
        self.codes = county_codes()
        # recommended before the loop on three days: their notices end while the loop runs (timed moves)
        for day in (12, 15, 16):
            self.clock.set(datetime(2025, 9, day, 9, 0))
            for app in self.take(1, places=40):
                stage_moves.fire(self.ws, app, "recommend", CLERK)

    def take(self, n: int, places: int | None = None) -> list[int]:
        codes, self.codes = self.codes[:n], self.codes[n:]
        return reviewed_counties(self.ws, self.cycle, codes, places)


def test_kill_anywhere_keeps_every_invariant(tmp_path: Path) -> None:
    world = World(tmp_path)
    ws, rng = world.ws, random.Random(SEED)
    server = MailServer(delay=0.03).start()  # slow enough to be killed mid-batch
    log = tmp_path / "processes.log"
    day, sender_kills, kills = date(2025, 9, 19), 0, []
    running: dict[str, subprocess.Popen[Any]] = {}
    try:
        for n in range(ROUNDS):
            where = f"seed {SEED}, round {n}"
            world.clock.set(datetime.combine(day, datetime.min.time()).replace(hour=9))
            *recommend, decline = world.take(PER_ROUND + 1)
            moves = [(a, "recommend", "province:320000") for a in recommend] + [(decline, "decline", "province:320000")]
            now = f"{day.isoformat()}T10:00"
            running = {
                "clerk": clerk(ws.url, now, moves),
                "scheduler": scheduler(ws.url, now, server.port, log),
                "tick": ticker(ws.url, now, log),
            }
            victim = rng.choice(sorted(running))
            time.sleep(rng.uniform(0.4, 2.5))
            if running[victim].poll() is None:  # it may have finished already: then nothing was killed
                os.kill(running[victim].pid, signal.SIGKILL)
                kills.append((n, victim))
                sender_kills += victim == "scheduler"
            running["clerk"].communicate(timeout=60)
            running["tick"].wait(60)
            if running["scheduler"].poll() is None:  # ended once idle, when a kill cuts nothing short
                deadline = time.monotonic() + 20
                while not idle(world) and time.monotonic() < deadline:
                    time.sleep(0.1)
                if not idle(world):  # still sending (a retry waiting?): this is a kill like any other
                    kills.append((n, "scheduler, not idle"))
                    sender_kills += 1
                running["scheduler"].kill()
            running["scheduler"].wait(60)

            # the work restarted, later than a dead sender's claims last (5 minutes)
            world.clock.set(datetime.combine(day, datetime.min.time()).replace(hour=10, minute=10))
            for app, event, _ in moves:
                try:
                    stage_moves.fire(ws, app, event, CLERK)
                except Refused as exc:
                    assert [v.rule_id for v in exc.failed()] == ["STAGE"], where  # done before the kill
            report = scheduler_tick(ws, server.transport(), batch=10)
            assert not report.errors, (where, report.errors)
            time.sleep(0.2)
            check_invariants(world, server, sender_kills, f"{where}, kills {kills}")
            stages = {a: history_rows(ws, world.cycle)[a][-1].to_stage for a in [*recommend, decline]}
            assert stages == {**dict.fromkeys(recommend, "provincial_notice"), decline: "not_recommended"}, where
            day = ws.workdays.add_working_days(day, 1)
    finally:
        for proc in running.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
        server.stop()
        ws.dispose()
    assert kills, f"seed {SEED}: every process finished before its kill; nothing was tested"


def idle(world: World) -> bool:
    """Every move planned into the outbox and nothing left to send: a scheduler stopped now is not mid-send."""
    with world.ws.transaction() as s:
        last = s.scalar(select(func.max(Event.id))) or 0
        mark = s.get(PlanningMark, STAGE_MARK)
        busy = s.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.status.in_(["pending", "claimed"])))
    return mark is not None and mark.last_id == last and not busy


def _digests(mails: Sequence[OutboxMessage], cycle: int) -> dict[str, list[tuple[int, set[int]]]]:
    """Each province's digests, one per planning pass: keyed by the pass's first event, listing its applications."""
    prefix = f"c{cycle}/events/"
    out: dict[str, list[tuple[int, set[int]]]] = {}
    for m in mails:
        if m.key.startswith(prefix):
            first = int(m.key[len(prefix) :].partition("/")[0])
            out.setdefault(m.recipient, []).append((first, {int(a) for a in m.applications}))
    return out


def _covering(digests: list[tuple[int, set[int]]], event_id: int) -> set[int]:
    """The applications of the province's digest of the pass that planned ``event_id``: its latest at or before it."""
    before = [(first, apps) for first, apps in digests if first <= event_id]
    return max(before, key=lambda d: d[0])[1] if before else set()


def check_invariants(world: World, server: MailServer, sender_kills: int, where: str) -> None:
    ws, cycle = world.ws, world.cycle
    with ws.transaction() as s:
        p = programme_from_snapshot(pinned_cycle(ws, s, cycle).text)
        timers = s.scalars(select(Timer).where(Timer.cycle_id == cycle)).all()
        mails = s.scalars(select(OutboxMessage).where(OutboxMessage.cycle_id == cycle)).all()
    known = {st.id for st in p.stages}
    history = history_rows(ws, cycle)
    with ws.transaction() as s:
        found = s.scalars(select(Application).where(Application.cycle_id == cycle)).all()
        stages = {a.id: a.stage for a in found}
        provinces = {a.id: f"province:{a.province_code}" for a in found}
    for app, events in history.items():
        assert stages[app] in known, (where, app, stages[app])
        chain = [(e.from_stage, e.to_stage) for e in events]
        linked = all(a[1] == b[0] for a, b in zip(chain, chain[1:], strict=False))
        assert chain[0][0] is None and linked, (where, app, chain)
        assert chain[-1][1] == stages[app], (where, app, chain, stages[app])

    now = ws.clock.now()
    for t in timers:
        assert t.status in set(TimerStatus), (where, t.key, t.status)
        if t.status == TimerStatus.PENDING:
            assert t.due_at > now, (where, t.key, "overdue after the restart", t.due_at)
        else:
            assert t.done_at is not None and t.outcome, (where, t.key, t.status)
        if t.status == TimerStatus.DONE and t.application_id is not None:
            timed = [e for e in history[t.application_id] if (e.reason or "").startswith(f"timed: {t.key} ")]
            refused = t.outcome.endswith("refused 1")
            assert len(timed) == (0 if refused else 1), (where, t.key, t.outcome, [e.event for e in timed])
            assert refused or stages[t.application_id] not in t.stages, (where, t.key, stages[t.application_id])
    waiting = Counter(t.application_id for t in timers if t.status == TimerStatus.PENDING and t.event == "end_notice")
    for app, stage in stages.items():
        if stage == "provincial_notice":
            assert waiting[app] == 1, (where, app, "under notice without its one timer", waiting[app])

    keys = {m.key for m in mails}
    digests = _digests(mails, cycle)
    for app, events in history.items():  # every move is told to the parties other than its actor
        for e in events:
            if e.from_stage is not None:
                own = any(k.startswith(f"c{cycle}/event/{e.id}/") for k in keys)
                told = own or app in _covering(digests.get(provinces[app], []), e.id)
                assert told, (where, app, e.id, e.event)
    unsent = [(m.key, m.status, m.smtp_reply) for m in mails if m.status not in ("sent", "cancelled", "expired")]
    assert not unsent, (where, unsent[:5])
    got = Counter(server.keys())
    sent = {m.key for m in mails if m.status == "sent"}
    assert sent <= set(got), (where, sorted(sent - set(got))[:5])
    duplicates = sum(c - 1 for c in got.values())
    assert duplicates <= sender_kills, (where, [k for k, c in got.items() if c > 1])
