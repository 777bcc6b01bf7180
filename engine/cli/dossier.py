"""Commands for an application's dossier (materials, declarations) and for fraud (A9, B10)."""

from __future__ import annotations

from pathlib import Path

import click

from engine.cli.common import ID, emit, json_option, parse_actor, with_workspace
from engine.cli.group import LazyGroup
from engine.cli.registry import SUBCOMMANDS
from engine.services.applications import dossier
from engine.services.national import fraud
from engine.store.workspace import Workspace

AS_HELP = "applicant:<organisation id> or province:<division code>"


def _materials_text(d: dossier.MaterialsView | dossier.MaterialsFiled) -> str:
    lines = [f"application {d.application} materials:"]
    lines += [
        f"  {'✓' if m.present else '✗'} {m.id:20} {m.title}" + (f"  [{m.file.name}]" if m.file else "")
        for m in d.materials
    ]
    return "\n".join(lines)


def _declarations_text(d: dossier.DeclarationsView | dossier.DeclarationsChanged) -> str:
    def state(x: dossier.Declaration) -> str:
        found = {None: "not reviewed", True: "met", False: "NOT met"}[x.met]
        return f"attested, {found}" if x.attested else "not attested"

    return "\n".join(
        [f"application {d.application} conditions:"] + [f"  {x.number}. [{state(x)}] {x.text}" for x in d.declarations]
    )


@click.group("material")
def material_group() -> None:
    """The materials checklist of an application (A8)."""


@material_group.command("add")
@click.argument("application_id", type=ID)
@click.argument("material")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--as", "role", required=True, metavar="ROLE", help=AS_HELP)
@with_workspace
@json_option
def material_add(ws: Workspace, application_id: int, material: str, file: Path, role: str, as_json: bool) -> None:
    """File FILE as MATERIAL (a checklist id) of an application."""
    emit(dossier.add_material(ws, application_id, material, file, parse_actor(role)), as_json, _materials_text)


@material_group.command("list")
@click.argument("application_id", type=ID)
@with_workspace
@json_option
def material_list(ws: Workspace, application_id: int, as_json: bool) -> None:
    """The checklist with what is on record and what is missing."""
    emit(dossier.show_materials(ws, application_id), as_json, _materials_text)


@click.group("declaration")
def declaration_group() -> None:
    """Qualitative conditions (A3, A5, B3): attested by the applicant, found on by the province."""


@declaration_group.command("attest")
@click.argument("application_id", type=ID)
@click.argument("numbers", type=ID, nargs=-1, required=True)
@click.option("--as", "role", required=True, metavar="applicant:ID")
@with_workspace
@json_option
def declaration_attest(ws: Workspace, application_id: int, numbers: tuple[int, ...], role: str, as_json: bool) -> None:
    """Attest conditions NUMBERS (as numbered in the definition)."""
    emit(dossier.attest(ws, application_id, list(numbers), parse_actor(role)), as_json, _declarations_text)


@declaration_group.command("find")
@click.argument("application_id", type=ID)
@click.argument("number", type=ID)
@click.option("--met/--not-met", required=True, help="the province's finding")
@click.option("--note", help="the review's remark")
@click.option("--as", "role", required=True, metavar="province:CODE")
@with_workspace
@json_option
def declaration_find(
    ws: Workspace, application_id: int, number: int, met: bool, note: str | None, role: str, as_json: bool
) -> None:
    """Record the province's finding on condition NUMBER."""
    result = dossier.record_finding(ws, application_id, number, met, note, parse_actor(role))
    emit(result, as_json, _declarations_text)


@declaration_group.command("list")
@click.argument("application_id", type=ID)
@with_workspace
@json_option
def declaration_list(ws: Workspace, application_id: int, as_json: bool) -> None:
    """Each condition: attested? found met?"""
    emit(dossier.show_declarations(ws, application_id), as_json, _declarations_text)


@click.group("fraud", cls=LazyGroup, lazy=SUBCOMMANDS["fraud"])
def fraud_group() -> None:
    """Fraud: disqualification with its finding and notices of criticism."""


@fraud_group.command("disqualify")
@click.argument("application_id", type=ID)
@click.option("--reason", required=True, help="what was found")
@click.option("--as", "role", default="national", show_default=True, metavar="ROLE")
@with_workspace
@json_option
def fraud_disqualify(ws: Workspace, application_id: int, reason: str, role: str, as_json: bool) -> None:
    """Disqualify for fraud and record the criticisms the programme prescribes."""
    result = fraud.disqualify_for_fraud(ws, application_id, parse_actor(role), reason)
    emit(
        result,
        as_json,
        lambda d: "\n".join(
            [f"application {d.id}: {d.from_} -> {d.stage}"]
            + [f"  通报批评: {c.body} ({c.division_code})" for c in d.criticised]
        ),
    )


@fraud_group.command("criticisms")
@click.option("--cycle", "cycle_id", type=ID, required=True)
@with_workspace
@json_option
def fraud_criticisms(ws: Workspace, cycle_id: int, as_json: bool) -> None:
    """The notices of criticism recorded in a cycle."""
    emit(
        fraud.list_criticisms(ws, cycle_id),
        as_json,
        lambda rows: (
            "\n".join(f"{r.at.isoformat()} {r.body} (application {r.application}): {r.reason}" for r in rows) or "none"
        ),
    )
