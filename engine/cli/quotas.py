"""Commands for quota tables (名额分配表): import, change (national office only), show, history."""

from __future__ import annotations

from pathlib import Path

import click

from engine.cli.common import ID, emit, json_option, parse_actor, with_workspace
from engine.services.national import quotas
from engine.services.national.quotas import MAX_PLACES
from engine.store.workspace import Workspace


@click.group("quota")
def quota_group() -> None:
    """Places per province and category; recommending beyond them is refused."""


def _changes_text(d: quotas.QuotaChanges | quotas.QuotasImported) -> str:
    lines = [f"  {c.province_code} {c.category}: {c.from_} -> {c.to}" for c in d.changed]
    return "\n".join([f"cycle {d.cycle}: {len(d.changed)} changed, {d.unchanged} unchanged", *lines])


@quota_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--as", "role", required=True, metavar="ROLE", help="national (only CNIPA sets quotas; say so)")
@click.option("--reason", help="kept in the quota history")
@with_workspace
@json_option
def quota_import(ws: Workspace, file: Path, cycle_id: int, role: str, reason: str | None, as_json: bool) -> None:
    """Import CSV/XLSX `province_code,category,quota` (the shape of attachment 2)."""
    emit(quotas.import_quotas(ws, cycle_id, file, parse_actor(role), reason), as_json, _changes_text)


@quota_group.command("set")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--province", required=True, help="province code or name, e.g. 320000 or 江苏")
@click.option("--category", required=True)
@click.option("--places", type=click.IntRange(0, MAX_PLACES), required=True)
@click.option("--as", "role", required=True, metavar="ROLE", help="national (only the national office may)")
@click.option("--reason", required=True, help="why the number changes (audited)")
@with_workspace
@json_option
def quota_set(
    ws: Workspace, cycle_id: int, province: str, category: str, places: int, role: str, reason: str, as_json: bool
) -> None:
    """Change one province's places in one category (audited)."""
    result = quotas.change_quota(ws, cycle_id, province, category, places, parse_actor(role), reason)
    emit(result, as_json, _changes_text)


@quota_group.command("show")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--province", help="only this province (division code)")
@with_workspace
@json_option
def quota_show(ws: Workspace, cycle_id: int, province: str | None, as_json: bool) -> None:
    """Each quota with the places used and left."""
    emit(
        quotas.quota_table(ws, cycle_id, province),
        as_json,
        lambda rows: (
            "\n".join(
                f"{r.province_code} {r.province:10} {r.category:16} {r.quota:3} used {r.used:3} left {r.left}"
                for r in rows
            )
            or "no quotas"
        ),
    )


@quota_group.command("history")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@with_workspace
@json_option
def quota_history(ws: Workspace, cycle_id: int, as_json: bool) -> None:
    """Every quota setting: when, who, from, to, why."""
    emit(
        quotas.quota_history(ws, cycle_id),
        as_json,
        lambda rows: (
            "\n".join(
                f"{r.at.isoformat()} {r.actor:10} {r.province_code} {r.category:16} {r.from_} -> {r.to}"
                + (f"  ({r.reason})" if r.reason else "")
                for r in rows
            )
            or "no changes"
        ),
    )
