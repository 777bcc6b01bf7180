"""The in-process runner the CLI tests use: the script's exit codes and streams, and nothing left behind."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from tests.support.cli import run_cli


def test_a_run_leaves_environment_directory_and_logging_as_it_found_them(tmp_path: Path) -> None:
    before = (os.getcwd(), dict(os.environ), logging.getLogger().handlers[:], logging.getLogger().level)
    db = tmp_path / "x.db"
    ran = run_cli("init", "--json", env={"IPCYCLE_DB": str(db)}, cwd=tmp_path)
    assert ran.returncode == 0 and db.exists() and ran.stderr == ""
    assert (os.getcwd(), dict(os.environ), logging.getLogger().handlers, logging.getLogger().level) == before
    assert run_cli("init", env={"IPCYCLE_DB": "relative.db"}, cwd=tmp_path).returncode == 0  # relative to cwd
    assert (tmp_path / "relative.db").exists() and not Path("relative.db").exists()


def test_exit_codes_and_messages_come_apart_on_stderr(tmp_path: Path) -> None:
    env = {"IPCYCLE_DB": str(tmp_path / "x.db"), "IPCYCLE_NOW": "2025-09-15T10:00"}
    assert run_cli("init", env=env).returncode == 0
    bad = run_cli("fire", "99", "submit", "--as", "national", env=env)
    assert (bad.returncode, bad.stdout) == (2, "") and bad.stderr == "error: 没有第99号申报\n"
    usage = run_cli("fire", env=env)
    assert usage.returncode == 2 and "Missing argument" in usage.stderr
    missing = run_cli("status", "--cycle", "1", env={"IPCYCLE_DB": str(tmp_path / "empty.db")})
    assert missing.returncode == 2 and "only `ipcycle init" in missing.stderr
    assert not (tmp_path / "empty.db").exists()  # a read on a mistyped --db leaves no empty database behind
    assert run_cli("--help").returncode == 0 and "Commands:" in run_cli("--help").stdout
