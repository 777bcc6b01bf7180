"""Objections to the national office's own notices (创建对象公示, 验收结果公示): recorded as a province's are,
inside the notice's period, resolved by the national office only, and the notice starts again after a dismissal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.applications.timers import tick
from engine.services.applications.trail import history
from engine.services.publicity import objections, open_notices
from engine.services.publicity.objections import ObjectionOutcome
from engine.store.workspace import Workspace
from tests.support.lifecycle import NATIONAL, OBJECTOR, drive, new_application, open_2025

PDF = b"%PDF-1.4\n% evidence\n"


@pytest.fixture
def selected(ws: Workspace, clock: FixedClock) -> dict:
    """昆山 selected as a creation object: under the national office's 创建对象公示 (5 working days)."""
    app = new_application(ws, open_2025(ws), "county")
    assert drive(ws, clock, app, "selection_notice") == "selection_notice"
    clock.advance(timedelta(days=1))  # selected on Saturday 27 September: the notice runs from Sunday's make-up day
    return app


def evidence() -> list[objections.Evidence]:
    return [("evidence", "证据.pdf", PDF, objections.sniff(PDF))]  # type: ignore[list-item]


def test_an_objection_to_a_national_notice_holds_the_application_and_only_the_national_office_resolves_it(
    ws: Workspace, clock: FixedClock, selected: dict
) -> None:
    province = Actor(Role.PROVINCE, selected["province"])
    with pytest.raises(Refused) as refused:
        objections.record_objection(ws, selected["id"], province, OBJECTOR, "数据不实", evidence())
    assert [v.rule_id for v in refused.value.failed()] == ["ROLE"]
    view = objections.record_objection(ws, selected["id"], NATIONAL, OBJECTOR, "数据不实", evidence())
    assert (view.national, view.notice, view.notice_held, view.notice_stage) == (True, None, True, "创建对象公示")
    assert history(ws, selected["id"]).stage == "selection_objection"
    assert objections.list_objections(ws, 1, province=selected["province"]) == []  # not on the province's desk
    assert [o.id for o in objections.list_objections(ws, 1, national=True)] == [view.id]
    clock.advance(timedelta(days=10))
    tick(ws)  # the notice's own timer was stopped by the objection: nothing ends it meanwhile
    assert history(ws, selected["id"]).stage == "selection_objection"
    with pytest.raises(Refused):
        objections.resolve_objection(ws, view.id, province, ObjectionOutcome.DISMISSED, "无", "张三")
    done = objections.resolve_objection(ws, view.id, NATIONAL, ObjectionOutcome.DISMISSED, "经核实无误", "李处长")
    assert done.outcome == "dismissed" and not done.notice_held
    assert history(ws, selected["id"]).stage == "selection_notice"  # back under notice, its full length again
    (notice,) = [n for n in open_notices.running_notices(ws) if n.kind == "national"]
    assert (notice.published_on, notice.last_day, notice.days_left) == (date(2025, 10, 9), date(2025, 10, 14), 5)
    assert not notice.objection_form  # resolved on the 8th, a holiday: objections are taken from the 9th
    clock.advance(timedelta(days=1))
    assert [n.objection_form for n in open_notices.running_notices(ws) if n.kind == "national"] == [True]


def test_an_upheld_objection_ends_the_selection(ws: Workspace, selected: dict) -> None:
    view = objections.record_objection(ws, selected["id"], NATIONAL, OBJECTOR, "数据不实", evidence())
    objections.resolve_objection(ws, view.id, NATIONAL, ObjectionOutcome.UPHELD, "经核实属实", "李处长")
    assert history(ws, selected["id"]).stage == "not_selected"


def test_an_objection_after_the_national_notice_s_last_day_is_refused_with_its_rule(
    ws: Workspace, clock: FixedClock, selected: dict
) -> None:
    (notice,) = [n for n in open_notices.running_notices(ws) if n.kind == "national"]
    late = notice.last_day + timedelta(days=1)
    clock.set(clock.now().replace(year=late.year, month=late.month, day=late.day, hour=9))
    with pytest.raises(Refused) as refused:  # the scheduler has not run yet: the period itself refuses it
        objections.record_objection(ws, selected["id"], NATIONAL, OBJECTOR, "逾期", evidence())
    assert [v.rule_id for v in refused.value.failed()] == ["B6"]
    assert "不在公示期内" in refused.value.failed()[0].reason_zh
    assert objections.list_objections(ws, 1) == []
    assert history(ws, selected["id"]).stage == "selection_notice"


def test_the_objection_moves_on_a_national_notice_are_refused_without_the_objection_record(
    ws: Workspace, clock: FixedClock, selected: dict
) -> None:
    """B6 "经公示无异议后": the objection stage means a recorded objection, so a bare 受理异议 (or a bulk one) is
    refused with the rule and leaves the notice running; 异议不成立 / 异议成立 follow only the recorded outcome."""
    app = selected["id"]
    with pytest.raises(Refused) as bare:
        stage_moves.fire(ws, app, "object", NATIONAL, reason="电话反映")
    assert [v.rule_id for v in bare.value.failed()] == ["B6"]
    assert "异议须登记" in bare.value.failed()[0].reason_zh
    assert history(ws, app).stage == "selection_notice"
    (notice,) = [n for n in open_notices.running_notices(ws) if n.kind == "national"]
    assert not notice.held  # its timer still runs: the refused move stopped nothing
    objections.record_objection(ws, app, NATIONAL, OBJECTOR, "数据不实", evidence())
    for event in ("dismiss_objection", "uphold_objection"):  # while it is open, neither outcome may be moved to
        with pytest.raises(Refused) as early:
            stage_moves.fire(ws, app, event, NATIONAL, reason="未核实")
        assert [v.rule_id for v in early.value.failed()] == ["B6"], event
    assert history(ws, app).stage == "selection_objection"
    (view,) = objections.list_objections(ws, 1, national=True)
    objections.resolve_objection(ws, view.id, NATIONAL, ObjectionOutcome.DISMISSED, "经核实无误", "李处长")
    assert history(ws, app).stage == "selection_notice"


def test_a_bare_objection_move_on_the_acceptance_notice_is_refused_with_b7(ws: Workspace, clock: FixedClock) -> None:
    app = new_application(ws, open_2025(ws), "county")
    assert drive(ws, clock, app, "acceptance_notice") == "acceptance_notice"
    with pytest.raises(Refused) as bare:
        stage_moves.fire(ws, app["id"], "object", NATIONAL, reason="电话反映")
    assert [v.rule_id for v in bare.value.failed()] == ["B7"]
    assert history(ws, app["id"]).stage == "acceptance_notice"
