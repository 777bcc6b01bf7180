"""``ipcycle db``: the schema's migrations — bring a database up to date, say where it stands, list them."""

from __future__ import annotations

import click

from engine.cli.common import ID, emit, json_option, with_workspace
from engine.store.workspace import Workspace


@click.group("db")
def db_group() -> None:
    """The database schema: upgrade it, and see its migration and the migrations there are."""


@db_group.command("upgrade")
@with_workspace
@json_option
def db_upgrade(ws: Workspace, as_json: bool) -> None:
    """Bring an ipcycle database to the newest schema, losing nothing (init does this too)."""
    done = ws.create_schema()
    emit(
        {
            "database": ws.shown_url, "before": done.before, "after": done.after, "how": done.how,
            "created_tables": list(done.created_tables),
        },
        as_json,
        lambda d: f"{d['database']}: {d['how']} ({d['before'] or 'no migration recorded'} -> {d['after']})"
        + (f"; made the missing tables {', '.join(d['created_tables'])}" if d["created_tables"] else ""),
    )  # fmt: skip


@db_group.command("recount")
@click.option("--cycle", "cycle_id", type=ID, help="only this cycle (default: all)")
@with_workspace
@json_option
def db_recount(ws: Workspace, cycle_id: int | None, as_json: bool) -> None:
    """Count the applications per stage again for the national board (after a restore or a repair by hand)."""
    from engine.services.national.board import recount_stages

    done = recount_stages(ws, cycle_id)
    emit(done, as_json, lambda d: f"stage counts rebuilt: {d.applications} applications in {d.rows} counts")


@db_group.command("current")
@with_workspace
@json_option
def db_current(ws: Workspace, as_json: bool) -> None:
    """The database's migration, and whether it is the newest the code knows."""
    from engine.store import migrate

    now, newest = migrate.current(ws.engine), migrate.head()
    emit(
        {"database": ws.shown_url, "current": now, "head": newest, "up_to_date": now == newest},
        as_json,
        lambda d: (
            f"{d['current'] or 'none'} (newest {d['head']})" + ("" if d["up_to_date"] else ": run ipcycle db upgrade")
        ),
    )


@db_group.command("history")
@json_option
def db_history(as_json: bool) -> None:
    """Every migration, oldest first, with what it changes."""
    from engine.store import migrate

    rows = [{"revision": r, "follows": d, "title": t} for r, d, t in migrate.history()]
    emit(rows, as_json, lambda rs: "\n".join(f"{r['revision']}  {r['title']}" for r in rs))
