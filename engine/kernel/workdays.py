"""China's official working-day calendar (法定节假日 and 调休 adjusted working days).

Deadlines in CNIPA programmes are counted in working days, so a Sunday that the State Council
turns into a working day must count and a weekday inside Golden Week must not. Sources, in order:
years loaded by an operator (YAML), the ``chinese-calendar`` package, then plain Monday-Friday
with a logged warning so a preview can flag that the year's schedule is not yet published.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import chinese_calendar
import yaml

from engine.kernel.yamlread import YamlInputError, load_yaml, read_yaml_text

logger = logging.getLogger("ipcycle.workdays")

Source = Literal["loaded", "official", "weekdays"]
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ALLOWED_KEYS = {"year", "days_off", "working_days"}


class WorkdayDataError(ValueError):
    """A loaded holiday schedule is malformed; the message names the offending entry."""


@dataclass(frozen=True)
class YearSchedule:
    """One year's exceptions to Monday-Friday, as published by the State Council."""

    year: int
    days_off: frozenset[date]
    working_days: frozenset[date]

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe form (ISO strings) so the engine can persist it anywhere."""
        return {
            "year": self.year,
            "days_off": [d.isoformat() for d in sorted(self.days_off)],
            "working_days": [d.isoformat() for d in sorted(self.working_days)],
        }


def _parse_date(value: Any, where: str) -> date:
    # YAML gives date objects for bare 2027-01-01, strings when quoted; accept both.
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise WorkdayDataError(f"{where}: {value!r} is not a date (expected YYYY-MM-DD)")


def _validate(year: Any, days_off: Iterable[Any], working_days: Iterable[Any]) -> YearSchedule:
    """Check one year's schedule completely before anything is changed."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise WorkdayDataError(f"year: {year!r} is not a plausible year")
    off: set[date] = set()
    for i, raw in enumerate(days_off):
        d = _parse_date(raw, f"days_off[{i}]")
        if d.year != year:
            raise WorkdayDataError(f"days_off[{i}]: {d.isoformat()} is not in year {year}")
        off.add(d)
    work: set[date] = set()
    for i, raw in enumerate(working_days):
        d = _parse_date(raw, f"working_days[{i}]")
        if d.year != year:
            raise WorkdayDataError(f"working_days[{i}]: {d.isoformat()} is not in year {year}")
        if d.weekday() < 5:
            # 调休 only ever turns weekend days into working days; a weekday here is a typo.
            raise WorkdayDataError(
                f"working_days[{i}]: {d.isoformat()} is a {_WEEKDAY_NAMES[d.weekday()]}, already a "
                "working day; list only weekend days that become working days"
            )
        if d in off:
            raise WorkdayDataError(f"working_days[{i}]: {d.isoformat()} is also listed in days_off; it cannot be both")
        work.add(d)
    return YearSchedule(year, frozenset(off), frozenset(work))


class WorkdayCalendar:
    """Answers "is this a working day?" and does working-day arithmetic, caching per date."""

    def __init__(self, *, use_package: bool = True) -> None:
        self._use_package = use_package
        self._loaded: dict[int, YearSchedule] = {}
        self._sources: dict[int, Source] = {}
        self._cache: dict[date, bool] = {}
        self._fallback_years: set[int] = set()

    # -- loading -------------------------------------------------------------------------------

    def load_year(self, year: int, days_off: Iterable[date], working_weekends: Iterable[date]) -> None:
        """Install one year's official schedule; it overrides the package for that year."""
        self._install(_validate(year, days_off, working_weekends))

    def load_dict(self, data: Mapping[str, Any] | list[Mapping[str, Any]]) -> list[int]:
        """Load one ``{year, days_off, working_days}`` mapping or a list of them; all-or-nothing."""
        entries = data if isinstance(data, list) else [data]
        schedules: list[YearSchedule] = []
        for n, entry in enumerate(entries):
            prefix = f"entry {n}: " if isinstance(data, list) else ""
            if not isinstance(entry, Mapping):
                raise WorkdayDataError(f"{prefix}expected a mapping with year/days_off/working_days")
            unknown = sorted(set(map(str, entry)) - _ALLOWED_KEYS)
            if unknown:
                raise WorkdayDataError(
                    f"{prefix}unknown key(s) {', '.join(unknown)}; allowed: year, days_off, working_days"
                )
            if "year" not in entry:
                raise WorkdayDataError(f"{prefix}missing 'year'")
            lists = {}
            for key in ("days_off", "working_days"):
                value = entry.get(key) or []
                if not isinstance(value, list):
                    raise WorkdayDataError(f"{prefix}{key} must be a list of dates")
                lists[key] = value
            try:
                schedules.append(_validate(entry["year"], lists["days_off"], lists["working_days"]))
            except WorkdayDataError as exc:
                raise WorkdayDataError(f"{prefix}{exc}") from None
        years = [s.year for s in schedules]
        duplicates = sorted({y for y in years if years.count(y) > 1})
        if duplicates:
            raise WorkdayDataError(f"year {duplicates[0]} appears more than once")
        for schedule in schedules:
            self._install(schedule)
        return years

    def load_yaml(self, text_or_path: str | Path) -> list[int]:
        """Load a YAML schedule given as text or as a path (``Path``, or a str ending .yaml/.yml)."""
        if isinstance(text_or_path, Path) or (
            "\n" not in text_or_path and text_or_path.strip().lower().endswith((".yaml", ".yml"))
        ):
            path = Path(text_or_path)
            try:
                text, name = read_yaml_text(path), str(path)
            except YamlInputError as exc:
                raise WorkdayDataError(exc.problems[0].removeprefix(f"{path}:1: ")) from None
        else:
            text, name = text_or_path, "<calendar>"
        try:  # dates stay text, so an impossible one (2027-02-30) gets our error naming the entry
            data, _ = load_yaml(text, name, dates_as_text=True)
        except YamlInputError as exc:
            where = "; ".join("line " + p.removeprefix(f"{name}:") for p in exc.problems)
            raise WorkdayDataError(f"not valid YAML: {where}") from None
        return self.load_dict(data)

    def _install(self, schedule: YearSchedule) -> None:
        self._loaded[schedule.year] = schedule
        self._sources[schedule.year] = "loaded"
        self._fallback_years.discard(schedule.year)
        self._cache = {d: v for d, v in self._cache.items() if d.year != schedule.year}

    # -- persistence ---------------------------------------------------------------------------

    def loaded_years(self) -> list[int]:
        return sorted(self._loaded)

    def to_dict(self, year: int) -> dict[str, Any]:
        """The loaded schedule for ``year`` in plain form; KeyError if none was loaded."""
        return self._loaded[year].to_dict()

    def to_yaml(self, year: int | None = None) -> str:
        """YAML that ``load_yaml`` reads back: one year, or all loaded years as a list."""

        def plain(s: YearSchedule) -> dict[str, Any]:
            return {"year": s.year, "days_off": sorted(s.days_off), "working_days": sorted(s.working_days)}

        if year is not None:
            doc: Any = plain(self._loaded[year])
        else:
            doc = [plain(self._loaded[y]) for y in sorted(self._loaded)]
        return yaml.safe_dump(doc, sort_keys=False, default_flow_style=None)

    # -- queries -------------------------------------------------------------------------------

    def source(self, year: int) -> Source:
        """Where answers for ``year`` come from, so a preview can show how trustworthy they are."""
        known = self._sources.get(year)
        if known is not None:
            return known
        src: Source = "weekdays"
        if self._use_package:
            try:
                chinese_calendar.is_workday(date(year, 6, 1))
                src = "official"
            except NotImplementedError:
                pass
        self._sources[year] = src
        return src

    def fallback_years_used(self) -> list[int]:
        """Years actually answered with plain Monday-Friday (no published schedule available)."""
        return sorted(self._fallback_years)

    def is_working_day(self, d: date) -> bool:
        cached = self._cache.get(d)
        if cached is not None:
            return cached
        src = self.source(d.year)
        if src == "loaded":
            schedule = self._loaded[d.year]
            result = d in schedule.working_days or (d.weekday() < 5 and d not in schedule.days_off)
        elif src == "official":
            result = bool(chinese_calendar.is_workday(d))
        else:
            if d.year not in self._fallback_years:
                self._fallback_years.add(d.year)
                logger.warning(
                    "no official holiday schedule for %d; treating Monday-Friday as working days "
                    "(load the State Council notice with `ipcycle calendar load FILE`)",
                    d.year,
                )
            result = d.weekday() < 5
        self._cache[d] = result
        return result

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (n>0) or before it (n<0); ``d`` itself for n=0."""
        step = timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        current = d
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def reminder_day(self, due: date, offset: int) -> date:
        """The day a reminder ``offset`` working days before ``due`` goes out: 0 = the deadline (or the working
        day before it); negative = that many working days after it."""
        if offset == 0:
            return due if self.is_working_day(due) else self.add_working_days(due, -1)
        return self.add_working_days(due, -offset)
