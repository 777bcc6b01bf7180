"""The one interface every mail transport offers, and the per-message outcome it reports.

The outbox only needs to know, per message, whether it went out and whether a retry can help;
keeping that in one small type lets the SMTP sender and the local folder sink swap freely.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol, runtime_checkable

from notifications.delivery.mime import OutgoingMail

# What a sender takes: the outbox's prepared bytes, or a message object (tests, one-off mail).
Sendable = OutgoingMail | EmailMessage


@dataclass(frozen=True)
class SendResult:
    """Outcome for one message: ``ok``; or a failure that is ``permanent`` (never retry) or not."""

    ok: bool
    permanent: bool = False
    reply: str = ""
    skipped: bool = False  # not attempted: the caller's ``before`` said no (its claim was lost)

    @classmethod
    def success(cls, reply: str = "") -> SendResult:
        return cls(ok=True, permanent=False, reply=reply)

    @classmethod
    def temporary(cls, reply: str) -> SendResult:
        return cls(ok=False, permanent=False, reply=reply)

    @classmethod
    def rejected(cls, reply: str) -> SendResult:
        return cls(ok=False, permanent=True, reply=reply)

    @classmethod
    def skip(cls, reply: str = "not sent: no longer ours to send") -> SendResult:
        return cls(ok=False, permanent=False, reply=reply, skipped=True)

    @classmethod
    def from_code(cls, code: int, reply: str) -> SendResult:
        """Map an SMTP reply code: 2xx delivered, 5xx permanent, anything else temporary."""
        text = f"{code} {reply}".strip()
        if 200 <= code < 300:
            return cls.success(text)
        if 500 <= code < 600:
            return cls.rejected(text)
        return cls.temporary(text)


# Called with (index in the batch, result) as soon as each message's fate is known, so the outbox
# can mark it sent before the next one goes out: a crash mid-batch then repeats at most one message.
OnResult = Callable[[int, SendResult], None]
# Called with the index just before each message goes out; False skips it. The outbox renews the
# message's claim here, so a long batch cannot outlive its lease and be sent again by another worker.
BeforeSend = Callable[[int], bool]


@runtime_checkable
class Sender(Protocol):
    """Sends a batch; returns exactly one result per message, in order, and never raises for
    delivery problems (only for programming errors)."""

    def send(
        self, messages: Sequence[Sendable], on_result: OnResult | None = None, before: BeforeSend | None = None
    ) -> list[SendResult]: ...
