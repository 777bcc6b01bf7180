"""Notice 004 end to end: every category through every stage, and the refusals users meet."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.applications.timers import tick
from engine.services.applications.trail import history, next_events
from engine.services.national import fraud
from engine.services.programmes.progress import status
from engine.services.publicity import objections
from engine.services.publicity.objections import ObjectionOutcome
from engine.store.workspace import Workspace
from tests.support.lifecycle import (
    NATIONAL,
    OBJECTOR,
    ORGS,
    PATHS,
    drive,
    evaluate,
    new_application,
    open_2025,
    review,
    revoke,
)

NON_FINAL = [s for s in PATHS]


@pytest.mark.parametrize("category", sorted(ORGS))
def test_each_category_goes_from_application_to_recognition_and_revocation(
    ws: Workspace, clock: FixedClock, category: str
) -> None:
    cycle = open_2025(ws)
    app = new_application(ws, cycle, category)
    assert app["stage"] == "draft"
    assert drive(ws, clock, app, "recognised") == "recognised"
    with pytest.raises(Refused) as exc:  # 摘牌 goes through the register, on an effectiveness evaluation
        stage_moves.fire(ws, app["id"], "revoke", NATIONAL, reason="成效评估不达标")
    assert [v.rule_id for v in exc.value.failed()] == ["B9"]
    assert revoke(ws, app["id"], "成效评估不达标").application_moved_to == "revoked"
    h = history(ws, app["id"])
    assert [(e.from_, e.to) for e in h.events] == [
        (None, "draft"),
        ("draft", "provincial_review"),
        ("provincial_review", "provincial_notice"),
        ("provincial_notice", "notice_ended"),  # the provincial notice (B4) ends by itself
        ("notice_ended", "national_review"),  # reported in the province's package
        ("national_review", "selection_notice"),
        ("selection_notice", "in_creation"),
        ("in_creation", "acceptance_review"),
        ("acceptance_review", "acceptance_notice"),
        ("acceptance_notice", "recognised"),
        ("recognised", "revoked"),
    ]
    assert [e.role for e in h.events if e.event == "end_notice"] == ["system", "system", "system"]
    assert h.events[-1].reason == "成效评估不达标"
    assert status(ws, cycle).by_category == {category: {"revoked": 1}}


@pytest.mark.parametrize("stage", NON_FINAL)
def test_fraud_disqualifies_from_every_stage(ws: Workspace, clock: FixedClock, stage: str) -> None:
    cycle = open_2025(ws)
    app = new_application(ws, cycle, "county")
    assert drive(ws, clock, app, stage) == stage
    with pytest.raises(Refused) as bare:  # B10: not without a recorded finding of fraud
        stage_moves.fire(ws, app["id"], "disqualify", NATIONAL, reason="弄虚作假")
    assert [v.rule_id for v in bare.value.failed()] == ["B10"]
    assert fraud.disqualify_for_fraud(ws, app["id"], NATIONAL, "弄虚作假").stage == "disqualified"
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app["id"], "disqualify", NATIONAL)
    assert exc.value.failed()[0].rule_id == "STAGE"


def test_only_the_national_office_may_disqualify(ws: Workspace) -> None:
    app = new_application(ws, open_2025(ws), "county")
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app["id"], "disqualify", Actor(Role.PROVINCE, "320000"))
    assert [v.rule_id for v in exc.value.failed()] == ["ROLE"]


def _unchanged(ws: Workspace, app_id: int, before: object) -> None:
    assert history(ws, app_id) == before


def test_wrong_role_is_refused_and_changes_nothing(ws: Workspace) -> None:
    app = new_application(ws, open_2025(ws), "city")
    stage_moves.fire(ws, app["id"], "submit", Actor(Role.APPLICANT, str(app["org"])))
    before = history(ws, app["id"])
    for actor in (NATIONAL, Actor(Role.APPLICANT, str(app["org"])), Actor(Role.PROVINCE, "320000")):
        with pytest.raises(Refused) as exc:
            stage_moves.fire(ws, app["id"], "recommend", actor)
        assert exc.value.failed()[0].rule_id == "ROLE"
        assert exc.value.failed()[0].reason_zh
    _unchanged(ws, app["id"], before)
    review(ws, app["id"], "330000")
    assert stage_moves.fire(ws, app["id"], "recommend", Actor(Role.PROVINCE, "330000")).stage == "provincial_notice"


def test_another_applicant_cannot_act_on_an_application(ws: Workspace) -> None:
    cycle = open_2025(ws)
    app = new_application(ws, cycle, "city")
    other = new_application(ws, cycle, "county")
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app["id"], "submit", Actor(Role.APPLICANT, str(other["org"])))
    assert exc.value.failed()[0].rule_id == "ROLE"


def test_wrong_stage_is_refused_naming_what_is_possible(ws: Workspace) -> None:
    app = new_application(ws, open_2025(ws), "city")
    before = history(ws, app["id"])
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app["id"], "report", Actor(Role.APPLICANT, str(app["org"])))
    (verdict,) = exc.value.failed()
    assert verdict.rule_id == "STAGE"
    assert verdict.reason_en == "report is not possible from stage draft (possible: submit, withdraw)"
    _unchanged(ws, app["id"], before)


def test_unknown_event_is_bad_input(ws: Workspace) -> None:
    app = new_application(ws, open_2025(ws), "city")
    with pytest.raises(BadInput, match="本项目没有办理事项 'approve'"):
        stage_moves.fire(ws, app["id"], "approve", NATIONAL)


def test_outside_the_application_window(ws: Workspace, clock: FixedClock) -> None:
    cycle = open_2025(ws)
    clock.set(datetime(2025, 9, 11, 18))
    with pytest.raises(Refused) as exc:
        new_application(ws, cycle, "city")
    assert [v.rule_id for v in exc.value.failed()] == ["B4"]
    clock.set(datetime(2025, 9, 12, 0, 0))
    app = new_application(ws, cycle, "county")
    stage_moves.fire(ws, app["id"], "submit", Actor(Role.APPLICANT, str(app["org"])))
    clock.set(datetime(2025, 10, 24, 23, 59))  # the whole due day still counts
    review(ws, app["id"], "320000")
    stage_moves.fire(ws, app["id"], "recommend", Actor(Role.PROVINCE, "320000"))
    clock.set(datetime(2025, 10, 25, 0, 0))
    before = history(ws, app["id"])
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app["id"], "report", Actor(Role.PROVINCE, "320000"))
    assert exc.value.failed()[0].rule_id == "B4"
    assert "2025-10-24" in exc.value.failed()[0].reason_en
    _unchanged(ws, app["id"], before)


def test_ineligible_kind_cannot_apply(ws: Workspace) -> None:
    cycle = open_2025(ws)
    with pytest.raises(Refused) as exc:
        new_application(ws, cycle, "enterprise", attributes={"entity_form": "branch"})
    assert [v.rule_id for v in exc.value.failed()] == ["B2"]
    assert "branch" in exc.value.failed()[0].reason_en


def test_applicant_may_withdraw_before_national_review_only(ws: Workspace, clock: FixedClock) -> None:
    cycle = open_2025(ws)
    early = new_application(ws, cycle, "city")
    drive(ws, clock, early, "provincial_notice")
    me = Actor(Role.APPLICANT, str(early["org"]))
    assert stage_moves.fire(ws, early["id"], "withdraw", me).stage == "withdrawn"
    late = new_application(ws, cycle, "county")
    drive(ws, clock, late, "national_review")
    with pytest.raises(Refused):
        stage_moves.fire(ws, late["id"], "withdraw", Actor(Role.APPLICANT, str(late["org"])))


def test_objection_upheld_in_provincial_notice_ends_the_application(ws: Workspace, clock: FixedClock) -> None:
    app = new_application(ws, open_2025(ws), "city")
    drive(ws, clock, app, "provincial_objection")
    prov = Actor(Role.PROVINCE, "330000")
    with pytest.raises(Refused) as bare:  # an outcome is a record too: who handled it, and why
        stage_moves.fire(ws, app["id"], "uphold_objection", prov, reason="材料不实")
    assert [v.rule_id for v in bare.value.failed()] == ["B4"]
    (objection,) = objections.list_objections(ws, 1, application=app["id"])
    objections.resolve_objection(ws, objection.id, prov, objections.ObjectionOutcome.UPHELD, "材料不实", "王科长")
    assert history(ws, app["id"]).stage == "not_recommended"


def test_objection_pauses_the_selection_notice_until_dismissed(ws: Workspace, clock: FixedClock) -> None:
    app = new_application(ws, open_2025(ws), "city")
    drive(ws, clock, app, "selection_objection")
    clock.advance(timedelta(days=30))
    tick(ws)
    assert history(ws, app["id"]).stage == "selection_objection"  # no automatic end while objected
    (objection,) = objections.list_objections(ws, history(ws, app["id"]).cycle, national=True)
    objections.resolve_objection(ws, objection.id, NATIONAL, ObjectionOutcome.DISMISSED, "异议不成立", "李处长")
    tick(ws)
    assert history(ws, app["id"]).stage == "selection_notice"  # a fresh notice period runs
    clock.advance(timedelta(days=10))
    tick(ws)
    assert history(ws, app["id"]).stage == "in_creation"


def test_next_lists_only_the_events_of_that_role(ws: Workspace) -> None:
    app = new_application(ws, open_2025(ws), "city")
    stage_moves.fire(ws, app["id"], "submit", Actor(Role.APPLICANT, str(app["org"])))
    prov = next_events(ws, app["id"], Actor(Role.PROVINCE, "330000"))
    assert {(r.event, r.to) for r in prov} == {
        ("recommend", "provincial_notice"),
        ("decline", "not_recommended"),
    }
    assert {r.event for r in next_events(ws, app["id"], NATIONAL)} == {"disqualify"}
    assert next_events(ws, app["id"], Actor(Role.PROVINCE, "320000")) == []


def test_history_records_verdicts_of_each_move(ws: Workspace) -> None:
    app = new_application(ws, open_2025(ws), "enterprise")
    first = history(ws, app["id"]).events[0]
    assert first.event == "apply" and first.actor == f"applicant:{app['org']}"
    rules = {v.rule_id for v in first.verdicts}
    assert {"ROLE", "B4", "B2"} <= rules
    assert all(v.ok for v in first.verdicts)


def test_a_dismissed_objection_restarts_the_notice_in_full(ws: Workspace, clock: FixedClock) -> None:
    app = new_application(ws, open_2025(ws), "city")
    drive(ws, clock, app, "national_review")
    clock.set(datetime(2025, 11, 3, 10))  # Monday: the 5-working-day notice would end after Friday 11-07
    evaluate(ws, app["id"])
    stage_moves.fire(ws, app["id"], "select", NATIONAL)
    clock.set(datetime(2025, 11, 5, 10))
    objection = objections.file_objection(ws, app["id"], NATIONAL, OBJECTOR, "收到实名异议")
    clock.set(datetime(2025, 11, 6, 10))
    objections.resolve_objection(ws, objection.id, NATIONAL, ObjectionOutcome.DISMISSED, "异议不成立", "李处长")
    clock.set(datetime(2025, 11, 8, 9))  # the first notice's end has passed: it must not end the new one
    tick(ws)
    assert history(ws, app["id"]).stage == "selection_notice"
    clock.set(datetime(2025, 11, 13, 9))  # Thu 11-06 … Wed 11-12 is the fresh period
    tick(ws)
    assert history(ws, app["id"]).stage == "in_creation"


@pytest.mark.parametrize("event", ["disqualify", "revoke"])
def test_disqualification_and_revocation_need_a_reason(ws: Workspace, clock: FixedClock, event: str) -> None:
    app = new_application(ws, open_2025(ws), "county")
    drive(ws, clock, app, "recognised")
    before = history(ws, app["id"])
    for reason in (None, "  "):
        with pytest.raises(Refused) as exc:
            stage_moves.fire(ws, app["id"], event, NATIONAL, reason=reason)
        assert [v.rule_id for v in exc.value.failed()][0] == "REASON"
    _unchanged(ws, app["id"], before)
    if event == "disqualify":
        assert fraud.disqualify_for_fraud(ws, app["id"], NATIONAL, "申报材料造假").stage == "disqualified"
    else:
        assert revoke(ws, app["id"], "成效评估不达标").application_moved_to == "revoked"


def test_a_stage_refusal_lists_only_what_that_role_may_do(ws: Workspace) -> None:
    app = new_application(ws, open_2025(ws), "city")
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app["id"], "select", NATIONAL)
    assert exc.value.failed()[0].reason_en.endswith("(possible: disqualify)")


def test_a_row_changed_meanwhile_is_a_concurrent_change_exit_4(ws: Workspace) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    from engine.kernel.errors import ConcurrentChange

    with pytest.raises(ConcurrentChange, match="changed by someone else meanwhile") as err, ws.transaction():
        raise StaleDataError("UPDATE statement on table 'application' expected to update 1 row(s); 0 were matched.")
    assert err.value.exit_code == 4
