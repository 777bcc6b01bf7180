"""Commands of the national office: evaluation against the indicators, the published lists, the register.

Each calls one service and prints its typed result (``--json`` prints the same object).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from engine.cli.common import ID, emit, json_option, parse_actor, with_workspace
from engine.kernel.errors import BadInput
from engine.services.evaluation import indicator_sets, score_records, score_sheets
from engine.services.national import fraud, namelists, recognition_register
from engine.services.publicity.published_copies import NATIONAL_OFFICE_ZH
from engine.services.reference import pilots
from engine.services.shared import reference_audit
from engine.services.shared.reference_audit import ReferenceDiff
from engine.store.workspace import Workspace

AS_NATIONAL = "national (only the national office may)"


def _diff_text(d: ReferenceDiff) -> str:
    return d.text()


def _scores(pairs: tuple[str, ...]) -> dict[str, str]:
    """``I1=90 I2=80`` as {indicator: score text}; a pair without ``=`` is bad input."""
    out: dict[str, str] = {}
    for pair in pairs:
        code, sep, value = pair.partition("=")
        if not sep or not code.strip():
            raise BadInput(f"--score: {pair!r} is not INDICATOR=SCORE (e.g. I1=85)")
        out[code.strip()] = value.strip()
    if not out:
        raise BadInput("--score: give at least one INDICATOR=SCORE")
    return out


def _evaluations_text(d: score_records.ScoresRecorded) -> str:
    lines = [f"cycle {d.cycle}: {d.scores} score(s) recorded"]
    for v in d.evaluations:
        state = f"rank {v.rank} of {v.ranked}" if v.complete else "incomplete: " + "; ".join(v.missing)
        lines.append(f"  {v.application} {v.organisation} ({v.purpose}): total {v.total:g}/{v.full_mark:g}, {state}")
    return "\n".join(lines)


# -- evaluation -----------------------------------------------------------------------------


@click.group("evaluation")
def evaluation_group() -> None:
    """Evaluation against the indicators (附件3): indicator sets, acceptance standards, scores, rankings."""


@evaluation_group.command("indicators")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--as", "role", required=True, metavar="ROLE", help=AS_NATIONAL)
@click.option("--dry-run", is_flag=True, help="print the difference and change nothing")
@click.option("--category", default=None, help="load this category's own set (B6), used for it instead")
@with_workspace
@json_option
def evaluation_indicators(
    ws: Workspace, file: Path, cycle_id: int, role: str, dry_run: bool, category: str | None, as_json: bool
) -> None:
    """Load the cycle's indicator set: YAML `indicators: [{id, name, weight, maximum}]` or CSV/XLSX."""
    loaded = indicator_sets.load_indicators(ws, cycle_id, file, parse_actor(role), dry_run, category=category)
    emit(loaded, as_json, _diff_text)


@evaluation_group.command("standard")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--as", "role", required=True, metavar="ROLE", help=AS_NATIONAL)
@click.option("--dry-run", is_flag=True, help="print the difference and change nothing")
@click.option("--category", default=None, help="the standard of this category's own set (loaded first)")
@with_workspace
@json_option
def evaluation_standard(
    ws: Workspace, file: Path, cycle_id: int, role: str, dry_run: bool, category: str | None, as_json: bool
) -> None:
    """Load the acceptance standard: YAML `thresholds: [{indicator, minimum}]` or CSV/XLSX (indicator `total`)."""
    loaded = indicator_sets.load_standard(ws, cycle_id, file, parse_actor(role), dry_run, category=category)
    emit(loaded, as_json, _diff_text)


@evaluation_group.command("show")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@with_workspace
@json_option
def evaluation_show(ws: Workspace, cycle_id: int, as_json: bool) -> None:
    """The cycle's indicator set and acceptance standard, and each category's own set (``sets``)."""
    data = {
        "indicators": indicator_sets.list_indicators(ws, cycle_id),
        "standard": indicator_sets.list_standard(ws, cycle_id),
        "sets": indicator_sets.indicator_sets(ws, cycle_id),
    }

    def text(d: dict[str, Any]) -> str:
        lines = []
        for one in d["sets"]:
            if one.indicators or one.category is None:
                lines.append(f"[{one.category or 'cycle'}] applies to: {', '.join(one.applies_to) or 'none'}")
            lines += [f"{i.id} {i.name}: weight {i.weight:g}, maximum {i.maximum:g}" for i in one.indicators]
            lines += [f"standard: {t.indicator} >= {t.minimum:g}" for t in one.standard]
        return "\n".join(lines) if any(one.indicators for one in d["sets"]) else "none"

    emit(data, as_json, text)


@evaluation_group.command("score")
@click.argument("application_id", type=ID)
@click.option("--reviewer", required=True, help="the reviewer (专家) the scores are from")
@click.option("--score", "pairs", multiple=True, metavar="INDICATOR=SCORE", help="repeat for each indicator")
@click.option("--as", "role", required=True, metavar="ROLE", help=AS_NATIONAL)
@with_workspace
@json_option
def evaluation_score(
    ws: Workspace, application_id: int, reviewer: str, pairs: tuple[str, ...], role: str, as_json: bool
) -> None:
    """Enter one reviewer's scores of one application (the evaluation its stage holds)."""
    result = score_records.record_scores(ws, application_id, reviewer, _scores(pairs), parse_actor(role))
    emit(result, as_json, _evaluations_text)


@evaluation_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--as", "role", required=True, metavar="ROLE", help=AS_NATIONAL)
@with_workspace
@json_option
def evaluation_import(ws: Workspace, file: Path, cycle_id: int, role: str, as_json: bool) -> None:
    """Import the score sheet (`evaluation sheet`, filled) or CSV/XLSX `application,reviewer,indicator,score`; any
    bad row imports nothing."""
    emit(score_sheets.import_scores(ws, cycle_id, file, parse_actor(role)), as_json, _evaluations_text)


@evaluation_group.command("sheet")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="the .xlsx to write")
@with_workspace
@json_option
def evaluation_sheet(ws: Workspace, cycle_id: int, out: Path, as_json: bool) -> None:
    """Write the score sheet: each application under review by unit, USCC and category, a column per indicator;
    `evaluation import` reads it back filled."""
    done = score_sheets.write_score_sheet(ws, cycle_id, out)
    emit(done, as_json, lambda d: f"{out}: {d.applications} application(s); indicators: {', '.join(d.indicators)}")


@evaluation_group.command("ranking")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--purpose", type=click.Choice(["selection", "acceptance"]), default="selection", show_default=True)
@click.option("--category")
@click.option("--xlsx", "xlsx", type=click.Path(path_type=Path), help="write the ranking as a sheet")
@with_workspace
@json_option
def evaluation_ranking(
    ws: Workspace, cycle_id: int, purpose: str, category: str | None, xlsx: Path | None, as_json: bool
) -> None:
    """Totals and ranks per category (ties share a rank); incomplete evaluations last."""
    views = score_records.ranking(ws, cycle_id, purpose, category)
    if xlsx is not None:
        score_records.write_ranking_xlsx(ws, cycle_id, views, None, xlsx)  # each category's set's columns
    emit(
        views,
        as_json,
        lambda rows: (
            "\n".join(
                f"{r.category:16} {r.rank if r.rank else '-':>3} {r.total:7g} {r.application:5} {r.organisation} "
                f"({r.province})" + ("" if r.complete else "  incomplete: " + "; ".join(r.missing))
                for r in rows
            )
            or "none"
        ),
    )


@evaluation_group.command("decisions")
@click.argument("application_id", type=ID)
@with_workspace
@json_option
def evaluation_decisions(ws: Workspace, application_id: int, as_json: bool) -> None:
    """The evaluations the decisions on an application rested on (rank at selection, standard at acceptance)."""
    emit(
        score_records.decisions(ws, application_id),
        as_json,
        lambda rows: (
            "\n".join(
                f"{r.at.isoformat()} {r.decision} ({r.purpose}): total {r.total:g}"
                + (f", rank {r.rank} of {r.ranked}" if r.rank else "")
                + ("" if r.met is None else f", standard {'met' if r.met else 'not met'}")
                for r in rows
            )
            or "none"
        ),
    )


@evaluation_group.command("log")
@click.option("--reference", type=click.Choice(reference_audit.REFERENCES), help="only this list")
@with_workspace
@json_option
def evaluation_log(ws: Workspace, reference: str | None, as_json: bool) -> None:
    """Every change to a reference list, a cycle, an address or the calendar: who, when, before and after."""
    emit(
        reference_audit.reference_log(ws, reference),
        as_json,
        lambda rows: (
            "\n".join(f"{r.at.isoformat()} {r.by} {r.reference}: {r.line.text()} ({r.source})" for r in rows) or "none"
        ),
    )


# -- published lists ------------------------------------------------------------------------


@click.group("list")
def list_group() -> None:
    """The lists CNIPA publishes: 创建对象名单, 评估验收结果, 示范单位名单."""


@list_group.command("publish")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option(
    "--kind", required=True, type=click.Choice(["creation-objects", "acceptance-results", "demonstration-units"])
)
@click.option("--format", "fmt", required=True, type=click.Choice(list(namelists.FORMATS)))
@click.option("--out", type=click.Path(path_type=Path), help="the file (required for docx and xlsx)")
@click.option("--as", "role", default="national", show_default=True, metavar="ROLE")
@with_workspace
@json_option
def list_publish(ws: Workspace, cycle_id: int, kind: str, fmt: str, out: Path | None, role: str, as_json: bool) -> None:
    """Publish a list of the cycle, grouped by category; refused while its public notice runs."""
    result = namelists.publish_list(ws, cycle_id, kind, fmt, parse_actor(role), out)
    emit(
        result,
        as_json,
        lambda d: (
            d.text
            if d.text is not None
            else f"wrote {d.file}: {d.title} ({d.document}), {sum(len(g.units) for g in d.groups)} unit(s)"
        ),
    )


# -- the register of demonstration units ----------------------------------------------------


@click.group("recognitions")
def recognitions_group() -> None:
    """The register of demonstration units (示范单位): B5 reads it; 摘牌 (B9) and fraud (B10) end a row."""


@recognitions_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--programme", "programme_id", help="when a category id is defined by several programmes")
@click.option("--as", "role", required=True, metavar="ROLE", help=AS_NATIONAL)
@click.option("--dry-run", is_flag=True, help="print the difference and change nothing")
@with_workspace
@json_option
def recognitions_import(
    ws: Workspace, file: Path, programme_id: str | None, role: str, dry_run: bool, as_json: bool
) -> None:
    """Import CSV/XLSX `organisation,category,year` (organisation: id, USCC, exact name or division code)."""
    emit(pilots.import_recognitions(ws, file, parse_actor(role), programme_id, dry_run), as_json, _diff_text)


def _register_text(rows: list[recognition_register.RecognitionView]) -> str:
    return (
        "\n".join(
            f"{r.id:4} {r.year} {r.status:9} {r.category_name} {r.organisation} ({r.province or '-'}) [{r.source}]"
            for r in rows
        )
        or "none"
    )


@recognitions_group.command("list")
@click.option("--category", help="category id, e.g. county or demo-county")
@click.option("--province", help="province code or name")
@click.option("--status", type=click.Choice(["valid", "revoked", "cancelled"]))
@click.option("--xlsx", "xlsx", type=click.Path(path_type=Path), help="write the register as a sheet")
@with_workspace
@json_option
def recognitions_list(
    ws: Workspace, category: str | None, province: str | None, status: str | None, xlsx: Path | None, as_json: bool
) -> None:
    """Every demonstration unit, whatever its origin (a cycle here, the 2023 programme, an imported list)."""
    rows = recognition_register.list_recognitions(ws, category, province, status)
    if xlsx is not None:
        recognition_register.write_register_xlsx(rows, xlsx, NATIONAL_OFFICE_ZH, ws.clock.now())
    emit(rows, as_json, _register_text)


@recognitions_group.command("evaluate")
@click.argument("recognition_id", type=ID)
@click.option("--cycle", "cycle_id", type=ID, required=True, help="the cycle whose indicators and standard apply")
@click.option("--reviewer", required=True)
@click.option("--score", "pairs", multiple=True, metavar="INDICATOR=SCORE", help="repeat for each indicator")
@click.option("--as", "role", required=True, metavar="ROLE", help=AS_NATIONAL)
@with_workspace
@json_option
def recognitions_evaluate(
    ws: Workspace, recognition_id: int, cycle_id: int, reviewer: str, pairs: tuple[str, ...], role: str, as_json: bool
) -> None:
    """Record an effectiveness evaluation (成效评估, B9) of a unit; a revocation cites it."""
    r = score_records.evaluate_unit(ws, recognition_id, cycle_id, reviewer, _scores(pairs), parse_actor(role))
    emit(
        r,
        as_json,
        lambda d: (
            f"evaluation {d.id} of recognition {d.recognition}: total {d.total:g}"
            + ("" if d.met is None else f", standard {'met' if d.met else 'not met'}")
        ),
    )


def _ended_text(d: recognition_register.RecognitionEnded) -> str:
    moved = f"; application {d.recognition.application} -> {d.application_moved_to}" if d.application_moved_to else ""
    return f"recognition {d.recognition.id} {d.recognition.organisation}: {d.recognition.status}{moved}"


@recognitions_group.command("revoke")
@click.argument("recognition_id", type=ID)
@click.option("--reason", required=True, help="why the unit loses the title (sent to the unit and its province)")
@click.option("--evaluation", "evaluation_id", type=ID, help="the effectiveness evaluation it rests on")
@click.option("--as", "role", required=True, metavar="ROLE", help=AS_NATIONAL)
@with_workspace
@json_option
def recognitions_revoke(
    ws: Workspace, recognition_id: int, reason: str, evaluation_id: int | None, role: str, as_json: bool
) -> None:
    """摘牌 (B9): end a recognition on an effectiveness evaluation that fell short."""
    result = recognition_register.revoke_recognition(ws, recognition_id, reason, parse_actor(role), evaluation_id)
    emit(result, as_json, _ended_text)


@click.command("cancel-recognition")
@click.argument("recognition_id", type=ID)
@click.option("--reason", required=True, help="what was found")
@click.option("--as", "role", required=True, metavar="ROLE", help=AS_NATIONAL)
@with_workspace
@json_option
def fraud_cancel_recognition(ws: Workspace, recognition_id: int, reason: str, role: str, as_json: bool) -> None:
    """Cancel a demonstration unit's recognition for fraud (B10), whatever its origin."""
    emit(fraud.cancel_recognition(ws, recognition_id, parse_actor(role), reason), as_json, _ended_text)
