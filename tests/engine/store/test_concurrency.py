"""Concurrent clerks on one SQLite database: real processes racing for the last quota place (B4).

The race is forced, not hoped for: the first clerk holds its transaction open right after reading the quota,
and only then is the second released to recommend. If the second could read the quota before the first
commits (no writer lock), it would reach the same point and both would be recommended; with the lock it
waits, the first's hold runs out, and the second then finds the quota used.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine.kernel.clock import FixedClock
from engine.services.national import quotas
from engine.store.workspace import Workspace
from tests.conftest import REPO
from tests.support.eligibility_support import open_2025_bare
from tests.support.instances_support import wait_for
from tests.support.lifecycle import NATIONAL, submitted_counties

pytestmark = pytest.mark.system  # two real clerk processes

HOLD = 3.0  # how long the first clerk keeps its transaction open waiting to see the second read the quota

RECOMMEND = """
import dataclasses, sys, time
from datetime import datetime
from pathlib import Path
import policies.catalogue
from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.store.workspace import Workspace
from policies import registry

url, app, hold = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
ready, go, firing, read, other_firing, other_read = (Path(a) for a in sys.argv[4:10])
original = registry._GUARDS["within-quota"]
saw_other_firing = []

def read_then_hold(*args, **kwargs):
    verdict = original.fn(*args, **kwargs)  # the quota as this transaction reads it
    read.touch()
    deadline = time.monotonic() + hold
    while not other_read.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    saw_other_firing.append(other_firing.exists())
    return verdict

registry._GUARDS["within-quota"] = dataclasses.replace(original, fn=read_then_hold)
ws = Workspace(url, FixedClock(datetime(2025, 9, 12, 9, 0)))
ws.engine.connect().close()
ready.touch()
while not go.exists():
    time.sleep(0.005)
firing.touch()
try:
    stage_moves.fire(ws, app, "recommend", Actor(Role.PROVINCE, "320000"))
    print("recommended", "while the other was firing" if any(saw_other_firing) else "alone")
except Refused as exc:
    print("refused", *[v.rule_id for v in exc.failed()])
"""


def test_two_clerks_recommending_at_once_never_exceed_the_quota(tmp_path: Path, clock: FixedClock) -> None:
    """One place left, two clerk processes; the second starts while the first holds the quota it read."""
    for round_no in range(2):  # each application goes first once
        race_round(tmp_path / f"round{round_no}", clock, swap=round_no == 1)


def race_round(folder: Path, clock: FixedClock, swap: bool) -> None:
    from engine.services.programmes.programme_definitions import load_programmes

    folder.mkdir()
    ws = Workspace(f"sqlite:///{folder / 'race.db'}", clock)
    ws.create_schema()
    load_programmes(ws)
    cycle = open_2025_bare(ws)
    quotas.change_quota(ws, cycle, "320000", "county", 1, NATIONAL, "附件2")
    first, second, _ = submitted_counties(ws, cycle)
    ws.dispose()
    f = {name: folder / name for name in ("go", "a-ready", "b-ready", "a-firing", "b-firing", "a-read", "b-read")}

    def clerk(app: int, me: str, other: str, go: Path) -> subprocess.Popen[str]:
        files = [f[f"{me}-ready"], go, f[f"{me}-firing"], f[f"{me}-read"], f[f"{other}-firing"], f[f"{other}-read"]]
        args = [sys.executable, "-c", RECOMMEND, ws.url, str(app), str(HOLD), *map(str, files)]
        return subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    apps = (second, first) if swap else (first, second)
    # the second clerk's signal to go is the first's having read the quota inside its transaction
    racers = [clerk(apps[0], "a", "b", f["go"]), clerk(apps[1], "b", "a", f["a-read"])]
    ready = [f["a-ready"], f["b-ready"]]
    wait_for(lambda: all(r.exists() for r in ready) or any(p.poll() is not None for p in racers), 120, "clerks")
    assert all(r.exists() for r in ready), [p.communicate() for p in racers]
    f["go"].touch()
    outcomes = [p.communicate(timeout=120) for p in racers]
    assert [out.strip() for out, _ in outcomes] == ["recommended while the other was firing", "refused B4"], outcomes
    ws = Workspace(ws.url, clock)
    (county,) = [r for r in quotas.quota_table(ws, cycle, "320000") if r.category == "county"]
    assert (county.used, county.left) == (1, 0)
    ws.dispose()
