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


def upgrade(db: Engine) -> Upgrade:
    """Bring the database to the newest revision; safe to repeat."""
    import engine.store.schema  # noqa: F401  (registers every table)

    before = current(db)
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
