"""``ipcycle walkthrough``: the README's main job — one 2025–2027 cycle end to end on SQLite."""

from __future__ import annotations

import click

from engine.cli.common import main


@main.command()
def walkthrough() -> None:
    """Placeholder."""
    click.echo("todo")
