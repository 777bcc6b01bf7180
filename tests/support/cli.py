"""``ipcycle`` run inside the test process, with the exit codes and streams of the real entry point.

Starting a Python per command was most of the suite's time; this runs the same ``engine.cli.invoke``
the ``ipcycle`` script runs, so exit codes and messages come from the one mapping in engine/cli.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from click import formatting
from click.testing import CliRunner

from engine.cli import invoke


@dataclass(frozen=True)
class Ran:
    """One command's outcome, shaped like ``subprocess.CompletedProcess`` so assertions read the same."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def _fresh_logging() -> Iterator[None]:
    """Logging as a new process has it (no root handlers: warnings reach stderr, basicConfig works), then restored."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers = []
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.handlers, root.level = handlers, level


def run_cli(*args: str, env: Mapping[str, str] | None = None, cwd: Path | None = None, stdin: str | None = None) -> Ran:
    """Run ``ipcycle ARGS`` in this process: ``env`` overrides os.environ and ``cwd`` is the directory, both
    only for the run, and stdout and stderr are captured apart; ``stdin`` is what a pipe would feed it."""
    runner = CliRunner()
    place = contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext()
    with place, runner.isolation(input=stdin, env=dict(env or {})) as (out, err, _), _fresh_logging():
        formatting.FORCED_WIDTH = None  # wrap help to the terminal as a process does (the runner pins 80; it restores)
        try:
            code = invoke(args)
        except SystemExit as exc:  # a command that exits itself: as Python's own exit would report it
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return Ran(args, code, stdout, stderr)
