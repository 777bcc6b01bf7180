"""Every bench script still runs and prints its figures against its target, at a size that takes seconds.

Speed itself is judged by the scripts (ratios against a baseline from the same run), never here: this only
keeps a change from breaking a bench unseen, as a guard on the toggled moves once did to transitions.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.support.db import ON_POSTGRES
from tests.support.paths import REPO

SMALL: dict[str, tuple[list[str], str]] = {  # the arguments of a small run, and a word its figures' lines always print
    "transitions.py": (["--events", "40", "--rounds", "2", "--apps", "5"], "target"),
    "reminders.py": (["--sizes", "200", "--messages", "50"], "target"),
    "portal.py": (["--applications", "2000", "--requests", "8"], "target"),
    "cli_start.py": (["--runs", "1"], "target"),
    "eligibility.py": ([], "target"),
    "roster.py": (["--rows", "500", "--formats", "csv"], "ratio"),
    "rush.py": (["--seconds", "5", "--users", "2", "--applicants", "1", "--reviewed", "1"], "target"),
}
# rush.py deploys the stack itself: a PostgreSQL server (IPCYCLE_TEST_PG, which .ci/run sets), nginx run as root
NEEDS = {"rush.py": bool(os.environ.get("IPCYCLE_TEST_PG")) and shutil.which("nginx") is not None and os.geteuid() == 0}

pytestmark = pytest.mark.skipif(ON_POSTGRES, reason="the benches make their own SQLite files: one run of them suffices")


def test_every_bench_script_is_listed_here() -> None:
    scripts = {p.name for p in (REPO / "bench").glob("*.py")} - {"__init__.py", "scratch.py"}
    assert scripts == set(SMALL)


@pytest.mark.parametrize("script", sorted(SMALL))
def test_a_bench_runs_small_and_prints_its_figures(script: str) -> None:
    if not NEEDS.get(script, True):
        pytest.skip(f"{script} needs a PostgreSQL server (IPCYCLE_TEST_PG), nginx and root")
    args, word = SMALL[script]
    if script == "rush.py":
        args = [*args, "--server", os.environ["IPCYCLE_TEST_PG"]]
    ran = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert word in ran.stdout, ran.stdout[-3000:]
