"""Official holiday schedules loaded by the national office.

A year loaded once with ``ipcycle calendar load`` must count in every process (CLI, scheduler,
portal), so the schedule lives in a table and each workspace installs it when it starts.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, Integer, String, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.store.core import Base

logger = logging.getLogger("ipcycle.calendar")


class CalendarYear(Base):
    """One year's days off and adjusted working days (调休), as the State Council published them."""

    __tablename__ = "calendar_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    schedule: Mapped[dict[str, Any]] = mapped_column()  # {year, days_off: [...], working_days: [...]}
    source: Mapped[str] = mapped_column(String(500))
    loaded_at: Mapped[datetime] = mapped_column(DateTime)


def _has_table(engine: Engine) -> bool:
    """Without touching a missing SQLite file (that would create an empty database)."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not Path(url.database).exists():
            return False
    return inspect(engine).has_table(CalendarYear.__tablename__)


def stored_schedules(engine: Engine) -> list[tuple[int, dict[str, Any]]]:
    """Every loaded year's schedule; none when the database has no such table or cannot be reached yet."""
    try:
        if not _has_table(engine):
            return []
        with Session(engine) as s:
            return [(r.year, r.schedule) for r in s.scalars(select(CalendarYear))]
    except SQLAlchemyError as exc:  # an unreachable database fails later with a clearer error
        logger.debug("calendar years not installed: %s", exc)
        return []
