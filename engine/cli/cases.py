"""``ipcycle case``: case calls (typical cases C, TISC excellent cases D) over the case service functions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from engine.cli.common import EDITION, ID, PHASE, emit, json_option, parse_actor, with_workspace
from engine.kernel.errors import Refused
from engine.services.cases import check as casecheck
from engine.services.cases import collection as casecollection
from engine.services.cases import export as caseexport
from engine.services.cases import publish as casepublish
from engine.services.cases import submission as cases
from engine.services.cases.minimums import CaseMinimums, case_minimums
from engine.store.workspace import Workspace

ROLE_HELP = "applicant:<organisation id>, province:<division code> or national"
EDITION_HELP = (
    "the programme's edition number, as cycles are opened with (typical-cases: the year of the call, "
    "2024 = batch 3, 2023 = batch 2 as in seed 002; see the definition's cases.list_titles)"
)


@click.group("case")
def case() -> None:
    """Case calls: submit and check case texts, minimums, summary tables, published lists."""


def form_options(fn: Any) -> Any:
    """The fields of the application form (C4) and the phase/theme (D4), when not in the document."""
    for opt in reversed(
        [
            click.option("--phase", type=PHASE, help="phase number, for calls with phases (D4)"),
            click.option("--theme", help="the case's theme (D4) or 案例类型 (C2, C5)"),
            click.option("--region", help="案例地区, e.g. 江苏省苏州市昆山市"),
            click.option("--name", help="案例名称 (default: the document's title)"),
            click.option("--abstract", help="案例摘要"),
            click.option("--contact", help="案例联系人及联系方式"),
            click.option("--period", help="案例时间, e.g. 2020年至今 (D2)"),
        ]
    ):
        fn = opt(fn)
    return fn


@case.command("submit")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--as", "role", required=True, metavar="ROLE", help=ROLE_HELP)
@click.option("--file", "path", type=click.Path(path_type=Path, exists=True, dir_okay=False), required=True)
@form_options
@with_workspace
@json_option
def case_submit(ws: Workspace, cycle_id: int, role: str, path: Path, as_json: bool, **form: Any) -> None:
    """Submit a case (.docx, .md or .txt in the template of attachment 1); every broken rule is listed (exit 3)."""
    result = cases.submit_case(ws, cycle_id, parse_actor(role), path, **form)
    emit(
        result,
        as_json,
        lambda d: (
            f"case {d.id} “{d.name}”: {d.stage} ({d.length.total} 字"
            f"{', ' + d.region if d.region else ''})" + "".join(f"\n  warning: {w}" for w in d.warnings)
        ),
    )


@case.command("check")
@click.argument("path", metavar="FILE", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--as", "role", metavar="ROLE", help=f"also check who submits: {ROLE_HELP} (eligibility, the cap)")
@form_options
@with_workspace
@json_option
def case_check(ws: Workspace, path: Path, cycle_id: int, role: str | None, as_json: bool, **form: Any) -> None:
    """Check a draft against the cycle's rules now, deadline included, without submitting; exit 3 if
    submit would refuse it."""
    report = casecheck.check_case(ws, cycle_id, path, actor=parse_actor(role) if role else None, **form)
    emit(report, as_json, _check_text)
    if not report.ok:
        raise Refused(f"{path} would be refused", report.failed())


def _check_text(d: casecheck.CaseCheck) -> str:
    unit = "字 (Word)" if d.count == "zi" else "characters"
    lines = [f"{d.file}: {'ok' if d.ok else 'would be refused'} — counted in {unit}; the other count beside it"]
    for r in d.lengths:
        bounds = "–".join(str(b) for b in (r.min, r.max) if b is not None)
        limit = f"  limit {bounds}" if bounds else ""
        lines.append(f"  {r.label:10} {r.zi:5} 字  {r.chars:5} 字符{limit}")
    lines += [f"  [{v.rule_id}] {v.reason_zh}" for v in d.failed()]
    lines += [f"  warning: {w}" for w in d.warnings]
    return "\n".join(lines)


@case.command("minimums")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@with_workspace
@json_option
def case_minimums_cmd(ws: Workspace, cycle_id: int, as_json: bool) -> None:
    """Minimum counts (D5) and who is below them now."""
    emit(case_minimums(ws, cycle_id), as_json, _minimums_text)


def _minimums_text(d: CaseMinimums) -> str:
    lines = [f"cycle {d.cycle} {d.programme} {d.edition} at {d.now.isoformat()}"]
    if not d.requirements:
        lines.append("  no minimums")
    for r in d.requirements:
        phase = f" phase {r.phase}" if r.phase else ""
        below = [e for e in r.entries if e.missing]
        due = r.due.isoformat() if r.due else None
        lines.append(f"  [{r.rule}] ≥{r.at_least} per {r.per}{phase} by {due}: {len(below)} below")
        lines += [f"    {e.name}: {e.count} (missing {e.missing})" for e in below]
    return "\n".join(lines)


@case.command("export")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--as", "role", required=True, metavar="ROLE", help=ROLE_HELP)
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), required=True, help="FILE.xlsx")
@click.option(
    "--table",
    type=click.Choice(caseexport.TABLES),
    help="form (申报表: a submitter's), summary (案例汇总表: a province's), all (national); default by role",
)
@click.option("--phase", type=PHASE, help="only this phase's cases, for calls with phases (D4, D6)")
@with_workspace
@json_option
def case_export(
    ws: Workspace, cycle_id: int, role: str, out: Path, table: str | None, phase: int | None, as_json: bool
) -> None:
    """Write the role's table of the cycle's cases as .xlsx."""
    result = caseexport.export_cases(ws, cycle_id, parse_actor(role), out, table, phase)
    emit(result, as_json, lambda d: f"{d.title} ({d.from_}): {d.rows} cases -> {d.file}")


@case.command("publish")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--format", "fmt", type=click.Choice(casepublish.FORMATS), required=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="file to write (md/html: else stdout)")
@click.option("--title", help="the list's title (default: the definition's title for the edition)")
@click.option("--as", "role", default="national", show_default=True, metavar="ROLE", help="who publishes")
@with_workspace
@json_option
def case_publish(
    ws: Workspace, cycle_id: int, fmt: str, out: Path | None, title: str | None, role: str, as_json: bool
) -> None:
    """Publish the selected cases (the national office's step): record the list and render it like 002."""
    result = casepublish.publish_cases(ws, cycle_id, fmt, out, title, parse_actor(role))
    if result.text is not None and not as_json:
        click.echo(result.text, nl=False)
        return
    emit(result, as_json, lambda d: f"{d.title}: {len(d.cases)} cases -> {d.file}")


@case.command("collection")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True, help="FILE.docx")
@click.option("--as", "role", default="national", show_default=True, metavar="ROLE", help="who compiles it")
@with_workspace
@json_option
def case_collection(ws: Workspace, cycle_id: int, out: Path, role: str, as_json: bool) -> None:
    """Compile the selected cases into a case collection (案例集, D7) as .docx."""
    result = casecollection.compile_collection(ws, cycle_id, parse_actor(role), out)
    emit(result, as_json, lambda d: f"{d.title}: {len(d.cases)} cases -> {d.file}")


@case.command("import-published")
@click.argument("path", metavar="FILE", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--programme", "programme_id", required=True)
@click.option("--edition", type=EDITION, required=True, help=EDITION_HELP)
@with_workspace
@json_option
def case_import_published(ws: Workspace, path: Path, programme_id: str, edition: int, as_json: bool) -> None:
    """Record a published list (序号/案例名称/案例摘要, like seed 002) as an edition's outcome."""
    result = casepublish.import_published(ws, path, programme_id, edition)
    emit(
        result,
        as_json,
        lambda d: (
            f"{d.programme} {d.edition}: {d.cases} cases recorded"
            + (f", {d.linked} linked to their applications" if d.linked else "")
            + (" (unchanged)" if d.unchanged else f" (replacing {d.replaced})" if d.replaced else "")
        ),
    )


@case.command("check-published")
@click.option("--edition", type=EDITION, required=True, help=EDITION_HELP)
@click.option("--against-cycle", "cycle_id", type=ID, required=True)
@click.option("--programme", "programme_id", help="whose list (default: the cycle's programme)")
@with_workspace
@json_option
def case_check_published(ws: Workspace, edition: int, cycle_id: int, programme_id: str | None, as_json: bool) -> None:
    """List the cases of a recorded list that break the cycle's form rules (name, abstract)."""
    result = casepublish.check_published(ws, edition, cycle_id, programme_id)
    emit(
        result,
        as_json,
        lambda d: "\n".join(
            [
                f"{d.programme} {d.edition}: {len(d.cases)} of {d.checked} cases break "
                + ", ".join(f"{f} ≤ {lim['max']}" for f, lim in d.limits.items() if "max" in lim)
                + f" ({'Word 字数' if d.count == 'zi' else 'characters'})"
            ]
            + [
                f"  {c.number:3} {c.name}: " + ", ".join(f"{v.field} {v.count} > {v.limit}" for v in c.violations)
                for c in d.cases
            ]
        ),
    )
