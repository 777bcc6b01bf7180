"""Export programme milestones as an all-day iCalendar file.

UIDs come from the caller's stable milestone keys, so importing a newer export into Outlook,
Google or Apple Calendar moves the existing events instead of adding duplicates.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

PRODID = "-//ipcycle//CNIPA programme milestones//EN"
UID_DOMAIN = "ipcycle"


def _uid(raw: str) -> str:
    """RFC 5545 wants globally unique UIDs; qualify bare keys with our domain, deterministically."""
    uid = raw.strip()
    if not uid or any(ch in uid for ch in "\r\n"):
        raise ValueError(f"invalid UID {raw!r}")
    return uid if "@" in uid else f"{uid}@{UID_DOMAIN}"


def milestones_to_ics(
    calendar_name: str,
    items: list[tuple[str, str, date, str]],
    *,
    stamp: datetime | None = None,
    sequences: Mapping[str, int] | None = None,
) -> bytes:
    """Build a VCALENDAR with one all-day VEVENT per ``(uid, summary, date, description)``.

    ``stamp`` (DTSTAMP/LAST-MODIFIED) defaults to now; pass it for byte-identical output. ``sequences``
    (by raw uid): how often the event's date was changed; a calendar takes a higher SEQUENCE for the same
    UID as the newer version of the event and moves it.
    """
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    seen: set[str] = set()
    for raw_uid, summary, day, description in items:
        if isinstance(day, datetime) or not isinstance(day, date):
            raise ValueError(f"{raw_uid}: expected a date for an all-day event, got {day!r}")
        uid = _uid(raw_uid)
        if uid in seen:
            raise ValueError(f"duplicate UID {uid!r}; each milestone needs its own")
        seen.add(uid)
        event = Event()
        event.add("uid", uid)
        event.add("sequence", (sequences or {}).get(raw_uid, 0))
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("summary", summary)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))  # DTEND is exclusive for all-day events
        event.add("transp", "TRANSPARENT")  # a deadline should not show the day as busy
        if description:
            event.add("description", description)
        cal.add_component(event)
    return cal.to_ical()
