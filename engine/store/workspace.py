"""Where the service layer runs: a database, a clock and a working-day calendar.

Every service function takes a :class:`Workspace` and does its work in one transaction,
so a command either happens completely or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from engine.kernel.clock import Clock, SystemClock
from engine.kernel.errors import BadInput, ConcurrentChange
from engine.kernel.workdays import WorkdayCalendar
from engine.store.reads import stored_schedules

if TYPE_CHECKING:  # only named here: importing them (the ORM, the mappings, the overlay model) would slow every start
    from sqlalchemy.orm import Session, sessionmaker

    from engine.definition.overlay import Overlay
    from engine.store.core import PinnedCycle
    from engine.store.migrate import Upgrade

DEFAULT_DB = "sqlite:///ipcycle.db"


def database_url(explicit: str | None = None) -> str:
    """``--db`` wins, then ``IPCYCLE_DB``; a bare path means an SQLite file."""
    url = explicit or os.environ.get("IPCYCLE_DB") or DEFAULT_DB
    return url if "://" in url else f"sqlite:///{Path(url)}"


WRITE = "ipcycle_write"  # execution option: this transaction will write after it reads
BUSY_TIMEOUT_MS = 10_000  # how long SQLite waits for another writer before "database is locked"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """Every SQLite connection: foreign keys on, and wait for another writer rather than fail at once.

    The journal stays SQLite's rollback journal (with its default ``synchronous=FULL``): WAL with
    ``synchronous=NORMAL`` was measured for issue 13 and is not switched on here. It makes an outbox commit
    cost no fsync (on this VM's disk 156 → ~800 mails/s), but planning a 100,000-application cycle, one
    transaction of ~75 MB of mail, took 1.8–2.1 s of CPU in WAL against 1.1 s (the log is written and then
    copied back by the checkpoint, and grows worse than linearly: SQLite itself advises rollback for
    transactions over ~100 MB), and on tmpfs, where the benches run, sending gained nothing. Had it been on,
    a process crash would lose nothing and a power cut the transactions since the last checkpoint.
    ``ipcycle serve`` still turns WAL on for its database (readers then do not wait for a writer).
    """
    dbapi_conn.isolation_level = None  # the driver opens no transaction of its own: _sqlite_begin does
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    """A write transaction takes SQLite's write lock before its first read (BEGIN IMMEDIATE), so two
    moves that count places cannot both read the same count and both take the last place."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


class Workspace:
    """A database plus the clock and calendar every rule about time consults."""

    def __init__(self, url: str | None = None, clock: Clock | None = None) -> None:
        self.url = database_url(url)
        try:
            self.engine: Engine = create_engine(self.url)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise BadInput(f"--db/IPCYCLE_DB: cannot use {self.url!r}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        self.clock: Clock = clock or SystemClock()
        self.workdays = WorkdayCalendar()
        self.milestone_dates: dict[int, dict[str, date]] = {}  # per cycle; dates never change once opened
        self.pinned_cycles: dict[int, PinnedCycle] = {}  # per cycle; its definition is pinned at opening
        self.parsed_overlays: dict[int, Overlay] = {}  # by overlay row id: a row never changes, a reload adds one
        self.install_calendar_years()  # years the national office loaded count in every process

    def require_database(self) -> None:
        """Refuse, before any work, a database that is not there or not ipcycle's: only ``init`` creates one.

        SQLite creates an empty file on its first connection, so a mistyped ``--db`` would otherwise leave
        one behind and every read would report "nothing"; this never connects to a missing file.
        """
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            path = Path(url.database)
            if not path.exists():
                raise BadInput(f"--db: no database at {path} (only `ipcycle init --db {path}` creates one)")
            if not path.is_file():
                raise BadInput(f"--db: {path} is not a file")
            with path.open("rb") as fh:
                head = fh.read(16)
            if head and head != b"SQLite format 3\x00":
                raise BadInput(f"--db: {path} is not an SQLite database")
        try:
            tables = set(inspect(self.engine).get_table_names())
        except SQLAlchemyError as exc:
            raise BadInput(f"--db: cannot open {self.url}: {str(exc).splitlines()[0]}") from None
        if not {"cycle", "application"} <= tables:
            raise BadInput(f"--db: {self.url} is not an ipcycle database; run `ipcycle init` to make it one")

    def install_calendar_years(self) -> list[int]:
        """Install every stored year into the calendar (again, if one changed since the last call)."""
        changed = []
        for year, schedule in stored_schedules(self.engine):
            installed = self.workdays.to_dict(year) if year in self.workdays.loaded_years() else None
            if installed != schedule:
                self.workdays.load_dict(schedule)
                changed.append(year)
        return changed

    @cached_property
    def _sessions(self) -> sessionmaker[Session]:
        """The ORM is imported on the first ORM unit of work, not with the workspace: ``status`` reads with Core."""
        from sqlalchemy.orm import sessionmaker

        from engine.store.counts import write_pending

        sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(sessions, "before_commit", write_pending)  # the moves' stage counts, at the end
        return sessions

    def create_schema(self) -> Upgrade:
        """Create or upgrade the schema to the newest migration; safe to run again."""
        from engine.store.migrate import upgrade  # Alembic only for init: other commands start without it

        return upgrade(self.engine)

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Session]:
        """One unit of work: commit on success, roll everything back on any exception.

        ``write``: the work reads what it then changes (a count of places, a stage); it takes the
        database's write lock first, so concurrent writers queue instead of deciding on stale reads.
        A row someone else changed meanwhile (its version moved on) is the domain's :class:`ConcurrentChange`,
        so no edge (CLI, HTTP) needs to know SQLAlchemy's ``StaleDataError``.
        """
        from sqlalchemy.orm.exc import StaleDataError  # the ORM's: imported on its first unit of work (see _sessions)

        try:
            with self._sessions() as session, session.begin():
                if write:
                    session.connection(execution_options={WRITE: True})
                yield session
        except StaleDataError:
            raise ConcurrentChange(
                "the application was changed by someone else meanwhile; nothing was done, try again"
            ) from None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One unit of work in SQLAlchemy Core, for a read that needs no ORM (``status``).

        One transaction, as :meth:`transaction` is, without importing the ORM or the mapped tables.
        """
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
