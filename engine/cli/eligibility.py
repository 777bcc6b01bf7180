"""Commands for eligibility: check one organisation, or screen a roster against every category."""

from __future__ import annotations

from pathlib import Path

import click

from engine.cli.common import ID, emit, json_option, with_workspace
from engine.services.applications import eligibility
from engine.store.workspace import Workspace
from policies.verdict import Verdict


@click.group("eligibility")
def eligibility_group() -> None:
    """Eligibility (申报资格): the rules `apply` runs, asked before anyone applies."""


def _verdict_lines(verdicts: list[Verdict]) -> list[str]:
    return [f"  {'✓' if v.ok else '✗'} [{v.rule_id}] {v.reason_zh}\n      {v.reason_en}" for v in verdicts]


@eligibility_group.command("check")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--category", required=True)
@click.option("--org", "org", metavar="NAME_OR_ID", help="organisation id, USCC or exact name")
@click.option("--division", metavar="CODE", help="the people's government of this division, e.g. 320583")
@with_workspace
@json_option
def check(ws: Workspace, cycle_id: int, category: str, org: str | None, division: str | None, as_json: bool) -> None:
    """May this organisation apply in CATEGORY? Prints every rule's verdict (exit 0 either way)."""
    result = eligibility.check(ws, cycle_id, category, org, division)

    def human(d: eligibility.EligibilityCheck) -> str:
        head = f"{d.organisation.name} — {d.category}: {'eligible' if d.eligible else 'NOT eligible'}"
        return "\n".join([head, *_verdict_lines(d.verdicts), f"  (division data of {d.division_data})"])

    emit(result, as_json, human)


@eligibility_group.command("screen")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--roster", type=click.Path(path_type=Path), required=True, help="CSV or XLSX in the org template")
@click.option("--xlsx", "xlsx", type=click.Path(path_type=Path), help="write the organisation × category matrix here")
@with_workspace
@json_option
def screen(ws: Workspace, cycle_id: int, roster: Path, xlsx: Path | None, as_json: bool) -> None:
    """Screen every organisation of a roster against every category of the cycle."""
    result = eligibility.screen(ws, cycle_id, roster, xlsx)

    def human(d: eligibility.RosterScreening) -> str:
        cats = d.categories
        lines = [f"{'row':>4} {'name':30} " + " ".join(f"{c[:10]:>10}" for c in cats)]
        for o in d.organisations:
            marks = " ".join(f"{'✓' if c in o.eligible else '✗':>10}" for c in cats)
            lines.append(f"{o.row:>4} {o.name[:30]:30} {marks}")
        lines.append("eligible: " + ", ".join(f"{c} {n}" for c, n in d.eligible_counts.items()))
        if d.xlsx:
            lines.append(f"matrix written to {d.xlsx}")
        return "\n".join(lines)

    emit(result, as_json, human)
