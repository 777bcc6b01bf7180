"""The injected clock: every "now" in ipcycle comes from here, so tests can travel in time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Protocol

CHINA = timezone(timedelta(hours=8), "CST")


class Clock(Protocol):
    def now(self) -> datetime:
        """Naive China Standard Time."""
        ...


class SystemClock:
    """The wall clock, read in China Standard Time."""

    def now(self) -> datetime:
        return datetime.now(CHINA).replace(tzinfo=None, microsecond=0)


class FixedClock:
    """A clock that stands still until moved: for ``--now`` and for tests."""

    def __init__(self, at: datetime) -> None:
        self._at = to_china_naive(at)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = to_china_naive(at)

    def advance(self, delta: timedelta) -> None:
        self._at += delta


def as_utc(at: datetime) -> datetime:
    """A China time (naive, as the clock gives it, or aware) in UTC, for file formats that record UTC."""
    return (at if at.tzinfo else at.replace(tzinfo=CHINA)).astimezone(UTC)


def to_china_naive(at: datetime) -> datetime:
    """Aware datetimes are converted to China time; naive ones are taken as China time already."""
    return at.astimezone(CHINA).replace(tzinfo=None) if at.tzinfo else at


def parse_now(text: str) -> datetime:
    """Parse ``--now``: an ISO date or datetime; a bare date means 09:00 that day."""
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--now: {text!r} is not an ISO date or datetime (e.g. 2025-09-12T09:00)") from None
    if not any(sep in text.strip() for sep in ("T", " ", ":")):  # a date alone: the start of office hours
        at = at.replace(hour=9)
    return to_china_naive(at)
