"""Helpers for the reminder and scheduler tests (not a test module): a real SMTP server on
loopback that records what it accepted, and a workspace with provinces that have addresses."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from engine.definition.loader import WORKFLOWS_DIR
from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.national import quotas
from engine.services.programmes import cycles
from engine.services.programmes.programme_definitions import load_programmes
from engine.services.province import liaison
from engine.store.workspace import Workspace
from notifications.delivery.mime import OutgoingMail
from notifications.delivery.sender import Sendable, SendResult
from notifications.delivery.smtp import SmtpSender, SmtpSettings
from notifications.scheduler import Transport
from policies.reference.provinces import province_codes
from tests.support.db import copied_url


def to_address(message: Any) -> str:
    """The bare address(es) a mail went to: To also carries the party's name (``"江苏省知识产权局" <a@b>``)."""
    return ", ".join(a.addr_spec for a in message["To"].addresses)


def _creation_only(url: str) -> None:
    """The schema and only the creation programme, in the empty database at ``url`` (the template)."""
    made = Workspace(url, FixedClock(datetime(2025, 9, 12, 8, 0)))
    try:
        made.create_schema()
        load_programmes(made, [WORKFLOWS_DIR / "demonstration-creation.yaml"])
    finally:
        made.dispose()


@contextmanager
def creation_workspace(
    tmp_path: Path, at: datetime = datetime(2025, 9, 12, 8, 0)
) -> Iterator[tuple[Workspace, FixedClock]]:
    """A fresh database with only the creation programme (independent of other definitions in flux)."""
    clock = FixedClock(at)
    url, _ = copied_url(tmp_path, "ipcycle", "creation", _creation_only)  # built once per process, copied
    ws = Workspace(url, clock)
    try:
        yield ws, clock
    finally:
        ws.dispose()


FROM = "国家知识产权局 <reminders@cnipa.example.cn>"
NATIONAL_MAILBOX = "zLzL@cnipa.gov.cn"


def office_address(code: str) -> str:
    return f"office-{code}@ip.example.cn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    key: str
    kind: str
    to: str
    subject: str
    message: EmailMessage
    tag: Any  # what the test said was going on when it arrived (e.g. the simulated day)


class MailServer:
    """aiosmtpd on 127.0.0.1; ``delay`` makes DATA slow, ``reply`` answers DATA with an error."""

    def __init__(self, port: int | None = None, delay: float = 0.0, reply: str | None = None) -> None:
        self.port = port or free_port()
        self.delay, self.reply = delay, reply
        self.received: list[Received] = []
        self.data_started = 0  # how many DATA commands have begun (the mail in flight included)
        self.tag: Any = None
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self._lock:
            self.data_started += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.reply:
            return self.reply
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.received.append(
                Received(
                    str(msg["X-Ipcycle-Key"]).strip(),
                    msg["X-Ipcycle-Kind"],
                    to_address(msg),
                    msg["Subject"],
                    msg,
                    self.tag,
                )
            )
        return "250 2.0.0 queued"

    def start(self) -> MailServer:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def settings(self) -> SmtpSettings:
        return SmtpSettings(host="127.0.0.1", port=self.port, use_tls=False, start_tls=False, timeout=5, sender=FROM)

    def transport(self) -> Transport:
        return Transport(SmtpSender(self.settings()), FROM, f"test smtp :{self.port}")

    def keys(self) -> list[str]:
        with self._lock:
            return [r.key for r in self.received]


class RecordingSender:
    """A transport that only records, for tests about the outbox rather than SMTP. The outbox's prepared
    bytes are kept parsed back, as a mail client reads them (so every test also checks they parse)."""

    def __init__(self, results: list[SendResult] | None = None) -> None:
        self.sent: list[EmailMessage] = []
        self.results = results

    def send(self, messages: Sequence[Sendable], on_result: Any = None, before: Any = None) -> list[SendResult]:
        out = []
        for i, m in enumerate(messages):
            if before is not None and not before(i):
                out.append(SendResult.skip())
                if on_result:
                    on_result(i, out[-1])
                continue
            result = self.results.pop(0) if self.results else SendResult.success("250 ok")
            if result.ok:
                self.sent.append(m.as_message() if isinstance(m, OutgoingMail) else m)
            out.append(result)
            if on_result:
                on_result(i, result)
        return out


def recording(sender: RecordingSender) -> Transport:
    return Transport(sender, FROM, "recording")


def with_offices(ws: Workspace, without: tuple[str, ...] = ()) -> None:
    """The 32 provincial offices, each with an address unless listed in ``without``."""
    liaison.ensure_provincial_offices(ws)
    liaison.set_office_addresses(ws, {code: office_address(code) for code in province_codes()})
    if without:
        liaison.set_office_addresses(ws, {code: "" for code in without})


def open_creation_2025(ws: Workspace) -> int:
    """The 2025 creation cycle with a quota table (B4: recommending needs places)."""
    cycle = cycles.open_cycle(ws, "demonstration-creation", 2025).id
    quotas.fill_quotas(ws, cycle, 3, Actor(Role.NATIONAL), "test quota table")
    return cycle


HOLIDAY_CALL = """\
id: holiday-call
title: 国庆前后报送测试
document: 测试〔2025〕1号
issuer: 国家知识产权局
editions: [2025]
mailbox: zLzL@cnipa.gov.cn
categories: [{id: case, name: 案例}]
stages: [{id: draft, title: 草稿}, {id: submitted, title: 已提交}]
entry: {to: draft}
transitions: [{event: submit, from: [draft], to: submitted, roles: [applicant]}]
milestones:
  - {id: liaison-receipt, title: 报送工作联络员回执, given_at_opening: true}
reminders:
  - {milestone: liaison-receipt, audience: provinces-without-liaison-receipt, working_days_before: %s}
"""


def open_holiday_call(ws: Workspace, tmp_path: Any, due: date, offsets: str = "[4, 1, 0, -1]") -> int:
    """A small call whose receipt is due right after National Day (dates given at opening)."""
    path = tmp_path / "holiday-call.yaml"
    path.write_text(HOLIDAY_CALL % offsets, encoding="utf-8")
    load_programmes(ws, [path])
    return cycles.open_cycle(ws, "holiday-call", 2025, {"liaison-receipt": due}).id


def cli(*args: str) -> tuple[int, str]:
    """Run an ``ipcycle`` command in this process; returns (exit code as promised, its output).

    The output is stdout, then stderr when the command failed: what a script reading JSON from stdout gets,
    and the messages a failure explains itself with (warnings on stderr do not spoil a success's JSON).
    """
    from tests.support.cli import run_cli

    ran = run_cli(*args)
    return ran.returncode, ran.stdout + ran.stderr if ran.returncode else ran.stdout
