"""Concurrent clerks on one SQLite database: real processes racing for the last quota place (B4)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from engine.services.national import quotas
from engine.store.workspace import Workspace
from tests.conftest import REPO
from tests.support.eligibility_support import open_2025_bare
from tests.support.lifecycle import NATIONAL, submitted_counties

RECOMMEND = """
import sys, time
from datetime import datetime
from pathlib import Path
from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.store.workspace import Workspace
url, app, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
ws = Workspace(url, FixedClock(datetime(2025, 9, 12, 9, 0)))
while not go.exists():
    time.sleep(0.0005)
try:
    stage_moves.fire(ws, app, "recommend", Actor(Role.PROVINCE, "320000"))
    print("recommended")
except Refused as exc:
    print("refused", *[v.rule_id for v in exc.failed()])
"""


def test_two_clerks_recommending_at_once_never_exceed_the_quota(tmp_path: Path, clock) -> None:  # noqa: ANN001
    """Each round: one place left, two processes recommend at the same instant; exactly one gets it."""
    for round_no in range(6):
        db = tmp_path / f"race{round_no}.db"
        ws = Workspace(f"sqlite:///{db}", clock)
        ws.create_schema()
        from engine.services.programmes.programme_definitions import load_programmes

        load_programmes(ws)
        cycle = open_2025_bare(ws)
        quotas.change_quota(ws, cycle, "320000", "county", 1, NATIONAL, "附件2")
        first, second, _ = submitted_counties(ws, cycle)
        ws.dispose()
        go = tmp_path / f"go{round_no}"
        racers = [
            subprocess.Popen(
                [sys.executable, "-c", RECOMMEND, ws.url, str(app), str(go)],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for app in (first, second)
        ]
        time.sleep(1.5)  # both have imported everything and are waiting
        go.touch()
        outcomes = sorted(p.communicate(timeout=60)[0].strip() for p in racers)
        assert outcomes == ["recommended", "refused B4"], (round_no, outcomes)
        ws = Workspace(f"sqlite:///{db}", clock)
        (county,) = [r for r in quotas.quota_table(ws, cycle, "320000") if r.category == "county"]
        assert (county.used, county.left) == (1, 0)
        ws.dispose()
