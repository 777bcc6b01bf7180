"""What the running service records about itself: each scheduler loop's last pass, for ``/readyz`` and metrics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.core import Base


class SchedulerBeat(Base):
    """The last pass of one scheduler loop (``timers``, ``sending``): when it ended, how it went, and on which host.

    One row per loop, overwritten: with two schedulers the newer pass wins, which is what readiness asks."""

    __tablename__ = "scheduler_beat"
    loop: Mapped[str] = mapped_column(String(20), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)  # China time, from the injected clock
    host: Mapped[str] = mapped_column(String(200))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text)
