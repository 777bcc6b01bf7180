"""``ipcycle cycle amend``: change a date of an open cycle, for everyone or one province (延期)."""

from __future__ import annotations

from datetime import datetime

import click

from engine.cli.common import ID, emit, json_option, parse_actor, province_code, with_workspace
from engine.services.national.date_amendments import MilestoneAmendment, amend_milestone
from engine.store.workspace import Workspace


@click.command("amend")
@click.option("--cycle", "cycle_id", type=ID, required=True, help="the cycle")
@click.option("--milestone", required=True, metavar="ID", help="the milestone, e.g. recommendation")
@click.option("--due", type=click.DateTime(["%Y-%m-%d"]), required=True, help="the new date (YYYY-MM-DD)")
@click.option("--reason", required=True, help="why (recorded, and sent with the notice of the change)")
@click.option("--province", metavar="CODE", help="extend the date for this province only (e.g. 320000)")
@click.option("--as", "role", required=True, metavar="ROLE", help="national (only the national office)")
@click.option("--dry-run", is_flag=True, help="show what would move, change nothing")
@with_workspace
@json_option
def cycle_amend(
    ws: Workspace,
    cycle_id: int,
    milestone: str,
    due: datetime,
    reason: str,
    province: str | None,
    role: str,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Move a milestone's date for the cycle or extend it for one province (audited; everyone concerned is told)."""
    actor = parse_actor(role)
    code = province_code(province, "--province") if province else None
    result = amend_milestone(ws, cycle_id, milestone, due.date(), reason, actor, code, confirm=not dry_run)
    emit(result, as_json, _text)


def _text(r: MilestoneAmendment) -> str:
    where = f" for province {r.province}" if r.province else ""
    verb = "would move (dry run, nothing changed)" if not r.confirmed else "moved"
    lines = [f"cycle {r.cycle}: {r.milestone} ({r.title}){where} {verb}: {r.before} -> {r.after}; reason: {r.reason}"]
    lines += [f"  warning: {w}" for w in r.warnings]
    lines += [
        f"  window {w.window}: closes {w.closes_before} -> {w.closes_after}"
        + (f", opens {w.opens_before} -> {w.opens_after}" if w.opens_before else "")
        + ("" if w.effect == "unchanged" else f" ({w.effect})")
        for w in r.windows
    ]
    lines += [
        f"  timer {t.key} ({t.event}): {t.due_before or '-'} -> {t.due_after or '-'}, "
        f"{t.status_before or 'new'} -> {t.status_after}"
        for t in r.timers
    ]
    lines += [
        f"  reminder {m.audience} {m.offset:+d}: {m.send_before} -> {m.send_after}"
        + (f" (already sent to {m.sent}; not sent again)" if m.sent else "")
        for m in r.reminders
    ]
    if r.withdrawn:
        lines.append(f"  {r.withdrawn} unsent reminder(s) with the old date withdrawn, planned again")
    if r.extensions_dropped:
        lines.append(f"  provinces' own dates overtaken (now the cycle's): {', '.join(r.extensions_dropped)}")
    lines.append(f"  told: {len(r.told)} ({sum(1 for p in r.told if p.address)} with an address)")
    return "\n".join(lines)
