"""B6 (our reading): a creation object files its yearly progress report on its application's page; its province
reviews it there, follows who is missing on its own page and reminds them in one step."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from engine.services.accounts import message_centre, users
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


def test_the_same_report_through_the_api_filed_by_the_object_and_reviewed_by_its_province(tmp_path: Path) -> None:
    ws, clock, client = reviewed_demo_site(tmp_path)
    evaluate(ws, KUNSHAN, 90)
    stage_moves.fire(ws, KUNSHAN, "select", NATIONAL)
    clock.advance(timedelta(days=15))
    tick(ws)
    clock.set(datetime(2026, 11, 16, 10))
    kunshan, jiangsu, zhejiang, cnipa = (
        {"Authorization": f"Bearer {users.create_token(ws, login).token}"}
        for login in ("kunshan", "jiangsu", "zhejiang", "cnipa")
    )
    url = f"/api/v1/applications/{KUNSHAN}/progress-reports"
    owed = client.get("/api/v1/cycles/1/progress-reports?year=2026", headers=jiangsu).json()
    assert [(r["application"], r["status"]) for r in owed] == [(KUNSHAN, "missing")]
    assert client.get("/api/v1/cycles/1/progress-reports?year=2026", headers=zhejiang).json() == []  # its own only
    assert client.get("/api/v1/cycles/1/progress-reports?year=2026", headers=kunshan).status_code == 403
    reminded = client.post("/api/v1/cycles/1/progress-reports/reminders", json={"year": 2026}, headers=jiangsu)
    assert reminded.status_code == 200 and [r["application"] for r in reminded.json()] == [KUNSHAN]

    assert client.post(url, json={"year": 2026, "text": "代报"}, headers=jiangsu).status_code == 403
    empty = client.post(url, json={"year": 2026, "text": " "}, headers=kunshan)
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "/text"
    filed = client.post(url, json={"year": 2026, "text": "全年新增发明专利授权……"}, headers=kunshan)
    assert filed.status_code == 200 and filed.json()["status"] == "filed"

    review = f"{url}/2026/review"
    assert client.post(review, json={"accepted": True}, headers=zhejiang).status_code == 404  # not its own
    assert client.post(review, json={"accepted": True}, headers=kunshan).status_code == 403
    bare = client.post(review, json={"accepted": False}, headers=jiangsu)
    assert bare.status_code == 400 and bare.json()["errors"][0]["field"] == "/note"
    done = client.post(review, json={"accepted": True}, headers=jiangsu)
    assert done.status_code == 200 and done.json()["status"] == "accepted"
    assert [r["status"] for r in client.get(url, headers=cnipa).json() if r["year"] == 2026] == ["accepted"]
    again = client.post(url, json={"year": 2026, "text": "改写"}, headers=kunshan)
    assert again.status_code == 409  # an accepted report no longer changes
