"""The provincial round of the 2025 cycle as notice 004 §四(一) runs it, travelled with the clock:
a public notice that lasts, an objection on record, one report package, a nil return, and reminders
to the province that stays silent."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.applications.trail import history
from engine.services.province import report_packages
from engine.services.publicity import objections, objectors
from engine.store.workspace import Workspace
from notifications.scheduler import scheduler_tick
from tests.support.lifecycle import new_application, open_2025, review
from tests.support.reminders_support import RecordingSender, office_address, recording, to_address, with_offices

JS, ZJ, HI = "320000", "330000", "460000"  # Jiangsu reports, Zhejiang makes a nil return, Hainan stays silent
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def _at(clock: FixedClock, day: date, hour: int = 10) -> None:
    clock.set(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def _letter(tmp_path: Path) -> Path:
    path = tmp_path / "江苏省推荐函.pdf"
    path.write_bytes(PDF)
    return path


def test_the_2025_provincial_round_travelled_with_the_clock(ws: Workspace, clock: FixedClock, tmp_path: Path) -> None:
    with_offices(ws)
    cycle = open_2025(ws)
    jiangsu = Actor(Role.PROVINCE, JS)
    kunshan = new_application(ws, cycle, "county")
    park = new_application(ws, cycle, "park")
    for app in (kunshan, park):
        stage_moves.fire(ws, app["id"], "submit", Actor(Role.APPLICANT, str(app["org"])))
        review(ws, app["id"], JS)
    sender = RecordingSender()
    got: Counter[tuple[str, str, date]] = Counter()
    digests: list[EmailMessage] = []

    def morning(day: date) -> None:
        _at(clock, day, 9)
        before = len(sender.sent)
        scheduler_tick(ws, recording(sender))
        for m in sender.sent[before:]:
            got[(str(m["X-Ipcycle-Kind"]), to_address(m), day)] += 1
            if m["X-Ipcycle-Kind"] == "digest":
                digests.append(m)

    def travel(until: date) -> None:
        day = clock.now().date() + timedelta(days=1)
        while day <= until:
            morning(day)
            day += timedelta(days=1)

    travel(date(2025, 10, 13))
    _at(clock, date(2025, 10, 13))  # Monday: both recommended the same day share one notice of 5 working days
    for app in (kunshan, park):
        stage_moves.fire(ws, app["id"], "recommend", jiangsu, reason="择优推荐")
    with pytest.raises(Refused) as refused:
        report_packages.report(ws, cycle, jiangsu, letter=_letter(tmp_path), out_dir=tmp_path)
    # one verdict per application still under notice, each naming B4 and the notice's last day
    assert [(v.rule_id, "2025年10月17日" in v.reason_zh) for v in refused.value.failed()] == [("B4", True)] * 2
    assert "经公示无异议后" in refused.value.failed()[0].reason_zh

    travel(date(2025, 10, 14))
    _at(clock, date(2025, 10, 14))
    scan = tmp_path / "异议书.pdf"
    scan.write_bytes(PDF)
    filed = objections.file_objection(
        ws,
        kunshan["id"],
        jiangsu,
        objectors.Objector(name="王某", unit="某某公司", phone="0512-12345678", kind=objectors.ObjectorKind.UNIT),
        "申报材料中的专利数据与实际不符",
        evidence=[scan],
        stamped=scan,
    )
    assert filed.status == "open" and history(ws, kunshan["id"]).stage == "provincial_objection"

    travel(date(2025, 10, 16))
    _at(clock, date(2025, 10, 16))
    resolved = objections.resolve_objection(
        ws, filed.id, jiangsu, objections.ObjectionOutcome.DISMISSED, "经核实，数据有据可查", handler="李处长"
    )
    # suspended on Tuesday 10-14 with 3 working days left (15, 16, 17): they run again from Friday 10-17
    assert resolved.notice_last_day == date(2025, 10, 21)
    assert history(ws, kunshan["id"]).stage == "provincial_notice"

    travel(date(2025, 10, 20))
    _at(clock, date(2025, 10, 20))
    zhejiang = report_packages.report(ws, cycle, Actor(Role.PROVINCE, ZJ), nil_reason="宁缺毋滥，本届不推荐")
    assert zhejiang.nil and zhejiang.version == 1
    with pytest.raises(Refused) as still:
        report_packages.report(ws, cycle, jiangsu, letter=_letter(tmp_path), out_dir=tmp_path)
    assert "2025年10月21日" in still.value.failed()[0].reason_zh

    travel(date(2025, 10, 22))  # the notice ended by itself at the end of 10-21
    assert {history(ws, a["id"]).stage for a in (kunshan, park)} == {"notice_ended"}
    _at(clock, date(2025, 10, 22))
    package = report_packages.report(ws, cycle, jiangsu, letter=_letter(tmp_path), out_dir=tmp_path)
    assert package.version == 1 and sorted(package.applications) == sorted([kunshan["id"], park["id"]])
    assert {history(ws, a["id"]).stage for a in (kunshan, park)} == {"national_review"}
    sheet = load_workbook(str(package.xlsx)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert {"昆山市人民政府", "苏州工业园区管理委员会", "国家知识产权强县建设示范县"} <= cells
    assert "江苏省苏州市昆山市" in cells  # 所在地区 names the whole path, not a bare 昆山市
    words = "\n".join(c.text for t in docx.Document(package.docx).tables for r in t.rows for c in r.cells)
    assert "昆山市人民政府" in words and "异议不成立" in words

    travel(date(2025, 10, 24))
    hainan, js_to, zj_to = office_address(HI), office_address(JS), office_address(ZJ)
    reminder_days = [date(2025, 10, d) for d in (15, 21, 23, 24)]  # 7, 3, 1 and 0 working days before 10-24
    assert [
        d for (k, to, d), n in sorted(got.items()) if k == "recommendation-report" and to == hainan
    ] == reminder_days
    assert [d for (k, to, d) in sorted(got) if k == "recommendation-report" and to == js_to] == reminder_days[:2]
    assert [d for (k, to, d) in sorted(got) if k == "recommendation-report" and to == zj_to] == reminder_days[:1]
    digest = next(m for m in digests if "推荐" in str(m["Subject"]))
    text = digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "海南省：尚未报送" in text and "江苏省：已报送（2项）" in text and "浙江省：本届不推荐" in text
