"""``ipcycle progress-report``: a creation object's yearly progress report, its province's review and reminder (B6)."""

from __future__ import annotations

import click

from engine.cli.common import ID, emit, json_option, parse_actor, province_code, with_workspace
from engine.services.applications import progress_reports as reports
from engine.store.workspace import Workspace

YEAR = click.IntRange(2000, 2100)


def _line(v: reports.ProgressReportView) -> str:
    return f"{v.application} {v.organisation} {v.year}: {v.status_zh} (due {v.due})"


@click.group("progress-report")
def progress_report_group() -> None:
    """Yearly progress reports of creation objects (B6, our reading): filed, reviewed, reminded."""


@progress_report_group.command("file")
@click.argument("app_id", type=ID)
@click.option("--year", type=YEAR, required=True)
@click.option("--text", required=True, help="the year's progress")
@click.option("--as", "role", required=True, metavar="ROLE", help="applicant:<organisation id>")
@with_workspace
@json_option
def progress_file(ws: Workspace, app_id: int, year: int, text: str, role: str, as_json: bool) -> None:
    """File (or file again after a return) the year's report."""
    emit(reports.file_progress_report(ws, app_id, parse_actor(role), year, text), as_json, _line)


@progress_report_group.command("review")
@click.argument("app_id", type=ID)
@click.option("--year", type=YEAR, required=True)
@click.option("--accept/--return", "accepted", required=True, help="accept it, or return it with --note")
@click.option("--note", help="what to change (required with --return)")
@click.option("--as", "role", required=True, metavar="ROLE", help="province:<division code>")
@with_workspace
@json_option
def progress_review(
    ws: Workspace, app_id: int, year: int, accepted: bool, note: str | None, role: str, as_json: bool
) -> None:
    """The province accepts or returns a report."""
    emit(reports.review_progress_report(ws, app_id, year, parse_actor(role), accepted, note), as_json, _line)


@progress_report_group.command("list")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--year", type=YEAR, required=True)
@click.option("--province", help="only this province (division code)")
@with_workspace
@json_option
def progress_list(ws: Workspace, cycle_id: int, year: int, province: str | None, as_json: bool) -> None:
    """Every creation object with its report of the year: filed, reviewed or missing."""
    code = province_code(province, "--province") if province else None
    emit(reports.progress_overview(ws, cycle_id, year, code), as_json, lambda d: "\n".join(map(_line, d)))


@progress_report_group.command("remind")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--year", type=YEAR, required=True)
@click.option("--as", "role", required=True, metavar="ROLE", help="province:<division code>")
@with_workspace
@json_option
def progress_remind(ws: Workspace, cycle_id: int, year: int, role: str, as_json: bool) -> None:
    """Remind the province's creation objects whose report is missing or returned (in their message centres)."""
    emit(reports.remind_missing(ws, cycle_id, year, parse_actor(role)), as_json, lambda d: "\n".join(map(_line, d)))
