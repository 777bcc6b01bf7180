"""Where the service layer runs: a database, a clock and a working-day calendar.

Every service function takes a :class:`Workspace` and does its work in one transaction,
so a command either happens completely or not at all.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from engine.kernel.clock import Clock, SystemClock
from engine.kernel.errors import BadInput, ConcurrentChange
from engine.kernel.logs import masked_url
from engine.kernel.workdays import WorkdayCalendar
from engine.store.reads import stored_schedules

if TYPE_CHECKING:  # only named here: importing them (the ORM, the mappings, the overlay model) would slow every start
    from sqlalchemy.orm import Session, sessionmaker

    from engine.definition.overlay import Overlay
    from engine.store.core import PinnedCycle
    from engine.store.migrate import Upgrade

DEFAULT_DB = "sqlite:///ipcycle.db"
VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"


def known_revisions() -> set[str]:
    """The migrations this code has, by their file names (``0009_…py`` is revision 0009; a test holds them to it):
    read without importing Alembic, since every command checks them."""
    return {p.name.split("_", 1)[0] for p in VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py")}


def database_url(explicit: str | None = None) -> str:
    """``--db`` wins, then ``IPCYCLE_DB``; a bare path means an SQLite file."""
    url = explicit or os.environ.get("IPCYCLE_DB") or DEFAULT_DB
    return url if "://" in url else f"sqlite:///{Path(url)}"


WRITE = "ipcycle_write"  # execution option: this transaction will write after it reads
RELAXED = "ipcycle_relaxed"  # execution option: on SQLite this commit is not synced (a power cut may take it back)
# A mail row is ~2.5 KB: a 4 KB page holds one, an 8 KB page three, so a large plan writes a third less
PAGE_SIZE = 8192
# SQLite's page cache grows to this as it is used (its default is 2 MB): a plan of 100,000 applications reads
# ~20 MB of them and their organisations and writes ~50 MB of mail; in 2 MB its pages were read and spilt again
CACHE_KIB = 64 << 10
WAL_KEPT_BYTES = 64 << 20  # what of the log file stays on disk after a checkpoint
BUSY_TIMEOUT_MS = 10_000  # how long SQLite waits for another writer before "database is locked"


def busy_database(exc: BaseException) -> bool:
    """Another transaction held a lock too long (SQLite "database is locked" or busy, PostgreSQL deadlock,
    serialization failure or lock timeout): a race lost, to answer or try again, not a fault of the code."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) in ("40001", "40P01", "55P03"):
        return True
    text = str(orig).lower()
    return "database is locked" in text or "database is busy" in text or "lock timeout" in text


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """Every SQLite connection: foreign keys on, wait for another writer rather than fail at once, and a file
    database in WAL with ``synchronous=FULL`` (issue 13).

    WAL is persistent: the first connection switches the file and it stays so (``:memory:`` keeps its own
    journal). Readers no longer wait for a writer. FULL in WAL is one fsync of the log per commit (rollback
    mode needed several, and a journal file made and removed): measured on this VM's disk, the outbox sends
    592–823 mails/s with FULL on every commit, 528–998 with NORMAL, against 90 in rollback mode.

    What a power cut can cost: no committed move, filing, plan or claim (each commit is synced before it
    returns), and so no mail about a transaction that is then lost. The one exception is chosen: the sender's
    per-mail renewals and sent-marks commit :data:`RELAXED` (NORMAL, no fsync), so a power cut can undo the
    marks made since the sender's last synced commit, its batch's claim: it repeats at most one batch
    (``--batch``, 50) per sender, where a crash or SIGKILL repeats at most one message (an unsynced commit
    survives a process's death, only not the machine's). The database stays consistent either way: SQLite
    discards an unsynced tail of the log whole transactions at a time. Why that is acceptable: a repeated
    reminder says again what was true; a lost move would be a clerk's filing gone after it was confirmed.
    """
    dbapi_conn.isolation_level = None  # the driver opens no transaction of its own: _sqlite_begin does
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute(f"PRAGMA page_size={PAGE_SIZE}")  # only a database with nothing in it yet takes it
    if cur.execute("PRAGMA journal_mode").fetchone()[0] not in ("memory", "wal"):
        try:  # persisted in the file, so once per database; it needs the file to itself
            cur.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:  # another process holds it (in rollback mode): a later connection switches
            pass
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA journal_size_limit={WAL_KEPT_BYTES}")  # a large plan's log is not kept at its size
    cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # negative: in KiB
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    """A write transaction takes SQLite's write lock before its first read (BEGIN IMMEDIATE), so two
    moves that count places cannot both read the same count and both take the last place; a relaxed one
    commits with ``synchronous=NORMAL``."""
    options = conn.get_execution_options()
    relaxed = bool(options.get(RELAXED))
    if conn.info.get(RELAXED, False) != relaxed:  # per connection, kept until changed: set only when it changes
        conn.exec_driver_sql(f"PRAGMA synchronous={'NORMAL' if relaxed else 'FULL'}")
        conn.info[RELAXED] = relaxed
    conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE) else "BEGIN")


class Workspace:
    """A database plus the clock and calendar every rule about time consults."""

    def __init__(self, url: str | None = None, clock: Clock | None = None) -> None:
        self.url = database_url(url)
        try:
            self.engine: Engine = create_engine(self.url)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise BadInput(f"cannot use {masked_url(self.url)!r}: {masked_url(str(exc))}", field="db") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        self.clock: Clock = clock or SystemClock()
        self.workdays = WorkdayCalendar()
        self.pinned_cycles: dict[int, PinnedCycle] = {}  # per cycle; its definition is pinned at opening
        self.parsed_overlays: dict[int, Overlay] = {}  # by overlay row id: a row never changes, a reload adds one
        self.install_calendar_years()  # years the national office loaded count in every process

    def serialise_writes(self) -> None:
        """On SQLite, every transaction of this workspace takes the write lock as it begins (BEGIN IMMEDIATE).

        For a process whose threads all write, as the scheduler's two loops do: a transaction that read first and
        wrote later fails at once when another thread committed meanwhile (SQLite cannot upgrade a stale read, and
        waits for no one then); one that asks for the lock first waits its turn (``busy_timeout``). Each of the
        scheduler's transactions is short (none spans a mail being sent), so the wait is short. PostgreSQL: no-op.
        """
        if self.engine.dialect.name == "sqlite":
            self.engine.update_execution_options(**{WRITE: True})

    @property
    def shown_url(self) -> str:
        """The database's URL as it may be printed or logged: never with its password."""
        return masked_url(self.url)

    def require_database(self) -> None:
        """Refuse, before any work, a database that is not there or not ipcycle's: only ``init`` creates one.

        SQLite creates an empty file on its first connection, so a mistyped ``--db`` would otherwise leave
        one behind and every read would report "nothing"; this never connects to a missing file.
        """
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            path = Path(url.database)
            if not path.exists():
                raise BadInput(f"no database at {path} (only `ipcycle init --db {path}` creates one)", field="db")
            if not path.is_file():
                raise BadInput(f"{path} is not a file", field="db")
            with path.open("rb") as fh:
                head = fh.read(16)
            if head and head != b"SQLite format 3\x00":
                raise BadInput(f"{path} is not an SQLite database", field="db")
        try:
            tables = set(inspect(self.engine).get_table_names())
        except SQLAlchemyError as exc:
            raise BadInput(
                f"cannot open {self.shown_url}: {masked_url(str(exc).splitlines()[0])}", field="db"
            ) from None
        if not {"cycle", "application"} <= tables:
            raise BadInput(
                f"{self.shown_url} is not an ipcycle database; run `ipcycle init` to make it one", field="db"
            )
        if "alembic_version" in tables:
            self.require_known_schema()

    def require_known_schema(self) -> None:
        """Refuse a database a newer ipcycle has upgraded: this code would write rows that schema no longer
        means (old code silently corrupted the board's counts), so it stops before doing anything."""
        with self.engine.connect() as conn:
            stamped = {r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
        unknown = sorted(stamped - known_revisions())
        if unknown:
            raise BadInput(
                f"{self.shown_url} has schema migration {', '.join(unknown)}, newer than this ipcycle knows "
                f"(its newest is {max(known_revisions())}): a newer version upgraded it; run that version "
                "(or restore the backup taken before the upgrade)",
                field="db",
            )

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
