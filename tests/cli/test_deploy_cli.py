"""Commands an operator runs while deploying and upgrading: serve's secret rule, passwords never printed, a schema
newer than the code refused, ``db upgrade`` holding the tables to the models, ``db recount``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from engine.kernel.logs import masked_url
from engine.store.workspace import Workspace
from tests.support.cli import run_cli
from tests.support.db import ON_POSTGRES, fresh_url


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = fresh_url(tmp_path)
    assert run_cli("init", "--db", url).returncode == 0
    return url


def test_serve_refuses_several_workers_or_an_outside_bind_without_the_secret(db: str) -> None:
    for args in (["--workers", "2"], ["--host", "0.0.0.0"]):
        ran = run_cli("serve", "--db", db, *args, env={"IPCYCLE_SECRET": ""})
        assert ran.returncode == 2
        assert "IPCYCLE_SECRET is not set" in ran.stderr and args[0] in ran.stderr
    both = run_cli("serve", "--db", db, "--workers", "2", "--with-scheduler", env={"IPCYCLE_SECRET": "s" * 40})
    assert both.returncode == 2 and "scheduler run" in both.stderr


def test_a_database_password_is_never_printed() -> None:
    url = "postgresql+psycopg://ipcycle:s3cret-pw@127.0.0.1:1/ipcycle?connect_timeout=2"
    assert masked_url(url) == "postgresql+psycopg://ipcycle:***@127.0.0.1:1/ipcycle?connect_timeout=2"
    for args in (["init"], ["db", "upgrade"], ["status", "--cycle", "1"], ["scheduler", "run", "--once"]):
        ran = run_cli(*args, "--db", url)
        assert ran.returncode == 2, ran
        assert "s3cret-pw" not in ran.stdout + ran.stderr


def _stamp(url: str, revision: str) -> None:
    ws = Workspace(url)
    with ws.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    ws.dispose()


def test_a_schema_newer_than_the_code_is_refused_before_any_work(db: str) -> None:
    _stamp(db, "0999")
    for args in (["status", "--cycle", "1"], ["db", "upgrade"], ["init"], ["scheduler", "run", "--once"]):
        ran = run_cli(*args, "--db", db)
        assert ran.returncode == 2, ran
        assert "0999" in ran.stderr and "newer" in ran.stderr


def test_db_upgrade_makes_a_missing_table_and_names_a_missing_column(db: str) -> None:
    ws = Workspace(db)
    with ws.engine.begin() as conn:
        conn.execute(text("DROP TABLE stage_count"))
    ran = run_cli("db", "upgrade", "--db", db, "--json")
    assert ran.returncode == 0, ran
    assert '"stage_count"' in ran.stdout
    with ws.engine.begin() as conn:
        conn.execute(text("SELECT n FROM stage_count"))  # there again
        conn.execute(text("ALTER TABLE login_attempt DROP COLUMN ok"))
    ws.dispose()
    ran = run_cli("db", "upgrade", "--db", db)
    assert ran.returncode == 2 and "login_attempt.ok" in ran.stderr


def test_db_recount_rebuilds_the_board_s_counts(tmp_path: Path) -> None:
    from tests.support.portal_support import demo_copy

    if ON_POSTGRES:
        pytest.skip("the demonstration database is an SQLite file")
    ws, _clock, _demo = demo_copy(tmp_path / "demo.db")
    group = "SELECT cycle_id, province_code, category, stage, count(*) FROM application GROUP BY 1, 2, 3, 4"
    kept = "SELECT cycle_id, province_code, category, stage, n FROM stage_count WHERE n > 0"
    with ws.engine.begin() as conn:
        truth = sorted(conn.execute(text(group)).all())
        conn.execute(text("UPDATE stage_count SET n = n + 7"))
        assert sorted(conn.execute(text(kept)).all()) != truth
    ws.dispose()
    ran = run_cli("db", "recount", "--db", str(tmp_path / "demo.db"))
    assert ran.returncode == 0, ran
    assert f"{len(truth)} counts" in ran.stdout
    with ws.engine.begin() as conn:
        assert sorted(conn.execute(text(kept)).all()) == truth


def test_each_migration_file_is_named_by_its_revision() -> None:
    """The newer-schema check reads revisions from the file names (without Alembic), so they must agree."""
    from engine.store import migrate
    from engine.store.workspace import known_revisions

    assert known_revisions() == {rev for rev, _follows, _title in migrate.history()}
    assert max(known_revisions()) == migrate.head()
