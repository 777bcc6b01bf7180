"""iCalendar export: all-day events that parse back and keep stable UIDs across exports."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from notifications.ics import milestones_to_ics

ITEMS = [
    ("cycle-7/interim-report", "中期报告截止", date(2026, 3, 2), "Submit the interim report to CNIPA."),
    ("cycle-7/final@ipcycle.example", "Final review", date(2027, 1, 4), ""),
]
STAMP = datetime(2025, 10, 9, 8, 30, tzinfo=UTC)


def events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_round_trip_all_day_events() -> None:
    data = milestones_to_ics("专利导航项目", ITEMS, stamp=STAMP)
    cal = Calendar.from_ical(data)
    assert str(cal["x-wr-calname"]) == "专利导航项目"
    assert str(cal["version"]) == "2.0"
    first, second = events(data)
    assert str(first["uid"]) == "cycle-7/interim-report@ipcycle"
    assert str(second["uid"]) == "cycle-7/final@ipcycle.example"  # already qualified: untouched
    assert str(first["summary"]) == "中期报告截止"
    assert str(first["description"]) == "Submit the interim report to CNIPA."
    assert "description" not in second
    start, end = first.decoded("dtstart"), first.decoded("dtend")
    assert type(start) is date and start == date(2026, 3, 2) and end == date(2026, 3, 3)
    assert b"DTSTART;VALUE=DATE:20260302" in data
    assert first.decoded("dtstamp") == STAMP


def test_uids_are_stable_across_exports() -> None:
    early = milestones_to_ics("p", ITEMS, stamp=STAMP)
    moved = [(ITEMS[0][0], ITEMS[0][1], date(2026, 3, 9), ITEMS[0][3]), ITEMS[1]]
    later = milestones_to_ics("p", moved)
    assert [str(e["uid"]) for e in events(early)] == [str(e["uid"]) for e in events(later)]
    assert events(later)[0].decoded("dtstart") == date(2026, 3, 9)
    assert milestones_to_ics("p", ITEMS, stamp=STAMP) == early  # deterministic given a stamp


def test_empty_calendar_is_valid() -> None:
    assert events(milestones_to_ics("empty", [], stamp=STAMP)) == []


@pytest.mark.parametrize(
    ("items", "fragment"),
    [
        ([ITEMS[0], ITEMS[0]], "duplicate UID"),
        ([("", "s", date(2026, 1, 5), "")], "invalid UID"),
        ([("a", "s", datetime(2026, 1, 5, 9), "")], "expected a date"),
    ],
)
def test_bad_items_rejected(items: list, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        milestones_to_ics("p", items)
