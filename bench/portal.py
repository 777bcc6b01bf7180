"""The province's application list under a bounded local load: its page and its API list, served by
``ipcycle serve`` in its own process, with 100k applications across 32 provinces and 4 concurrent
clients, next to the same query made directly through the service layer in the same run.

Each request asks a random province's list, filtered by a random category (and half of them by the
stage provincial_review), on one of its first three pages of 50. Target: p95 under 100 ms on SQLite.
The national office's board (/national: the heat map, receipts, reports, quota meters, the timeline) is
asked by the same number of national clients over the same 100k. Target: p95 under 200 ms.

    .venv/bin/python bench/portal.py [--applications 100000] [--requests 200] [--clients 4]
(about a minute with the defaults here)
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

import httpx  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from engine.definition.loader import WORKFLOWS_DIR  # noqa: E402
from engine.definition.model import Role  # noqa: E402
from engine.kernel.clock import FixedClock  # noqa: E402
from engine.machine.machine import Actor  # noqa: E402
from engine.services.accounts import users  # noqa: E402
from engine.services.applications import worklists  # noqa: E402
from engine.services.national import board, quotas  # noqa: E402
from engine.services.programmes import cycles  # noqa: E402
from engine.services.programmes.programme_definitions import load_programmes  # noqa: E402
from engine.services.province import liaison  # noqa: E402
from engine.store.core import Application, Organisation  # noqa: E402
from engine.store.counts import recount  # noqa: E402
from engine.store.workspace import Workspace  # noqa: E402
from policies.reference.provinces import province_codes  # noqa: E402

STAGES = (("draft", 30), ("provincial_review", 40), ("provincial_notice", 10), ("national_review", 20))
CATEGORIES = ("city", "county", "park", "service-cluster", "enterprise", "university", "institute")
NOW = "2025-10-15T10:00"
PASSWORD = "bench-password-1"


def setup(path: Path, applications: int) -> tuple[Workspace, int, list[str]]:
    clock = FixedClock(datetime(2025, 9, 12, 8, 0))
    ws = Workspace(f"sqlite:///{path}", clock)
    ws.create_schema()
    load_programmes(ws, [WORKFLOWS_DIR / "demonstration-creation.yaml"])
    liaison.ensure_provincial_offices(ws)
    codes = list(province_codes())
    cycle_id = cycles.open_cycle(ws, "demonstration-creation", 2025).id
    stages = [s for s, share in STAGES for _ in range(share)]
    now = clock.now()
    with ws.transaction() as s:
        first = (s.scalar(select(func.max(Organisation.id))) or 0) + 1
        s.execute(
            insert(Organisation),
            [
                {"name": f"申报单位{i:06d}", "kind": "company", "division_code": codes[i % 32], "attributes": {}}
                for i in range(applications)
            ],
        )
        s.execute(
            insert(Application),
            [
                {
                    "cycle_id": cycle_id,
                    "category": CATEGORIES[i % 7],
                    "organisation_id": first + i,
                    "province_code": codes[i % 32],
                    "stage": stages[i % 100],
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }  # fmt: skip
                for i in range(applications)
            ],
        )
        recount(s, cycle_id)  # inserted here in bulk, not moved in: the board's counts are counted once
    for code in codes:
        users.create_user(ws, f"p{code}", f"province:{code}", PASSWORD)
    users.create_user(ws, "pnational", "national", PASSWORD)
    quotas.fill_quotas(ws, cycle_id, 100, Actor(Role.NATIONAL), "bench")
    return ws, cycle_id, codes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "IPCYCLE_NOW": NOW}
    cmd = [sys.executable, "-m", "engine.cli", "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"the server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")


def query(rng: random.Random, codes: list[str]) -> tuple[str, dict[str, str | int]]:
    params: dict[str, str | int] = {"category": rng.choice(CATEGORIES), "page": rng.randint(1, 3)}
    if rng.random() < 0.5:
        params["stage"] = "provincial_review"
    return rng.choice(codes), params


def log_in(client: httpx.Client, base: str, code: str) -> None:
    page = client.get(f"{base}/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token, "no CSRF field on the log-in page"
    r = client.post(f"{base}/login", data={"login": f"p{code}", "password": PASSWORD, "csrf": token.group(1)})
    assert r.status_code == 303, r.text


def drive(
    clients: int, requests: int, one: Callable[[int, random.Random], None], setup_client: Callable[[int], None]
) -> list[float]:
    """``clients`` threads, each making ``requests`` calls; the latency of every call in ms."""
    times: list[float] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        setup_client(n)
        rng = random.Random(n)
        mine = []
        for _ in range(requests):
            t0 = time.perf_counter()
            one(n, rng)
            mine.append((time.perf_counter() - t0) * 1000)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def figures(name: str, times: list[float]) -> str:
    q = statistics.quantiles(times, n=100)
    return f"{name:34} n={len(times):5}  p50 {statistics.median(times):7.1f} ms  p95 {q[94]:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per client (default 200)")
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ipcycle-bench-portal-"))
    db = folder / "bench.db"
    t0 = time.perf_counter()
    ws, cycle_id, codes = setup(db, args.applications)
    tokens = {code: users.create_token(ws, f"p{code}").token for code in codes}
    print(f"set-up: {args.applications} applications, 32 provinces in {time.perf_counter() - t0:.1f} s ({db})")

    def service_call(_n: int, rng: random.Random) -> None:
        code, params = query(rng, codes)
        stage = params.get("stage")
        worklists.list_applications(
            ws,
            cycle_id,
            Role.PROVINCE,
            code,
            str(params["category"]),
            str(stage) if stage else None,
            int(params["page"]),
            50,
        )

    service = drive(args.clients, args.requests, service_call, lambda n: None)

    def board_service_call(_n: int, _rng: random.Random) -> None:
        board.cycle_board(ws, cycle_id)

    board_service = drive(args.clients, args.requests // 4, board_service_call, lambda n: None)
    port = free_port()
    proc = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    sessions = [httpx.Client(timeout=30) for _ in range(args.clients)]
    try:
        home = [""] * args.clients

        def page_setup(n: int) -> None:
            home[n] = codes[n % len(codes)]
            log_in(sessions[n], base, home[n])

        def page_call(n: int, rng: random.Random) -> None:
            _code, params = query(rng, codes)
            r = sessions[n].get(f"{base}/province/applications", params={"cycle": cycle_id, **params})
            assert r.status_code == 200, r.status_code

        def api_call(n: int, rng: random.Random) -> None:
            code, params = query(rng, codes)
            headers = {"Authorization": f"Bearer {tokens[code]}"}
            r = sessions[n].get(f"{base}/api/v1/cycles/{cycle_id}/applications", params=params, headers=headers)
            assert r.status_code == 200 and "items" in r.json(), r.status_code  # a rare filter may match none

        pages = drive(args.clients, args.requests, page_call, page_setup)
        api = drive(args.clients, args.requests, api_call, lambda n: None)
        national = [httpx.Client(timeout=30) for _ in range(args.clients)]
        sessions += national

        def board_setup(n: int) -> None:
            log_in(national[n], base, "national")  # the account "pnational"

        def board_call(n: int, _rng: random.Random) -> None:
            r = national[n].get(f"{base}/national", params={"cycle": cycle_id})
            assert r.status_code == 200 and "heat-map" in r.text, r.status_code

        boards = drive(args.clients, args.requests // 4, board_call, board_setup)
    finally:
        for c in sessions:
            c.close()
        proc.terminate()
        proc.wait(timeout=10)
    print(f"{args.clients} concurrent clients, {args.requests} requests each; SQLite (WAL), one uvicorn process")
    print(figures("service layer (in process)", service))
    print(figures("page /province/applications", pages))
    print(figures("API /api/v1/cycles/N/applications", api))
    p95 = max(statistics.quantiles(t, n=100)[94] for t in (pages, api))
    print(f"target p95 < 100 ms: {'met' if p95 < 100 else 'NOT met'} (worst p95 {p95:.1f} ms)")
    print(figures("board service (in process)", board_service))
    print(figures("board page /national", boards))
    p95 = statistics.quantiles(boards, n=100)[94]
    baseline = statistics.quantiles(board_service, n=100)[94]
    print(
        f"target board p95 < 200 ms: {'met' if p95 < 200 else 'NOT met'} ({p95:.1f} ms; "
        f"in-process board service p95 {baseline:.1f} ms, {p95 / baseline:.1f}x)"
    )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ws.dispose()


if __name__ == "__main__":
    main()
