"""Working-day calendar: official 调休 years, operator-loaded years, and the weekday fallback."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest

from engine.kernel.workdays import WorkdayCalendar, WorkdayDataError

YAML_2027 = """
year: 2027
days_off: [2027-01-01, 2027-02-05, 2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11]
working_days: [2027-02-07, 2027-02-20]
"""


@pytest.fixture
def cal() -> WorkdayCalendar:
    return WorkdayCalendar()


def test_national_day_2025(cal: WorkdayCalendar) -> None:
    assert cal.source(2025) == "official"
    for offset in range(8):
        assert not cal.is_working_day(date(2025, 10, 1) + timedelta(days=offset))
    assert cal.is_working_day(date(2025, 9, 28))  # Sunday, adjusted working day
    assert cal.is_working_day(date(2025, 10, 11))  # Saturday, adjusted working day
    assert cal.is_working_day(date(2025, 10, 9))
    assert not cal.is_working_day(date(2025, 10, 12))  # ordinary Sunday


def test_add_working_days_across_national_day(cal: WorkdayCalendar) -> None:
    # Fri 26 Sep -> Sun 28 Sep (调休) -> Tue 30 Sep -> Thu 9 Oct -> Fri 10 Oct -> Sat 11 Oct (调休)
    assert cal.add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert cal.add_working_days(date(2025, 9, 29), 2) == date(2025, 10, 9)
    assert cal.add_working_days(date(2025, 10, 9), 2) == date(2025, 10, 11)
    assert cal.add_working_days(date(2025, 10, 9), -1) == date(2025, 9, 30)
    assert cal.add_working_days(date(2025, 10, 9), -3) == date(2025, 9, 28)
    assert cal.add_working_days(date(2025, 10, 3), 0) == date(2025, 10, 3)


def test_spring_festival_2026(cal: WorkdayCalendar) -> None:
    assert cal.is_working_day(date(2026, 2, 14))  # Saturday, adjusted working day
    for day in range(15, 24):
        assert not cal.is_working_day(date(2026, 2, day)), day
    assert cal.is_working_day(date(2026, 2, 24))
    assert cal.is_working_day(date(2026, 2, 28))  # Saturday, adjusted working day
    assert cal.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert cal.add_working_days(date(2026, 2, 24), -1) == date(2026, 2, 14)


def test_2027_weekday_fallback_warns_once(cal: WorkdayCalendar, caplog: pytest.LogCaptureFixture) -> None:
    assert cal.source(2027) == "weekdays"
    assert cal.fallback_years_used() == []  # only reported once actually used
    with caplog.at_level(logging.WARNING, logger="ipcycle.workdays"):
        assert not cal.is_working_day(date(2027, 2, 6))  # Saturday
        assert cal.is_working_day(date(2027, 2, 8))  # Monday
        assert cal.add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 8)
    warnings = [r for r in caplog.records if r.name == "ipcycle.workdays"]
    assert len(warnings) == 1 and "2027" in warnings[0].getMessage()
    assert cal.fallback_years_used() == [2027]


def test_2027_loaded_yaml_wins_and_replaces_fallback(cal: WorkdayCalendar) -> None:
    assert cal.is_working_day(date(2027, 2, 8))  # cached under the fallback first
    assert cal.load_yaml(YAML_2027) == [2027]
    assert cal.source(2027) == "loaded"
    assert cal.fallback_years_used() == []
    assert not cal.is_working_day(date(2027, 2, 8))
    assert cal.is_working_day(date(2027, 2, 7))  # Sunday made a working day
    assert not cal.is_working_day(date(2027, 1, 1))
    assert cal.is_working_day(date(2027, 1, 4))  # untouched weekday
    assert not cal.is_working_day(date(2027, 1, 9))  # untouched Saturday
    # Thu 4 Feb -> Sun 7 Feb -> Fri 12 Feb
    assert cal.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 7)
    assert cal.add_working_days(date(2027, 2, 4), 2) == date(2027, 2, 12)
    assert cal.add_working_days(date(2027, 2, 12), -1) == date(2027, 2, 7)


def test_loaded_year_overrides_package(cal: WorkdayCalendar) -> None:
    assert not cal.is_working_day(date(2025, 10, 3))
    cal.load_year(2025, days_off=[date(2025, 1, 1)], working_weekends=[])
    assert cal.source(2025) == "loaded"
    assert cal.is_working_day(date(2025, 10, 3))


def test_yaml_round_trip(cal: WorkdayCalendar, tmp_path) -> None:
    cal.load_yaml(YAML_2027)
    text = cal.to_yaml(2027)
    path = tmp_path / "holidays-2027.yaml"
    path.write_text(text, encoding="utf-8")
    other = WorkdayCalendar()
    assert other.load_yaml(path) == [2027]
    assert other.load_yaml(str(path)) == [2027]
    assert other.to_dict(2027) == cal.to_dict(2027)
    assert cal.to_dict(2027)["working_days"] == ["2027-02-07", "2027-02-20"]
    assert WorkdayCalendar().load_dict(cal.to_dict(2027)) == [2027]
    assert WorkdayCalendar().load_yaml(cal.to_yaml()) == [2027]


def test_days_off_on_a_weekend_is_accepted(cal: WorkdayCalendar) -> None:
    cal.load_yaml("{year: 2027, days_off: [2027-02-06, '2027-02-08']}")
    assert not cal.is_working_day(date(2027, 2, 6))
    assert not cal.is_working_day(date(2027, 2, 8))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{year: 2027, days_off: [2026-12-31]}", "days_off[0]: 2026-12-31 is not in year 2027"),
        ("{year: 2027, working_days: [2027-02-07, 2028-01-01]}", "working_days[1]: 2028-01-01"),
        ("{year: 2027, days_off: [2027-02-07], working_days: [2027-02-07]}", "also listed in days_off"),
        ("{year: 2027, working_days: [2027-02-08]}", "2027-02-08 is a Monday"),
        ("{year: 2027, days_off: [2027-02-30]}", "days_off[0]: '2027-02-30' is not a date"),
        ("{year: 2027, day_off: [2027-01-01]}", "unknown key(s) day_off"),
        ("{days_off: [2027-01-01]}", "missing 'year'"),
        ("{year: next, days_off: []}", "not a plausible year"),
        ("{year: 2027, days_off: 2027-01-01}", "days_off must be a list"),
        ("[{year: 2027}, {year: 2027}]", "year 2027 appears more than once"),
        ("[{year: 2027}, {year: 2028, days_off: [2027-01-01]}]", "entry 1: days_off[0]"),
        ("", "empty"),
        ("year: [", "not valid YAML"),
    ],
)
def test_invalid_yaml_is_rejected_with_named_entry(cal: WorkdayCalendar, text: str, fragment: str) -> None:
    with pytest.raises(WorkdayDataError) as info:
        cal.load_yaml(text)
    assert fragment in str(info.value)
    assert cal.loaded_years() == []  # nothing half-loaded


def test_a_cached_answer_is_the_answer_a_fresh_calendar_gives(cal: WorkdayCalendar) -> None:
    """Repeated questions are answered from the cache (its speed is for bench/ scripts to measure, not a unit test)."""
    answers = {cal.add_working_days(date(2025, 1, 2), 250) for _ in range(20)}
    assert answers == {WorkdayCalendar().add_working_days(date(2025, 1, 2), 250)}
