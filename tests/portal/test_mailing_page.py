"""Mail everyone in a state from the browser: the recipients shown before anything is sent, a missing subject
named beside its field with the text kept, and a second click of the same form sending nothing twice."""

from __future__ import annotations

from pathlib import Path

from engine.services.accounts import message_centre
from tests.support.portal_support import csrf_of, demo_site, log_in


def test_the_recipients_are_shown_first_and_the_same_form_sends_once(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    log_in(client, "cnipa")
    page = client.get("/national/cycles/1/messages")
    form = {"csrf": csrf_of(page.text), "key": "page-form-key-1", "audience": "all-liaisons", "subject": "",
            "body": "请核对联络员信息。"}  # fmt: skip
    missing = client.post("/national/cycles/1/messages", data=form)
    assert missing.status_code == 400 and 'aria-invalid="true"' in missing.text and "请核对联络员信息。" in missing.text
    shown = client.post("/national/cycles/1/messages", data={**form, "subject": "联络员信息核对"})
    assert shown.status_code == 200 and '<span class="count">32</span>' in shown.text and "确认发送" in shown.text
    assert message_centre.unread_count(ws, "province:320000") == 0
    for _ in range(2):
        sent = client.post("/national/cycles/1/messages", data={**form, "subject": "联络员信息核对", "confirm": "yes"})
        assert sent.status_code == 200 and "已发送给 32 个收件方" in sent.text
    assert message_centre.unread_count(ws, "province:320000") == 1
