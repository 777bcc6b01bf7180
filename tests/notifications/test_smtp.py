"""SMTP sender against a real local aiosmtpd server, plus settings, message building and the
folder sink (both transports must honour the same ``Sender`` contract)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from notifications.delivery.mime import OutgoingMail, encode_mail
from notifications.delivery.sender import Sender, SendResult
from notifications.delivery.sink import FolderSink
from notifications.delivery.smtp import SmtpConfigError, SmtpSender, SmtpSettings, build_message

FROM = "IP Cycle <ipcycle@example.test>"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """aiosmtpd handler: records accepted messages and the client ports they came from."""

    def __init__(self, rcpt_replies: dict[str, str] | None = None, data_action: Any = None) -> None:
        self.rcpt_replies = rcpt_replies or {}
        self.data_action = data_action
        self.received: list[tuple[str, list[str], bytes]] = []
        self.peers: set[Any] = set()
        self.data_calls = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # noqa: N802
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        self.data_calls += 1
        if self.data_action is not None:
            reply = await self.data_action(self, server)
            if reply is not None:
                return reply
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        self.peers.add(session.peer)
        return "250 2.0.0 queued as X"


def start_server(handler: Recorder) -> tuple[Controller, int]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port


@pytest.fixture
def server() -> Iterator[Any]:
    controllers: list[Controller] = []

    def make(handler: Recorder) -> SmtpSettings:
        controller, port = start_server(handler)
        controllers.append(controller)
        return settings_for(port)

    yield make
    for controller in controllers:
        controller.stop()


def settings_for(port: int, timeout: float = 5.0) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=port, use_tls=False, start_tls=False, timeout=timeout, sender=FROM)


def msgs(*recipients: str) -> list[EmailMessage]:
    return [build_message(FROM, r, f"提醒 {i}", f"text {i}", f"<p>html {i}</p>") for i, r in enumerate(recipients)]


@pytest.mark.parametrize("reuse", [True, False])
def test_delivers_whole_batch(server: Any, reuse: bool) -> None:
    handler = Recorder()
    sender = SmtpSender(server(handler), reuse_connection=reuse)
    results = sender.send(msgs("a@example.test", "b@example.test", "c@example.test"))
    assert [r.ok for r in results] == [True, True, True]
    assert all("250" in r.reply for r in results)
    assert [rcpts for _, rcpts, _ in handler.received] == [["a@example.test"], ["b@example.test"], ["c@example.test"]]
    assert {mail_from for mail_from, _, _ in handler.received} == {"ipcycle@example.test"}
    assert len(handler.peers) == (1 if reuse else 3)  # one TCP connection vs one per message
    parsed = email.message_from_bytes(handler.received[0][2], policy=email.policy.default)
    assert parsed["Subject"] == "提醒 0"
    assert parsed.get_content_type() == "multipart/alternative"


def test_550_for_one_recipient_is_permanent_and_batch_continues(server: Any) -> None:
    handler = Recorder(rcpt_replies={"gone@example.test": "550 5.1.1 No such user"})
    results = SmtpSender(server(handler)).send(msgs("a@example.test", "gone@example.test", "c@example.test"))
    assert [(r.ok, r.permanent) for r in results] == [(True, False), (False, True), (True, False)]
    assert "550" in results[1].reply and "gone@example.test" in results[1].reply
    assert len(handler.received) == 2 and len(handler.peers) == 1


def test_451_is_temporary(server: Any) -> None:
    handler = Recorder(rcpt_replies={"busy@example.test": "451 4.3.0 Try again later"})
    results = SmtpSender(server(handler)).send(msgs("busy@example.test", "a@example.test"))
    assert [(r.ok, r.permanent) for r in results] == [(False, False), (True, False)]
    assert "451" in results[0].reply


@pytest.mark.parametrize(("reply", "permanent"), [("554 5.7.1 Spam", True), ("452 4.3.1 Disk full", False)])
def test_data_refusal_classified(server: Any, reply: str, permanent: bool) -> None:
    async def refuse(handler: Recorder, srv: Any) -> str:
        return reply

    results = SmtpSender(server(Recorder(data_action=refuse))).send(msgs("a@example.test"))
    assert results == [SendResult(ok=False, permanent=permanent, reply=reply)]


def test_partial_refusal_on_multi_recipient_message_is_not_retried(server: Any) -> None:
    handler = Recorder(rcpt_replies={"gone@example.test": "550 5.1.1 No such user"})
    message = build_message(FROM, "a@example.test, gone@example.test", "s", "t")
    [result] = SmtpSender(server(handler)).send([message])
    assert not result.ok and result.permanent
    assert "partially delivered" in result.reply and "gone@example.test" in result.reply
    assert handler.received[0][1] == ["a@example.test"]


def test_server_down_is_temporary_for_every_message() -> None:
    results = SmtpSender(settings_for(free_port(), timeout=2)).send(msgs("a@example.test", "b@example.test"))
    assert [(r.ok, r.permanent) for r in results] == [(False, False), (False, False)]
    assert "could not connect" in results[0].reply


def test_connection_drop_mid_batch_reports_rest_as_temporary(server: Any) -> None:
    async def drop_second(handler: Recorder, srv: Any) -> str | None:
        if handler.data_calls == 2:
            srv.transport.close()
            return "250 never seen"  # the client is gone before this is written
        return None

    handler = Recorder(data_action=drop_second)
    recipients = ("a@example.test", "b@example.test", "c@example.test", "d@example.test")
    results = SmtpSender(server(handler)).send(msgs(*recipients))
    assert [(r.ok, r.permanent) for r in results] == [(True, False)] + [(False, False)] * 3
    assert "not attempted" in results[3].reply
    assert handler.data_calls == 2  # nothing after the drop was even tried


def test_timeout_is_temporary(server: Any) -> None:
    async def stall(handler: Recorder, srv: Any) -> None:
        await asyncio.sleep(3)

    settings = server(Recorder(data_action=stall))
    slow = SmtpSettings(
        host=settings.host, port=settings.port, use_tls=False, start_tls=False, timeout=0.5, sender=FROM
    )
    [first, second] = SmtpSender(slow).send(msgs("a@example.test", "b@example.test"))
    assert not first.ok and not first.permanent and "Timeout" in first.reply
    assert not second.ok and not second.permanent


def test_send_inside_event_loop_points_to_send_async(server: Any) -> None:
    handler = Recorder()
    sender = SmtpSender(server(handler))

    async def main() -> list[SendResult]:
        with pytest.raises(RuntimeError, match="send_async"):
            sender.send(msgs("a@example.test"))
        return await sender.send_async(msgs("a@example.test"))

    assert [r.ok for r in asyncio.run(main())] == [True]
    assert sender.send([]) == []


# -- settings --------------------------------------------------------------------------------


def test_settings_from_env() -> None:
    env = {
        "IPCYCLE_SMTP_HOST": "smtp.example.cn",
        "IPCYCLE_SMTP_USER": "bot@example.cn",
        "IPCYCLE_SMTP_PASSWORD": "s3cret",
        "IPCYCLE_SMTP_TLS": "tls",
        "IPCYCLE_SMTP_TIMEOUT": "12.5",
    }
    s = SmtpSettings.from_env(env)
    assert (s.host, s.port, s.use_tls, s.start_tls, s.timeout) == ("smtp.example.cn", 465, True, False, 12.5)
    assert s.sender == '"国家知识产权局知识产权运用促进司" <bot@example.cn>' and s.password == "s3cret"  # named
    assert "s3cret" not in repr(s)
    s = SmtpSettings.from_env(
        {
            "IPCYCLE_SMTP_HOST": "h",
            "IPCYCLE_MAIL_FROM": "x@y.cn",
            "IPCYCLE_SMTP_TLS": "none",
            "IPCYCLE_SMTP_PORT": "2525",
        }
    )
    assert (s.port, s.use_tls, s.start_tls, s.username) == (2525, False, False, None)
    assert SmtpSettings.from_env({"IPCYCLE_SMTP_HOST": "h", "IPCYCLE_MAIL_FROM": "x@y.cn"}).start_tls


BASE_ENV = {"IPCYCLE_SMTP_HOST": "h", "IPCYCLE_MAIL_FROM": "x@y.cn"}


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({}, "IPCYCLE_SMTP_HOST"),
        ({"IPCYCLE_SMTP_HOST": "h"}, "IPCYCLE_MAIL_FROM"),
        ({**BASE_ENV, "IPCYCLE_SMTP_TLS": "ssl"}, "IPCYCLE_SMTP_TLS"),
        ({**BASE_ENV, "IPCYCLE_SMTP_PORT": "abc"}, "IPCYCLE_SMTP_PORT"),
        ({**BASE_ENV, "IPCYCLE_SMTP_PORT": "70000"}, "out of range"),
        ({**BASE_ENV, "IPCYCLE_SMTP_TIMEOUT": "-1"}, "IPCYCLE_SMTP_TIMEOUT"),
    ],
)
def test_settings_errors_name_the_variable(env: dict[str, str], fragment: str) -> None:
    with pytest.raises(SmtpConfigError, match=fragment):
        SmtpSettings.from_env(env)


# -- message building ------------------------------------------------------------------------


def test_build_message_is_multipart_alternative() -> None:
    m = build_message(
        "张三 <zs@example.cn>",
        "李四 <ls@example.cn>",
        "专利提醒",
        "正文",
        "<b>正文</b>",
        message_id="<cycle-1.m2.r3@ipcycle>",
    )
    assert m.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in m.iter_parts()] == ["text/plain", "text/html"]
    assert m["Message-ID"] == "<cycle-1.m2.r3@ipcycle>" and m["Date"]
    assert build_message(FROM, "a@example.test", "s", "t").get_content_type() == "text/plain"


@pytest.mark.parametrize("field", ["sender", "recipient", "subject"])
@pytest.mark.parametrize("evil", ["x\r\nBcc: victim@evil.test", "x\nBcc: v@e", "x\rBcc: v@e", "x\u2028y"])
def test_build_message_refuses_header_injection(field: str, evil: str) -> None:
    args = {"sender": FROM, "recipient": "a@example.test", "subject": "s"}
    args[field] = evil if field == "subject" else f"Name {evil} <a@example.test>"
    with pytest.raises(ValueError, match=field):
        build_message(args["sender"], args["recipient"], args["subject"], "text")


# -- folder sink -----------------------------------------------------------------------------


def test_folder_sink_writes_ordered_eml_files(tmp_path) -> None:
    sink = FolderSink(tmp_path / "outbox")
    batch = msgs("a@example.test", "weird/../na me@example.test")
    results = sink.send(batch) + sink.send(msgs("a@example.test"))
    assert all(r.ok for r in results)
    files = sorted((tmp_path / "outbox").iterdir())
    assert len(files) == 3 and all(f.suffix == ".eml" for f in files)
    assert files[0].name.endswith("-0001-a@example.test.eml")
    assert "/" not in files[1].name and " " not in files[1].name and "-0002-" in files[1].name
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == "提醒 0" and parsed["To"] == "a@example.test"


def test_folder_sink_failure_is_temporary(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    [result] = FolderSink(blocker).send(msgs("a@example.test"))
    assert not result.ok and not result.permanent


def test_both_transports_keep_the_sender_contract(tmp_path: Path) -> None:
    """One result per message, in order, and no exception for a delivery problem: what the outbox relies on.

    The list's type makes mypy check both signatures against ``Sender`` (tests are type-checked)."""
    with socket.socket() as s:  # a port nobody listens on: every delivery fails, none may raise
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    transports: list[Sender] = [FolderSink(tmp_path / "sink"), SmtpSender(settings_for(closed))]
    batch = msgs("a@example.test", "b@example.test", "c@example.test")
    for transport, delivered in zip(transports, (True, False), strict=True):
        results = transport.send(batch)
        assert [r.ok for r in results] == [delivered] * 3, (transport, results)
    assert len(list((tmp_path / "sink").iterdir())) == 3


# -- the outbox's prepared bytes ---------------------------------------------------------------

LONG_SUBJECT = "【提醒】知识产权强国建设示范创建：推荐报送（截止2025年10月24日（星期五）），贵省尚有1234项申报未完成"
TEXT = "江苏省知识产权局：\n\n请于2025年10月24日（星期五）前完成推荐。" + "一二三四五六七八九十" * 12 + "\n\n国家局\n"
HTML = "<p>江苏省知识产权局：</p>\n<p>请按期完成推荐 &amp; 报送。</p>\n"


def prepared(recipient: str = "office-320000@ip.example.cn", subject: str = LONG_SUBJECT) -> OutgoingMail:
    return encode_mail("国家知识产权局 <reminders@cnipa.example.cn>", recipient, subject, TEXT, HTML,
                       message_id="<ipcycle.abc@cnipa.example.cn>",
                       extra=(("X-Ipcycle-Key", "c1/recommendation/provinces/7/province:320000"),))  # fmt: skip


def test_prepared_bytes_reach_the_server_and_read_back_as_written(server: Any) -> None:
    handler = Recorder()
    [result] = SmtpSender(server(handler)).send([prepared()])
    assert result.ok
    [(mail_from, rcpt_tos, content)] = handler.received
    assert mail_from == "ipcycle@example.test" and rcpt_tos == ["office-320000@ip.example.cn"]
    assert content.isascii() and all(len(line) <= 78 for line in content.split(b"\r\n"))  # 7-bit, folded
    m = email.message_from_bytes(content, policy=email.policy.default)
    assert m["Subject"] == LONG_SUBJECT and m["From"].addresses[0].display_name == "国家知识产权局"
    assert m["To"] == "office-320000@ip.example.cn" and m["Message-ID"] == "<ipcycle.abc@cnipa.example.cn>"
    assert m["X-Ipcycle-Key"] == "c1/recommendation/provinces/7/province:320000" and m["Date"]
    assert [p.get_content_type() for p in m.iter_parts()] == ["text/plain", "text/html"]
    plain, html = m.get_body(("plain",)), m.get_body(("html",))
    assert plain is not None and plain.get_content() == TEXT  # the outbox row's text, exactly
    assert html is not None and html.get_content() == HTML
    assert m.defects == [] and all(p.defects == [] for p in m.iter_parts())


def test_prepared_addresses_with_names_are_encoded_and_split_for_the_envelope() -> None:
    mail = prepared('"Wang, Li" <wl@example.cn>, 江苏省知识产权局 <js@example.cn>')
    m = mail.as_message()
    assert mail.recipients == ("wl@example.cn", "js@example.cn")
    assert [(a.display_name, a.addr_spec) for a in m["To"].addresses] == [
        ("Wang, Li", "wl@example.cn"), ("江苏省知识产权局", "js@example.cn")
    ]  # fmt: skip
    assert mail["To"] == '"Wang, Li" <wl@example.cn>, 江苏省知识产权局 <js@example.cn>'  # as given, for tests and logs


def test_prepared_text_only_and_ascii_subjects_stay_plain() -> None:
    mail = encode_mail(FROM, "a@example.test", "=?utf-8?b?5Lit?= is not a word here", "text\n", None,
                       message_id="<x@example.test>")  # fmt: skip
    m = mail.as_message()
    assert m.get_content_type() == "text/plain" and m.get_content() == "text\n"
    assert m["Subject"] == "=?utf-8?b?5Lit?= is not a word here"  # looks like an encoded-word, so it was encoded
    assert m["From"].addresses[0].display_name == "IP Cycle"


@pytest.mark.parametrize("field", ["sender", "recipient", "subject"])
@pytest.mark.parametrize("evil", ["x\r\nBcc: victim@evil.test", "x\nBcc: v@e", "x\u2028y"])
def test_prepared_bytes_refuse_header_injection(field: str, evil: str) -> None:
    args = {"sender": FROM, "recipient": "a@example.test", "subject": "s"}
    args[field] = evil if field == "subject" else f"Name {evil} <a@example.test>"
    with pytest.raises(ValueError, match=field):
        encode_mail(args["sender"], args["recipient"], args["subject"], "text", message_id="<x@example.test>")


def test_prepared_bytes_refuse_an_address_that_needs_smtputf8() -> None:
    with pytest.raises(ValueError, match="not ASCII"):
        encode_mail(FROM, "张三@例子.中国", "s", "text", message_id="<x@example.test>")


def test_the_folder_sink_writes_prepared_bytes_as_they_are(tmp_path: Path) -> None:
    mail = prepared()
    [result] = FolderSink(tmp_path).send([mail])
    [file] = tmp_path.iterdir()
    assert result.ok and file.read_bytes() == mail.data and file.name.endswith("-office-320000@ip.example.cn.eml")
