"""Mails name the portal's page (and where to log in), never a command: IPCYCLE_BASE_URL, else where serve listens."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.reference import organisations
from notifications import render
from notifications.outbox import dispatch
from notifications.planning.audiences import STILL_OWED
from notifications.planning.stage_notices import plan_stage_notices
from tests.support.lifecycle import prepare
from tests.support.reminders_support import RecordingSender, creation_workspace, open_creation_2025, with_offices


def _stage_change_mail(tmp_path: Path) -> str:
    sender = RecordingSender()
    with creation_workspace(tmp_path, datetime(2025, 9, 15, 10, 0)) as (ws, _):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        org = organisations.add_organisation(ws, "昆山市人民政府", "government", "320583", email="ks@example.cn").id
        app = stage_moves.apply(ws, cycle, "county", org, Actor(Role.APPLICANT, str(org))).id
        prepare(ws, app, org)
        stage_moves.fire(ws, app, "submit", Actor(Role.APPLICANT, str(org)))
        plan_stage_notices(ws)
        dispatch.send_due(ws, sender, "reminders@cnipa.example.cn", STILL_OWED)
    (mail,) = [m for m in sender.sent if m["X-Ipcycle-Kind"] == "stage-change"]
    return mail.get_body(("plain",)).get_content() + mail.get_body(("html",)).get_content()


def test_with_a_base_url_the_stage_change_mail_links_the_application_page_and_the_log_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPCYCLE_BASE_URL", "https://ipcycle.example.cn/")
    text = _stage_change_mail(tmp_path)
    assert "https://ipcycle.example.cn/applications/1" in text and "https://ipcycle.example.cn/login" in text
    assert "ipcycle history" not in text


def test_without_a_base_url_the_mail_links_where_serve_listens_and_names_no_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IPCYCLE_BASE_URL", raising=False)
    monkeypatch.setattr(render, "_served_at", [])  # forget an earlier in-process ``serve``
    text = _stage_change_mail(tmp_path)
    assert "http://127.0.0.1:8000/applications/1" in text and "http://127.0.0.1:8000/login" in text
    assert "ipcycle" not in text.replace("ipcycle.", "")
