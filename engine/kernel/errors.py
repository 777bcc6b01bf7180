"""Domain errors, each with the exit code the command-line contract promises."""

from __future__ import annotations

from policies.verdict import Verdict


class IpcycleError(Exception):
    exit_code = 1


class BadInput(IpcycleError):
    """Malformed or unknown input: nothing was changed (exit 2)."""

    exit_code = 2


class Refused(IpcycleError):
    """The rules refused a move; carries every failed verdict. Nothing was changed (exit 3)."""

    exit_code = 3

    def __init__(self, message: str, verdicts: list[Verdict]) -> None:
        super().__init__(message)
        self.verdicts = verdicts

    def failed(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.ok]


class ConcurrentChange(IpcycleError):
    """Someone else's change got there first; nothing of this command was kept (exit 4)."""

    exit_code = 4
