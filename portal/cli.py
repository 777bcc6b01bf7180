"""``ipcycle serve`` and ``ipcycle demo``: the portal on uvicorn, mail to the local sink.

Listed in engine/cli/registry.py by name only, so the engine never imports the portal.
"""

from __future__ import annotations

import os
import socket
import threading
from datetime import datetime
from pathlib import Path

import click

from engine.cli.common import with_workspace
from engine.kernel.clock import FixedClock, parse_now
from engine.kernel.errors import BadInput
from engine.store.workspace import Workspace


def _serve_with_scheduler(ws: Workspace, host: str, port: int) -> None:
    """The portal with the scheduler in a thread (timed moves and reminder mail, to ./mail-sink unless SMTP is
    set). When the server stops, the scheduler is asked to stop too and waited for, so SIGINT/SIGTERM end the
    process after the mail in flight is marked (as ``scheduler run`` does), not in the middle of it: uvicorn hands
    the signal back to our handler once it has shut down, and a second signal still stops at once."""
    from notifications.scheduler import StopRequest, run_scheduler, transport_from_env

    transport = transport_from_env()
    click.echo(f"scheduler: every 60 s, mail via {transport.description}")
    with StopRequest().installed() as stop:
        worker = threading.Thread(
            target=run_scheduler, args=(ws, transport, 60.0), kwargs={"stop": stop}, name="ipcycle-scheduler",
            daemon=True,
        )  # fmt: skip
        worker.start()
        try:
            run_server(ws, host, port)
        finally:
            stop.request()
            worker.join()


def run_server(ws: Workspace, host: str, port: int, banner: str = "") -> None:
    import uvicorn

    from portal.app import create_app

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise BadInput(f"--host/--port: cannot listen on {host}:{port}: {exc}") from None
    bound = sock.getsockname()[1]
    url = os.environ.get("IPCYCLE_BASE_URL") or f"http://{host if ':' not in host else f'[{host}]'}:{bound}/"
    click.echo(f"ipcycle portal: {url}")
    if banner:
        click.echo(banner)
    app = create_app(ws, base_url=url)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    server.run(sockets=[sock])


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--with-scheduler", is_flag=True, help="also run the scheduler's tick every minute")
@with_workspace
def serve(ws: Workspace, host: str, port: int, with_scheduler: bool) -> None:
    """Serve the web portal (pages and /api/v1/) on the database."""
    if with_scheduler:
        _serve_with_scheduler(ws, host, port)
    else:
        run_server(ws, host, port)


@click.command()
@click.option(
    "--db",
    "db_path",
    default="demo.db",
    show_default=True,
    type=click.Path(path_type=Path),
    help="SQLite file to (re)create for the demonstration",
)
@click.option("--now", "now", metavar="ISO-DATETIME", help="the demonstration's moment (default 2025-10-09T10:00)")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-serve", is_flag=True, help="prepare the database and print the accounts, then stop")
def demo(db_path: Path, now: str | None, host: str, port: int, no_serve: bool) -> None:
    """Prepare a demonstration database (the 2025 cycle mid-application) and serve the portal on it."""
    from portal.demo import DEMO_NOW, demo_workspace

    try:
        at: datetime = parse_now(now) if now else DEMO_NOW
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    if db_path.exists() and db_path.name != "demo.db":
        raise BadInput(f"--db: {db_path} exists and is not demo.db; the demonstration replaces its file")
    ws, clock, made = demo_workspace(db_path, at)
    assert isinstance(clock, FixedClock)
    lines = [f"demonstration database {db_path}: cycle {made.cycle}, the clock stands at {at:%Y-%m-%d %H:%M} (CST)"]
    lines += ["log in as (demonstration accounts):"]
    lines += [f"  {a.login:10} password {a.password:24} {a.role:18} {a.label}" for a in made.accounts]
    lines += [f"other commands act on this database with --db {db_path} (or IPCYCLE_DB={db_path}); the portal sees"
              " their changes on its next request"]  # fmt: skip
    if no_serve:
        click.echo("\n".join(lines))
        return
    run_server(ws, host, port, "\n".join(lines))
