"""Several instances on one database, as real processes, on whichever database the run uses (CI: both):
clerks racing for the last place (B4), two schedulers sharing the timers and the outbox, and two clerks
firing at one application at the same instant."""

from __future__ import annotations

import json
import signal
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from engine.definition.loader import WORKFLOWS_DIR
from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.applications.timers import list_timers
from engine.services.national import quotas
from engine.services.programmes.programme_definitions import load_programmes
from engine.services.reference import organisations
from engine.store.core import Event, TimerStatus
from engine.store.outbox import OutboxMessage, PlanningMark
from engine.store.round import PublicNotice
from engine.store.workspace import Workspace
from notifications.outbox import delivery_log
from tests.support.db import fresh_url
from tests.support.instances_support import (
    CLERK,
    JIANGSU,
    NATIONAL,
    at,
    clerk,
    county_codes,
    history_rows,
    release,
    reviewed_counties,
    scheduler,
    stages_of,
    wait_for,
)
from tests.support.lifecycle import prepare, review
from tests.support.reminders_support import MailServer, open_creation_2025, with_offices

OPENED = "2025-09-12T09:00"


def creation_cycle(tmp_path: Path, name: str, now: str = OPENED) -> tuple[Workspace, int]:
    ws = Workspace(fresh_url(tmp_path, name), FixedClock(at(now)))
    ws.create_schema()
    load_programmes(ws, [WORKFLOWS_DIR / "demonstration-creation.yaml"])
    return ws, open_creation_2025(ws)


def race(url: str, go: Path, moves: list[tuple[int, str, str]]) -> list[tuple[int, list]]:
    """Start one clerk per move, let them all import and connect, then release them at one instant."""
    racers = [clerk(url, OPENED, [m], go) for m in moves]
    release(go, racers)
    out = []
    for p in racers:
        stdout, stderr = p.communicate(timeout=60)
        assert stdout.strip(), stderr
        out.append((p.returncode, json.loads(stdout.strip().splitlines()[-1])))
    return out


def test_two_clerks_recommending_at_once_never_exceed_the_quota(tmp_path: Path) -> None:
    """Each round Jiangsu has one county place left and two clerks recommend at once: exactly one gets it."""
    rounds = 4
    ws, cycle = creation_cycle(tmp_path, "quota")
    pairs = reviewed_counties(ws, cycle, county_codes()[: 2 * rounds])
    for n in range(rounds):
        quotas.change_quota(ws, cycle, JIANGSU, "county", n + 1, NATIONAL, "one more")
        first, second = pairs[2 * n], pairs[2 * n + 1]
        got = race(ws.url, tmp_path / f"go{n}", [(first, "recommend", "province:320000"),
                                                 (second, "recommend", "province:320000")])  # fmt: skip
        outcomes = sorted((code, result[2], result[3] if result[2] != "moved" else None) for code, result in got)
        assert outcomes == [(0, "moved", None), (3, "refused", ["B4"])], (n, got)
        (county,) = [r for r in quotas.quota_table(ws, cycle, JIANGSU) if r.category == "county"]
        assert (county.used, county.left) == (n + 1, 0), n
    ws.dispose()


def test_concurrent_events_on_one_application_never_both_apply(tmp_path: Path) -> None:
    """Two clerks fire at one application at the same instant: one move applies, the other is refused
    (it saw the new stage) or told that the application changed meanwhile (exit 4); the history has one."""
    ws, cycle = creation_cycle(tmp_path, "same")
    contests = [("decline", "decline"), ("recommend", "decline"), ("recommend", "recommend")]
    apps = reviewed_counties(ws, cycle, county_codes()[: len(contests)])
    for n, (app, events) in enumerate(zip(apps, contests, strict=True)):
        got = race(ws.url, tmp_path / f"go{n}", [(app, e, "province:320000") for e in events])
        codes = sorted(code for code, _ in got)
        assert codes[0] == 0 and codes[1] in (3, 4), (events, got)
        loser = next(result for code, result in got if code != 0)
        assert loser[2] == "concurrent" or loser[3] == ["STAGE"], (events, got)
        moves = [e for e in history_rows(ws, cycle)[app] if e.from_stage == "provincial_review"]
        winner = next(result for code, result in got if code == 0)
        assert [(e.event, e.to_stage) for e in moves] == [(winner[1], winner[3])], (events, got)
        assert stages_of(ws, cycle)[app] == winner[3]
    ws.dispose()


def test_two_clerks_recommending_in_two_categories_share_the_day_s_notice(tmp_path: Path) -> None:
    """The first recommendations of a day in one province, two categories (two quota rows, no common lock),
    at the same instant: both apply and join one public notice, as the province publishes one a day."""
    ws, cycle = creation_cycle(tmp_path, "notice")
    for n in range(3):
        (county,) = reviewed_counties(ws, cycle, [county_codes()[n]])
        city_code = ["320500", "320200", "320600"][n]  # 苏州, 无锡, 南通
        org = organisations.add_organisation(ws, f"{city_code}人民政府", "government", city_code)
        me = Actor(Role.APPLICANT, str(org.id))
        city = stage_moves.apply(ws, cycle, "city", org.id, me).id
        prepare(ws, city, org.id)
        stage_moves.fire(ws, city, "submit", me)
        review(ws, city, JIANGSU)
        day = f"2025-09-{15 + n}T10:00"  # a working day of its own: the first recommendations of that day
        go = tmp_path / f"go{n}"
        racers = [clerk(ws.url, day, [(a, "recommend", "province:320000")], go) for a in (county, city)]
        release(go, racers)
        outs = [p.communicate(timeout=60) for p in racers]
        assert [p.returncode for p in racers] == [0, 0], outs
        with ws.transaction() as s:
            notices = s.scalars(select(PublicNotice).where(PublicNotice.cycle_id == cycle)).all()
        assert len(notices) == n + 1, [(x.published_on, x.province_code) for x in notices]
    ws.dispose()


def test_two_schedulers_send_each_mail_once_and_perform_each_timed_move_once(tmp_path: Path) -> None:
    """Two ``scheduler run`` processes on one database, a week after six recommendations: every notice ends
    once (one end_notice in each history), every reminder and stage-change notice arrives exactly once."""
    ws, cycle = creation_cycle(tmp_path, "two")
    with_offices(ws)
    apps = reviewed_counties(ws, cycle, county_codes()[:6], places=6)
    for app in apps:
        stage_moves.fire(ws, app, "recommend", CLERK)
    ws.dispose()
    server = MailServer(delay=0.02).start()  # slow enough that the two senders overlap
    log = tmp_path / "schedulers.log"
    try:
        both = [scheduler(ws.url, "2025-09-19T10:00", server.port, log) for _ in range(2)]
        try:

            def settled() -> bool:
                with ws.transaction() as s:  # every move planned (a pass's moves go out in one digest, later)
                    mark = s.get(PlanningMark, "stage-notices")
                    if mark is None or mark.last_id < (s.scalar(select(func.max(Event.id))) or 0):
                        return False
                rows = delivery_log.log(ws, cycle)
                planned = sum(r.kind == "liaison-receipt" for r in rows) == 32  # the deadline day's reminders too
                settled_rows = all(r.status not in ("pending", "claimed") for r in rows)  # sent, or expired unsent
                return planned and settled_rows and len(server.keys()) >= sum(r.status == "sent" for r in rows)

            wait_for(settled, 180, "every mail sent or expired", log)  # a second copy comes before they stop
        finally:
            for p in both:
                p.send_signal(signal.SIGINT)
            for p in both:  # a stop waits for the mail in flight: bounded only against a hang (as STOP_WITHIN)
                p.wait(60)
    finally:
        server.stop()
    assert all(p.returncode is not None for p in both)
    # neither logs an error for work the other did (a claim lost, a move already made, a lock waited out)
    lines = log.read_text(errors="replace").splitlines()
    troubles = [line for line in lines if " ERROR " in line or "Traceback" in line or "locked" in line]
    assert not troubles and any("scheduler stopped" in line for line in lines), troubles[:5] or lines[-20:]
    history = history_rows(ws, cycle)
    for app in apps:
        ends = [e for e in history[app] if e.event == "end_notice"]
        assert len(ends) == 1 and history[app][-1].to_stage == "notice_ended", (app, history[app])
    timers = [t for t in list_timers(ws, cycle_id=cycle) if t.application in apps]
    assert {t.status for t in timers} == {TimerStatus.DONE} and len(timers) == len(apps)
    rows = delivery_log.log(ws, cycle)
    counts = Counter(server.keys())
    assert set(counts) == {r.key for r in rows if r.status == "sent"}  # a stage notice too late expires unsent
    assert max(counts.values()) == 1, [k for k, c in counts.items() if c > 1]
    kinds = Counter(r.kind for r in rows)
    assert kinds["liaison-receipt"] == 32  # the deadline day's reminder to every province
    # each move is told to the parties other than its actor: both for a timed move, one for a clerk's; a
    # province hears of a pass's moves in one digest, which lists each of them
    told = sum(2 if e.role == "system" else 1 for events in history.values() for e in events if e.from_stage)
    with ws.transaction() as s:
        listed = s.scalars(select(OutboxMessage.applications).where(OutboxMessage.kind == "stage-change"))
        assert sum(len(apps) for apps in listed) == told, kinds
    ws.dispose()
