"""Commands of the reminders work: liaison receipts, reminders, the scheduler, the calendar."""

from __future__ import annotations

import logging
import os
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import click

from engine.cli.common import ID, emit, json_option, parse_actor, province_code, with_workspace
from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import BadInput
from engine.kernel.logs import configure_json_logs
from engine.services.province import liaison
from engine.services.province.liaison import LiaisonReceiptView
from engine.services.reference.calendar_years import calendar_status, load_calendar_file
from engine.store.outbox import OutboxStatus
from engine.store.workspace import Workspace
from notifications.cycle_calendar import cycle_ics
from notifications.delivery.smtp import SmtpConfigError
from notifications.outbox import delivery_log
from notifications.outbox.delivery_log import REQUEUEABLE, STATUSES, requeue
from notifications.planning import reminders as planning
from notifications.scheduler import (
    RunningClock,
    StopRequest,
    check_database,
    run_scheduler,
    scheduler_tick,
    transport_from_env,
)


def _day(value: str | None, option: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise BadInput(f"{option}: {value!r} is not a date (YYYY-MM-DD)") from None


@click.group("liaison")
def liaison_group() -> None:
    """Liaison receipts (联络员回执): one per province per cycle."""


@liaison_group.command("file")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--as", "role", required=True, metavar="ROLE", help="province:<code>, or national with --province")
@click.option("--province", help="whose receipt the national office records (division code)")
@click.option("--name", required=True, help="联络员姓名")
@click.option("--title", required=True, help="职务")
@click.option("--phone", required=True, help="办公电话")
@click.option("--mobile", required=True, help="手机")
@click.option("--email", required=True, help="电子邮箱")
@with_workspace
@json_option
def liaison_file(ws: Workspace, cycle_id: int, role: str, province: str | None, as_json: bool, **fields: str) -> None:
    """File (or correct) a province's liaison receipt; its reminders stop."""
    r = liaison.file_receipt(ws, cycle_id, parse_actor(role), province_code=province, **fields)
    emit(
        r,
        as_json,
        lambda d: (
            f"{'corrected' if d.amended else 'filed'}: {d.province_name} liaison {d.name} <{d.email}>"
            + (" (after the due date)" if d.late else "")
            + (f"\nwarning [B12/A10]: {d.rank_warning}" if d.rank_warning else "")
        ),
    )


@liaison_group.command("list")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@with_workspace
@json_option
def liaison_list(ws: Workspace, cycle_id: int, as_json: bool) -> None:
    """Which provinces filed their receipt, and who is still missing."""
    emit(liaison.list_receipts(ws, cycle_id), as_json, _liaison_text)


def _liaison_text(d: LiaisonReceiptView) -> str:
    lines = [f"cycle {d.cycle}: receipts due {d.due}, {d.missing} of {len(d.provinces)} missing"]
    for p in d.provinces:
        if p.liaison is not None:
            li = p.liaison
            state = f"{li.name} {li.title} <{li.email}> {li.filed_at.isoformat()}" + (" late" if li.late else "")
        else:
            state = "MISSING" + ("" if p.office_email else " (office has no e-mail address)")
        lines.append(f"  {p.province} {p.name:10} {state}")
    return "\n".join(lines)


@liaison_group.group("offices")
def liaison_offices() -> None:
    """The provincial IP offices' own addresses (where a province's mail goes until a liaison is named)."""


@liaison_offices.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--as", "role", required=True, metavar="ROLE", help="national (where provinces' mail goes is its call)")
@with_workspace
@json_option
def liaison_offices_import(ws: Workspace, file: Path, role: str, as_json: bool) -> None:
    """Set the offices' e-mail addresses from a UTF-8 CSV of code,email rows (all rows or none)."""
    result = liaison.import_office_addresses(ws, file, parse_actor(role))
    without = ", ".join(result.still_without_address)
    note = f"; still without an address: {without}" if without else ""
    emit(result, as_json, lambda d: f"{d.imported} office addresses imported from {d.file}{note}")


@click.group()
def reminders() -> None:
    """Reminder e-mails: what will be sent, and what was."""


@reminders.command("preview")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--at", "at", metavar="DATE", help="from this day (default: today)")
@click.option("--until", "until", metavar="DATE", help="to this day (default: the last reminder)")
@with_workspace
@json_option
def reminders_preview(ws: Workspace, cycle_id: int, at: str | None, until: str | None, as_json: bool) -> None:
    """What would be sent when and to whom, rendered, if nothing changed from now on."""
    result = planning.preview(ws, cycle_id, _day(at, "--at"), _day(until, "--until"))
    emit(result["items"], as_json, lambda _: _preview_text(result))


def _preview_text(d: dict[str, Any]) -> str:
    lines = [f"cycle {d['cycle']}: reminders from {d['from']} to {d['until']}"]
    lines += [f"  WARNING: {w}" for w in d["warnings"]]
    for year in d["fallback_years"]:
        lines.append(
            f"  NOTE: {year} has no official holiday schedule loaded; its working days are counted "
            "Monday-Friday (load it with `ipcycle calendar load FILE`)"
        )
    for i in d["items"]:
        flag = " [catch-up]" if i["catch_up"] else ""
        lines.append(f"  {i['send_on']}  {i['kind']:24} {i['recipient']}{flag}\n      {i['subject']}")
    return "\n".join(lines) if d["items"] else "\n".join([*lines, "  nothing to send"])


@reminders.command("log")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--status", type=click.Choice(STATUSES), help="only rows in this status")
@with_workspace
@json_option
def reminders_log(ws: Workspace, cycle_id: int, status: str | None, as_json: bool) -> None:
    """What was sent, to whom, when, and the mail server's answer."""
    emit(delivery_log.log(ws, cycle_id, status), as_json, _log_text)


def _log_text(rows: list[delivery_log.DeliveryLogEntry]) -> str:
    lines = []
    for r in rows:
        when = (r.sent_at or r.send_after).isoformat()
        lines.append(f"{when}  {r.status:10} {r.kind:24} {r.recipient} <{r.address or 'no address'}>")
        lines.append(f"      {r.subject}")
        if r.smtp_reply:
            lines.append(f"      {r.smtp_reply}")
    return "\n".join(lines) or "nothing planned yet"


@reminders.command("retry")
@click.option("--status", type=click.Choice([str(s) for s in REQUEUEABLE]), required=True,
              help="failed (refused for good) or held (stopped as a run of equal refusals)")  # fmt: skip
@click.option("--since", metavar="DATE", help="only mail planned on or after this day")
@click.option("--cycle", "cycle_id", type=ID, help="only this cycle's mail")
@click.option("--as", "role", required=True, metavar="ROLE", help="national: the office that runs the mail")
@with_workspace
@json_option
def reminders_retry(
    ws: Workspace, status: str, since: str | None, cycle_id: int | None, role: str, as_json: bool
) -> None:
    """Send failed or held mail again, after the relay or the addresses were fixed."""
    if parse_actor(role).role is not Role.NATIONAL:
        raise BadInput("--as: only the national office requeues mail")
    day = _day(since, "--since")
    start = datetime.combine(day, time.min) if day else None
    count = requeue(ws, OutboxStatus(status), start, cycle_id)
    emit({"requeued": count, "status": status}, as_json, lambda d: f"requeued {d['requeued']} {d['status']} mails")


@click.group()
def scheduler() -> None:
    """The scheduler: timed moves, reminder planning and sending."""


@scheduler.command("run")
@click.option("--interval", type=float, default=60.0, show_default=True, help="seconds between ticks")
@click.option("--once", is_flag=True, help="one tick, then exit (for cron)")
@click.option("--batch", type=click.IntRange(min=1), default=50, show_default=True, help="mails per SMTP connection")
@click.option("--sink", type=click.Path(path_type=Path), help="write mail to this folder instead of SMTP")
@with_workspace
@json_option
def scheduler_run(ws: Workspace, interval: float, once: bool, batch: int, sink: Path | None, as_json: bool) -> None:
    """Tick until stopped: close windows, end notices, plan and send reminders.

    Mail goes to SMTP when IPCYCLE_SMTP_HOST is set (IPCYCLE_SMTP_PORT/USER/PASSWORD/TLS,
    IPCYCLE_MAIL_FROM), else to the folder IPCYCLE_MAIL_SINK (default ./mail-sink) as .eml files.
    With --now the clock starts at that moment and runs on. SIGINT or SIGTERM stops it once the
    mail in flight is sent and marked (exit 0); a second signal stops it at once.
    """
    if os.environ.get("IPCYCLE_LOG_FORMAT", "").strip().lower() == "json":
        configure_json_logs()
    else:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        transport = transport_from_env(sink)
    except SmtpConfigError as exc:
        raise BadInput(str(exc)) from None
    if not once and interval <= 0:
        raise BadInput("--interval must be positive")
    with StopRequest().installed() as stop:
        if once:
            check_database(ws)
            report = scheduler_tick(ws, transport, batch, stop)
            emit(report.as_json(), as_json, lambda _: report.summary())
            if stop.requested:
                click.echo("scheduler stopped: the tick ended early, after its last mail was marked", err=True)
            if report.errors:  # cron must see it: the parts that did not fail have done their work
                raise SystemExit(1)
            return
        if isinstance(ws.clock, FixedClock):  # --now: start there and let time run
            ws.clock = RunningClock(ws.clock.now())
        run_scheduler(ws, transport, interval, batch, stop)


@click.group("calendar")
def calendar_group() -> None:
    """China's working-day calendar: official holiday schedules per year."""


@calendar_group.command("load")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="accept a year with fewer than 11 or more than 45 days off")
@click.option("--replace", is_flag=True, help="override a year loaded before or one the chinese-calendar package knows")
@click.option("--as", "role", required=True, metavar="ROLE", help="national (every deadline counts on it)")
@with_workspace
@json_option
def calendar_load(ws: Workspace, file: Path, force: bool, replace: bool, role: str, as_json: bool) -> None:
    """Load a year's official schedule (YAML: year, days_off, working_days) for every process."""
    emit(
        load_calendar_file(ws, file, force=force, replace=replace, actor=parse_actor(role)),
        as_json,
        lambda rows: "\n".join(
            f"loaded {r.year}: {r.days_off} days off, {r.working_weekends} weekend working days"
            + (" (replaces the earlier load)" if r.replaced_earlier_load else "")
            + (" (overrides the chinese-calendar package)" if r.overrides_package else "")
            for r in rows
        ),
    )


@calendar_group.command("show")
@click.option(
    "--year", "years", type=click.IntRange(1900, 2199), multiple=True, help="years to show (default: this year to +2)"
)
@with_workspace
@json_option
def calendar_show(ws: Workspace, years: tuple[int, ...], as_json: bool) -> None:
    """Where each year's working days come from: loaded, the package, or the Monday-Friday fallback."""
    this = ws.clock.now().year
    emit(
        calendar_status(ws, list(years) or [this, this + 1, this + 2]),
        as_json,
        lambda rows: "\n".join(f"{r.year}  {r.source:9} {r.note}" for r in rows),
    )


@click.command("calendar")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--ics", "ics_file", type=click.Path(path_type=Path), required=True, help="the .ics file to write")
@click.option("--province", help="a province's calendar: its extended dates and its overlay's own deadlines too")
@with_workspace
@json_option
def cycle_calendar(ws: Workspace, cycle_id: int, ics_file: Path, province: str | None, as_json: bool) -> None:
    """Export the cycle's milestones as an iCalendar file (all-day events)."""
    data, milestones = cycle_ics(ws, cycle_id, province_code(province, "--province") if province else None)
    try:
        ics_file.write_bytes(data)
    except OSError as exc:
        raise BadInput(f"--ics: cannot write {ics_file}: {exc}") from None
    result = {"file": str(ics_file), "milestones": milestones}
    emit(result, as_json, lambda d: f"wrote {len(d['milestones'])} milestones to {d['file']}")
