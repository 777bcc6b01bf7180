"""Travel with the clock through the whole 2025–2027 cycle and see what closed by itself."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.applications.timers import tick
from engine.services.applications.trail import history
from engine.services.programmes.progress import status
from engine.store.workspace import Workspace
from tests.support.lifecycle import NATIONAL, evaluate, new_application, open_2025, report_package, review


@pytest.mark.slow  # a tick for every day of three years
def test_from_opening_to_2028_daily_ticks(ws: Workspace, clock: FixedClock) -> None:
    cycle = open_2025(ws)
    idle = new_application(ws, cycle, "city")  # never submitted
    pending = new_application(ws, cycle, "county")  # submitted, never recommended: stays with the province
    stalled = new_application(ws, cycle, "enterprise")  # selected, never accepted
    accepted = new_application(ws, cycle, "university")  # passes acceptance in 2027
    reviewing = new_application(ws, cycle, "institute")  # acceptance started but not decided

    def me(app: dict) -> Actor:
        return Actor(Role.APPLICANT, str(app["org"]))

    def prov(app: dict) -> Actor:
        return Actor(Role.PROVINCE, app["province"])

    stage_moves.fire(ws, pending["id"], "submit", me(pending))
    for app in (stalled, accepted, reviewing):
        stage_moves.fire(ws, app["id"], "submit", me(app))
        review(ws, app["id"], app["province"])
        stage_moves.fire(ws, app["id"], "recommend", prov(app))  # Fri 09-12: the provincial notice to Thu 09-18

    moments: dict[int, list[tuple[str, str]]] = {}
    day = datetime(2025, 9, 12, 0, 5)
    while day <= datetime(2028, 1, 1, 0, 5):
        clock.set(day)
        if day.date().isoformat() == "2025-09-22":  # Zhejiang and Guangdong report their packages
            assert len(report_package(ws, cycle, "330000")) == 2 and len(report_package(ws, cycle, "440000")) == 1
        if day.date().isoformat() == "2025-11-20":
            for app in (stalled, accepted, reviewing):
                evaluate(ws, app["id"])
                stage_moves.fire(ws, app["id"], "select", NATIONAL)
        if day.date().isoformat() == "2027-10-11":
            stage_moves.fire(ws, accepted["id"], "start_acceptance", NATIONAL)
            evaluate(ws, accepted["id"])
            stage_moves.fire(ws, accepted["id"], "pass", NATIONAL)
            stage_moves.fire(ws, reviewing["id"], "start_acceptance", NATIONAL)
        for result in tick(ws):
            for app_id in result.moved:
                moments.setdefault(app_id, []).append((day.date().isoformat(), result.event))
        day += timedelta(days=1)

    # The application window closed at the end of 2025-10-24: the draft expired on the next tick.
    assert moments[idle["id"]] == [("2025-10-25", "expire")]
    assert history(ws, idle["id"]).stage == "expired"
    # Not reported to CNIPA by the deadline: closed too, so nothing is left stuck with the province.
    assert moments[pending["id"]] == [("2025-10-25", "close_unreported")]
    assert history(ws, pending["id"]).stage == "not_reported"
    # The provincial notices ended after Thu 09-18 by themselves, the selection notice (5 working days from
    # Thu 2025-11-20) after Wed 2025-11-26.
    assert moments[stalled["id"]] == [
        ("2025-09-19", "end_notice"),
        ("2025-11-27", "end_notice"),
        ("2028-01-01", "lapse"),
    ]
    # National Day 2027 is not in chinese-calendar's data: weekdays are used (Mon 10-11 … Fri 10-15).
    assert moments[accepted["id"]] == [
        ("2025-09-19", "end_notice"),
        ("2025-11-27", "end_notice"),
        ("2027-10-16", "end_notice"),
    ]
    assert history(ws, accepted["id"]).stage == "recognised"
    assert moments[reviewing["id"]][-1] == ("2028-01-01", "lapse")
    assert status(ws, cycle).by_stage == {
        "not_reported": 1,
        "recognised": 1,
        "lapsed": 2,
        "expired": 1,
    }
    # After the acceptance deadline the national office can no longer start an acceptance.
    late = history(ws, stalled["id"])
    assert late.events[-1].role == "system" and late.events[-1].reason.startswith("timed:")


def test_a_tick_after_long_downtime_catches_up_once(ws: Workspace, clock: FixedClock) -> None:
    cycle = open_2025(ws)
    idle = new_application(ws, cycle, "city")
    clock.set(datetime(2026, 3, 1))
    first = tick(ws)
    assert [(r.event, r.moved) for r in first] == [("expire", [idle["id"]]), ("close_unreported", [])]
    assert tick(ws) == []
    assert [e.event for e in history(ws, idle["id"]).events] == ["apply", "expire"]
