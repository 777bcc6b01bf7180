"""The ``ipcycle`` group: commands are found by name in the registry and imported only when run.

Kept to click and the registry, so ``ipcycle --help`` starts in about the time click itself takes.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import click

from engine.cli.registry import COMMANDS, Entry


def load(entry: Entry) -> click.Command:
    """Import the command an entry names; a wrong entry fails loudly rather than hiding a command."""
    module, _, attribute = entry.target.partition(":")
    command = getattr(importlib.import_module(module), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{entry.target} is {type(command).__name__}, not a click command")
    return command


class LazyGroup(click.Group):
    """A click group whose commands may also come from a table of entries, imported on first use."""

    def __init__(self, *args: Any, lazy: Mapping[str, Entry] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, Entry] = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.add_command(load(self.lazy[cmd_name]), cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As click's; an unknown name first loads every command so "Did you mean …?" weighs them all."""
        if args and self.get_command(ctx, args[0]) is None:
            for name in self.lazy:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands as click does, taking the help line of a command not imported from its entry."""
        rows: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            entry = self.lazy.get(name)
            command = self.commands.get(name) or (click.Command(name, help=entry.help) if entry else None)
            if command is not None and not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in rows])


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """ipcycle — run CNIPA's multi-year programme cycles as checked, audited state machines.

    Start with `ipcycle init`, then `ipcycle cycle open PROGRAMME --edition YEAR --as national`.
    The database is --db or $IPCYCLE_DB (default: ./ipcycle.db, SQLite); the time is
    --now or $IPCYCLE_NOW (default: the wall clock, China Standard Time).
    """
