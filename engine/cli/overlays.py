"""Commands for provincial overlays: load one for a cycle, show it, and the prefecture step."""

from __future__ import annotations

from pathlib import Path

import click

from engine.cli.common import ID, emit, json_option, parse_actor, with_workspace
from engine.services.province import overlays
from engine.store.workspace import Workspace


@click.group("overlay")
def overlay_group() -> None:
    """A province's own layer on a national cycle (internal deadline, prefecture step, limits, A7 standard)."""


def _overlay_text(d: overlays.OverlayLoaded | overlays.OverlayView) -> str:
    lines = [f"cycle {d.cycle} province {d.province}: {d.title}"]
    if isinstance(d, overlays.OverlayLoaded):
        lines[0] += "" if d.changed else " (unchanged)"
    lines += [f"  {r.id:10} {r.kind:22} at {', '.join(r.events)}" for r in d.rules]
    return "\n".join(lines)


@overlay_group.command("load")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--as", "role", required=True, metavar="province:CODE")
@with_workspace
@json_option
def overlay_load(ws: Workspace, file: Path, cycle_id: int, role: str, as_json: bool) -> None:
    """Load (or replace) the province's overlay; problems are printed as FILE:LINE: message."""
    emit(overlays.load_overlay(ws, cycle_id, file, parse_actor(role)), as_json, _overlay_text)


@overlay_group.command("show")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--province", required=True, help="province code, e.g. 320000")
@with_workspace
@json_option
def overlay_show(ws: Workspace, cycle_id: int, province: str, as_json: bool) -> None:
    """The overlay in force for a province, rule by rule."""
    emit(overlays.show_overlay(ws, cycle_id, province), as_json, _overlay_text)


@overlay_group.command("endorse")
@click.argument("application_id", type=ID)
@click.option("--as", "role", required=True, metavar="prefecture:CODE")
@click.option("--decline", is_flag=True, help="record that the prefecture does not endorse it")
@click.option("--reason")
@with_workspace
@json_option
def overlay_endorse(
    ws: Workspace, application_id: int, role: str, decline: bool, reason: str | None, as_json: bool
) -> None:
    """The prefecture's office endorses (or declines) an application from its area."""
    result = overlays.endorse(ws, application_id, overlays.parse_prefecture(role), not decline, reason)
    emit(
        result,
        as_json,
        lambda d: f"application {d.application}: {'endorsed' if d.endorsed else 'declined'} by {d.name}",
    )
