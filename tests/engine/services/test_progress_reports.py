"""B6 (004 §四(二): 创建周期内…加强对创建对象的政策支持、指导监督和培育引导): each creation object reports its
year's progress, its province reviews and reminds — our reading (demonstration-creation.yaml, progress_reports)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.accounts import message_centre as messages
from engine.services.applications import progress_reports as reports
from engine.store.workspace import Workspace
from tests.support.lifecycle import drive_all, new_application, open_2025

JIANGSU = Actor(Role.PROVINCE, "320000")


@pytest.fixture
def creation(ws: Workspace, clock: FixedClock) -> dict:
    cycle = open_2025(ws)
    apps = [new_application(ws, cycle, "county"), new_application(ws, cycle, "park")]
    assert drive_all(ws, clock, apps, "in_creation") == ["in_creation", "in_creation"]
    clock.set(datetime(2026, 11, 20, 10))
    return {"cycle": cycle, "kunshan": apps[0], "park": apps[1]}


def test_a_report_is_filed_returned_filed_again_and_accepted(ws: Workspace, creation: dict) -> None:
    app = creation["kunshan"]
    me = Actor(Role.APPLICANT, str(app["org"]))
    filed = reports.file_progress_report(ws, app["id"], me, 2026, "完成知识产权强县建设年度任务……")
    assert (filed.status_zh, filed.due) == ("待审核", date(2026, 12, 1))
    with pytest.raises(BadInput) as bad:
        reports.review_progress_report(ws, app["id"], 2026, JIANGSU, accepted=False)
    assert bad.value.field == "note"
    returned = reports.review_progress_report(ws, app["id"], 2026, JIANGSU, False, "请补充专利转化数据")
    assert (returned.status_zh, returned.review_note) == ("退回修改", "请补充专利转化数据")
    again = reports.file_progress_report(ws, app["id"], me, 2026, "补充：专利转化运用……")
    assert again.status == "filed" and again.review_note is None
    assert reports.review_progress_report(ws, app["id"], 2026, JIANGSU, True).status_zh == "审核通过"
    with pytest.raises(Refused) as locked:
        reports.file_progress_report(ws, app["id"], me, 2026, "再改")
    assert locked.value.failed()[0].rule_id == "B6"


def test_bad_years_other_parties_and_other_stages_are_refused(ws: Workspace, creation: dict) -> None:
    app = creation["kunshan"]
    me = Actor(Role.APPLICANT, str(app["org"]))
    with pytest.raises(BadInput) as bad:
        reports.file_progress_report(ws, app["id"], me, 2027, " ")  # next year, and nothing written
    assert {e.field for e in bad.value.errors} == {"year", "text"}
    with pytest.raises(Refused):  # another unit
        reports.file_progress_report(ws, app["id"], Actor(Role.APPLICANT, str(creation["park"]["org"])), 2026, "x")
    reports.file_progress_report(ws, app["id"], me, 2026, "进展")
    with pytest.raises(Refused):  # another province
        reports.review_progress_report(ws, app["id"], 2026, Actor(Role.PROVINCE, "330000"), True)


def test_the_province_sees_who_is_missing_and_reminds_them_once_a_day(ws: Workspace, creation: dict) -> None:
    kunshan, park = creation["kunshan"], creation["park"]
    reports.file_progress_report(ws, kunshan["id"], Actor(Role.APPLICANT, str(kunshan["org"])), 2026, "进展")
    seen = {v.organisation: v.status_zh for v in reports.progress_overview(ws, creation["cycle"], 2026, "320000")}
    assert seen == {"昆山市人民政府": "待审核", "苏州工业园区管理委员会": "未报送"}
    reminded = reports.remind_missing(ws, creation["cycle"], 2026, JIANGSU)
    assert [v.application for v in reminded] == [park["id"]]
    reports.remind_missing(ws, creation["cycle"], 2026, JIANGSU)  # the same day: no second message
    inbox = messages.list_messages(ws, f"org:{park['org']}")
    (note,) = [m for m in inbox.messages if "年度创建进展报告" in m.subject]
    assert "尚未报送" in note.body and "2026年12月1日" in note.body and note.link == f"/applications/{park['id']}"
    assert not [m for m in messages.list_messages(ws, f"org:{kunshan['org']}").messages if "进展报告" in m.subject]
    with pytest.raises(Refused):
        reports.remind_missing(ws, creation["cycle"], 2026, Actor(Role.APPLICANT, str(park["org"])))
