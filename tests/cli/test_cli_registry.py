"""The command table the lazy CLI lists from: in step with the commands, complete, and cheap to read."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import click
import pytest

from engine.cli.group import LazyGroup, load, main
from engine.cli.registry import COMMANDS, SUBCOMMANDS
from tests.support.paths import REPO

HEAVY = ("sqlalchemy", "pydantic", "yaml", "transitions", "openpyxl", "docx", "jinja2", "apscheduler", "aiosmtplib")


def _tree(group: click.Group, ctx: click.Context) -> dict[str, click.Command]:
    """Every command under ``group`` by its path ("org import"), loading lazy ones as a run would."""
    found: dict[str, click.Command] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        found[name] = command
        if isinstance(command, click.Group):
            found |= {f"{name} {sub}": c for sub, c in _tree(command, click.Context(command, parent=ctx)).items()}
    return found


def test_each_entry_loads_its_command_and_lists_it_with_the_command_s_own_help() -> None:
    for table in (COMMANDS, *SUBCOMMANDS.values()):
        for name, entry in table.items():
            command = load(entry)
            assert not command.hidden and not command.deprecated, name
            assert entry.help == " ".join((command.help or "").partition("\n\n")[0].split()), name


def test_every_command_a_module_defines_is_reachable_from_ipcycle() -> None:
    reachable = {id(c) for c in _tree(main, click.Context(main)).values()}
    for path in sorted((REPO / "engine" / "cli").glob("*.py")):
        if path.stem == "__main__":  # importing it runs the CLI
            continue
        module = importlib.import_module(f"engine.cli.{path.stem}")
        for attribute, value in vars(module).items():
            if isinstance(value, click.Command) and value is not main:
                assert id(value) in reachable, f"engine.cli.{path.stem}:{attribute} is in no table or group"


def test_groups_with_subcommands_elsewhere_are_lazy_over_exactly_those() -> None:
    ctx = click.Context(main)
    for name, subcommands in SUBCOMMANDS.items():
        group = main.get_command(ctx, name)
        assert isinstance(group, LazyGroup) and group.lazy == subcommands


@pytest.mark.system  # a real process
def test_help_imports_click_and_the_table_only() -> None:
    code = (
        "import sys\nfrom engine.cli import invoke\nassert invoke(['--help']) == 0\n"
        "print(__import__('json').dumps(sorted(m for m in sys.modules if m.startswith(('engine', 'policies',"
        " 'notifications')) or m.partition('.')[0] in sys.argv[1:])))"
    )
    proc = subprocess.run([sys.executable, "-c", code, *HEAVY], capture_output=True, text=True, cwd=REPO, check=True)
    loaded = json.loads(proc.stdout.splitlines()[-1])
    assert loaded == ["engine", "engine.cli", "engine.cli.group", "engine.cli.registry"]
    assert "status" in proc.stdout and "walkthrough" in proc.stdout
