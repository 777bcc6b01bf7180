"""Throw-away databases for the benches: SQLite files on tmpfs, or fresh databases on a PostgreSQL server.

``--db`` names the server (any database on it: the bench creates its own beside it and drops them after);
without it a bench uses SQLite files in /dev/shm when there is one, so a figure measures the code and not
this VM's fsync (~10 ms a commit on its disk; pass ``--sqlite-dir`` to measure a disk).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

RAM = Path("/dev/shm")


def sqlite_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    return RAM if RAM.is_dir() and os.access(RAM, os.W_OK) else Path(tempfile.gettempdir())


@contextmanager
def scratch_databases(db: str | None, names: list[str], sqlite_in: str | None = None) -> Iterator[dict[str, str]]:
    """One empty database per name, as URLs; removed afterwards whatever happens."""
    if db is None or db.startswith("sqlite"):
        tmp = Path(tempfile.mkdtemp(prefix="ipcycle-bench-", dir=sqlite_dir(sqlite_in)))
        try:
            yield {n: f"sqlite:///{tmp / n}.db" for n in names}
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    url = make_url(db)
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    tag = uuid.uuid4().hex[:8]
    made = {n: f"bench_{tag}_{n}" for n in names}
    try:
        with server.connect() as c:
            for name in made.values():
                c.execute(text(f'CREATE DATABASE "{name}"'))
        yield {n: url.set(database=d).render_as_string(hide_password=False) for n, d in made.items()}
    finally:
        with server.connect() as c:
            for name in made.values():
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def describe(url: str) -> str:
    u = make_url(url)
    return (
        f"SQLite file in {Path(u.database or '').parent}"
        if u.get_backend_name() == "sqlite"
        else (f"PostgreSQL at {u.host}:{u.port}")
    )
