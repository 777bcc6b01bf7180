"""Shared fixtures: a fresh workspace with the bundled programmes and a clock to travel with.

The database is SQLite, or PostgreSQL when IPCYCLE_TEST_DB names a server (tests/support/db.py).
"""

from __future__ import annotations

import functools
import gc
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

# Each test process imports the whole product and every test module; compiling them again in every process of
# every run cost ~2.5 s of CPU each. Where PYTHONDONTWRITEBYTECODE is set (the shared VM sets it, to keep
# checkouts free of .pyc files) the bytecode is cached outside the checkout instead, before anything of ours loads.
if sys.dont_write_bytecode:
    sys.pycache_prefix = sys.pycache_prefix or os.path.join(tempfile.gettempdir(), "ipcycle-pycache")
    sys.dont_write_bytecode = False

import pytest  # noqa: E402  (after the bytecode set-up, like everything below)

from engine.kernel.clock import FixedClock
from engine.services.programmes.programme_definitions import load_programmes
from engine.store.workspace import Workspace
from tests.support.cli import Ran, run_cli
from tests.support.db import copied_url, drop_made, share_sqlite_compilation
from tests.support.hashes import use_cheap_password_hashes

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
RAM = Path("/dev/shm")


@pytest.hookimpl(tryfirst=True)  # before pytest's own tmp_path set-up reads --basetemp
def pytest_configure(config: pytest.Config) -> None:
    """Put tmp_path (the tests' SQLite files) on tmpfs where there is one; ``--basetemp DIR`` still wins.

    On the shared VM's disk each commit waits ~10 ms for fsync, most of the suite's wall time; a run gets its
    own directory there, removed when the run passes (kept for a look when it fails).
    """
    if config.option.basetemp is None and RAM.is_dir() and os.access(RAM, os.W_OK):
        _prune_kept_runs()
        run = Path(tempfile.mkdtemp(prefix="ipcycle-tests-", dir=RAM))
        (run / "owner").write_text(str(os.getpid()))
        config.option.basetemp = str(run / "t")
    use_cheap_password_hashes()
    share_sqlite_compilation()


KEPT_RUNS = 3  # failed runs' directories kept for a look, as pytest keeps its last three basetemps


def _prune_kept_runs() -> None:
    """Remove the directories of finished runs on tmpfs but the newest few: tmpfs is memory, and a failed or
    interrupted run leaves hundreds of megabytes. A run still going (its owner alive, or without an owner
    file, touched within the hour) is left alone."""
    finished: list[tuple[float, Path]] = []
    for run in RAM.glob("ipcycle-tests-*"):
        try:
            touched = max(p.stat().st_mtime for p in (run, *run.glob("t"), *run.glob("t/*")))
            owner = run / "owner"
            if owner.exists():
                pid = int(owner.read_text() or 0)
                if pid and Path(f"/proc/{pid}").exists():
                    continue
            elif time.time() - touched < 3600:
                continue
        except (OSError, ValueError):
            continue  # removed meanwhile by another run's pruning, or half-written
        finished.append((touched, run))
    for _, run in sorted(finished, reverse=True)[KEPT_RUNS:]:
        shutil.rmtree(run, ignore_errors=True)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is loaded by now (the product, the libraries, the tests) lives to the end: frozen, the collector never
    walks it again; and a collection every 10,000 new objects instead of 700. The collector took ~10 % of the
    tests' CPU, most of it walking those modules' objects again and again."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    drop_made()
    base = Path(str(session.config.option.basetemp or ""))
    if exitstatus == 0 and base.parent.name.startswith("ipcycle-tests-") and base.parent.parent == RAM:
        shutil.rmtree(base.parent, ignore_errors=True)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 9, 12, 9, 0))


def _schema_and_programmes(url: str) -> None:
    """An empty database brought to the newest schema with the bundled programmes loaded (the ``ws`` template)."""
    made = Workspace(url, FixedClock(datetime(2025, 9, 12, 9, 0)))
    try:
        made.create_schema()
        load_programmes(made)
    finally:
        made.dispose()


@pytest.fixture
def ws(tmp_path: Path, clock: FixedClock) -> Iterator[Workspace]:
    """A database of this test's own with the schema and the programmes: a copy of one built once per process."""
    url, _ = copied_url(tmp_path, "ipcycle", "programmes", _schema_and_programmes)
    workspace = Workspace(url, clock)
    yield workspace
    workspace.dispose()


@pytest.fixture
def cli_now() -> str:
    """The ``IPCYCLE_NOW`` the ``cli`` fixture runs at; a test module overrides it for its programme's dates."""
    return "2025-09-15T10:00"


def _initialised(now: str, url: str) -> None:
    """What ``ipcycle init`` leaves at ``now`` (the ``cli`` template: init, reading every definition, is built once)."""
    ran = run_cli("init", env={"IPCYCLE_DB": url, "IPCYCLE_NOW": now})
    assert ran.returncode == 0, (ran.stdout, ran.stderr)


@pytest.fixture
def cli(tmp_path: Path, cli_now: str) -> Callable[..., Ran]:
    """Run ``ipcycle`` as a clerk would, in a fresh database as ``init`` left it; asserts the exit code.

    In this process (see tests/support/cli.py), in ``tmp_path`` as before; a few tests still start a real one.
    """
    template = "init" + re.sub(r"\D", "", cli_now)  # one per moment a module runs at
    url, _ = copied_url(tmp_path, "cli", template, functools.partial(_initialised, cli_now))
    env = {"IPCYCLE_DB": url, "IPCYCLE_NOW": cli_now}

    def run(*args: str, expect: int = 0) -> Ran:
        ran = run_cli(*args, env=env, cwd=tmp_path)
        assert ran.returncode == expect, (args, ran.stdout, ran.stderr)
        return ran

    run.url = env["IPCYCLE_DB"]  # type: ignore[attr-defined]  # for a test that opens the same database itself
    return run


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark what the fast loop leaves out by where it is and what it uses: tests/system/ starts real processes,
    a test with the ``page`` or ``chromium`` fixture drives a browser. Others mark themselves."""
    system_dir = REPO / "tests" / "system"
    for item in items:
        if system_dir in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.system)
        if {"page", "chromium"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Keep each phase's report on the test item, so a fixture can tell a failed test (browser screenshots)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
