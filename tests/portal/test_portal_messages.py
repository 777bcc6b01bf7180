"""The message centre: what the system told a party is in its 消息 page (with or without an e-mail address),
an unread count in the header, the national office's messages reach many parties once, and no one reads another's."""

from __future__ import annotations

from pathlib import Path

from engine.definition.model import Role
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.accounts import message_centre
from engine.store.outbox import OutboxMessage
from notifications.planning.posted_messages import plan_posted_messages
from notifications.planning.stage_notices import plan_stage_notices
from tests.support.portal_support import demo_site, log_in

NATIONAL = Actor(Role.NATIONAL)


def test_a_party_without_an_address_reads_what_it_was_told_and_the_header_counts_it(tmp_path: Path) -> None:
    ws, _clock, demo, client = demo_site(tmp_path)
    kunshan = f"org:{demo.organisations['kunshan']}"
    assert message_centre.unread_count(ws, kunshan) == 0
    plan_stage_notices(ws)  # the demo's moves, told as the scheduler's tick would
    with ws.transaction() as s:
        mails = list(s.query(OutboxMessage).filter(OutboxMessage.recipient == kunshan))
    assert mails and all(m.address is None for m in mails)  # 昆山 has no e-mail address: the mail went nowhere
    listed = message_centre.list_messages(ws, kunshan)
    assert {m.subject for m in listed.messages} == {m.subject for m in mails} and listed.unread == len(mails)

    log_in(client, "kunshan")
    home = client.get("/applicant").text
    assert f'aria-label="未读消息">{len(mails)}<' in home
    page = client.get("/messages").text
    first = listed.messages[0]
    assert first.subject in page and f"/messages/{first.id}" in page
    opened = client.get(f"/messages/{first.id}")
    assert opened.status_code == 200 and first.subject in opened.text
    assert "ipcycle history" not in opened.text and 'href="/applications/' in opened.text  # links the page, no command
    assert message_centre.unread_count(ws, kunshan) == len(mails) - 1

    # another party's message is not there for it, exactly as one that does not exist
    jiangsu = message_centre.list_messages(ws, "province:320000").messages
    assert jiangsu and client.get(f"/messages/{jiangsu[0].id}").status_code == 404
    api = client.get("/api/v1/messages")
    assert api.status_code == 200 and {m["id"] for m in api.json()["messages"]} == {m.id for m in listed.messages}


def test_a_province_hears_of_many_moves_in_one_pass_as_one_digest(tmp_path: Path) -> None:
    ws, _clock, _demo, _client = demo_site(tmp_path)
    plan_stage_notices(ws)
    with ws.transaction() as s:
        to_jiangsu = list(s.query(OutboxMessage).filter(OutboxMessage.recipient == "province:320000"))
    assert len(to_jiangsu) == 1  # the demo's applicants submitted several applications in Jiangsu
    (digest,) = to_jiangsu
    assert len(digest.applications) > 1 and "进展汇总" in digest.subject
    assert "/province/applications" in digest.body_text


def test_the_national_office_posts_once_to_many_and_planning_mails_those_with_an_address(tmp_path: Path) -> None:
    ws, _clock, demo, client = demo_site(tmp_path)
    parties = ["province:320000", "province:330000", f"org:{demo.organisations['kunshan']}"]
    posted = message_centre.post_message(
        ws, NATIONAL, parties, "请核对名额", "请于本周内核对名额表。", "/province", 1, "req-12345678"
    )
    again = message_centre.post_message(
        ws, NATIONAL, parties, "请核对名额", "请于本周内核对名额表。", "/province", 1, "req-12345678"
    )
    assert (posted.posted, again.posted, again.already) == (3, 0, 3)  # the same request twice: no duplicate
    assert plan_posted_messages(ws) == 3 and plan_posted_messages(ws) == 0
    with ws.transaction() as s:
        mails = {m.recipient: m for m in s.query(OutboxMessage).filter(OutboxMessage.kind == "message")}
    assert set(mails) == set(parties)
    assert mails["province:330000"].address == "liaison@zj.example"  # Zhejiang's liaison, named in the demo
    assert mails[parties[2]].address is None and mails[parties[2]].status == "no-address"
    assert mails["province:320000"].status == "no-address"  # Jiangsu named none: in its message centre all the same
    assert "/province" in mails["province:330000"].body_text
    for party in parties:  # each party has it once, though it was also mailed
        assert [m.subject for m in message_centre.list_messages(ws, party).messages].count("请核对名额") == 1

    try:
        message_centre.post_message(ws, Actor(Role.PROVINCE, "320000"), parties, "x", "y")
    except Refused as exc:
        assert [v.rule_id for v in exc.failed()] == ["ROLE"]
    else:
        raise AssertionError("a province posted to other provinces")

    log_in(client, "jiangsu")
    page = client.get("/messages").text
    assert "请核对名额" in page
    one = next(m for m in message_centre.list_messages(ws, "province:320000").messages if m.posted)
    opened = client.get(f"/messages/{one.id}").text
    assert 'href="/province"' in opened and "前往办理" in opened
