"""``ipcycle cycle amend``: its help, a date out of order (exit 2), a caller other than the national office (exit 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.reminders_support import cli, creation_workspace, open_creation_2025

AMEND = ["cycle", "amend", "--cycle", "1", "--reason", "补充通知"]


@pytest.fixture
def db(tmp_path: Path) -> str:
    with creation_workspace(tmp_path) as (ws, _):
        open_creation_2025(ws)
        return ws.url


def test_help_names_every_option() -> None:
    code, out = cli("cycle", "amend", "--help")
    assert code == 0
    for option in ("--cycle", "--milestone", "--due", "--reason", "--province", "--as", "--dry-run"):
        assert option in out


def test_a_date_out_of_order_exits_2_and_changes_nothing(db: str) -> None:
    code, out = cli(*AMEND, "--milestone", "liaison-receipt", "--due", "2025-10-30", "--as", "national", "--db", db)
    assert code == 2 and "完成推荐及材料报送" in out
    code, out = cli("cycle", "show", "1", "--json", "--db", db)
    assert {m["id"]: m["due"] for m in json.loads(out)["milestones"]}["liaison-receipt"] == "2025-09-19"


def test_a_province_may_not_move_a_date_exit_3(db: str) -> None:
    code, out = cli(
        *AMEND, "--milestone", "recommendation", "--due", "2025-10-31", "--as", "province:320000", "--db", db
    )
    assert code == 3 and "ROLE" in out


def test_dry_run_then_amend_for_one_province(db: str) -> None:
    args = [*AMEND, "--milestone", "recommendation", "--due", "2025-10-31", "--province", "320000", "--as", "national"]
    code, out = cli(*args, "--dry-run", "--db", db)
    assert code == 0 and "dry run" in out and "2025-10-24 -> 2025-10-31" in out
    code, out = cli(*args, "--json", "--db", db)
    assert code == 0 and json.loads(out)["confirmed"] is True
    code, out = cli(*args, "--db", db)
    assert code == 2 and "2025-10-31" in out  # already so: nothing to change
