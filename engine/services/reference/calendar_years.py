"""Loading the State Council's holiday schedule for a year, and where each year's working days come from.

The State Council publishes next year's schedule each autumn, after ``chinese-calendar`` was
released; the national office loads it once, and every process installs it from the table.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from engine.kernel.errors import BadInput
from engine.kernel.workdays import WorkdayCalendar, WorkdayDataError
from engine.machine.machine import Actor
from engine.services.shared.reference_audit import NATIONAL_OFFICE, ReferenceLine, audit, national_only
from engine.services.shared.results import ServiceResult
from engine.store.calendar import CalendarYear
from engine.store.workspace import Workspace

logger = logging.getLogger("ipcycle.calendar")


MIN_DAYS_OFF = 11  # China has 13 public holidays (2025 on); a year with fewer days off is a typo or a fragment
# Weekdays and weekend days of the holiday periods together: 2025 has 28 (Spring Festival 8, National Day 8 …);
# more than 45 is a file listing ordinary weekends or a wrong year, not a State Council schedule.
MAX_DAYS_OFF = 45


class CalendarYearLoaded(ServiceResult):
    """One year of a schedule file as stored: how many days off and weekend working days, and what it replaced."""

    year: int
    days_off: int
    working_weekends: int
    replaced_earlier_load: bool
    overrides_package: bool


class CalendarYearSource(ServiceResult):
    """Where a year's working days come from (loaded, official or weekdays) and what that means for an operator."""

    year: int
    source: str
    note: str


def _difference(old: dict[str, Any], new: dict[str, Any]) -> str:
    """What a reload would change, day by day, so the operator sees it before saying --replace."""
    parts = []
    for key, label in (("days_off", "days off"), ("working_days", "working weekend days")):
        before, after = set(old.get(key, [])), set(new.get(key, []))
        if after - before:
            parts.append(f"{label} added: {', '.join(sorted(after - before))}")
        if before - after:
            parts.append(f"{label} removed: {', '.join(sorted(before - after))}")
    return "; ".join(parts) or "no change"


def load_calendar_file(
    ws: Workspace, path: Path, force: bool = False, replace: bool = False, actor: Actor = NATIONAL_OFFICE
) -> list[CalendarYearLoaded]:
    """Check a schedule file completely, then store and install each of its years (all or nothing).

    A year with implausibly few days off needs ``force``; overriding a year the chinese-calendar
    package knows needs ``replace``, since a fragment would otherwise silently replace a whole year.
    Every deadline counts working days on it: the national office's to load, audited before and after.
    """
    national_only(actor, "工作日历（国务院节假日安排）", "the working-day calendar")
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
                "(13 public holidays). Check the file, or load it with force if it really is the whole year",
                field="force",
            )
        if days_off > MAX_DAYS_OFF and not force:
            raise BadInput(
                f"{path}: {year} has {days_off} days off; an official schedule has at most {MAX_DAYS_OFF} "
                "(ordinary weekends are not listed). Check the file, or load it with force if it really is so",
                field="force",
            )
        if package.source(year) == "official" and not replace:
            raise BadInput(
                f"{path}: the chinese-calendar package already knows {year}; load it with replace to override it",
                field="replace",
            )
    with ws.transaction() as s:  # a year stored by an earlier load is replaced only when asked, seeing what changes
        for year in years:
            earlier = s.get(CalendarYear, year)
            if earlier is not None and not replace:
                change = _difference(earlier.schedule, probe.to_dict(year))
                raise BadInput(
                    f"{path}: {year} was loaded before (from {earlier.source}); load it with replace to load it again "
                    f"({change})",
                    field="replace",
                )
    out: list[CalendarYearLoaded] = []
    with ws.transaction() as s:
        for year in years:
            schedule = probe.to_dict(year)
            row = s.get(CalendarYear, year)
            replaced = row is not None
            before = _summary(row.schedule) if row is not None else None
            if row is None:
                row = CalendarYear(year=year)
                s.add(row)
            row.schedule, row.source, row.loaded_at = schedule, str(path), ws.clock.now()
            line = ReferenceLine(change="changed" if replaced else "added", key=str(year), before=before,
                                 after=_summary(schedule))  # fmt: skip
            audit(s, "calendar", None, [line], f"calendar load {path}", actor, ws.clock.now())
            out.append(
                CalendarYearLoaded(
                    year=year,
                    days_off=len(schedule["days_off"]),
                    working_weekends=len(schedule["working_days"]),
                    replaced_earlier_load=replaced,
                    overrides_package=package.source(year) == "official",
                )
            )
    for year in years:
        ws.workdays.load_dict(probe.to_dict(year))
    return out


def _summary(schedule: dict[str, Any]) -> dict[str, Any]:
    """What the audit keeps of a year's schedule: its days off and adjusted working days, as dates."""
    return {"days_off": list(schedule.get("days_off", [])), "working_days": list(schedule.get("working_days", []))}


def calendar_status(ws: Workspace, years: list[int]) -> list[CalendarYearSource]:
    """Where each year's working days come from, so an operator sees which years still need loading."""
    ws.install_calendar_years()
    notes = {
        "loaded": "loaded schedule (the State Council notice, loaded)",
        "official": "chinese-calendar package",
        "weekdays": "NOT PUBLISHED: Monday-Friday fallback; load the State Council notice",
    }
    out: list[CalendarYearSource] = []
    for year in sorted(set(years) | set(ws.workdays.loaded_years())):
        source = ws.workdays.source(year)
        out.append(CalendarYearSource(year=year, source=source, note=notes[source]))
    return out
