"""The national office changes a date in the browser: the preview first (nothing changes), the error beside its
field with the other values kept, then the change, and the province's reminders shown on their new days."""

from __future__ import annotations

import re
from pathlib import Path

from engine.services.programmes import cycles
from tests.support.portal_support import csrf_of, demo_site, log_in


def test_a_date_is_previewed_then_extended_for_one_province_and_its_reminders_move(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    log_in(client, "cnipa")
    page = client.get("/national/cycles/1/dates?province=320000")
    assert page.status_code == 200 and "完成推荐及材料报送" in page.text
    before = re.findall(r'data-milestone="recommendation"><td class="send-on">([\d-]+)', page.text)
    assert before, "the province's reminders before the deadline are listed"
    form = {"csrf": csrf_of(page.text), "milestone": "recommendation", "due": "2025-11-29", "province": "320000",
            "reason": "补充通知：江苏延期"}  # fmt: skip

    wrong = client.post("/national/cycles/1/dates", data={**form, "milestone": "liaison-receipt"})
    assert wrong.status_code == 400 and 'aria-invalid="true"' in wrong.text and "补充通知：江苏延期" in wrong.text

    shown = client.post("/national/cycles/1/dates", data=form)
    assert shown.status_code == 200 and "调整预览（尚未生效）" in shown.text and "不是工作日" in shown.text
    assert "江苏省" in shown.text and "确认调整" in shown.text
    assert "expire" not in shown.text and "close_unreported" not in shown.text  # events by their titles
    assert cycles.show_cycle(ws, 1).milestones[2].due.isoformat() == "2025-10-24"

    done = client.post("/national/cycles/1/dates", data={**form, "confirm": "yes"})
    assert done.status_code == 303
    after = client.get(done.headers["location"])
    assert "日期已调整" in after.text and 'data-province="320000" data-milestone="recommendation"' in after.text
    moved = re.findall(r'data-milestone="recommendation"><td class="send-on">([\d-]+)', after.text)
    assert moved and max(moved) > max(before)


def test_the_province_finds_the_change_notice_in_its_message_centre(tmp_path: Path) -> None:
    from notifications.planning.date_notices import plan_date_notices

    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "cnipa")
    form = {"csrf": csrf, "milestone": "recommendation", "due": "2025-11-28", "province": "320000",
            "reason": "补充通知：江苏延期", "confirm": "yes"}  # fmt: skip
    assert client.post("/national/cycles/1/dates", data=form).status_code == 303
    assert plan_date_notices(ws) >= 1  # the scheduler's next tick
    client.cookies.clear()
    log_in(client, "jiangsu")
    messages = client.get("/messages").text
    assert "【日期调整】" in messages and "完成推荐及材料报送" in messages
    client.cookies.clear()
    log_in(client, "zhejiang")
    assert "【日期调整】" not in client.get("/messages").text  # only the province whose date moved is told
