"""Commands of the provincial round: objections, the province's report package, lists with names."""

from __future__ import annotations

from pathlib import Path

import click

from engine.cli.common import ID, emit, json_option, parse_actor, province_code, with_workspace
from engine.kernel.errors import BadInput
from engine.services.applications import overview
from engine.services.province import report_packages
from engine.services.publicity import objections, objectors
from engine.store.workspace import Workspace

PROVINCE_AS = "province:<division code>, or national for the national office's own notices"


def _objection_text(o: objections.ObjectionView) -> str:
    lines = [
        f"objection {o.id} on application {o.application} ({o.organisation}, {o.province}): {o.status}"
        + (f", {objections.ObjectionOutcome(o.outcome).label}" if o.outcome else ""),
        f"  objector: {o.objector_name} / {o.objector_unit} / {o.objector_phone} ({o.objector_kind})",
        f"  received {o.received_on}; notice {o.notice or 'national'} ({o.notice_stage}) {o.notice_from} – "
        f"{o.notice_last_day}" + (" (held)" if o.notice_held else ""),
        f"  content: {o.content}",
    ]
    lines += [f"  file: {f.role} {f.name} ({f.media_type}, {f.size} bytes, kept as {f.stored_as})" for f in o.files]
    if o.outcome:
        lines.append(f"  handled by {o.handler}: {o.reasons}")
    lines.append(f"  application now: {o.stage}")
    return "\n".join(lines)


@click.group("objection")
def objection_group() -> None:
    """Objections (异议) to applications under a provincial public notice, as records."""


@objection_group.command("file")
@click.argument("application_id", type=ID)
@click.option("--as", "role", required=True, metavar="ROLE", help=PROVINCE_AS)
@click.option("--name", default="", help="the objector's name")
@click.option("--unit", default="", help="the objector's unit (个人 for a person)")
@click.option("--phone", default="", help="the objector's phone")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in objectors.ObjectorKind]),
    required=True,
    help="a unit's objection (with --stamped) or a person's",
)
@click.option("--content", default="", help="what the objection says")
@click.option("--evidence", "evidence", multiple=True, type=click.Path(path_type=Path), help="PDF or image; repeat")
@click.option("--stamped", type=click.Path(path_type=Path), help="a unit's stamped scan (PDF or image)")
@click.option("--received", type=click.DateTime(["%Y-%m-%d"]), help="the day it was received (default today)")
@with_workspace
@json_option
def objection_file(
    ws: Workspace,
    application_id: int,
    role: str,
    name: str,
    unit: str,
    phone: str,
    kind: str,
    content: str,
    evidence: tuple[Path, ...],
    stamped: Path | None,
    received: object,
    as_json: bool,
) -> None:
    """Record an objection received during the notice; the notice is held until it is resolved."""
    who = objectors.Objector(name=name, unit=unit, phone=phone, kind=objectors.ObjectorKind(kind))
    day = received.date() if received is not None else None  # type: ignore[attr-defined]
    view = objections.file_objection(ws, application_id, parse_actor(role), who, content, list(evidence), stamped, day)
    emit(view, as_json, _objection_text)


@objection_group.command("resolve")
@click.argument("objection_id", type=ID)
@click.option("--as", "role", required=True, metavar="ROLE", help=PROVINCE_AS)
@click.option("--outcome", type=click.Choice([o.value for o in objections.ObjectionOutcome]), required=True)
@click.option("--reason", default="", help="the reasons for the outcome")
@click.option("--handler", default="", help="who handled it")
@with_workspace
@json_option
def objection_resolve(
    ws: Workspace, objection_id: int, role: str, outcome: str, reason: str, handler: str, as_json: bool
) -> None:
    """Record the outcome (upheld or dismissed) with reasons; the notice then runs on or the application leaves."""
    view = objections.resolve_objection(
        ws, objection_id, parse_actor(role), objections.ObjectionOutcome(outcome), reason, handler
    )
    emit(view, as_json, _objection_text)


@objection_group.command("list")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--province", help="only this province (division code)")
@click.option("--application", "application_id", type=ID, help="only this application")
@with_workspace
@json_option
def objection_list(
    ws: Workspace, cycle_id: int, province: str | None, application_id: int | None, as_json: bool
) -> None:
    """The objections of a cycle, oldest first."""
    code = province_code(province, "--province") if province else None
    rows = objections.list_objections(ws, cycle_id, code, application_id)
    emit(rows, as_json, lambda rs: "\n".join(_objection_text(r) for r in rs) or "no objections")


def _package_text(r: report_packages.ReportFiled) -> str:
    head = f"{r.province_name} version {r.version}: "
    if r.nil:
        return head + f"nil return (本届不推荐): {r.reason}"
    lines = [
        head + f"{len(r.applications)} application(s) listed, {len(r.reported_now)} reported now"
        f" (letter {r.letter}, sha256 {(r.letter_sha256 or '')[:12]})"
    ]
    lines += [f"  {path}" for path in (r.xlsx, r.docx) if path]
    return "\n".join(lines)


@click.group("recommendation")
def recommendation_group() -> None:
    """The province's report to CNIPA: one package with its letter (推荐函) and list, or a nil return."""


@recommendation_group.command("report")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--as", "role", required=True, metavar="ROLE", help=PROVINCE_AS)
@click.option("--letter", type=click.Path(path_type=Path), help="the province's letter, PDF or image (once)")
@click.option("--none", "nil", is_flag=True, help="the nil return: the province recommends nobody (本届不推荐)")
@click.option("--reason", help="why, with --none")
@click.option(
    "--out",
    "out_dir",
    default=".",
    show_default=True,
    type=click.Path(path_type=Path),
    help="folder for the 推荐名单 (.xlsx and .docx)",
)
@with_workspace
@json_option
def recommendation_report(
    ws: Workspace,
    cycle_id: int,
    role: str,
    letter: Path | None,
    nil: bool,
    reason: str | None,
    out_dir: Path,
    as_json: bool,
) -> None:
    """Report every application whose notice has ended, with one letter, in one transaction; or --none."""
    if reason is not None and not nil:
        raise BadInput("--reason: goes with --none (the nil return)")
    nil_reason = (reason or "") if nil else None
    filed = report_packages.report(ws, cycle_id, parse_actor(role), letter, out_dir, nil_reason)
    emit(filed, as_json, _package_text)


@recommendation_group.command("status")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@with_workspace
@json_option
def recommendation_status(ws: Workspace, cycle_id: int, as_json: bool) -> None:
    """Every province: reported (with how many), nil return, or not yet."""
    rows = report_packages.round_status(ws, cycle_id)
    emit(
        rows,
        as_json,
        lambda rs: "\n".join(
            f"{r.province} {r.name:10} {r.state.label}"
            + (f" v{r.version}, {r.applications} application(s), {r.at:%Y-%m-%d %H:%M}" if r.at else "")
            for r in rs
        ),
    )


@recommendation_group.command("versions")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--province", required=True, help="division code")
@with_workspace
@json_option
def recommendation_versions(ws: Workspace, cycle_id: int, province: str, as_json: bool) -> None:
    """Every version of a province's package, oldest first (amendments are kept)."""
    rows = report_packages.packages(ws, cycle_id, province_code(province, "--province"))
    emit(rows, as_json, lambda rs: "\n".join(_package_text(r) for r in rs) or "nothing reported")


def _lines_text(rows: list[overview.ApplicationLine]) -> str:
    out = []
    for r in rows:
        due = f"{r.next_deadline} {r.deadline_title}，剩余{r.working_days_left}个工作日" if r.next_deadline else "—"
        missing = "；".join(r.missing) or "—"
        out.append(
            f"{r.id:>5} {r.organisation}（{r.category_name}，{r.province_name}）\n"
            f"      {r.stage_title} 自{r.since:%Y-%m-%d %H:%M}；尚缺：{missing}；下一截止：{due}"
        )
    return "\n".join(out) or "no applications"


@click.group("applications")
def applications_group() -> None:
    """Lists of applications with names: stage and since when, what is missing, the next deadline."""


@applications_group.command("list")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--province", help="only this province (division code)")
@click.option("--category", help="only this category")
@click.option("--stage", help="only this stage")
@click.option("--xlsx", "xlsx", type=click.Path(path_type=Path), help="write the list to this .xlsx file")
@with_workspace
@json_option
def applications_list(
    ws: Workspace,
    cycle_id: int,
    province: str | None,
    category: str | None,
    stage: str | None,
    xlsx: Path | None,
    as_json: bool,
) -> None:
    """Every application of a cycle with its stage, since when, what is missing and its next deadline."""
    code = province_code(province, "--province") if province else None
    rows = overview.list_applications(ws, cycle_id, code, category, stage)
    if xlsx is not None:
        overview.write_applications_xlsx(ws, cycle_id, xlsx, code, category, stage)
        click.echo(f"{len(rows)} application(s) written to {xlsx}", err=as_json)
    emit(rows, as_json, _lines_text)
