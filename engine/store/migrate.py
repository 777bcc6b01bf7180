"""Schema changes go through Alembic migrations (engine/store/migrations); ``ipcycle init`` and
``ipcycle db upgrade`` bring any database to the current schema without losing what it holds.

A new, empty database is built straight from the models and stamped at the newest revision (the
test ``test_migrations`` proves the migrations build the same schema); a database made before
migrations existed has the baseline's tables but no ``alembic_version``: it is stamped at the
baseline first, then upgraded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from engine.kernel.errors import BadInput
from engine.store.core import Base

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"
BASELINE_TABLES = frozenset({"programme_version", "cycle", "application", "event", "timer", "outbox"})


def _config(db: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def head() -> str:
    """The newest revision the code knows."""
    rev = ScriptDirectory.from_config(_config_for_scripts()).get_current_head()
    assert rev is not None
    return rev


def _config_for_scripts() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current(db: Engine) -> str | None:
    """The database's revision; None for a database never migrated (empty, or older than migrations)."""
    with db.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class Upgrade:
    """What bringing a database up to date did."""

    before: str | None
    after: str
    how: str  # "created" | "stamped baseline, upgraded" | "upgraded" | "up to date"
    created_tables: tuple[str, ...] = ()  # tables the stamp promised but the database lacked, made from the models


def upgrade(db: Engine) -> Upgrade:
    """Bring the database to the newest revision, then hold its tables to the models (:func:`verify`)."""
    done = _upgrade_stamp(db)
    return Upgrade(done.before, done.after, done.how, verify(db))


def missing_in(db: Engine) -> tuple[list[str], list[str]]:
    """(tables, columns as ``table.column``) the models have and the database lacks."""
    import engine.store.schema  # noqa: F401  (registers every table)

    found = inspect(db)
    tables = set(found.get_table_names())
    missing_tables = sorted(t for t in Base.metadata.tables if t not in tables)
    missing_columns = []
    for name, table in sorted(Base.metadata.tables.items()):
        if name in tables:
            have = {c["name"] for c in found.get_columns(name)}
            missing_columns += [f"{name}.{c.name}" for c in table.columns if c.name not in have]
    return missing_tables, missing_columns


def verify(db: Engine) -> tuple[str, ...]:
    """A database stamped at the newest revision may still lack a table (made at an earlier commit, restored in
    part, dropped by hand): then every move failed with a 500. A missing table is made from the models (it holds
    nothing yet, so nothing is lost); a missing column cannot be made up and is refused, naming it."""
    tables, columns = missing_in(db)
    if columns:
        raise BadInput(
            f"the database lacks columns the code needs: {', '.join(columns)}; its migration stamp does not match "
            "its tables (restore a backup, or add them by hand)"
        )
    if tables:
        Base.metadata.create_all(db, tables=[Base.metadata.tables[t] for t in tables])
    return tuple(tables)


def _upgrade_stamp(db: Engine) -> Upgrade:
    """Bring the database's migration stamp (and the tables with it) to the newest revision; safe to repeat."""
    import engine.store.schema  # noqa: F401  (registers every table)

    before = current(db)
    if before is not None and before not in {r for r, _d, _t in history()}:
        raise BadInput(
            f"the database is at migration {before}, newer than this ipcycle knows ({head()}): run the newer version"
        )
    tables = set(inspect(db).get_table_names())
    cfg = _config(db)
    if before is None and not tables & BASELINE_TABLES:
        Base.metadata.create_all(db)
        _with_connection(cfg, db, lambda c: command.stamp(c, "head"))
        return Upgrade(None, head(), "created")
    how = "upgraded"
    if before is None:  # made by `ipcycle init` before migrations existed
        _with_connection(cfg, db, lambda c: command.stamp(c, BASELINE))
        how = "stamped baseline, upgraded"
    if (before or BASELINE) == head():
        return Upgrade(before, head(), "up to date" if before else how)
    _with_connection(cfg, db, lambda c: command.upgrade(c, "head"))
    return Upgrade(before, head(), how)


def history() -> list[tuple[str, str | None, str]]:
    """(revision, the revision it follows, its first docstring line), oldest first."""
    scripts = ScriptDirectory.from_config(_config_for_scripts())
    out = []
    for rev in reversed(list(scripts.walk_revisions())):
        down = rev.down_revision if isinstance(rev.down_revision, str | None) else ",".join(rev.down_revision)
        out.append((rev.revision, down, (rev.doc or "").splitlines()[0] if rev.doc else ""))
    return out


def _with_connection(cfg: Config, db: Engine, fn: Callable[[Config], None]) -> None:
    with db.begin() as conn:
        cfg.attributes["connection"] = conn
        fn(cfg)
