"""A mail "server" that is just a folder of ``.eml`` files.

A newcomer can run the whole system without SMTP credentials and open the reminders in any
mail client; the file names sort in sending order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import getaddresses
from pathlib import Path

from notifications.delivery.mime import OutgoingMail
from notifications.delivery.sender import BeforeSend, OnResult, Sendable, SendResult

_UNSAFE = re.compile(r"[^A-Za-z0-9._@+-]+")


def _safe_recipient(message: Sendable) -> str:
    """First recipient's address, reduced to characters every filesystem accepts."""
    if isinstance(message, OutgoingMail):
        addresses = list(message.recipients)
    else:
        headers = [str(v) for name in ("To", "Cc", "Bcc") for v in message.get_all(name, [])]
        addresses = [addr for _, addr in getaddresses(headers) if addr]
    if not addresses:
        return "no-recipient"
    name = _UNSAFE.sub("_", addresses[0]).strip("._") or "recipient"
    if len(addresses) > 1:
        name += f"+{len(addresses) - 1}"
    return name[:80]


class FolderSink:
    """Writes each message to ``<path>/<UTC timestamp>-<ordinal>-<recipient>.eml``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def send(
        self, messages: Sequence[Sendable], on_result: OnResult | None = None, before: BeforeSend | None = None
    ) -> list[SendResult]:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        results: list[SendResult] = []
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            results = [SendResult.temporary(f"cannot create the mail folder: {exc.strerror}") for _ in messages]
            for index, result in enumerate(results):
                if on_result is not None:
                    on_result(index, result)
            return results
        for ordinal, message in enumerate(messages, start=1):
            # CRLF is what .eml readers (Outlook especially) expect; it is also what SMTP sends.
            if isinstance(message, OutgoingMail):
                data = message.data  # built with CRLF already
            else:
                data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
            base = f"{stamp}-{ordinal:04d}-{_safe_recipient(message)}"
            skip = before is not None and not before(ordinal - 1)
            results.append(SendResult.skip() if skip else self._write(base, data))
            if on_result is not None:
                on_result(ordinal - 1, results[-1])
        return results

    def _write(self, base: str, data: bytes) -> SendResult:
        """Exclusive create, so two senders in the same microsecond never overwrite each other."""
        for attempt in range(100):
            target = self.path / (f"{base}.eml" if attempt == 0 else f"{base}-{attempt}.eml")
            try:
                with open(target, "xb") as fh:
                    fh.write(data)
            except FileExistsError:
                continue
            except OSError as exc:
                return SendResult.temporary(f"cannot write {target.name}: {exc.strerror}")
            return SendResult.success(f"250 saved as {target.name}")  # the reply is shown on the mail log: no folder
        return SendResult.temporary(f"could not find a free file name for {base}")
