"""Changing a date once a cycle is open (延期, A10, B12): for everyone or for one province, previewed first,
audited, windows and timers following, reminders moved without repeating any, everyone concerned told."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.applications.timers import tick
from engine.services.national.date_amendments import amend_milestone
from engine.services.programmes import cycles
from engine.services.reference import organisations
from engine.services.shared.reference_audit import reference_log
from engine.store.core import Application, MilestoneExtension, Timer
from engine.store.outbox import OutboxMessage, OutboxStatus
from engine.store.workspace import Workspace
from notifications.planning.reminders import preview
from notifications.scheduler import scheduler_tick
from tests.support.reminders_support import (
    RecordingSender,
    creation_workspace,
    open_creation_2025,
    recording,
    with_offices,
)

NATIONAL = Actor(Role.NATIONAL)
JIANGSU, ZHEJIANG = "320000", "330000"


def draft(ws, cycle: int, name: str, division: str) -> int:  # type: ignore[no-untyped-def]
    org = organisations.add_organisation(ws, name, "government", division)
    return stage_moves.apply(ws, cycle, "county", org.id, Actor(Role.APPLICANT, str(org.id))).id


def stage(ws, app_id: int) -> str:  # type: ignore[no-untyped-def]
    with ws.transaction() as s:
        return s.get(Application, app_id).stage


def test_preview_changes_nothing_and_an_extension_moves_one_provinces_window_timer_and_reminders(
    tmp_path: Path,
) -> None:
    with creation_workspace(tmp_path) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        kunshan = draft(ws, cycle, "昆山市人民政府", "320583")
        yuyao = draft(ws, cycle, "余姚市人民政府", "330281")
        before = preview(ws, cycle)

        shown = amend_milestone(ws, cycle, "recommendation", date(2025, 10, 31), "补充通知：江苏延期", NATIONAL,
                                JIANGSU, confirm=False)  # fmt: skip
        assert (shown.before, shown.after, shown.confirmed) == (date(2025, 10, 24), date(2025, 10, 31), False)
        assert {t.event for t in shown.timers} == {"expire", "close_unreported"}
        assert all(t.status_before is None and t.status_after == "pending" for t in shown.timers)
        assert [p.recipient for p in shown.told][0] == f"province:{JIANGSU}"
        assert {p.recipient for p in shown.told} == {f"province:{JIANGSU}", f"org:{kunshan_org(ws, kunshan)}"}
        with ws.transaction() as s:
            assert s.scalars(select(MilestoneExtension)).all() == []
            assert not s.scalars(select(Timer).where(Timer.province_code.is_not(None))).all()
        assert preview(ws, cycle) == before

        done = amend_milestone(ws, cycle, "recommendation", date(2025, 10, 31), "补充通知：江苏延期", NATIONAL,
                               JIANGSU)  # fmt: skip
        assert done.confirmed
        # the cycle's own date stands; Jiangsu's reminders now count back from 10-31, Zhejiang's from 10-24
        assert cycles.show_cycle(ws, cycle).milestones[2].due == date(2025, 10, 24)
        after = preview(ws, cycle)["items"]
        days = {(i["recipient"].split(" ")[0], i["offset"]): i["send_on"] for i in after
                if i["milestone"] == "recommendation" and i["kind"] == "draft-applications"}  # fmt: skip
        assert days[("昆山市人民政府", 7)] == "2025-10-22" and days[("余姚市人民政府", 7)] == "2025-10-15"

        # the day after the national deadline: Zhejiang's draft expired, Jiangsu's still open
        clock.set(datetime(2025, 10, 25, 9, 0))
        tick(ws)
        assert (stage(ws, kunshan), stage(ws, yuyao)) == ("draft", "expired")
        late = draft(ws, cycle, "常熟市人民政府", "320581")  # Jiangsu's window is still open: one may still apply
        with pytest.raises(Refused) as refused:
            draft(ws, cycle, "慈溪市人民政府", "330282")
        assert "B4" in {v.rule_id for v in refused.value.failed()}
        clock.set(datetime(2025, 11, 1, 9, 0))
        tick(ws)
        assert (stage(ws, kunshan), stage(ws, late)) == ("expired", "expired")

        entry = [e for e in reference_log(ws, "cycles") if e.line.change == "changed"]
        assert len(entry) == 1 and entry[0].by == "national"
        assert entry[0].line.before == {"due": "2025-10-24", "province": JIANGSU}
        assert entry[0].line.after is not None and entry[0].line.after["due"] == "2025-10-31"
        assert entry[0].line.after["reason"] == "补充通知：江苏延期"


def kunshan_org(ws, app_id: int) -> int:  # type: ignore[no-untyped-def]
    with ws.transaction() as s:
        return s.get(Application, app_id).organisation_id


def test_dates_stay_in_order_at_opening_and_at_amendment_and_only_the_national_office_moves_them(
    tmp_path: Path,
) -> None:
    with creation_workspace(tmp_path) as (ws, _):
        with pytest.raises(BadInput, match="报送工作联络员回执"):
            cycles.open_cycle(ws, "demonstration-creation", 2025, {"liaison-receipt": date(2025, 10, 30)})
        cycle = open_creation_2025(ws)
        with pytest.raises(BadInput, match="due:.*报送工作联络员回执"):
            amend_milestone(ws, cycle, "liaison-receipt", date(2025, 10, 30), "笔误", NATIONAL)
        with pytest.raises(BadInput, match="due: 报送工作联络员回执.*江苏省"):  # a province's own dates keep order
            amend_milestone(ws, cycle, "liaison-receipt", date(2025, 10, 30), "延期", NATIONAL, JIANGSU)
        with pytest.raises(BadInput, match="due:.*单个省份只能延后"):
            amend_milestone(ws, cycle, "recommendation", date(2025, 10, 20), "提前", NATIONAL, JIANGSU)
        with pytest.raises(Refused):
            amend_milestone(ws, cycle, "recommendation", date(2025, 10, 31), "延期", Actor(Role.PROVINCE, JIANGSU))
        with pytest.raises(BadInput, match="reason"):
            amend_milestone(ws, cycle, "recommendation", date(2025, 10, 31), "  ", NATIONAL)
        assert cycles.show_cycle(ws, cycle).milestones[1].due == date(2025, 9, 19)
        assert [e for e in reference_log(ws, "cycles") if e.line.change == "changed"] == []

        saturday = amend_milestone(ws, cycle, "recommendation", date(2025, 10, 25), "延期一天", NATIONAL)
        assert any("不是工作日" in w for w in saturday.warnings)


def test_a_moved_deadline_reopens_the_window_rearms_its_timer_and_everyone_concerned_is_told(tmp_path: Path) -> None:
    with creation_workspace(tmp_path) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        kunshan = draft(ws, cycle, "昆山市人民政府", "320583")
        clock.set(datetime(2025, 10, 25, 9, 0))
        tick(ws)
        assert stage(ws, kunshan) == "expired"
        moved = amend_milestone(ws, cycle, "recommendation", date(2025, 11, 7), "全国统一延期", NATIONAL)
        assert {w.effect for w in moved.windows} == {"reopens"}
        assert {(t.status_before, t.status_after) for t in moved.timers} == {("done", "pending")}
        late = draft(ws, cycle, "常熟市人民政府", "320581")  # the window is open again
        sender = RecordingSender()
        scheduler_tick(ws, recording(sender))
        told = [m for m in sender.sent if "日期调整" in str(m["Subject"])]
        assert len(told) == 32 + 0  # every provincial office; the expired applicant is no longer concerned
        assert "2025年11月7日" in told[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
        clock.set(datetime(2025, 11, 8, 9, 0))
        tick(ws)
        assert stage(ws, late) == "expired"


def test_no_reminder_goes_twice_and_none_owed_is_lost_when_the_receipt_date_moves(tmp_path: Path) -> None:
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        sender = RecordingSender()
        for day in (12, 15, 16, 17, 18):  # the receipt reminders 5 and 1 working days before 09-19 go out
            clock.set(datetime(2025, 9, day, 9, 30))
            scheduler_tick(ws, recording(sender))
        amend_milestone(ws, cycle, "liaison-receipt", date(2025, 9, 26), "回执延期一周", NATIONAL)
        for day in (19, 22, 23, 24, 25, 26, 29, 30):
            clock.set(datetime(2025, 9, day, 9, 30))
            scheduler_tick(ws, recording(sender))
        keys = Counter(str(m["X-Ipcycle-Key"]) for m in sender.sent)
        assert max(keys.values()) == 1
        jiangsu = sorted(k for k in keys if k.startswith(f"c{cycle}/liaison-receipt/") and JIANGSU in k)
        offsets = [int(k.split("/")[3]) for k in jiangsu]
        assert sorted(offsets) == [-1, 0, 1, 5]  # 5 before the old date; 1, 0, -1 around the new one
        with ws.transaction() as s:
            sent = {
                r.key: r.sent_at
                for r in s.scalars(select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SENT))
            }
        assert sent[f"c{cycle}/liaison-receipt/provinces-without-liaison-receipt/0/province:{JIANGSU}"].date() == date(
            2025, 9, 26
        )


def test_amending_beside_a_running_scheduler_sends_no_reminder_twice_and_loses_none(tmp_path: Path) -> None:
    """A second workspace (its own connections, as a scheduler process has) ticks without pause while the
    national office moves the receipt date and the clock runs on (on PostgreSQL with IPCYCLE_TEST_DB)."""
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 30)) as (ws, clock):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        scheduler_ws = Workspace(ws.url, clock)
        sender = RecordingSender()
        ticks, stop, errors = [0], threading.Event(), list[object]()
        changed = threading.Condition()

        def run() -> None:
            while not stop.is_set():
                try:
                    report = scheduler_tick(scheduler_ws, recording(sender))
                    errors.extend(report.errors)
                except Exception as exc:  # noqa: BLE001  (reported by the test, not lost in the thread)
                    errors.append(exc)
                with changed:
                    ticks[0] += 1
                    changed.notify_all()

        def two_more_ticks() -> None:
            """Wait until a tick has begun and ended after now (the second one from now surely has)."""
            with changed:
                target = ticks[0] + 2
                assert changed.wait_for(lambda: ticks[0] >= target, timeout=120)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        try:
            for day in (12, 15, 16, 17, 18):
                clock.set(datetime(2025, 9, day, 9, 30))
                two_more_ticks()
            # moved while the scheduler ticks: for everyone, then later still for one province
            amend_milestone(ws, cycle, "liaison-receipt", date(2025, 9, 24), "回执延期", NATIONAL)
            amend_milestone(ws, cycle, "liaison-receipt", date(2025, 9, 26), "江苏再延期", NATIONAL, JIANGSU)
            for day in (19, 22, 23, 24, 25, 26, 29, 30):
                clock.set(datetime(2025, 9, day, 9, 30))
                two_more_ticks()
        finally:
            stop.set()
            thread.join(timeout=120)
            scheduler_ws.dispose()
        assert not [e for e in errors if "busy" not in str(e)]
        keys = Counter(str(m["X-Ipcycle-Key"]) for m in sender.sent)
        assert max(keys.values()) == 1
        receipt = f"c{cycle}/liaison-receipt/provinces-without-liaison-receipt/"

        def offsets(code: str) -> list[int]:
            return sorted(
                int(k.split("/")[3]) for k in keys if k.startswith(receipt) and k.endswith(f"province:{code}")
            )

        assert offsets(ZHEJIANG) == [-1, 0, 1, 5] and offsets(JIANGSU) == [-1, 0, 1, 5]
        with ws.transaction() as s:
            sent = dict(s.execute(select(OutboxMessage.key, OutboxMessage.sent_at)).all())
        assert sent[f"{receipt}0/province:{ZHEJIANG}"].date() == date(2025, 9, 24)
        assert sent[f"{receipt}0/province:{JIANGSU}"].date() == date(2025, 9, 26)
        told = [k for k in keys if k.startswith("dates/")]
        assert len([k for k in told if k.endswith(f"province:{JIANGSU}")]) == 2 and len(told) == 32 + 1
