"""What a reminder says about its deadline when the deadline falls on a day off."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from notifications.scheduler import scheduler_tick
from tests.support.reminders_support import (
    RecordingSender,
    creation_workspace,
    open_holiday_call,
    recording,
    with_offices,
)


def test_a_deadline_on_a_sunday_is_announced_on_friday_as_the_last_working_day(tmp_path: Path) -> None:
    sender = RecordingSender()
    with creation_workspace(tmp_path, datetime(2025, 10, 17, 9, 0)) as (ws, _):  # a Friday
        with_offices(ws)
        open_holiday_call(ws, tmp_path, date(2025, 10, 19), "[0]")  # due on a Sunday
        scheduler_tick(ws, recording(sender))
    body = sender.sent[0].get_body(("plain",)).get_content()
    assert "截止日期为2025年10月19日（星期日）（非工作日），今天是截止前最后一个工作日。" in body
    assert "今天（2025年10月19日（星期日））是截止日期" not in body
