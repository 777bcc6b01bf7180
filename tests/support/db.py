"""Which database the tests run on: SQLite files by default; PostgreSQL when IPCYCLE_TEST_DB names a server.

``IPCYCLE_TEST_DB=postgresql+psycopg://postgres@127.0.0.1:PORT/ipcycle pytest`` runs the same suite on
PostgreSQL: every fresh database a test asks for is a schema of its own on that server (cheap to make,
dropped at the end of the run), reached through the connection's ``search_path``.

A database that starts with something in it (the schema and the programmes, the demonstration) is built once
per test process as a template and copied for each test (:func:`copied_url`): a file copy on SQLite, ``CREATE
DATABASE … TEMPLATE`` on PostgreSQL (0.1 s, where building the demonstration there took seconds).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, make_url, text

SERVER = os.environ.get("IPCYCLE_TEST_DB", "").strip()
ON_POSTGRES = SERVER.startswith("postgresql")
_made: list[str] = []
_made_databases: list[str] = []  # templates and copies (PostgreSQL)
_urls: dict[tuple[Path, str], str] = {}
_templates: dict[str, tuple[str, Any]] = {}  # what was built -> (its template's file or database, what build gave)
RAM = Path("/dev/shm")


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


def _database_url(name: str) -> str:
    return make_url(SERVER).set(database=name).render_as_string(hide_password=False)


def _server_command(sql: str) -> None:
    """A statement that runs outside a transaction (CREATE or DROP DATABASE)."""
    engine = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def _template(what: str, build: Callable[[str], Any]) -> tuple[str, Any]:
    """This process's template of ``what`` (its file or database) and what ``build`` returned; built on first use.

    ``build(url)`` fills an empty database and closes every connection it opened (a template must have none)."""
    if what not in _templates:
        if ON_POSTGRES:
            name = f"{make_url(SERVER).database}_tpl_{what}_{uuid.uuid4().hex[:8]}"
            _server_command(f'CREATE DATABASE "{name}"')
            _made_databases.append(name)
            _templates[what] = name, build(_database_url(name))
        else:
            folder = Path(tempfile.mkdtemp(prefix=f"ipcycle-{what}-", dir=RAM if RAM.is_dir() else None))
            atexit.register(shutil.rmtree, folder, True)
            path = folder / f"{what}.db"
            _templates[what] = str(path), build(f"sqlite:///{path}")
    return _templates[what]


def copied_url(tmp_path: Path, name: str, what: str, build: Callable[[str], Any]) -> tuple[str, Any]:
    """The URL of a database of one test that starts as ``build`` left the template of ``what``, and what
    ``build`` returned; asked again by :func:`fresh_url` with the same ``name``, the same database."""
    source, built = _template(what, build)
    if ON_POSTGRES and (tmp_path, name) in _urls:  # asked again: the same database, as a file would be
        return _urls[tmp_path, name], built
    if not ON_POSTGRES and (tmp_path / f"{name}.db").exists():
        return f"sqlite:///{tmp_path / name}.db", built
    if ON_POSTGRES:
        copy = f"{make_url(SERVER).database}_t_{uuid.uuid4().hex[:12]}"
        _server_command(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
        _made_databases.append(copy)
        url = _urls[tmp_path, name] = _database_url(copy)
        return url, built
    path = tmp_path / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):  # the template's connections are closed: its WAL is folded in, or copied
        Path(f"{path}{suffix}").unlink(missing_ok=True)
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{path}{suffix}")
    files = Path(f"{source}.files")  # the uploads' store beside the file (engine/store/filestore.py)
    if files.is_dir():
        shutil.rmtree(f"{path}.files", ignore_errors=True)
        shutil.copytree(files, f"{path}.files")
    return f"sqlite:///{path}", built


_sqlite_compiler: list[tuple[Any, Any]] = []  # the first SQLite engine's dialect and compiled-statement cache


def _engine_sharing_compilation(url: str, **options: Any) -> Engine:
    """``create_engine``, with every SQLite engine of the process using the first one's dialect and statement cache.

    SQLAlchemy caches a compiled statement per engine (its key holds the dialect object), and each test makes a
    new engine for its own file, so each test compiled every statement again: ~10 % of the suite's CPU. A SQLite
    statement compiles the same whatever the file. PostgreSQL engines are left as made (the dialect keeps the
    connection's default schema, which is each test's own there)."""
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        if not _sqlite_compiler:
            _sqlite_compiler.append((engine.dialect, engine._compiled_cache))
        else:
            engine.dialect, engine._compiled_cache = _sqlite_compiler[0]
    return engine


def share_sqlite_compilation() -> None:
    """Make the workspaces of this test process compile each SQLite statement once (pytest_configure calls this)."""
    from engine.store import workspace

    setattr(workspace, "create_engine", _engine_sharing_compilation)  # noqa: B010  (replaced on purpose)


def drop_made() -> None:
    """Drop the schemas and databases this run made (a failed run's too: they hold nothing anyone needs)."""
    if _made:
        engine = create_engine(SERVER)
        for schema in _made:  # one transaction each: a schema's tables take locks, and locks are limited
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
    if _made_databases:  # each drop waits for a checkpoint (seconds under load, hundreds a run): nobody waits for it
        subprocess.Popen([sys.executable, "-m", "tests.support.db", *_made_databases], cwd=Path(__file__).parents[2],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)  # fmt: skip
    _made.clear()
    _made_databases.clear()
    _urls.clear()
    _templates.clear()


def _drop_databases(names: list[str]) -> None:
    """Drop a finished run's databases (run detached by :func:`drop_made`; a server stopped meanwhile ends it)."""
    for name in names:  # a test's engine may still hold a connection: FORCE ends it
        _server_command(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    _drop_databases(sys.argv[1:])
