"""Commands of the engine core: init, programme, cycle, org, apply, fire, next, status, history, tick."""

from __future__ import annotations

from pathlib import Path

import click

from engine.cli.common import EDITION, ID, emit, json_option, parse_actor, with_workspace
from engine.cli.group import LazyGroup
from engine.cli.registry import SUBCOMMANDS
from engine.definition.loader import load_definition_file
from engine.kernel.errors import BadInput
from engine.services.applications import stage_moves, timers, trail
from engine.services.programmes import cycles, programme_definitions
from engine.services.province import liaison
from engine.services.reference import organisations
from engine.store.core import TimerStatus
from engine.store.workspace import Workspace


@click.command()
@with_workspace(creates=True)
@json_option
def init(ws: Workspace, as_json: bool) -> None:
    """Create the schema (safe to repeat) and load the bundled programme definitions."""
    ws.create_schema()
    loaded = programme_definitions.load_programmes(ws)
    liaison.ensure_provincial_offices(ws)  # the 31 provincial offices and the XPCC's
    emit(
        {"database": ws.shown_url, "loaded": loaded},
        as_json,
        lambda d: (
            f"database ready: {d['database']}\n"
            + "".join(f"loaded {x.id} ({x.hash})\n" for x in d["loaded"])
            + ("" if d["loaded"] else "definitions up to date")
        ),
    )


@click.group()
def programme() -> None:
    """Programme definitions (workflows/*.yaml)."""


@programme.command("list")
@with_workspace
@json_option
def programme_list(ws: Workspace, as_json: bool) -> None:
    """List the loaded programmes."""
    emit(
        programme_definitions.list_programmes(ws),
        as_json,
        lambda rows: "\n".join(f"{r.id:28} {r.visibility:8} {r.title}" for r in rows),
    )


@programme.command("show")
@click.argument("programme_id")
@with_workspace
@json_option
def programme_show(ws: Workspace, programme_id: str, as_json: bool) -> None:
    """Show a programme's categories, stages, events and milestones."""
    programme = programme_definitions.current_programme(ws, programme_id)
    emit(programme_definitions.programme_summary(programme), as_json, _programme_text)


def _programme_text(p: programme_definitions.ProgrammeSummary) -> str:
    lines = [f"{p.id}: {p.title}", f"  {p.issuer} {p.document} ({p.visibility})", "  categories:"]
    lines += [f"    {c.id:18} {c.name}" for c in p.categories]
    lines.append("  stages:")
    lines += [f"    {s.id:22} {s.title}" + ("  (final)" if s.final else "") for s in p.stages]
    lines.append("  milestones:")
    lines += [f"    {m.id:22} {m.title}  {m.due}" for m in p.milestones]
    lines.append("  events: " + ", ".join(p.events))
    return "\n".join(lines)


@programme.command("validate")
@click.argument("file", type=click.Path(path_type=Path))
@json_option
def programme_validate(file: Path, as_json: bool) -> None:
    """Check a definition file; problems are printed as FILE:LINE: message (exit 2)."""
    _, p = load_definition_file(file)
    emit({"file": str(file), "id": p.id, "ok": True}, as_json, lambda d: f"{d['file']}: ok ({d['id']})")


@programme.command("diagram")
@click.argument("programme_id")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid", show_default=True)
@with_workspace
def programme_diagram(ws: Workspace, programme_id: str, fmt: str) -> None:
    """Draw the stage graph (Mermaid or Graphviz dot)."""
    click.echo(programme_definitions.diagram(programme_definitions.current_programme(ws, programme_id), fmt), nl=False)


@programme.command("schema")
def programme_schema() -> None:
    """Print the JSON Schema of the definition format (for editors)."""
    emit(programme_definitions.definition_schema(), True)


@click.group(cls=LazyGroup, lazy=SUBCOMMANDS["cycle"])
def cycle() -> None:
    """Cycles: dated editions of a programme."""


@cycle.command("open")
@click.argument("programme_id")
@click.option("--edition", type=EDITION, required=True, help="edition year, e.g. 2025")
@click.option(
    "--dates",
    "dates_file",
    type=click.Path(path_type=Path),
    help="YAML mapping milestone id to date; wins over the definition",
)
@click.option("--as", "role", required=True, metavar="ROLE", help="national (only the national office opens a cycle)")
@with_workspace
@json_option
def cycle_open(
    ws: Workspace, programme_id: str, edition: int, dates_file: Path | None, role: str, as_json: bool
) -> None:
    """Open an edition of a programme with its dated milestones."""
    actor = parse_actor(role)
    given = cycles.read_dates_file(dates_file) if dates_file else None
    emit(cycles.open_cycle(ws, programme_id, edition, given, actor), as_json, _cycle_text)


@cycle.command("show")
@click.argument("cycle_id", type=ID)
@with_workspace
@json_option
def cycle_show(ws: Workspace, cycle_id: int, as_json: bool) -> None:
    """Show a cycle and its milestones."""
    emit(cycles.show_cycle(ws, cycle_id), as_json, _cycle_text)


@cycle.command("list")
@with_workspace
@json_option
def cycle_list(ws: Workspace, as_json: bool) -> None:
    """List the cycles."""
    emit(
        cycles.list_cycles(ws),
        as_json,
        lambda rows: "\n".join(f"{c.id:4} {c.programme:28} {c.edition} {c.status}" for c in rows) or "no cycles",
    )


def _cycle_text(c: cycles.CycleSummary) -> str:
    lines = [f"cycle {c.id}: {c.title} {c.edition} ({c.status}, definition {c.definition_hash})"]
    lines += [f"  {m.due}  {m.id:22} {m.title}" for m in c.milestones]
    return "\n".join(lines)


@click.group(cls=LazyGroup, lazy=SUBCOMMANDS["org"])
def org() -> None:
    """Organisations (申报单位)."""


@org.command("add")
@click.option("--name", required=True)
@click.option("--kind", required=True, help=", ".join(organisations.KINDS))
@click.option("--division", help="six-digit administrative division code")
@click.option("--uscc", help="unified social credit code (18 characters)")
@click.option("--email")
@click.option(
    "--attr",
    "attrs",
    multiple=True,
    metavar="KEY=VALUE",
    help="attribute such as entity_form=llc, education_level=undergraduate, park_level=national",
)
@click.option("--as", "role", required=True, metavar="ROLE", help="national, or province:CODE for its own")
@with_workspace
@json_option
def org_add(
    ws: Workspace,
    name: str,
    kind: str,
    division: str | None,
    uscc: str | None,
    email: str | None,
    attrs: tuple[str, ...],
    role: str,
    as_json: bool,
) -> None:
    """Register an organisation; prints its id."""
    attributes = {}
    for a in attrs:
        key, sep, value = a.partition("=")
        if not sep or not key:
            raise BadInput(f"--attr: {a!r} is not KEY=VALUE")
        attributes[key] = value
    o = organisations.add_organisation(ws, name, kind, division, uscc, email, attributes, parse_actor(role))
    emit(o, as_json, lambda d: f"organisation {d.id}: {d.name}")


@org.command("list")
@with_workspace
@json_option
def org_list(ws: Workspace, as_json: bool) -> None:
    """List organisations."""
    emit(
        organisations.list_organisations(ws),
        as_json,
        lambda rows: "\n".join(f"{o.id:5} {o.kind:18} {o.division_code or '':7} {o.name}" for o in rows) or "none",
    )


@click.command()
@click.option("--cycle", "cycle_id", type=ID, required=True)
@click.option("--category", required=True)
@click.option("--org", "org_id", type=ID, required=True, help="the applying organisation's id")
@click.option("--province", help="province code, when the organisation has no division code")
@click.option("--track", help="a track the category offers, chosen now (2023 demo-county: gi, the GI county)")
@with_workspace
@json_option
def apply(
    ws: Workspace, cycle_id: int, category: str, org_id: int, province: str | None, track: str | None, as_json: bool
) -> None:
    """Apply in a category, acting as the organisation (checked against the category's rules)."""
    actor = parse_actor(f"applicant:{org_id}")
    emit(
        stage_moves.apply(ws, cycle_id, category, org_id, actor, province, track),
        as_json,
        lambda d: f"application {d.id}: {d.stage}",
    )


@click.command()
@click.argument("application_id", type=ID)
@click.argument("event")
@click.option(
    "--as",
    "role",
    required=True,
    metavar="ROLE",
    help="national, province:<division code> or applicant:<organisation id>",
)
@click.option("--reason", help="why (recorded in the history)")
@with_workspace
@json_option
def fire(ws: Workspace, application_id: int, event: str, role: str, reason: str | None, as_json: bool) -> None:
    """Fire EVENT on an application; refused moves exit 3 and change nothing."""
    result = stage_moves.fire(ws, application_id, event, parse_actor(role), reason)
    emit(result, as_json, lambda d: f"application {d.id}: {d.from_} -> {d.stage}")


@click.command("next")
@click.argument("application_id", type=ID)
@click.option(
    "--as",
    "role",
    required=True,
    metavar="ROLE",
    help="national, province:<division code> or applicant:<organisation id>",
)
@with_workspace
@json_option
def next_(ws: Workspace, application_id: int, role: str, as_json: bool) -> None:
    """List the events ROLE may fire now on an application, with their target stage."""
    rows = trail.next_events(ws, application_id, parse_actor(role))
    emit(
        rows,
        as_json,
        lambda rs: (
            "\n".join(
                f"{r.event:18} -> {r.to:22} "
                + ("ok" if r.allowed else "blocked: " + "; ".join(v.reason_en for v in r.refusals))
                for r in rs
            )
            or "nothing to do"
        ),
    )


@click.command()
@click.argument("application_id", type=ID)
@with_workspace
@json_option
def history(ws: Workspace, application_id: int, as_json: bool) -> None:
    """Every move of an application: when, who, role, from, to, event, reason, verdicts."""
    emit(
        trail.history(ws, application_id),
        as_json,
        lambda h: "\n".join(
            [f"application {h.id} ({h.organisation.name}, {h.category}): {h.stage}"]
            + [
                f"  {e.at.isoformat()}  {e.actor:18} {e.event:18} {e.from_ or '-'} -> {e.to}"
                + (f"  ({e.reason})" if e.reason else "")
                for e in h.events
            ]
        ),
    )


@click.command()
@with_workspace
@json_option
def tick(ws: Workspace, as_json: bool) -> None:
    """Perform every timed move due at now (window closings, ends of public notices).

    Exits 1 when a timed move could not be performed (it is retried at the next tick; after 3
    failures it is marked failed: see `ipcycle timers list --status failed`).
    """
    done = timers.tick(ws)
    emit(
        done,
        as_json,
        lambda rows: (
            "\n".join(
                f"{r.timer}: not performed: {r.error}"
                if isinstance(r, timers.TimerFailure)
                else f"{r.due_at.isoformat()} {r.event}: moved {len(r.moved)}, refused {len(r.refused)}"
                for r in rows
            )
            or "nothing due"
        ),
    )
    if any(isinstance(r, timers.TimerFailure) for r in done):
        raise SystemExit(1)


@click.group("timers")
def timers_group() -> None:
    """Timed moves (window closings, ends of public notices): list them, retry a failed one."""


@timers_group.command("list")
@click.option("--cycle", "cycle_id", type=ID, help="only this cycle's timers")
@click.option("--status", type=click.Choice([str(s) for s in TimerStatus]), help="only timers in this status")
@with_workspace
@json_option
def timers_list(ws: Workspace, cycle_id: int | None, status: str | None, as_json: bool) -> None:
    """The timed moves, oldest due first, with what happened to each."""
    rows = timers.list_timers(ws, TimerStatus(status) if status else None, cycle_id)
    emit(
        rows,
        as_json,
        lambda rs: (
            "\n".join(f"{r.id:>6} {r.due_at:%Y-%m-%d %H:%M} {r.status:9} {r.event:16} {r.outcome or ''}" for r in rs)
            or "no timers"
        ),
    )


@timers_group.command("retry")
@click.argument("timer_id", type=ID)
@click.option("--as", "role", required=True, metavar="ROLE", help="national")
@with_workspace
@json_option
def timers_retry(ws: Workspace, timer_id: int, role: str, as_json: bool) -> None:
    """Put a failed timed move back, to be performed at the next tick (after fixing its cause)."""
    emit(timers.retry_timer(ws, timer_id, parse_actor(role)), as_json, lambda d: f"timer {d.id} pending again")
