"""Schema migrations: they build exactly the models' schema, and a database made before migrations
existed (with a cycle in progress) is upgraded by `ipcycle init` without losing anything."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.applications.trail import history
from engine.store import migrate
from engine.store.core import Base
from engine.store.outbox import OutboxMessage
from engine.store.workspace import Workspace
from notifications.planning.stage_notices import plan_stage_notices
from tests.support.lifecycle import review
from tests.support.paths import REPO

PRE_MIGRATIONS = REPO / "tests" / "data" / "pre_migrations.sql"


def counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        out = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}
    engine.dispose()
    return out


def test_the_migrations_build_the_schema_of_the_models(tmp_path: Path) -> None:
    """What `alembic check` asks: upgrading an empty database step by step leaves nothing to autogenerate."""
    import engine.store.schema  # noqa: F401

    db = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    cfg = migrate._config(db)
    migrate._with_connection(cfg, db, lambda c: command.upgrade(c, "head"))
    with db.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == [], "models and migrations disagree: add a migration (alembic revision --autogenerate)"
    assert migrate.current(db) == migrate.head()


def test_a_database_from_before_migrations_is_upgraded_and_keeps_its_cycle(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(PRE_MIGRATIONS.read_text(encoding="utf-8"))
    url = f"sqlite:///{db}"
    before = counts(url)
    ws = Workspace(url, FixedClock(datetime(2025, 9, 16, 10, 0)))
    assert migrate.current(ws.engine) is None
    with sqlite3.connect(db) as conn:  # read raw: the models already have columns the old file lacks (event.account)
        stages_before = dict(conn.execute("SELECT id, stage FROM application WHERE id IN (1, 2)").fetchall())
        trail_before = {
            a: conn.execute(
                "SELECT at, actor, event, to_stage FROM event WHERE application_id = ? ORDER BY id", (a,)
            ).fetchall()
            for a in (1, 2)
        }

    done = ws.create_schema()
    assert (done.before, done.after, done.how) == (None, migrate.head(), "stamped baseline, upgraded")
    after = counts(url)
    assert {t: n for t, n in after.items() if t in before} == before  # every row is still there
    round_tables = {"public_notice", "notice_member", "objection", "objection_file", "report_package", "report_item"}
    national = {"indicator", "threshold", "score", "evaluation_record", "recognition_change", "reference_change"}
    accounts = {"user_account", "portal_session", "api_token", "login_attempt", "login_throttle"}
    public = {"public_submission", "published_list", "view_as"}
    dates = {"milestone_extension"}  # 0011
    operations = {"scheduler_beat"}  # 0012
    calendars = {"database_identity"}  # 0013
    new = {"planning_mark"} | round_tables | national | accounts | public | {"stage_count"} | dates | operations
    new |= calendars | {"message"} | {"promotion_record", "progress_report"}  # 0014, 0018
    assert set(after) - set(before) == new  # 0002 … 0014
    with sqlite3.connect(db) as conn:  # 0008 counted the applications already there
        kept = conn.execute("SELECT cycle_id, province_code, category, stage, n FROM stage_count ORDER BY 1, 2, 3, 4")
        grouped = conn.execute(
            "SELECT cycle_id, province_code, category, stage, COUNT(*) FROM application GROUP BY 1, 2, 3, 4 "
            "ORDER BY 1, 2, 3, 4"
        )
        assert kept.fetchall() == grouped.fetchall() != []
    assert {a: history(ws, a).stage for a in (1, 2)} == stages_before
    trail_after = {
        a: [(e.at.isoformat(" ", "microseconds"), e.actor, e.event, e.to) for e in history(ws, a).events]
        for a in (1, 2)
    }
    assert trail_after == {a: [tuple(row) for row in rows] for a, rows in trail_before.items()}
    assert all(e.account is None for a in (1, 2) for e in history(ws, a).events)  # moves made before accounts
    assert ws.create_schema().how == "up to date"

    # the cycle goes on: the old moves were told by the old code, and are not told again
    with ws.transaction() as s:
        told = set(s.scalars(select(OutboxMessage.key).where(OutboxMessage.kind == "stage-change")))
    plan_stage_notices(ws)
    with ws.transaction() as s:
        again = set(s.scalars(select(OutboxMessage.key).where(OutboxMessage.kind == "stage-change")))
    assert again == told
    review(ws, 2, "320000")
    stage_moves.fire(ws, 2, "recommend", Actor(Role.PROVINCE, "320000"), reason="择优推荐")
    assert history(ws, 2).stage == "provincial_notice"
    assert plan_stage_notices(ws) == 1  # the applicant hears of the new recommendation
    ws.dispose()


def test_a_new_database_is_created_at_the_newest_revision(tmp_path: Path) -> None:
    ws = Workspace(f"sqlite:///{tmp_path / 'new.db'}")
    assert ws.create_schema().how == "created"
    assert migrate.current(ws.engine) == migrate.head()
    assert ws.create_schema().how == "up to date"
    assert [rev for rev, _, _ in migrate.history()][:2] == ["0001", "0002"]
    ws.dispose()


def test_db_commands_upgrade_an_old_database_and_say_where_it_stands(tmp_path: Path) -> None:
    from tests.support.cli import run_cli

    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(PRE_MIGRATIONS.read_text(encoding="utf-8"))
    behind = run_cli("db", "current", "--db", str(db), "--json")
    assert behind.returncode == 0 and '"up_to_date": false' in behind.stdout
    done = run_cli("db", "upgrade", "--db", str(db), "--json")
    assert done.returncode == 0 and '"how": "stamped baseline, upgraded"' in done.stdout
    now = run_cli("db", "current", "--db", str(db), "--json")
    assert f'"current": "{migrate.head()}"' in now.stdout and '"up_to_date": true' in now.stdout
    listed = run_cli("db", "history").stdout.splitlines()
    assert listed[0].startswith("0001") and listed[-1].startswith(migrate.head())
