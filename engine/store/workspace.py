"""Where the service layer runs: a database, a clock and a working-day calendar.

Every service function takes a :class:`Workspace` and does its work in one transaction,
so a command either happens completely or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from engine.kernel.clock import Clock, SystemClock
from engine.kernel.errors import BadInput, ConcurrentChange
from engine.kernel.workdays import WorkdayCalendar
from engine.services.calendar_years import install_calendar_years
from engine.store.core import Base

DEFAULT_DB = "sqlite:///ipcycle.db"


def database_url(explicit: str | None = None) -> str:
    """``--db`` wins, then ``IPCYCLE_DB``; a bare path means an SQLite file."""
    url = explicit or os.environ.get("IPCYCLE_DB") or DEFAULT_DB
    return url if "://" in url else f"sqlite:///{Path(url)}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


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
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.clock: Clock = clock or SystemClock()
        self.workdays = WorkdayCalendar()
        self.milestone_dates: dict[int, dict[str, date]] = {}  # per cycle; dates never change once opened
        install_calendar_years(self)  # years the national office loaded count in every process

    def create_schema(self) -> None:
        """Create missing tables; safe to run again."""
        import engine.store.schema  # noqa: F401  (registers every table module)

        Base.metadata.create_all(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll everything back on any exception.

        A row someone else changed meanwhile (its version moved on) is the domain's :class:`ConcurrentChange`,
        so no edge (CLI, HTTP) needs to know SQLAlchemy's ``StaleDataError``.
        """
        try:
            with self._sessions() as session, session.begin():
                yield session
        except StaleDataError:
            raise ConcurrentChange(
                "the application was changed by someone else meanwhile; nothing was done, try again"
            ) from None

    def dispose(self) -> None:
        self.engine.dispose()
