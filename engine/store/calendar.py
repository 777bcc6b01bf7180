"""Official holiday schedules loaded by the national office.

A year loaded once with ``ipcycle calendar load`` must count in every process (CLI, scheduler,
portal), so the schedule lives in a table and each workspace installs it when it starts (read through
:func:`engine.store.reads.stored_schedules`, which needs no ORM).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.core import Base


class CalendarYear(Base):
    """One year's days off and adjusted working days (调休), as the State Council published them."""

    __tablename__ = "calendar_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    schedule: Mapped[dict[str, Any]] = mapped_column()  # {year, days_off: [...], working_days: [...]}
    source: Mapped[str] = mapped_column(String(500))
    loaded_at: Mapped[datetime] = mapped_column(DateTime)
