"""Official holiday schedules loaded by the national office, kept in the database.

The State Council publishes next year's schedule each autumn, after ``chinese-calendar`` was
released; a year loaded once with ``ipcycle calendar load`` must count in every process (CLI,
scheduler, portal), so the schedule lives in a table and each workspace installs it on start.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, Integer, String, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from engine.kernel.errors import BadInput
from engine.kernel.workdays import WorkdayCalendar, WorkdayDataError
from engine.store.core import Base

if TYPE_CHECKING:
    from engine.store.workspace import Workspace

logger = logging.getLogger("ipcycle.calendar")


class CalendarYear(Base):
    """One year's days off and adjusted working days (调休), as the State Council published them."""

    __tablename__ = "calendar_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    schedule: Mapped[dict[str, Any]] = mapped_column()  # {year, days_off: [...], working_days: [...]}
    source: Mapped[str] = mapped_column(String(500))
    loaded_at: Mapped[datetime] = mapped_column(DateTime)


def _has_table(ws: Workspace) -> bool:
    """Without touching a missing SQLite file (that would create an empty database)."""
    url = ws.engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not Path(url.database).exists():
            return False
    return inspect(ws.engine).has_table(CalendarYear.__tablename__)


def install_calendar_years(ws: Workspace) -> list[int]:
    """Install every stored year into ``ws.workdays`` (again, if one changed since the last call)."""
    try:
        if not _has_table(ws):
            return []
        with ws.transaction() as s:
            rows = [(r.year, r.schedule) for r in s.scalars(select(CalendarYear))]
    except SQLAlchemyError as exc:  # an unreachable database fails later with a clearer error
        logger.debug("calendar years not installed: %s", exc)
        return []
    changed = []
    for year, schedule in rows:
        installed = ws.workdays.to_dict(year) if year in ws.workdays.loaded_years() else None
        if installed != schedule:
            ws.workdays.load_dict(schedule)
            changed.append(year)
    return changed


MIN_DAYS_OFF = 11  # China has 13 public holidays (2025 on); a year with fewer days off is a typo or a fragment


def load_calendar_file(ws: Workspace, path: Path, force: bool = False, replace: bool = False) -> list[dict[str, Any]]:
    """Check a schedule file completely, then store and install each of its years (all or nothing).

    A year with implausibly few days off needs ``force``; overriding a year the chinese-calendar
    package knows needs ``replace``, since a fragment would otherwise silently replace a whole year.
    """
    probe = WorkdayCalendar(use_package=False)
    try:
        years = probe.load_yaml(Path(path))
    except OSError as exc:
        raise BadInput(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not UTF-8 text (save the file as UTF-8)") from None
    except WorkdayDataError as exc:
        raise BadInput(f"{path}: {exc}") from None
    package = WorkdayCalendar()
    for year in years:
        days_off = len(probe.to_dict(year)["days_off"])
        if days_off < MIN_DAYS_OFF and not force:
            raise BadInput(
                f"{path}: {year} has only {days_off} days off; an official schedule has at least {MIN_DAYS_OFF} "
                "(13 public holidays). Check the file, or use --force if it really is the whole year"
            )
        if package.source(year) == "official" and not replace:
            raise BadInput(f"{path}: the chinese-calendar package already knows {year}; use --replace to override it")
    out = []
    with ws.transaction() as s:
        for year in years:
            schedule = probe.to_dict(year)
            row = s.get(CalendarYear, year)
            replaced = row is not None
            if row is None:
                row = CalendarYear(year=year)
                s.add(row)
            row.schedule, row.source, row.loaded_at = schedule, str(path), ws.clock.now()
            out.append(
                {
                    "year": year,
                    "days_off": len(schedule["days_off"]),
                    "working_weekends": len(schedule["working_days"]),
                    "replaced_earlier_load": replaced,
                    "overrides_package": package.source(year) == "official",
                }
            )
    for year in years:
        ws.workdays.load_dict(probe.to_dict(year))
    return out


def calendar_status(ws: Workspace, years: list[int]) -> list[dict[str, Any]]:
    """Where each year's working days come from, so an operator sees which years still need loading."""
    install_calendar_years(ws)
    notes = {
        "loaded": "loaded schedule (ipcycle calendar load)",
        "official": "chinese-calendar package",
        "weekdays": "NOT PUBLISHED: Monday-Friday fallback; load the State Council notice",
    }
    out = []
    for year in sorted(set(years) | set(ws.workdays.loaded_years())):
        source = ws.workdays.source(year)
        out.append({"year": year, "source": source, "note": notes[source]})
    return out
