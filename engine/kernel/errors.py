"""Domain errors: each knows the field it is about (a domain key such as ``mobile`` or ``score.I1``), a machine
code and a Chinese message, and the exit code the command-line contract promises.

No message names a ``--flag`` or a command: each edge renders the field its own way (the CLI as its option, a
page beside the form field, the API as a JSON pointer in ``errors``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from policies.verdict import Verdict

# A message that begins with the field it is about, as older services still write them: ``--kind: …``, ``kind: …``
_LEADING_FIELD = re.compile(r"(?:--)?(?P<name>[a-z][a-z0-9_-]*): ")


@dataclass(frozen=True, slots=True)
class FieldError:
    """One bad value: the field it came in (None for the request as a whole), a machine code, what is wrong."""

    field: str | None
    code: str
    message: str


class IpcycleError(Exception):
    """The base of the domain errors: ``str(exc)`` is the message; ``errors`` the bad fields, if any."""

    exit_code = 1
    code = "error"

    def __init__(
        self, message: str = "", *, field: str | None = None, code: str | None = None,
        errors: Sequence[FieldError] = (),
    ) -> None:  # fmt: skip
        if code:
            self.code = code
        self.derived = False  # the field was read from the message's ``--name:`` or ``name:`` head
        if not field and not errors and (head := _LEADING_FIELD.match(message)):
            field, self.derived = head["name"].replace("-", "_"), True
            errors = [FieldError(field, self.code, message[head.end() :])]  # the field is its key, not words
        self.errors = list(errors) or ([FieldError(field, self.code, message)] if field else [])
        self.message = message or "；".join(e.message for e in self.errors)
        super().__init__(self.message)

    @property
    def field(self) -> str | None:
        """The first bad field (the one a single-field error is about)."""
        return next((e.field for e in self.errors if e.field), None)


class BadInput(IpcycleError):
    """Malformed or unknown input: nothing was changed (exit 2)."""

    exit_code = 2
    code = "bad_input"


def check_fields(errors: Sequence[FieldError]) -> None:
    """Raise every bad field at once (a form shows them all), or nothing when the list is empty."""
    if errors:
        raise BadInput(errors=errors)


class Refused(IpcycleError):
    """The rules refused a move; carries every failed verdict. Nothing was changed (exit 3).

    ``str(exc)`` is the one-line summary the CLI prints above the verdicts; :attr:`message_zh` is what a page
    or the API says: each failed rule's ID with its reason in the notice's words."""

    exit_code = 3
    code = "refused"

    def __init__(
        self, message: str, verdicts: list[Verdict], *, field: str | None = None, code: str | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.verdicts = verdicts
        if field:
            self.errors = [FieldError(field, self.code, self.message_zh)]

    def failed(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.ok]

    @property
    def message_zh(self) -> str:
        failed = self.failed()
        if not failed:
            return "未予办理。"
        return "未予办理：" + "；".join(f"{v.reason_zh}（{v.rule_id}）" for v in failed) + "。"


class ConcurrentChange(IpcycleError):
    """Someone else's change got there first; nothing of this command was kept (exit 4)."""

    exit_code = 4
    code = "concurrent_change"
