"""The cycle's calendar as a clerk imports it: events of two databases side by side, a province's own
deadlines in its calendar, and a changed date moving the same event (same UID, higher SEQUENCE)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from icalendar import Calendar

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.national import date_amendments
from engine.services.programmes.programme_definitions import load_programmes
from engine.services.province import overlays
from engine.store.workspace import Workspace
from notifications.cycle_calendar import cycle_ics
from tests.support.db import fresh_url
from tests.support.eligibility_support import open_2025_bare

NATIONAL = Actor(Role.NATIONAL)
JIANGSU = "320000"
OVERLAY = (
    'province: "320000"\ntitle: 江苏省知识产权局关于做好示范创建申报工作的通知\n'
    "deadlines:\n  - {id: JS-1, events: [submit], date: 2025-10-10, title: 申报材料报送省局截止}\n"
)


def events(data: bytes) -> dict[str, tuple[date, int, str]]:
    """Each event by UID: its day, its SEQUENCE and its summary."""
    return {
        str(e["UID"]): (e.decoded("DTSTART"), int(e.get("SEQUENCE", 0)), str(e["SUMMARY"]))
        for e in Calendar.from_ical(data).walk("VEVENT")
    }


def test_two_databases_calendars_import_side_by_side(ws: Workspace, clock: FixedClock, tmp_path: Path) -> None:
    other = Workspace(fresh_url(tmp_path, "other"), clock)
    other.create_schema()
    load_programmes(other)
    try:
        first = events(cycle_ics(ws, open_2025_bare(ws))[0])
        second = events(cycle_ics(other, open_2025_bare(other))[0])
    finally:
        other.dispose()
    assert len(first) == len(second) == 4
    assert not set(first) & set(second)  # a calendar holding both keeps all 8 events
    assert all(uid.startswith("demonstration-creation-2025-") for uid in first)
    assert any(uid.startswith("demonstration-creation-2025-recommendation@") for uid in first)
    assert events(cycle_ics(ws, 1)[0]).keys() == first.keys()  # the same database: the same UIDs again


def test_a_province_s_calendar_holds_its_own_deadlines_and_moves_with_an_amendment(
    ws: Workspace, tmp_path: Path
) -> None:
    cycle = open_2025_bare(ws)
    (tmp_path / "js.yaml").write_text(OVERLAY, encoding="utf-8")
    overlays.load_overlay(ws, cycle, tmp_path / "js.yaml", Actor(Role.PROVINCE, JIANGSU))
    national = events(cycle_ics(ws, cycle)[0])
    jiangsu = events(cycle_ics(ws, cycle, JIANGSU)[0])
    own = [(day, summary) for uid, (day, _, summary) in jiangsu.items() if "-overlay-JS-1@" in uid]
    assert own == [(date(2025, 10, 10), "知识产权强国建设示范创建2025：申报材料报送省局截止（江苏省）")]
    assert not any("overlay" in uid for uid in national)  # another province's calendar does not carry it

    (receipt_uid,) = [uid for uid in national if "-liaison-receipt@" in uid]
    assert national[receipt_uid][:2] == (date(2025, 9, 19), 0)
    date_amendments.amend_milestone(ws, cycle, "liaison-receipt", date(2025, 9, 26), "补充通知延期", NATIONAL)
    moved = events(cycle_ics(ws, cycle)[0])
    assert moved[receipt_uid][:2] == (date(2025, 9, 26), 1)  # the same event, a newer version of it
    assert moved.keys() == national.keys()

    date_amendments.amend_milestone(
        ws, cycle, "liaison-receipt", date(2025, 9, 30), "江苏省申请延期", NATIONAL, province=JIANGSU
    )
    (js_receipt,) = [uid for uid in events(cycle_ics(ws, cycle, JIANGSU)[0]) if "-liaison-receipt." in uid]
    assert events(cycle_ics(ws, cycle, JIANGSU)[0])[js_receipt][:2] == (date(2025, 9, 30), 2)
    assert events(cycle_ics(ws, cycle)[0])[receipt_uid][:2] == (date(2025, 9, 26), 1)  # the others keep theirs
