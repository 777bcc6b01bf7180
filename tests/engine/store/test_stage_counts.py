"""The stage counts the moves keep (engine/store/counts.py) always equal a fresh GROUP BY over the applications:
after creations, moves, timed moves, a report package, a refused move, a rolled-back transaction and savepoint,
and concurrent moves into the same rows (on PostgreSQL these really run at once)."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.applications.stage_moves import fire_in_session, get_application
from engine.services.national import board
from engine.services.reference import organisations
from engine.store.core import Application
from engine.store.counts import StageCount, recount
from engine.store.workspace import Workspace
from policies.reference.divisions import registry
from tests.support.lifecycle import drive, new_application, open_2025, prepare

Counts = dict[tuple[int, str, str, str], int]


def kept(ws: Workspace) -> Counts:
    with ws.transaction() as s:
        rows = s.execute(select(StageCount.cycle_id, StageCount.province_code, StageCount.category, StageCount.stage,
                                StageCount.n).where(StageCount.n != 0))  # fmt: skip
        return {(c, p, cat, st): n for c, p, cat, st, n in rows}


def grouped(ws: Workspace) -> Counts:
    cols = (Application.cycle_id, Application.province_code, Application.category, Application.stage)
    with ws.transaction() as s:
        return {(c, p, cat, st): n for c, p, cat, st, n in s.execute(select(*cols, func.count()).group_by(*cols))}


def county_cities(province: str, how_many: int) -> list[str]:
    """County-level cities and counties of a province (what the county category takes), by division code."""
    r = registry()
    found = [d.code for city in r.children(province) for d in r.children(city.code) if d.kind in ("县级市", "县")]
    assert len(found) >= how_many, found
    return found[:how_many]


def test_counts_follow_every_kind_of_move(ws: Workspace, clock: FixedClock) -> None:
    cycle = open_2025(ws)
    assert kept(ws) == grouped(ws) == {}
    apps = {category: new_application(ws, cycle, category) for category in ("city", "county", "park", "university")}
    assert kept(ws) == grouped(ws) and sum(kept(ws).values()) == 4
    drive(ws, clock, apps["city"], "provincial_objection")  # an objection filed moves it
    assert kept(ws) == grouped(ws)
    drive(ws, clock, apps["county"], "national_review")  # submit, recommend, the notice's timed end, the package
    assert kept(ws) == grouped(ws)
    stage_moves.fire(ws, apps["park"]["id"], "withdraw", Actor(Role.APPLICANT, str(apps["park"]["org"])))
    assert kept(ws) == grouped(ws)
    assert kept(ws)[(cycle, "320000", "park", "withdrawn")] == 1
    assert (cycle, "320000", "park", "draft") not in kept(ws)  # left at 0


def test_a_refused_or_rolled_back_move_counts_nothing(ws: Workspace, clock: FixedClock) -> None:
    cycle = open_2025(ws)
    app = new_application(ws, cycle, "county")
    before = kept(ws)
    with pytest.raises(Refused):  # the province may not submit for the applicant
        stage_moves.fire(ws, app["id"], "submit", Actor(Role.PROVINCE, "320000"))
    assert kept(ws) == before == grouped(ws)

    me = Actor(Role.APPLICANT, str(app["org"]))
    with pytest.raises(RuntimeError), ws.transaction(write=True) as s:  # the move happens, then the work fails
        fire_in_session(ws, s, get_application(s, app["id"]), "submit", me)
        raise RuntimeError("after the move")
    assert kept(ws) == before == grouped(ws)

    with ws.transaction(write=True) as s:  # a savepoint rolled back alone, the transaction goes on and commits
        try:
            with s.begin_nested():
                fire_in_session(ws, s, get_application(s, app["id"]), "submit", me)
                raise RuntimeError("inside the savepoint")
        except RuntimeError:
            pass
    assert kept(ws) == before == grouped(ws)

    with ws.transaction(write=True) as s:  # and one that is kept
        with s.begin_nested():
            fire_in_session(ws, s, get_application(s, app["id"]), "submit", me)
    assert kept(ws) == grouped(ws) != before
    assert kept(ws)[(cycle, "320000", "county", "provincial_review")] == 1


def test_the_board_shows_each_move_at_once(ws: Workspace, clock: FixedClock) -> None:
    cycle = open_2025(ws)
    app = new_application(ws, cycle, "county")
    (jiangsu,) = [p for p in board.cycle_board(ws, cycle).provinces if p.province == "320000"]
    assert jiangsu.counts == {"draft": 1}
    stage_moves.fire(ws, app["id"], "submit", Actor(Role.APPLICANT, str(app["org"])))
    found = board.cycle_board(ws, cycle)
    (jiangsu,) = [p for p in found.provinces if p.province == "320000"]
    assert jiangsu.counts == {"provincial_review": 1} and found.by_stage == {"provincial_review": 1}
    assert found.total == 1


def test_recount_puts_right_what_bypassed_the_moves(ws: Workspace, clock: FixedClock) -> None:
    cycle = open_2025(ws)
    new_application(ws, cycle, "county")
    with ws.transaction(write=True) as s:
        s.execute(update(Application).values(stage="provincial_review"))  # behind the engine's back
    assert kept(ws) != grouped(ws)
    with ws.transaction(write=True) as s:
        recount(s, cycle)
    assert kept(ws) == grouped(ws)


def test_concurrent_moves_into_the_same_rows_lose_no_update(ws: Workspace, clock: FixedClock) -> None:
    """Twelve applicants of one province and category submit at the same moment, each in its own transaction,
    while two of them withdraw: every move changes the same few count rows."""
    clock.set(datetime(2025, 9, 22, 10, 0))
    cycle = open_2025(ws, places=20)
    drafts = []
    for code in county_cities("320000", 14):
        org = organisations.add_organisation(ws, f"{code}人民政府", "government", code)
        app_id = stage_moves.apply(ws, cycle, "county", org.id, Actor(Role.APPLICANT, str(org.id))).id
        prepare(ws, app_id, org.id)
        drafts.append((app_id, org.id))
    start = threading.Barrier(len(drafts))
    failures: list[BaseException] = []

    def move(app_id: int, org_id: int, event: str) -> None:
        start.wait()
        try:
            stage_moves.fire(ws, app_id, event, Actor(Role.APPLICANT, str(org_id)))
        except BaseException as exc:  # noqa: BLE001  (reported below, with the others)
            failures.append(exc)

    events = ["submit"] * 12 + ["withdraw"] * 2
    threads = [threading.Thread(target=move, args=(a, o, e)) for (a, o), e in zip(drafts, events, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert kept(ws) == grouped(ws)
    assert {k[3]: n for k, n in kept(ws).items()} == {"provincial_review": 12, "withdrawn": 2}


def test_counts_follow_fraud_revocation_national_objections_and_case_calls(
    ws: Workspace, clock: FixedClock, tmp_path: Path
) -> None:
    """The write paths beyond fire(): a fraud finding, a 摘牌, an objection to a national notice recorded and
    resolved (its moves fired by the record), and a case submitted (created and moved in one transaction), or
    refused after its creation was noted."""
    from engine.services.cases.submission import submit_case
    from engine.services.national import fraud
    from engine.services.publicity import objections
    from engine.services.publicity.objections import ObjectionOutcome
    from tests.support.casehelpers import open_typical, provincial_office, write_case
    from tests.support.lifecycle import NATIONAL, revoke

    cycle = open_2025(ws)
    apps = {category: new_application(ws, cycle, category) for category in ("city", "county", "park")}
    drive(ws, clock, apps["park"], "provincial_review")
    fraud.disqualify_for_fraud(ws, apps["park"]["id"], NATIONAL, "弄虚作假")
    assert kept(ws) == grouped(ws) and kept(ws)[(cycle, apps["park"]["province"], "park", "disqualified")] == 1
    drive(ws, clock, apps["city"], "selection_objection")  # the national office records an objection
    (objection,) = objections.list_objections(ws, cycle, national=True)
    objections.resolve_objection(ws, objection.id, NATIONAL, ObjectionOutcome.UPHELD, "属实", "李处长")
    assert kept(ws) == grouped(ws) and kept(ws)[(cycle, apps["city"]["province"], "city", "not_selected")] == 1
    drive(ws, clock, apps["county"], "recognised")
    revoke(ws, apps["county"]["id"], "成效评估不达标")
    assert kept(ws) == grouped(ws) and kept(ws)[(cycle, apps["county"]["province"], "county", "revoked")] == 1
    typical = open_typical(ws, clock)
    office = provincial_office(ws)
    done = submit_case(ws, typical, office, write_case(tmp_path, region="江苏昆山"))
    assert kept(ws) == grouped(ws) and kept(ws)[(typical, "320000", done.category, "submitted")] == 1
    with pytest.raises(Refused):  # too long a name: refused after the draft was made in the same transaction
        submit_case(ws, typical, office, write_case(tmp_path, seed=2, name="名" * 40))
    assert kept(ws) == grouped(ws)
