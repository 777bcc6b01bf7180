"""What the national office is told and where: its own inbox (IPCYCLE_NATIONAL_EMAIL), a warning
when it has none, and one report of mail that could not be delivered."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from engine.services.programmes import cycles
from engine.services.programmes.programme_definitions import load_programmes
from notifications.delivery.sender import SendResult
from notifications.outbox import delivery_log
from notifications.scheduler import scheduler_tick
from tests.support.reminders_support import (
    HOLIDAY_CALL,
    NATIONAL_MAILBOX,
    RecordingSender,
    cli,
    creation_workspace,
    open_creation_2025,
    recording,
    to_address,
    with_offices,
)

DIVISION = "guihua@cnipa.example.cn"


def test_national_notices_go_to_the_configured_national_inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPCYCLE_NATIONAL_EMAIL", DIVISION)
    sender = RecordingSender()
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, _):
        with_offices(ws, without=("320000",))
        cycle = open_creation_2025(ws)
        scheduler_tick(ws, recording(sender))
        missing = [r for r in delivery_log.log(ws, cycle) if r.kind == "missing-address"]
    assert [r.address for r in missing] == [DIVISION]
    assert NATIONAL_MAILBOX not in {to_address(m) for m in sender.sent}


def test_a_programme_without_any_national_address_is_warned_about_in_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IPCYCLE_NATIONAL_EMAIL", raising=False)
    with creation_workspace(tmp_path) as (ws, _):
        path = tmp_path / "no-mailbox.yaml"
        path.write_text((HOLIDAY_CALL % "[1, 0]").replace("mailbox: zLzL@cnipa.gov.cn\n", ""), encoding="utf-8")
        load_programmes(ws, [path])
        cycle = cycles.open_cycle(ws, "holiday-call", 2025, {"liaison-receipt": date(2025, 10, 9)}).id
        code, out = cli("reminders", "preview", "--cycle", str(cycle), "--db", ws.url)
    assert code == 0 and "IPCYCLE_NATIONAL_EMAIL" in out


def test_mail_that_cannot_be_delivered_is_reported_to_the_national_office_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IPCYCLE_NATIONAL_EMAIL", raising=False)
    sender = RecordingSender([SendResult.rejected("550 5.1.1 mailbox unknown")])
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, clock):
        with_offices(ws)
        open_creation_2025(ws)
        scheduler_tick(ws, recording(sender))
        clock.advance(timedelta(minutes=1))
        scheduler_tick(ws, recording(sender))
        clock.advance(timedelta(days=1))
        scheduler_tick(ws, recording(sender))
        reports = [m for m in sender.sent if str(m["X-Ipcycle-Kind"]) == "undeliverable"]
    assert len(reports) == 1 and to_address(reports[0]) == NATIONAL_MAILBOX
    body = reports[0].get_body(("plain",)).get_content()
    assert "北京市知识产权局" in body and "550 5.1.1 mailbox unknown" in body
