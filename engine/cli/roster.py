"""Commands for reference records: organisation rosters and pilot lists (the register lives in national)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from engine.cli.common import emit, json_option, parse_actor, with_workspace
from engine.kernel.errors import BadInput
from engine.services.reference import pilots, roster
from engine.store.workspace import Workspace


def _import_text(d: roster.RosterImport) -> str:
    return f"{d.file}: {d.rows} row(s): {len(d.created)} created, {len(d.updated)} updated, {d.unchanged} unchanged"


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--as", "role", required=True, metavar="ROLE", help="national, or province:CODE for its own")
@with_workspace
@json_option
def org_import(ws: Workspace, file: Path, role: str, as_json: bool) -> None:
    """Import organisations from a roster (CSV or XLSX); any bad row imports nothing."""
    emit(roster.import_roster(ws, file, _stderr_progress(), actor=parse_actor(role)), as_json, _import_text)


def _stderr_progress() -> roster.Progress | None:
    """A progress line on stderr, only when stderr is a terminal: scripts and logs get the result alone."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if stage == "storing" and done + roster.PROGRESS_EVERY > total else ""
        click.echo(f"\r{stage:8} [{'#' * filled}{'-' * (width - filled)}] {done:,}/{total:,}", err=True, nl=False)
        if end:
            click.echo("", err=True)

    return show


@click.command("template")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="replace OUT if it exists (a filled roster is lost)")
@click.option("--province", help="prefill with the organisations recorded in this province (division code)")
@click.option("--as", "role", metavar="ROLE", help="with --province: national, or province:<code> for its own")
@click.option("--db", help="with --province: database URL or SQLite path (env IPCYCLE_DB)")
def org_template(out: Path, force: bool, province: str | None, role: str | None, db: str | None) -> None:
    """Write a roster to fill in (.csv, or .xlsx with drop-down lists), with --province prefilled.

    With --province it holds what the system has of that province's organisations (B11), so the province
    corrects and adds rather than types again."""
    if out.exists() and not force:
        raise BadInput(f"{out} exists (perhaps a roster already filled in); add --force to replace it")
    if province is None:
        result = roster.write_template(out)
    else:
        ws = Workspace(db)
        ws.require_database()
        try:
            result = roster.write_province_template(ws, out, province, parse_actor(role or "national"))
        finally:
            ws.dispose()
    click.echo(f"wrote {result.file}: {', '.join(result.columns)}; {result.rows} organisation(s) prefilled")


@click.group("pilots")
def pilots_group() -> None:
    """National pilot lists (强市/强县建设试点), prior status for A2 and A4."""


@pilots_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--as", "role", required=True, metavar="ROLE", help="national (the lists are the national office's)")
@click.option("--dry-run", is_flag=True, help="print the difference and change nothing")
@with_workspace
@json_option
def pilots_import(ws: Workspace, file: Path, role: str, dry_run: bool, as_json: bool) -> None:
    """Import CSV/XLSX `division_code,kind,year` (kind city or county); shows the difference it makes."""
    emit(pilots.import_pilots(ws, file, parse_actor(role), dry_run), as_json, lambda d: d.text())


@pilots_group.command("list")
@with_workspace
@json_option
def pilots_list(ws: Workspace, as_json: bool) -> None:
    """List the pilot designations on record."""
    emit(
        pilots.list_pilots(ws),
        as_json,
        lambda rows: "\n".join(f"{r.kind:6} {r.year} {r.division_code} {r.name}" for r in rows) or "none",
    )
