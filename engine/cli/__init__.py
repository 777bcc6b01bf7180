"""The ``ipcycle`` command line: thin click commands over the service layer.

Exit codes (a contract scripts rely on): 0 done; 2 bad input; 3 refused by the rules;
4 a concurrent change got there first, or the database was busy; 1 an internal error (its trace is
logged to a file the message names) or, for tick and scheduler runs, a part of the work that failed.
Nothing is changed on 2, 3 or 4.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from engine.cli.group import main

__all__ = ["exit_code", "invoke", "main", "run"]


def exit_code(exc: BaseException) -> int:
    """Say on stderr what went wrong and return the promised exit code; anything else is re-raised.

    The one mapping from errors to exit codes, shared by :func:`run` and the tests' in-process runner.
    Domain and database errors are imported here, not at the top, to keep ``ipcycle --help`` light.
    """
    if isinstance(exc, click.exceptions.Exit):
        return exc.exit_code
    if isinstance(exc, click.ClickException):
        exc.show()
        return 2 if isinstance(exc, click.UsageError | click.BadParameter) else exc.exit_code
    if isinstance(exc, click.Abort):
        click.echo("aborted", err=True)
        return 1

    from sqlalchemy.exc import OperationalError

    from engine.definition.yamlsource import DefinitionError
    from engine.kernel.errors import IpcycleError, Refused
    from engine.store.workspace import busy_database

    if isinstance(exc, DefinitionError):
        for problem in exc.problems:
            click.echo(problem, err=True)
        return 2
    if isinstance(exc, Refused):
        click.echo(f"refused: {exc}", err=True)
        for v in exc.failed():
            click.echo(f"  [{v.rule_id}] {v.reason_en} / {v.reason_zh}", err=True)
        return exc.exit_code
    if isinstance(exc, IpcycleError):
        for line in error_lines(exc):
            click.echo(f"error: {line}", err=True)
        return exc.exit_code
    if isinstance(exc, OperationalError):
        if busy_database(exc):
            click.echo("error: the database is busy (another command is writing); nothing was changed, try again",
                       err=True)  # fmt: skip
            return 4
        hint = " (run `ipcycle init` first)" if "no such table" in str(exc.orig) else ""
        click.echo(f"error: database: {exc.orig}{hint}", err=True)
        return 2
    return _internal_error(exc)


OPTIONS = {"actor": "--as"}  # fields whose option is not named after them


def option_of(field: str) -> str:
    """The command line's name for a field: ``mobile`` is ``--mobile``, ``score.I1`` is ``--score I1``."""
    head, _, rest = field.partition(".")
    flag = OPTIONS.get(head, "--" + head.replace("_", "-"))
    return f"{flag} {rest}" if rest else flag


def error_lines(exc: BaseException) -> list[str]:
    """A domain error as the CLI says it: each bad field by its option, then what is wrong."""
    errors = getattr(exc, "errors", None) or []
    if not errors or getattr(exc, "derived", False):  # a message that names its option already
        return [str(exc)]
    return [f"{option_of(e.field)}: {e.message}" if e.field else e.message for e in errors]


def _internal_error(exc: BaseException) -> int:
    """A bug, not the user's input: one line on stderr, the whole trace in a file it names."""
    import tempfile
    import traceback

    fd, name = tempfile.mkstemp(prefix="ipcycle-error-", suffix=".log")
    with open(fd, "w", encoding="utf-8") as log:
        log.write("".join(traceback.format_exception(exc)))
    first = str(exc).splitlines()[0] if str(exc) else ""
    click.echo(f"internal error: {type(exc).__name__}: {first} (the full trace is in {name})", err=True)
    return 1


def invoke(args: Sequence[str] | None = None) -> int:
    """Run one command line (``sys.argv`` when ``args`` is None) and return its exit code."""
    try:
        main.main(args=None if args is None else list(args), standalone_mode=False, prog_name="ipcycle")
    except Exception as exc:  # click.Abort and click.exceptions.Exit are Exceptions too
        return exit_code(exc)
    return 0


def run() -> None:
    """Entry point: map domain errors to the promised exit codes and clear messages."""
    sys.exit(invoke())
