"""Which database the tests run on: SQLite files by default; PostgreSQL when IPCYCLE_TEST_DB names a server.

``IPCYCLE_TEST_DB=postgresql+psycopg://postgres@127.0.0.1:PORT/ipcycle pytest`` runs the same suite on
PostgreSQL: every fresh database a test asks for is a schema of its own on that server (cheap to make,
dropped at the end of the run), reached through the connection's ``search_path``.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text

SERVER = os.environ.get("IPCYCLE_TEST_DB", "").strip()
ON_POSTGRES = SERVER.startswith("postgresql")
_made: list[str] = []
_urls: dict[tuple[Path, str], str] = {}


def fresh_url(tmp_path: Path, name: str = "ipcycle") -> str:
    """The URL of a database of one test, empty the first time; asked again, the same one (as a file would be)."""
    if not ON_POSTGRES:
        return f"sqlite:///{tmp_path / name}.db"
    if (tmp_path, name) in _urls:
        return _urls[tmp_path, name]
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(SERVER)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    _made.append(schema)
    sep = "&" if "?" in SERVER else "?"
    url = _urls[tmp_path, name] = f"{SERVER}{sep}options={quote(f'-csearch_path={schema}')}"
    return url


def drop_made() -> None:
    """Drop the schemas this run made (a failed run's too: they hold nothing anyone needs)."""
    if not _made:
        return
    engine = create_engine(SERVER)
    for schema in _made:  # one transaction each: a schema's tables take locks, and locks are limited
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()
    _made.clear()
    _urls.clear()
