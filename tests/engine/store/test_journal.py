"""SQLite's journal (issue 13): every file database is in WAL, kept in the file; commits are synced
(``synchronous=FULL``) but for the outbox's relaxed per-mail marks (NORMAL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from engine.store.workspace import RELAXED, Workspace
from tests.support.db import ON_POSTGRES

pytestmark = pytest.mark.skipif(ON_POSTGRES, reason="SQLite's journal and synchronous settings")

NORMAL, FULL = 1, 2  # PRAGMA synchronous answers with numbers


def test_a_new_database_is_in_wal_and_stays_so_for_any_program(tmp_path: Path) -> None:
    ws = Workspace(f"sqlite:///{tmp_path / 'w.db'}")
    ws.create_schema()
    ws.dispose()
    raw = sqlite3.connect(tmp_path / "w.db")  # another program, with none of our settings
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_a_database_made_in_rollback_mode_is_switched_at_its_first_connection(tmp_path: Path) -> None:
    raw = sqlite3.connect(tmp_path / "old.db")
    raw.execute("CREATE TABLE t(x)")
    raw.commit()
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    raw.close()
    ws = Workspace(f"sqlite:///{tmp_path / 'old.db'}")
    with ws.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    ws.dispose()


def test_commits_are_full_and_a_relaxed_one_is_normal_on_the_same_connection(tmp_path: Path) -> None:
    ws = Workspace(f"sqlite:///{tmp_path / 's.db'}")
    ws.create_schema()
    seen = []
    with ws.engine.connect() as c:
        for relaxed in (False, True, False, True):
            c.execution_options(**{RELAXED: relaxed})
            with c.begin():
                seen.append(c.exec_driver_sql("PRAGMA synchronous").scalar())
    with ws.transaction(write=True) as s:
        seen.append(s.execute(text("PRAGMA synchronous")).scalar())
    assert seen == [FULL, NORMAL, FULL, NORMAL, FULL]
    ws.dispose()


def test_memory_databases_keep_their_own_journal() -> None:
    ws = Workspace("sqlite://")
    with ws.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "memory"
    ws.dispose()


def test_a_new_database_has_pages_that_hold_several_mails(tmp_path: Path) -> None:
    """A mail row is ~2.5 KB: on 8 KB pages a plan of 30,000 writes a third less than on SQLite's 4 KB."""
    ws = Workspace(f"sqlite:///{tmp_path / 'p.db'}")
    ws.create_schema()
    with ws.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA page_size").scalar() == 8192
    ws.dispose()
