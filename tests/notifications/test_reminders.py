"""What clerks see of the reminders: when they come (official calendar, 2027 loaded or not), what
they say, who gets none, and what happens to a mail whose reason or address changes."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, update

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.province import liaison, report_packages
from engine.services.reference import organisations
from engine.store.core import Application, Organisation
from engine.store.outbox import OutboxMessage, OutboxStatus
from notifications.delivery.sender import SendResult
from notifications.outbox import claims, delivery_log, dispatch
from notifications.planning.audiences import STILL_OWED
from notifications.planning.reminders import plan_due
from notifications.planning.stage_notices import plan_stage_notices
from notifications.scheduler import scheduler_tick
from policies.reference.provinces import province_codes
from tests.support.lifecycle import prepare
from tests.support.reminders_support import (
    NATIONAL_MAILBOX,
    RecordingSender,
    cli,
    creation_workspace,
    office_address,
    open_creation_2025,
    open_holiday_call,
    recording,
    to_address,
    with_offices,
)

SCHEDULE_2027 = """\
# illustrative: National Day 2027 as the State Council might publish it
year: 2027
days_off: [2027-10-01, 2027-10-02, 2027-10-03, 2027-10-04, 2027-10-05, 2027-10-06, 2027-10-07]
working_days: [2027-09-26, 2027-10-09]
"""


def _liaison_days(items: list[dict]) -> dict[int, str]:
    return {i["offset"]: i["send_on"] for i in items if i["kind"] == "liaison-receipt"}


def test_2027_counts_working_days_by_a_loaded_schedule_or_says_it_falls_back(tmp_path: Path) -> None:
    with creation_workspace(tmp_path, datetime(2027, 9, 1, 9, 0)) as (ws, _):
        with_offices(ws)
        cycle = open_holiday_call(ws, tmp_path, date(2027, 10, 8), "[5, 1, 0, -1]")
        db = ws.url
    preview = ["reminders", "preview", "--cycle", str(cycle), "--db", db, "--now", "2027-09-01"]

    code, out = cli(*preview, "--json")
    items = json.loads(out)
    assert code == 0 and {i["calendar"] for i in items} == {"weekdays"}
    assert _liaison_days(items) == {5: "2027-10-01", 1: "2027-10-07", 0: "2027-10-08", -1: "2027-10-11"}
    assert "2027 has no official holiday schedule loaded" in cli(*preview)[1]
    assert "2027年法定节假日安排尚未载入" in _first_reminder_text(tmp_path / "elsewhere")  # the mail says so too

    schedule = tmp_path / "2027.yaml"
    schedule.write_text(SCHEDULE_2027, encoding="utf-8")
    code, out = cli("calendar", "load", "--as", "national", str(schedule), "--force", "--db", db, "--json")
    assert code == 0 and json.loads(out)[0]["year"] == 2027
    # another process (a new workspace) sees the loaded year
    items = json.loads(cli(*preview, "--json")[1])
    assert {i["calendar"] for i in items} == {"loaded"}
    # 5 working days before Friday 10-08 is Sunday 09-26 (adjusted); overdue is Saturday 10-09
    assert _liaison_days(items) == {5: "2027-09-26", 1: "2027-09-30", 0: "2027-10-08", -1: "2027-10-09"}
    assert "NOTE" not in cli(*preview)[1]
    shown = json.loads(cli("calendar", "show", "--year", "2027", "--year", "2028", "--db", db, "--json")[1])
    assert [(r["year"], r["source"]) for r in shown] == [(2027, "loaded"), (2028, "weekdays")]


def _first_reminder_text(tmp_path: Path) -> str:
    tmp_path.mkdir()
    sender = RecordingSender()
    with creation_workspace(tmp_path, datetime(2027, 10, 1, 9, 0)) as (ws, _):
        with_offices(ws)
        open_holiday_call(ws, tmp_path, date(2027, 10, 8), "[5, 1, 0, -1]")
        scheduler_tick(ws, recording(sender))
    return sender.sent[0].get_body(("plain",)).get_content()


def test_a_reminder_names_programme_document_deadline_weekday_what_is_missing_and_contacts(tmp_path: Path) -> None:
    sender = RecordingSender()
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, _):
        with_offices(ws)
        open_creation_2025(ws)
        scheduler_tick(ws, recording(sender))
    mail = next(m for m in sender.sent if to_address(m) == office_address("320000"))
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert mail["Subject"] == "【提醒】知识产权强国建设示范创建：请报送工作联络员回执（截止2025年9月19日（星期五））"
    for expected in ("江苏省知识产权局", "国知发运字〔2025〕28号", "2025年9月19日（星期五）", "还有5个工作日",
                     "工作联络员回执", "吕律", "010-62083864", "zLzL@cnipa.gov.cn"):  # fmt: skip
        assert expected in text and expected in html


def test_a_reminder_is_cancelled_when_its_reason_goes_before_it_is_sent(tmp_path: Path) -> None:
    sender = RecordingSender([SendResult.temporary("421 try later")] * 32)  # everything fails once
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        scheduler_tick(ws, recording(sender))
        liaison.file_receipt(
            ws, cycle, Actor(Role.PROVINCE, "320000"), "张敏", "处长", "025-83271234", "13912345678", "l@js.cn"
        )
        clock.advance(timedelta(minutes=5))
        report = scheduler_tick(ws, recording(sender))
        assert report.sent["sent"] == 31 and report.sent["cancelled"] == 1
        cancelled = delivery_log.log(ws, cycle, "cancelled")
    assert [r.address for r in cancelled] == [office_address("320000")]
    assert office_address("320000") not in {to_address(m) for m in sender.sent}


def test_whether_a_claimed_batch_is_still_owed_is_asked_once_not_once_per_mail(tmp_path: Path) -> None:
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, _):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        plan_due(ws)  # a liaison reminder to each of the 32 provinces
        for code in ("320000", "110000"):
            liaison.file_receipt(ws, cycle, Actor(Role.PROVINCE, code), "张敏", "处长", "025-83271234", "13912345678",
                                 f"l{code}@example.cn")  # fmt: skip
        statements: list[str] = []
        event.listen(ws.engine, "before_cursor_execute", lambda _c, _cur, sql, *_: statements.append(sql))
        claimed = claims.claim(ws, 50, STILL_OWED)
    assert len(claimed.rows) == 30 and claimed.cancelled == 2
    assert sum("FROM liaison_receipt" in sql for sql in statements) == 1  # one question for the 32 rows


def test_at_sending_time_drafts_and_reports_that_were_done_meanwhile_are_cancelled_the_rest_sent(
    tmp_path: Path,
) -> None:
    with creation_workspace(tmp_path, datetime(2025, 10, 14, 9, 0)) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        apps = {}
        for name, division, address in (("宁波市人民政府", "330200", "nb@example.cn"),
                                         ("温州市人民政府", "330300", "wz@example.cn"),
                                         ("苏州市人民政府", "320500", "sz@example.cn")):  # fmt: skip
            org = organisations.add_organisation(ws, name, "government", division, email=address).id
            apps[address] = stage_moves.apply(ws, cycle, "city", org, Actor(Role.APPLICANT, str(org))).id
        clock.set(datetime(2025, 10, 15, 9, 0))  # drafts and every province's report are owed
        plan_due(ws)
        with ws.transaction() as s:  # meanwhile Ningbo's application went on to the province
            moved = update(Application).where(Application.id == apps["nb@example.cn"])
            s.execute(moved.values(stage="provincial_review"))
        report_packages.report(ws, cycle, Actor(Role.PROVINCE, "110000"), nil_reason="宁缺毋滥")  # Beijing: nil
        claimed = claims.claim(ws, 100, STILL_OWED)
        with ws.transaction() as s:  # the province audience not in this programme, asked directly
            rows = [OutboxMessage(id=i, cycle_id=cycle, recipient=f"province:{code}", milestone="recommendation")
                    for i, code in enumerate(("330000", "320000", "110000"))]  # fmt: skip
            unreported = STILL_OWED["unreported-applications"](ws, s, rows)
    kept = {(r.kind, r.address) for r in claimed.rows}
    assert ("draft-applications", "nb@example.cn") not in kept and claimed.cancelled == 2
    assert {("draft-applications", "wz@example.cn"), ("draft-applications", "sz@example.cn")} <= kept
    assert ("recommendation-report", office_address("110000")) not in kept
    assert ("recommendation-report", office_address("330000")) in kept and len(kept) == 2 + 31
    assert unreported == {0}  # Zhejiang has Ningbo's application to decide; Jiangsu's is a draft, Beijing has none


def test_a_permanent_refusal_is_recorded_and_not_retried(tmp_path: Path) -> None:
    results = [SendResult.rejected("550 5.1.1 mailbox unknown")] + [SendResult.success("250 ok")] * 31
    sender = RecordingSender(results)
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        assert scheduler_tick(ws, recording(sender)).sent == {
            "sent": 31, "retry": 0, "failed": 1, "cancelled": 0, "expired": 0, "skipped": 0, "held": 0
        }  # fmt: skip
        clock.advance(timedelta(hours=3))
        assert scheduler_tick(ws, recording(sender)).sent["failed"] == 0
        failed = delivery_log.log(ws, cycle, "failed")
    assert len(failed) == 1 and failed[0].smtp_reply == "550 5.1.1 mailbox unknown" and failed[0].attempts == 1


def test_stage_changes_reach_the_other_parties_once_and_names_cannot_inject(tmp_path: Path) -> None:
    sender = RecordingSender()
    with creation_workspace(tmp_path, datetime(2025, 9, 15, 10, 0)) as (ws, _):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        org = organisations.add_organisation(ws, "昆山市人民政府", "government", "320583", email="ks@example.cn").id
        with ws.transaction() as s:  # a hostile name, as an import from elsewhere might bring it
            s.execute(update(Organisation).where(Organisation.id == org).values(name="昆山<b>市</b>\r\nBcc: x@evil.cn"))
        app = stage_moves.apply(ws, cycle, "county", org, Actor(Role.APPLICANT, str(org))).id
        prepare(ws, app, org)
        stage_moves.fire(ws, app, "submit", Actor(Role.APPLICANT, str(org)))
        stage_moves.fire(ws, app, "decline", Actor(Role.PROVINCE, "320000"), reason="名额已满\n<script>")
        assert delivery_log.log(ws, cycle) == []  # planned from the audit trail by the next tick, not inside the move
        assert plan_stage_notices(ws) == 2 and plan_stage_notices(ws) == 0
        dispatch.send_due(ws, sender, "reminders@cnipa.example.cn", STILL_OWED)
    to = [to_address(m) for m in sender.sent]
    # apply: nobody; submit (by the applicant): the province; decline (by the province): the applicant
    assert to == [office_address("320000"), "ks@example.cn"]
    for m in sender.sent:
        assert m["Bcc"] is None and "\n" not in m["Subject"] and "Bcc: x@evil.cn" not in m["Subject"].split("：")[0]
        html = m.get_body(("html",)).get_content()
        assert "<b>" not in html and "&lt;b&gt;" in html and "<script>" not in html


def test_no_address_is_shown_reported_and_caught_up_once_an_address_comes(tmp_path: Path) -> None:
    sender = RecordingSender()
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, clock):
        with_offices(ws, without=("540000",))
        cycle = open_creation_2025(ws)
        items = json.loads(cli("reminders", "preview", "--cycle", str(cycle), "--db", ws.url, "--now",
                               "2025-09-12T08:00", "--until", "2025-09-12", "--json")[1])  # fmt: skip
        tibet = [i for i in items if i["recipient"].startswith("西藏")]
        assert tibet == [dict(tibet[0], recipient="西藏自治区知识产权局 (no address)", address=None)]
        assert any(i["kind"] == "missing-address" and i["address"] == NATIONAL_MAILBOX for i in items)

        scheduler_tick(ws, recording(sender))
        report = next(m for m in sender.sent if m["X-Ipcycle-Kind"] == "missing-address")
        assert "西藏自治区知识产权局" in report.get_body(("plain",)).get_content()
        assert delivery_log.log(ws, cycle, "no-address")[0].recipient == "西藏自治区知识产权局"

        liaison.set_office_addresses(ws, {"540000": "ip@xizang.example.cn"})
        clock.advance(timedelta(hours=1))
        scheduler_tick(ws, recording(sender))
        clock.advance(timedelta(hours=1))
        scheduler_tick(ws, recording(sender))
    assert [to_address(m) for m in sender.sent].count("ip@xizang.example.cn") == 1


def test_whoever_owes_nothing_gets_nothing(tmp_path: Path) -> None:
    with creation_workspace(tmp_path, datetime(2025, 9, 11, 9, 0)) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        clock.set(datetime(2025, 9, 12, 9, 0))
        for code in province_codes():
            liaison.file_receipt(ws, cycle, Actor(Role.NATIONAL), "联络员", "科长", "010-12345678", "13900000000",
                                 f"l{code}@example.cn", province_code=code)  # fmt: skip
            # a province that has made its return (here: nil, 本届不推荐) owes no report either
            report_packages.report(ws, cycle, Actor(Role.PROVINCE, code), nil_reason="宁缺毋滥")
        preview = ["reminders", "preview", "--cycle", str(cycle), "--db", ws.url, "--now", "2025-09-11"]
        items = json.loads(cli(*preview, "--until", "2025-12-31", "--json")[1])
        assert json.loads(cli(*preview, "--json")[1]) == []
        # with the same provinces' receipts missing, the same preview is full: the emptiness is earned
        with ws.transaction() as s:
            s.query(liaison.LiaisonReceipt).delete()
        assert len(json.loads(cli(*preview, "--json")[1])) == 32 * 4 + 1
    assert items == []  # no receipts missing, no applications: no reminders, no digests


def test_case_call_minimums_remind_provinces_and_centres_before_each_deadline(tmp_path: Path) -> None:
    from engine.definition.loader import WORKFLOWS_DIR
    from engine.services.programmes import cycles
    from engine.services.programmes.programme_definitions import load_programmes

    with creation_workspace(tmp_path, datetime(2021, 3, 12, 9, 0)) as (ws, _):
        with_offices(ws)
        load_programmes(ws, [WORKFLOWS_DIR / "tisc-cases.yaml"])
        cycle = cycles.open_cycle(ws, "tisc-cases", 2021).id
        organisations.add_organisation(ws, "江苏省技术与创新支持中心", "tisc", "320000", email="tisc@js.example.cn")
        preview = ["reminders", "preview", "--cycle", str(cycle), "--db", ws.url, "--now", "2021-03-12", "--json"]
        items = json.loads(cli(*preview)[1])
    by_day: dict[str, set[str]] = {}
    for i in items:
        by_day.setdefault(i["send_on"], set()).add(i["address"])
    offices = {office_address(code) for code in province_codes()}
    # D5 each province >= 2 per phase: phase 1 closes Friday 2021-03-26 (5 and 2 working days before)
    assert by_day["2021-03-19"] == offices and by_day["2021-03-24"] == offices
    # phase 2 closes Friday 2021-06-25: provinces again, and the centre (>= 2 over both phases)
    assert by_day["2021-06-18"] == offices | {"tisc@js.example.cn"}
    assert by_day["2021-06-23"] == offices | {"tisc@js.example.cn"}
    centre = next(i for i in items if i["address"] == "tisc@js.example.cn")
    assert centre["kind"] == "case-minimum" and "案例报送数量尚未达到要求" in centre["subject"]


def test_an_applicant_is_told_which_materials_are_still_lacking(tmp_path: Path) -> None:
    from engine.services.applications.dossier import add_material

    sender = RecordingSender()
    with creation_workspace(tmp_path, datetime(2025, 10, 14, 9, 0)) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        apps = {}
        for name, division, address in (
            ("宁波市人民政府", "330200", "nb@example.cn"),
            ("温州市人民政府", "330300", "wz@example.cn"),
        ):
            org = organisations.add_organisation(ws, name, "government", division, email=address).id
            apps[address] = (stage_moves.apply(ws, cycle, "city", org, Actor(Role.APPLICANT, str(org))).id, org)
        form = tmp_path / "申报书.pdf"
        form.write_bytes(b"%PDF-1.4 application form")
        app_id, org = apps["nb@example.cn"]
        add_material(ws, app_id, "application-form", form, Actor(Role.APPLICANT, str(org)))
        clock.set(datetime(2025, 10, 15, 9, 0))  # seven working days before the recommendation deadline
        scheduler_tick(ws, recording(sender))
    text = {
        to_address(m): m.get_body(("plain",)).get_content()
        for m in sender.sent
        if m["X-Ipcycle-Kind"] == "draft-applications"
    }
    assert "材料已齐，请提交" in text["nb@example.cn"]
    assert "尚缺材料：知识产权强国建设示范创建申报书" in text["wz@example.cn"]


def test_a_move_that_rolls_back_is_never_told_and_the_next_tick_tells_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sender = RecordingSender()
    with creation_workspace(tmp_path, datetime(2025, 9, 15, 10, 0)) as (ws, _):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        org = organisations.add_organisation(ws, "昆山市人民政府", "government", "320583", email="ks@example.cn").id
        app = stage_moves.apply(ws, cycle, "county", org, Actor(Role.APPLICANT, str(org))).id
        prepare(ws, app, org)
        record = stage_moves.record_move

        def audit_then_fail(*args: Any, **kwargs: Any) -> None:
            record(*args, **kwargs)  # the audit row is written, then the move fails
            raise RuntimeError("disk full after the audit row")

        monkeypatch.setattr(stage_moves, "record_move", audit_then_fail)
        with pytest.raises(RuntimeError):
            stage_moves.fire(ws, app, "submit", Actor(Role.APPLICANT, str(org)))
        monkeypatch.undo()
        assert plan_stage_notices(ws) == 0
        stage_moves.fire(ws, app, "submit", Actor(Role.APPLICANT, str(org)))
        report = scheduler_tick(ws, recording(sender))
        assert report.stage_notices == 1
        assert scheduler_tick(ws, recording(sender)).stage_notices == 0
    told = [to_address(m) for m in sender.sent if m["X-Ipcycle-Kind"] == "stage-change"]
    assert told == [office_address("320000")]  # the submit, once; the rolled-back one never


def test_a_relay_refusing_everything_stops_sending_holds_the_run_and_keeps_the_rest(tmp_path: Path) -> None:
    refusing = RecordingSender([SendResult.rejected(f"550 5.7.1 <{i}@x.cn>: relaying denied") for i in range(99)])
    working = RecordingSender()
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        report = scheduler_tick(ws, recording(refusing))
        assert report.sent["held"] == dispatch.SAME_REFUSAL_RUN and report.sent["failed"] == 0
        assert any("held for review" in e.error for e in report.errors)  # the tick reports a failure
        held = delivery_log.log(ws, cycle, "held")
        assert len(held) == dispatch.SAME_REFUSAL_RUN and "requeue the held mail" in (held[0].smtp_reply or "")
        assert len(delivery_log.log(ws, cycle, "pending")) == 32 - dispatch.SAME_REFUSAL_RUN  # nothing else tried
        assert (
            delivery_log.log(ws, cycle, "failed") == []
            and len(refusing.results or []) == 99 - dispatch.SAME_REFUSAL_RUN
        )

        clock.advance(timedelta(minutes=5))  # the relay is fixed; the national office is told of the held run
        report = scheduler_tick(ws, recording(working))
        told = [m for m in working.sent if m["X-Ipcycle-Kind"] == "undeliverable"]
        assert len(told) == 1 and "已暂停发送" in told[0].get_body(("plain",)).get_content()
        assert delivery_log.requeue(ws, OutboxStatus.HELD) == dispatch.SAME_REFUSAL_RUN
        clock.advance(timedelta(minutes=5))
        scheduler_tick(ws, recording(working))
    delivered = [to_address(m) for m in working.sent if m["X-Ipcycle-Kind"] != "undeliverable"]
    assert sorted(delivered) == sorted(office_address(c) for c in province_codes())  # each province once


def test_scattered_refusals_with_other_replies_between_are_only_failed(tmp_path: Path) -> None:
    results = [
        SendResult.rejected("550 5.1.1 mailbox unknown") if i % 2 else SendResult.success("250 ok") for i in range(32)
    ]
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, _):
        with_offices(ws)
        open_creation_2025(ws)
        sent = scheduler_tick(ws, recording(RecordingSender(results))).sent
    assert (sent["sent"], sent["failed"], sent["held"]) == (16, 16, 0)
