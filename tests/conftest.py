"""Shared fixtures: a fresh SQLite workspace with the bundled programmes and a clock to travel with."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from engine.clock import FixedClock
from engine.programmes import load_programmes
from engine.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 9, 12, 9, 0))


@pytest.fixture
def ws(tmp_path: Path, clock: FixedClock) -> Workspace:
    workspace = Workspace(f"sqlite:///{tmp_path / 'ipcycle.db'}", clock)
    workspace.create_schema()
    load_programmes(workspace)
    yield workspace
    workspace.dispose()
