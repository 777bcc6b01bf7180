"""From the opening of the 2025 creation cycle to 2025-10-25 with a real SMTP server on loopback:
every reminder arrives exactly once, on the right working day, and only to whoever still owes."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.province import liaison
from engine.services.reference import organisations
from engine.store.workspace import Workspace
from notifications.outbox import delivery_log
from notifications.scheduler import scheduler_tick
from policies.reference.provinces import province_codes
from tests.support.lifecycle import prepare
from tests.support.reminders_support import (
    NATIONAL_MAILBOX,
    MailServer,
    creation_workspace,
    office_address,
    open_creation_2025,
    open_holiday_call,
    with_offices,
)

JS, ZJ = "320000", "330000"
JS_LIAISON = "liaison@js.example.cn"
REMINDER_KINDS = {"liaison-receipt", "recommendation-report", "draft-applications", "digest", "missing-address"}


def _org(ws: Workspace, name: str, kind: str, division: str, email: str | None, **attrs: str) -> int:
    return organisations.add_organisation(ws, name, kind, division, email=email, attributes=attrs).id


def _apply(ws: Workspace, cycle_id: int, category: str, org_id: int) -> int:
    return stage_moves.apply(ws, cycle_id, category, org_id, Actor(Role.APPLICANT, str(org_id))).id


def test_travel_from_opening_to_after_the_recommendation_deadline(tmp_path: Path) -> None:
    with creation_workspace(tmp_path) as (ws, clock):
        _travel(ws, clock, tmp_path)


def _travel(ws: Workspace, clock: FixedClock, tmp_path: Path) -> None:
    server = MailServer().start()
    try:
        with_offices(ws)
        creation = open_creation_2025(ws)
        open_holiday_call(ws, tmp_path, date(2025, 10, 10))
        liaison.file_receipt(
            ws, creation, Actor(Role.PROVINCE, JS), "张敏", "处长", "025-83271234", "13912345678", JS_LIAISON
        )
        ningbo = _org(ws, "宁波市人民政府", "government", "330200", "ningbo@example.cn")
        kunshan = _org(ws, "昆山市人民政府", "government", "320583", "kunshan@example.cn")
        wenzhou = _org(ws, "温州市人民政府", "government", "330300", None)
        draft_app = _apply(ws, creation, "city", ningbo)
        _apply(ws, creation, "city", wenzhou)
        kunshan_app = _apply(ws, creation, "county", kunshan)
        prepare(ws, kunshan_app, kunshan)

        # what people do during the journey, at 10:00 on these days (after the morning tick)
        actions = {
            date(2025, 9, 15): lambda: stage_moves.fire(ws, kunshan_app, "submit", Actor(Role.APPLICANT, str(kunshan))),
            date(2025, 9, 16): lambda: liaison.file_receipt(
                ws, creation, Actor(Role.PROVINCE, ZJ), "李华", "科长", "0571-87054321", "13812345678", "zj@example.cn"
            ),
            date(2025, 10, 22): lambda: stage_moves.fire(
                ws, kunshan_app, "decline", Actor(Role.PROVINCE, JS), reason="未入选本省推荐名单"
            ),
        }
        day = date(2025, 9, 12)
        while day <= date(2025, 10, 25):
            for hour in (9, 16):
                clock.set(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))
                server.tag = day
                scheduler_tick(ws, server.transport())
                if hour == 9 and day in actions:
                    clock.set(datetime.combine(day, datetime.min.time()) + timedelta(hours=10))
                    actions[day]()
            day += timedelta(days=1)
    finally:
        server.stop()

    keys = server.keys()
    assert [k for k, n in Counter(keys).items() if n > 1] == []  # exactly once
    got = Counter((r.kind, r.to, r.tag) for r in server.received if r.kind in REMINDER_KINDS)

    expected: Counter[tuple[str, str, date]] = Counter()
    for code in province_codes():
        # creation cycle: Jiangsu filed before the first reminder (none), Zhejiang on 09-16 (one)
        days = {JS: [], ZJ: [date(2025, 9, 12)]}.get(code, [date(2025, 9, d) for d in (12, 18, 19, 22)])
        expected.update(("liaison-receipt", office_address(code), d) for d in days)
        # due Friday 10-10, right after National Day (10-01..08 off): 4 working days before is Sunday 09-28
        # (an adjusted working day), 1 before is 10-09, overdue is Saturday 10-11 (adjusted working day)
        expected.update(
            ("liaison-receipt", office_address(code), d)
            for d in (date(2025, 9, 28), date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 11))
        )
    expected[("digest", NATIONAL_MAILBOX, date(2025, 9, 22))] += 1  # who is still missing, the morning after
    expected[("digest", NATIONAL_MAILBOX, date(2025, 10, 11))] += 1
    # recommendation due Friday 10-24: 7, 3 and 1 working days before are 10-15, 10-21, 10-23
    for d in (date(2025, 10, 15), date(2025, 10, 21), date(2025, 10, 23)):
        expected[("draft-applications", "ningbo@example.cn", d)] += 1
        expected[("missing-address", NATIONAL_MAILBOX, d)] += 1  # Wenzhou has no address: reported
    # nobody reports nor makes a nil return (Jiangsu declines Kunshan on 10-22, but reports nothing): every
    # province is reminded on each day, with applications or none; the national digest on the deadline
    addresses = {code: office_address(code) for code in province_codes()} | {JS: JS_LIAISON, ZJ: "zj@example.cn"}
    for d in (date(2025, 10, 15), date(2025, 10, 21), date(2025, 10, 23), date(2025, 10, 24)):
        expected.update(("recommendation-report", address, d) for address in addresses.values())
    expected[("digest", NATIONAL_MAILBOX, date(2025, 10, 24))] += 1
    assert got == expected

    # stage changes reach whoever did not make the move, once each
    changes = Counter((r.to, r.tag) for r in server.received if r.kind == "stage-change")
    assert changes[(JS_LIAISON, date(2025, 9, 15))] == 1  # Kunshan submitted: its province is told
    assert changes[("kunshan@example.cn", date(2025, 10, 22))] == 1  # not recommended: the applicant is told
    assert changes[("ningbo@example.cn", date(2025, 10, 25))] == 1  # the window closed on its draft
    assert changes[("zj@example.cn", date(2025, 10, 25))] == 1  # ... and its province, of Ningbo and Wenzhou in one

    log = delivery_log.log(ws, creation)
    nowhere = [r for r in log if r.kind == "draft-applications" and r.address is None]
    assert {r.status for r in nowhere} == {"no-address"} and len(nowhere) == 3
    assert applications_stage(ws, draft_app) == "expired"


def applications_stage(ws: Workspace, app_id: int) -> str:
    from engine.services.applications.trail import history

    return history(ws, app_id).stage
