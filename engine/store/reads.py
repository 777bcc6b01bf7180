"""Reads that need no ORM: SQLAlchemy Core handles on the few columns they select.

Every workspace reads the loaded calendar years when it starts, and ``ipcycle status`` only counts rows;
importing the ORM and the mapped tables (engine.store.core and the rest) costs about as much again as
SQLAlchemy itself, so these reads name their columns here instead. Each handle repeats a mapped table's
name and columns: tests/engine/store/test_reads.py keeps them in step with the mappings.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Engine, Integer, String, Text, column, inspect, select, table
from sqlalchemy.exc import SQLAlchemyError

logger = logging.getLogger("ipcycle.calendar")

calendar_year = table("calendar_year", column("year", Integer), column("schedule", JSON))
programme_version = table("programme_version", column("id", Integer), column("text", Text))
cycle = table(
    "cycle",
    column("id", Integer),
    column("programme_id", String),
    column("edition", Integer),
    column("programme_version_id", Integer),
)
application = table(
    "application",
    column("cycle_id", Integer),
    column("category", String),
    column("province_code", String),
    column("stage", String),
)


def _has_calendar(engine: Engine) -> bool:
    """Without touching a missing SQLite file (that would create an empty database)."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not Path(url.database).exists():
            return False
    return inspect(engine).has_table(calendar_year.name)


def stored_schedules(engine: Engine) -> list[tuple[int, dict[str, Any]]]:
    """Every loaded year's schedule; none when the database has no such table or cannot be reached yet."""
    try:
        if not _has_calendar(engine):
            return []
        with engine.connect() as conn:
            rows = conn.execute(select(calendar_year.c.year, calendar_year.c.schedule).order_by(calendar_year.c.year))
            return [(year, schedule) for year, schedule in rows]
    except SQLAlchemyError as exc:  # an unreachable database fails later with a clearer error
        logger.debug("calendar years not installed: %s", exc)
        return []
