"""SMTP delivery of reminder batches over aiosmtplib, with results the outbox can act on.

A batch reuses one connection because providers throttle connection setup (TLS + AUTH) far
more than messages. Failures are never raised: each message gets a ``SendResult`` saying
whether a retry can help (4xx, network trouble) or not (5xx), so a bad address cannot block
the queue and a flaky network cannot drop a reminder.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from functools import cached_property
from typing import Literal

import aiosmtplib

from notifications.delivery.mime import OutgoingMail, checked_header, sender_with_name
from notifications.delivery.sender import BeforeSend, OnResult, Sendable, SendResult

TlsMode = Literal["none", "starttls", "tls"]
_DEFAULT_PORTS: dict[str, int] = {"none": 25, "starttls": 587, "tls": 465}


class SmtpConfigError(ValueError):
    """The IPCYCLE_SMTP_* environment is incomplete or inconsistent; names the variable."""


@dataclass(frozen=True)
class SmtpSettings:
    """Connection settings; the password is kept out of ``repr`` so it never reaches a log."""

    host: str
    sender: str
    port: int = 587
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    use_tls: bool = False
    start_tls: bool = True
    timeout: float = 30.0

    def __post_init__(self) -> None:
        if self.use_tls and self.start_tls:
            raise SmtpConfigError("use_tls (implicit TLS) and start_tls are mutually exclusive")
        if not parseaddr(self.sender)[1]:
            raise SmtpConfigError(f"sender {self.sender!r} is not an e-mail address")

    @cached_property  # asked once per mail; parsed once
    def envelope_sender(self) -> str:
        return parseaddr(self.sender)[1]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SmtpSettings:
        """Read IPCYCLE_SMTP_HOST/PORT/USER/PASSWORD/TLS/TIMEOUT and IPCYCLE_MAIL_FROM."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        host = get("IPCYCLE_SMTP_HOST")
        if host is None:
            raise SmtpConfigError("IPCYCLE_SMTP_HOST is not set")
        mode = (get("IPCYCLE_SMTP_TLS") or "starttls").lower()
        if mode not in _DEFAULT_PORTS:
            raise SmtpConfigError(f"IPCYCLE_SMTP_TLS={mode!r}; expected none, starttls or tls")
        port_text = get("IPCYCLE_SMTP_PORT")
        try:
            port = int(port_text) if port_text else _DEFAULT_PORTS[mode]
        except ValueError:
            raise SmtpConfigError(f"IPCYCLE_SMTP_PORT={port_text!r} is not a number") from None
        if not 0 < port < 65536:
            raise SmtpConfigError(f"IPCYCLE_SMTP_PORT={port} is out of range")
        timeout_text = get("IPCYCLE_SMTP_TIMEOUT")
        try:
            timeout = float(timeout_text) if timeout_text else 30.0
        except ValueError:
            raise SmtpConfigError(f"IPCYCLE_SMTP_TIMEOUT={timeout_text!r} is not a number") from None
        if timeout <= 0:
            raise SmtpConfigError(f"IPCYCLE_SMTP_TIMEOUT={timeout_text!r} must be positive")
        username = get("IPCYCLE_SMTP_USER")
        sender = get("IPCYCLE_MAIL_FROM") or (username if username and "@" in username else None)
        sender = sender_with_name(sender) if sender else None
        if sender is None:
            raise SmtpConfigError("IPCYCLE_MAIL_FROM is not set (and IPCYCLE_SMTP_USER is no address)")
        return cls(
            host=host,
            port=port,
            username=username,
            password=env.get("IPCYCLE_SMTP_PASSWORD") or None,
            use_tls=mode == "tls",
            start_tls=mode == "starttls",
            timeout=timeout,
            sender=sender,
        )


def build_message(
    sender: str,
    recipient: str,
    subject: str,
    text: str,
    html: str | None = None,
    *,
    message_id: str | None = None,
) -> EmailMessage:
    """A text (+ optional HTML) multipart/alternative message; header values with CR/LF are
    refused, so a user-supplied name cannot inject Bcc: or other headers."""
    msg = EmailMessage()
    msg["From"] = checked_header("sender", sender)
    msg["To"] = checked_header("recipient", recipient)
    msg["Subject"] = checked_header("subject", subject)
    msg["Date"] = formatdate(localtime=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    msg["Message-ID"] = checked_header("message_id", message_id) if message_id else make_msgid(domain=domain)
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class SmtpSender:
    """Sends batches over SMTP; ``reuse_connection=False`` opens one connection per message
    (slower, kept for benchmarking and for servers that limit messages per session)."""

    def __init__(self, settings: SmtpSettings, *, reuse_connection: bool = True) -> None:
        self.settings = settings
        self.reuse_connection = reuse_connection

    def send(
        self, messages: Sequence[Sendable], on_result: OnResult | None = None, before: BeforeSend | None = None
    ) -> list[SendResult]:
        """Synchronous entry point for worker threads; async callers use ``send_async``."""
        if not messages:
            return []
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self.send_async(messages, on_result, before))
        raise RuntimeError("SmtpSender.send() called inside an event loop; await send_async() instead")

    async def send_async(
        self, messages: Sequence[Sendable], on_result: OnResult | None = None, before: BeforeSend | None = None
    ) -> list[SendResult]:
        results: list[SendResult] = []

        def report(result: SendResult) -> None:
            results.append(result)
            if on_result is not None:
                on_result(len(results) - 1, result)

        def proceed() -> bool:  # results are reported in order, so the next index is len(results)
            if before is None or before(len(results)):
                return True
            report(SendResult.skip())
            return False

        if self.reuse_connection:
            await self._send_batch(messages, report, proceed)
        else:
            for message in messages:
                if proceed():
                    await self._send_batch([message], report)
        return results

    def _client(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            username=s.username,
            password=s.password,
            use_tls=s.use_tls,
            start_tls=s.start_tls,
            timeout=s.timeout,
        )

    async def _send_batch(
        self,
        messages: Sequence[Sendable],
        report: Callable[[SendResult], None],
        proceed: Callable[[], bool] = lambda: True,
    ) -> None:
        client = self._client()
        try:
            await client.connect()
        except (aiosmtplib.SMTPException, OSError) as exc:
            # Connect, TLS and AUTH failures are about our setup, not the message: even a 535
            # must stay retryable, or a wrong password would silently drop every reminder.
            reply = f"could not connect to {self.settings.host}:{self.settings.port}: {_describe(exc)}"
            client.close()
            for _ in messages:
                report(SendResult.temporary(reply))
            return
        try:
            for message in messages:
                if not client.is_connected:
                    report(SendResult.temporary("connection lost earlier in batch; not attempted"))
                    continue
                if proceed():
                    report(await self._send_one(client, message))
        finally:
            if client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()

    async def _send_one(self, client: aiosmtplib.SMTP, message: Sendable) -> SendResult:
        try:
            if isinstance(message, OutgoingMail):  # the bytes as built: no second flatten
                errors, reply = await client.sendmail(self.settings.envelope_sender, message.recipients, message.data)
            else:
                errors, reply = await client.send_message(message, sender=self.settings.envelope_sender)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            # aiosmtplib raises only when *every* recipient is refused; .recipients is a list.
            codes = [r.code for r in exc.recipients]
            text = "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in exc.recipients)
            permanent = all(500 <= c < 600 for c in codes)
            return SendResult(ok=False, permanent=permanent, reply=f"all recipients refused: {text}")
        except aiosmtplib.SMTPResponseException as exc:  # MAIL FROM or DATA refused
            return SendResult.from_code(exc.code, exc.message)
        except aiosmtplib.SMTPNotSupported as exc:  # e.g. non-ASCII address, no SMTPUTF8
            return SendResult.rejected(_describe(exc))
        except (aiosmtplib.SMTPException, OSError) as exc:  # disconnects, timeouts
            client.close()
            return SendResult.temporary(_describe(exc))
        except ValueError as exc:  # no From/To header, or an address that cannot be sent
            return SendResult.rejected(f"message not sendable: {exc}")
        if errors:
            # Partly accepted: a retry would duplicate to those who got it, so do not retry.
            refused = "; ".join(f"{rcpt}: {r.code} {r.message}" for rcpt, r in errors.items())
            return SendResult.rejected(f"partially delivered ({reply}); refused: {refused}")
        return SendResult.success(f"250 {reply}".strip())
