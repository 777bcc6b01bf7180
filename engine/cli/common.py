"""Shared pieces of the commands: the group, workspace options, actor parsing and output."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from engine.cli.group import main  # noqa: F401  (the group's old home; engine.cli.group defines it)
from engine.kernel.clock import FixedClock, parse_now
from engine.kernel.errors import BadInput
from engine.services.shared.results import ServiceResult
from engine.store.workspace import Workspace
from policies.reference.provinces import is_province

if TYPE_CHECKING:
    from engine.machine.machine import Actor


def with_workspace(fn: Callable[..., Any] | None = None, *, creates: bool = False) -> Any:
    """Add ``--db`` and ``--now`` to a command and hand it a ready :class:`Workspace` as ``ws``.

    Only a command that ``creates`` its database (``init``) may be given one that is not there yet; any
    other refuses a missing or foreign database with exit 2 before doing anything.
    """

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @click.option("--db", "db", metavar="URL", help="database URL or SQLite path (env IPCYCLE_DB)")
        @click.option("--now", "now", metavar="ISO-DATETIME", help="act as if it were this moment (env IPCYCLE_NOW)")
        @functools.wraps(fn)
        def wrapper(*args: Any, db: str | None, now: str | None, **kwargs: Any) -> Any:
            now = now or os.environ.get("IPCYCLE_NOW")
            try:
                clock = FixedClock(parse_now(now)) if now else None
            except ValueError as exc:
                raise BadInput(str(exc)) from None
            ws = Workspace(db, clock)
            try:
                if not creates:
                    ws.require_database()
                return fn(*args, ws=ws, **kwargs)
            finally:
                ws.dispose()

        return wrapper

    return decorate(fn) if fn is not None else decorate


# Numbers a clerk types, bounded where the database bounds them: a larger id names no row (PostgreSQL's
# integer), so it is bad input (exit 2), not an overflow deep in the driver.
ID = click.IntRange(1, 2**31 - 1)
EDITION = click.IntRange(1900, 2199)
PHASE = click.IntRange(1, 99)

json_option = click.option("--json", "as_json", is_flag=True, help="print JSON for scripts")


def parse_actor(text: str) -> Actor:
    """``national``, ``province:<division code>`` or ``applicant:<organisation id>``."""
    # Imported here: the machine and the definition models are for commands that act, not for ``status``.
    from engine.definition.model import Role
    from engine.machine.machine import Actor

    role, _, scope = text.partition(":")
    try:
        r = Role(role)
    except ValueError:
        raise BadInput(f"--as: {text!r}: use national, province:<code> or applicant:<organisation id>") from None
    if r is Role.NATIONAL and not scope:
        return Actor(r)
    if r is Role.PROVINCE and scope:
        return Actor(r, province_code(scope, "--as"))
    if r is Role.APPLICANT and scope.isascii() and scope.isdigit() and 0 < int(scope) < 2**31:
        return Actor(r, scope)
    raise BadInput(f"--as: {text!r}: use national, province:<code> or applicant:<organisation id>")


def province_code(code: str, option: str) -> str:
    """A provincial-level division code (31 provinces and the XPCC, 660000), else bad input."""
    if not is_province(code):
        raise BadInput(f"{option}: {code!r} is not a province code (e.g. 320000 江苏省, 660000 新疆生产建设兵团)")
    return code


def jsonable(data: Any) -> Any:
    """Service results (models, and lists or dicts of them) as the plain data ``--json`` has always printed."""
    if isinstance(data, ServiceResult):
        return data.as_json()
    if isinstance(data, list | tuple):
        return [jsonable(x) for x in data]
    if isinstance(data, dict):
        return {k: jsonable(v) for k, v in data.items()}
    return data


def emit(data: Any, as_json: bool, human: Callable[[Any], str] | None = None) -> None:
    """Print JSON for scripts (``str()`` for dates, as always) or the command's text for people."""
    if as_json or human is None:
        click.echo(json.dumps(jsonable(data), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(human(data))
