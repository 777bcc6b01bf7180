"""``ipcycle serve`` and ``ipcycle demo``: the portal on uvicorn, mail to the local sink.

Listed in engine/cli/registry.py by name only, so the engine never imports the portal.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from engine.cli.common import with_workspace
from engine.kernel.clock import FixedClock, parse_now
from engine.kernel.errors import BadInput
from engine.kernel.logs import configure_json_logs
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
            run_server(ws, host, port, stop=stop)
        finally:
            stop.request()
            worker.join()


LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() in LOOPBACK_NAMES


def require_secret(host: str, workers: int) -> None:
    """Sessions are signed with IPCYCLE_SECRET; without it each process makes up its own key. Refuse where that
    breaks log-ins: several workers (a session made by one bounces to the log-in page on another), or a bind
    beyond loopback (a deployment, where a restart would also log everyone out)."""
    if os.environ.get("IPCYCLE_SECRET", "").strip() or (workers == 1 and is_loopback(host)):
        return
    why = (
        f"--workers {workers}: each worker would sign sessions with its own random key, so a log-in made on one "
        "would be sent back to the log-in page by the others"
        if workers > 1
        else f"--host {host}: a deployment's sessions must survive a restart and be honoured by every process, "
        "so they need one key"
    )
    raise BadInput(
        f"IPCYCLE_SECRET is not set. {why}. Set IPCYCLE_SECRET to the same long random value in every portal process, "
        "e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(48))' (see docs/deploy.md)"
    )


def app_from_env() -> Any:
    """The app of one worker of ``serve --workers N`` (uvicorn imports this by name in each process): the
    database, clock and base URL come from the environment ``serve`` set before starting them."""
    from portal.app import create_app

    configure_json_logs()
    now = os.environ.get("IPCYCLE_NOW")
    ws = Workspace(None, FixedClock(parse_now(now)) if now else None)
    ws.require_database()
    return create_app(ws)


def _serve_workers(ws: Workspace, host: str, port: int, workers: int) -> None:
    """Several processes on one socket (uvicorn's supervisor restarts one that dies): each builds its own app from
    the environment, and they share request metrics through a directory of their own."""
    import tempfile

    import uvicorn

    os.environ["IPCYCLE_DB"] = ws.url  # the children's environment; never printed (shown_url is)
    if isinstance(ws.clock, FixedClock):
        os.environ["IPCYCLE_NOW"] = ws.clock.now().isoformat()
    with tempfile.TemporaryDirectory(prefix="ipcycle-metrics-") as shared:
        os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", shared)
        shown = f"[{host}]" if ":" in host else host
        logging.getLogger("ipcycle.portal").info(
            "ipcycle portal: http://%s:%s/ with %s workers on %s", shown, port, workers, ws.shown_url
        )
        uvicorn.run(
            "portal.cli:app_from_env", factory=True, host=host, port=port, workers=workers, log_config=None,
            access_log=False, timeout_graceful_shutdown=30, proxy_headers=False,
        )  # fmt: skip


def run_server(ws: Workspace, host: str, port: int, banner: str = "", stop: Any = None) -> None:
    """Serve on one process until a signal (uvicorn's own handling) or ``stop`` (a :class:`StopRequest` made
    before uvicorn took over the signals, e.g. while the app was still being built) ends it."""
    import uvicorn

    from notifications.render import serve_at
    from portal.app import create_app

    # proto named: asyncio turns Nagle off (TCP_NODELAY) only on connections accepted from a socket that says it is
    # TCP; without it a response's body waited for the ACK of its headers, 40 ms of delayed ACK on some requests
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise BadInput(f"--host/--port: cannot listen on {host}:{port}: {exc}") from None
    bound = sock.getsockname()[1]
    url = os.environ.get("IPCYCLE_BASE_URL") or f"http://{host if ':' not in host else f'[{host}]'}:{bound}/"
    serve_at(url)  # mails planned by this process (the scheduler beside it) link here
    click.echo(f"ipcycle portal: {url}")
    if banner:
        click.echo(banner)
    app = create_app(ws, base_url=url)
    # forwarded headers are the app's to believe (IPCYCLE_TRUSTED_PROXIES), not uvicorn's (any loopback client)
    config = uvicorn.Config(app, log_config=None, access_log=False, timeout_graceful_shutdown=30, proxy_headers=False)
    server = uvicorn.Server(config)
    if stop is not None:

        def watch() -> None:
            while not stop.wait(3600):
                pass
            server.should_exit = True

        threading.Thread(target=watch, name="ipcycle-stop-watch", daemon=True).start()
    server.run(sockets=[sock])


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--with-scheduler", is_flag=True, help="also run the scheduler's tick every minute")
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64),
    help="processes answering on the port (more than 1 needs IPCYCLE_SECRET)",
)  # fmt: skip
@with_workspace
def serve(ws: Workspace, host: str, port: int, with_scheduler: bool, workers: int) -> None:
    """Serve the web portal (pages and /api/v1/) on the database; logs are JSON lines on stderr."""
    require_secret(host, workers)
    configure_json_logs()
    if workers > 1:
        if with_scheduler:
            raise BadInput("--with-scheduler runs in one process; with --workers run `ipcycle scheduler run` beside")
        _serve_workers(ws, host, port, workers)
    elif with_scheduler:
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
