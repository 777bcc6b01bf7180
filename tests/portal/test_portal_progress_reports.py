"""B6 (our reading): a creation object files its yearly progress report on its application's page; its province
reviews it there, follows who is missing on its own page and reminds them in one step."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from engine.services.accounts import message_centre
from engine.services.applications import stage_moves
from engine.services.applications.timers import tick
from engine.services.applications.trail import history
from tests.support.lifecycle import NATIONAL, evaluate
from tests.support.portal_support import KUNSHAN, field_error, log_in, reviewed_demo_site


def test_a_report_is_filed_reviewed_and_the_missing_reminded_in_the_browser(tmp_path: Path) -> None:
    ws, clock, client = reviewed_demo_site(tmp_path)
    evaluate(ws, KUNSHAN, 90)
    stage_moves.fire(ws, KUNSHAN, "select", NATIONAL)
    clock.advance(timedelta(days=15))
    tick(ws)
    assert history(ws, KUNSHAN).stage == "in_creation"
    clock.set(datetime(2026, 11, 16, 10))

    csrf = log_in(client, "jiangsu")
    desk = client.get("/province/progress-reports?cycle=1")
    assert "昆山市人民政府" in desk.text and "未报送" in desk.text and "2026年12月1日" in desk.text
    reminded = client.post("/province/progress-reports/remind", data={"csrf": csrf, "cycle": "1", "year": "2026"})
    assert reminded.status_code == 303
    org = f"org:{history(ws, KUNSHAN).organisation.id}"
    assert any("2026年度创建进展报告" in m.subject for m in message_centre.list_messages(ws, org).messages)

    client.cookies.clear()
    csrf = log_in(client, "kunshan")
    page = client.get(f"/applications/{KUNSHAN}").text
    assert "年度创建进展报告" in page and 'data-year="2026"' in page
    empty = client.post(f"/applications/{KUNSHAN}/progress-report", data={"csrf": csrf, "year": "2026", "text": " "})
    assert empty.status_code == 400 and field_error(empty.text, "text", "p-") == "请填写本年度创建进展"
    done = client.post(f"/applications/{KUNSHAN}/progress-report",
                       data={"csrf": csrf, "year": "2026", "text": "全年新增发明专利授权……"})  # fmt: skip
    assert done.status_code == 303

    client.cookies.clear()
    csrf = log_in(client, "jiangsu")
    page = client.get(f"/applications/{KUNSHAN}").text
    assert "全年新增发明专利授权" in page
    review = client.post(f"/applications/{KUNSHAN}/progress-report/review",
                         data={"csrf": csrf, "year": "2026", "outcome": "accepted"})  # fmt: skip
    assert review.status_code == 303
    assert '<tr class="report accepted" data-year="2026">' in client.get(f"/applications/{KUNSHAN}").text
    assert "审核通过" in client.get("/province/progress-reports?cycle=1&year=2026").text
