"""Shared fixtures: a fresh SQLite workspace with the bundled programmes and a clock to travel with."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from engine.kernel.clock import FixedClock
from engine.services.programmes import load_programmes
from engine.store.workspace import Workspace
from tests.support.cli import Ran, run_cli

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 9, 12, 9, 0))


@pytest.fixture
def ws(tmp_path: Path, clock: FixedClock) -> Iterator[Workspace]:
    workspace = Workspace(f"sqlite:///{tmp_path / 'ipcycle.db'}", clock)
    workspace.create_schema()
    load_programmes(workspace)
    yield workspace
    workspace.dispose()


@pytest.fixture
def cli_now() -> str:
    """The ``IPCYCLE_NOW`` the ``cli`` fixture runs at; a test module overrides it for its programme's dates."""
    return "2025-09-15T10:00"


@pytest.fixture
def cli(tmp_path: Path, cli_now: str) -> Callable[..., Ran]:
    """Run ``ipcycle`` as a clerk would, in a fresh initialised database; asserts the exit code.

    In this process (see tests/support/cli.py), in ``tmp_path`` as before; a few tests still start a real one.
    """
    env = {"IPCYCLE_DB": str(tmp_path / "cli.db"), "IPCYCLE_NOW": cli_now}

    def run(*args: str, expect: int = 0) -> Ran:
        ran = run_cli(*args, env=env, cwd=tmp_path)
        assert ran.returncode == expect, (args, ran.stdout, ran.stderr)
        return ran

    run("init")
    return run
