"""``ipcycle status``: a cycle's counts, in a module of its own so the command loads only what it needs."""

from __future__ import annotations

import click

from engine.cli.common import ID, emit, json_option, province_code, with_workspace
from engine.services.programmes import progress
from engine.store.workspace import Workspace


@click.command()
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--province", help="only this province (division code, e.g. 320000)")
@with_workspace
@json_option
def status(ws: Workspace, cycle_id: int, province: str | None, as_json: bool) -> None:
    """Counts per stage, category and province."""
    province = province_code(province, "--province") if province else None
    emit(progress.status(ws, cycle_id, province), as_json, _status_text)


def _status_text(d: progress.CycleStatus) -> str:
    lines = [f"cycle {d.cycle} {d.programme} {d.edition}: {d.total} applications"]
    lines += [f"  {stage:24} {n}" for stage, n in d.by_stage.items()]
    for cat, stages in d.by_category.items():
        lines.append(f"  [{cat}] " + ", ".join(f"{s} {n}" for s, n in stages.items()))
    for prov, stages in d.by_province.items():
        lines.append(f"  [{prov}] " + ", ".join(f"{s} {n}" for s, n in stages.items()))
    return "\n".join(lines)
