"""B7, notice 004 §四(三): “评估验收和公示认定（2027年底前）” — the acceptance's public notice must end by then."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from engine.kernel.clock import FixedClock
from engine.kernel.errors import Refused
from engine.services.applications import stage_moves
from engine.services.applications.trail import history
from engine.services.national import date_amendments as amendments
from engine.store.workspace import Workspace
from tests.support.lifecycle import NATIONAL, drive, evaluate, new_application, open_2025


def _in_acceptance_review(ws: Workspace, clock: FixedClock) -> tuple[int, dict]:
    cycle = open_2025(ws)
    app = new_application(ws, cycle, "county")
    assert drive(ws, clock, app, "acceptance_review") == "acceptance_review"
    evaluate(ws, app["id"])
    return cycle, app


def test_a_pass_whose_notice_would_end_after_2027_is_refused_with_the_rule(ws: Workspace, clock: FixedClock) -> None:
    cycle, app = _in_acceptance_review(ws, clock)
    # 2027-12-28 (Tuesday): five working days run to 2028-01-03, after the end of 2027
    clock.set(datetime(2027, 12, 28, 10))
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app["id"], "pass", NATIONAL)
    (b7,) = exc.value.failed()
    assert b7.rule_id == "B7"
    assert "2028年1月3日" in b7.reason_zh and "2027年12月31日" in b7.reason_zh
    assert "评估验收和公示认定（2027年底前）" in b7.reason_zh
    assert history(ws, app["id"]).stage == "acceptance_review"  # nothing changed

    # a 延期 of the acceptance date by the national office moves the rule with it
    amendments.amend_milestone(ws, cycle, "acceptance", date(2028, 1, 31), "补充通知", NATIONAL)
    assert stage_moves.fire(ws, app["id"], "pass", NATIONAL).stage == "acceptance_notice"


def test_a_pass_whose_notice_ends_by_the_end_of_2027_goes_ahead(ws: Workspace, clock: FixedClock) -> None:
    _, app = _in_acceptance_review(ws, clock)
    clock.set(datetime(2027, 12, 27, 10))  # Monday: the fifth working day is Friday 31 December
    assert stage_moves.fire(ws, app["id"], "pass", NATIONAL).stage == "acceptance_notice"
    recorded = history(ws, app["id"]).events[-1].verdicts
    assert any(v.rule_id == "B7" and "验收结果公示至2027年12月31日期满" in v.reason_zh for v in recorded)
