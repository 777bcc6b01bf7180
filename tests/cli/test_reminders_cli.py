"""Bad input to the reminder and calendar commands is named and exits 2, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.reminders_support import cli, creation_workspace, open_creation_2025

ONE_DAY_2026 = "year: 2026\ndays_off: [2026-05-01]\nworking_days: []\n"
FULL_2028 = """\
year: 2028
days_off: [2028-01-01, 2028-01-24, 2028-01-25, 2028-01-26, 2028-01-27, 2028-01-28, 2028-04-04, 2028-05-01,
           2028-05-02, 2028-05-30, 2028-10-02, 2028-10-03, 2028-10-04, 2028-10-05, 2028-10-06]
working_days: []
"""


@pytest.fixture
def db(tmp_path: Path) -> str:
    with creation_workspace(tmp_path) as (ws, _):
        open_creation_2025(ws)
        return ws.url


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["reminders", "log", "--cycle", "99"], "没有第99号申报周期"),
        (["reminders", "log", "--cycle", "1", "--status", "bogus"], "bogus"),
        (["reminders", "preview", "--cycle", "1", "--at", "2025-10-01", "--until", "2025-09-01"], "--until"),
        (["calendar", "show", "--year", "0"], "0"),
        (["calendar", "show", "--year", "99999"], "99999"),
        (["reminders", "retry", "--status", "held", "--as", "province:320000"], "only the national office"),
        (["reminders", "retry", "--status", "sent", "--as", "national"], "sent"),
        (["reminders", "retry", "--status", "held", "--as", "national", "--since", "2025-13-01"], "--since"),
    ],
)
def test_bad_reminder_and_calendar_input_exits_2(db: str, args: list[str], says: str) -> None:
    code, out = cli(*args, "--db", db)
    assert code == 2 and says in out


def test_calendar_load_refuses_a_gbk_file_a_fragment_and_a_silent_override(tmp_path: Path, db: str) -> None:
    gbk = tmp_path / "2028.yaml"
    gbk.write_bytes((FULL_2028 + "# 国务院办公厅通知\n").encode("gbk"))
    code, out = cli("calendar", "load", "--as", "national", str(gbk), "--db", db)
    assert code == 2 and "UTF-8" in out

    fragment = tmp_path / "2026.yaml"
    fragment.write_text(ONE_DAY_2026, encoding="utf-8")
    code, out = cli("calendar", "load", "--as", "national", str(fragment), "--db", db)
    assert code == 2 and "only 1 days off" in out and "--force" in out
    code, out = cli("calendar", "load", "--as", "national", str(fragment), "--force", "--db", db)
    assert code == 2 and "--replace" in out
    code, out = cli("calendar", "show", "--year", "2026", "--db", db)
    assert "chinese-calendar package" in out  # nothing was loaded

    full = tmp_path / "2028-utf8.yaml"
    full.write_text(FULL_2028, encoding="utf-8")
    code, out = cli("calendar", "load", "--as", "national", str(full), "--db", db)
    assert code == 0 and "loaded 2028: 15 days off" in out


def test_reminders_retry_requeues_held_mail_as_the_national_office(db: str) -> None:
    code, out = cli("reminders", "retry", "--status", "held", "--as", "national", "--json", "--db", db)
    assert code == 0 and '"requeued": 0' in out
