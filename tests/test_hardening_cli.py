"""Hardening of the command line (issue 14): no database appears by mistake, files are not overwritten
without asking, and bad input of any shape is one line and exit 2, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.support.cli import run_cli

READS = [
    ["status", "--cycle", "1"],
    ["history", "1"],
    ["org", "list"],
    ["reminders", "log", "--cycle", "1"],
    ["tick"],
    ["scheduler", "run", "--once"],
    ["quota", "show", "--cycle", "1"],
    ["applications", "list", "--cycle", "1"],
    ["recognitions", "list"],
    ["timers", "list"],
    ["user", "list"],
]


@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a))
def test_a_command_on_a_mistyped_database_path_creates_nothing(tmp_path: Path, args: list[str]) -> None:
    typo = tmp_path / "ipcylce.db"
    ran = run_cli(*args, "--db", str(typo), cwd=tmp_path)
    assert ran.returncode == 2 and "no database at" in ran.stderr and "ipcycle init" in ran.stderr
    assert not typo.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", READS[:4], ids=lambda a: " ".join(a))
def test_a_command_on_a_file_that_is_not_ours_says_so(tmp_path: Path, args: list[str]) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, but long enough to have a header\n")
    ran = run_cli(*args, "--db", str(text), cwd=tmp_path)
    assert ran.returncode == 2 and "is not an SQLite database" in ran.stderr
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER)")
    ran = run_cli(*args, "--db", str(foreign), cwd=tmp_path)
    assert ran.returncode == 2 and "not an ipcycle database" in ran.stderr
    with sqlite3.connect(foreign) as conn:  # and it was left as it was
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["notes"]


def test_init_alone_creates_a_database(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    assert run_cli("init", "--db", str(db), cwd=tmp_path).returncode == 0 and db.exists()
    assert run_cli("status", "--cycle", "1", "--db", str(db), cwd=tmp_path).returncode == 2  # no cycle 1 yet


def test_the_walkthrough_never_empties_a_mail_folder_it_did_not_make(tmp_path: Path) -> None:
    mine = tmp_path / "mail"
    mine.mkdir()
    (mine / "keep.eml").write_text("someone's own mail")
    ran = run_cli("walkthrough", "--mail", str(mine), "--db", str(tmp_path / "w.db"), cwd=tmp_path)
    assert ran.returncode == 2 and "--force" in ran.stderr and "did not write" in ran.stderr
    assert (mine / "keep.eml").read_text() == "someone's own mail" and not (tmp_path / "w.db").exists()
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    assert run_cli("walkthrough", "--mail", str(a_file), cwd=tmp_path).returncode == 2


def test_org_template_does_not_overwrite_a_filled_roster_without_force(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,kind,division_code\n昆山市人民政府,government,320583\n", "utf-8")
    ran = run_cli("org", "template", str(roster), cwd=tmp_path)
    assert ran.returncode == 2 and "--force" in ran.stderr
    assert "昆山市人民政府" in roster.read_text("utf-8")
    assert run_cli("org", "template", str(roster), "--force", cwd=tmp_path).returncode == 0
    assert "昆山市人民政府" not in roster.read_text("utf-8")
