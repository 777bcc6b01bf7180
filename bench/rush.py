"""The deadline-day rush, measured: locust (headless, bounded, loopback) through the shipped nginx site to two portal
processes on PostgreSQL. Applicants upload 5-20 MB PDFs and submit, the province lists and recommends, the public
reads the 公示 list, for a fixed time. Prints p50/p95 per page kind, errors, throughput and the portals' peak memory,
beside the same pages answered in-process (the app under a test client: no nginx, no uvicorn) in the same run.

Needs: a PostgreSQL server (``--server`` or IPCYCLE_TEST_PG), nginx, locust; run as root (nginx). Targets (issue
23): 0 errors; page p95 within 3x the in-process p95; upload p95 under 1.5 s for 20 MB; peak portal memory under
300 MB.
"""

from __future__ import annotations

import argparse
import csv
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[0] = str(REPO)  # not bench/: its transitions.py would shadow the package

from sqlalchemy import create_engine, text  # noqa: E402

from engine.definition.model import Role  # noqa: E402
from engine.kernel.clock import FixedClock  # noqa: E402
from engine.machine.machine import Actor  # noqa: E402
from engine.services.accounts import users  # noqa: E402
from engine.services.national import quotas  # noqa: E402
from engine.store.workspace import Workspace  # noqa: E402
from tests.support.instances_support import IPCYCLE, JIANGSU, at, county_codes, reviewed_counties, wait_for  # noqa: E402
from tests.support.lifecycle import new_application  # noqa: E402
from tests.system.test_deployment import NGINX, free_port, nginx_conf, substituted  # noqa: E402

NOW = "2025-09-12T09:00"
PASSWORD = "Rush-hour-password-2025"
LOCUSTFILE = """
import itertools, os, random, re, urllib3
urllib3.disable_warnings()
from locust import HttpUser, between, task
PASSWORD = os.environ["RUSH_PASSWORD"]
PDFS = {n: b"%PDF-1.4\\n" + os.urandom(n * 1024 * 1024 - 4096) for n in (5, 10, 20)}  # within the 20 MB limit
APPLICANTS = [x.split(":") for x in os.environ["RUSH_APPLICANTS"].split(",")]   # login, app id
TURN = itertools.count()
RECOMMEND = [int(a) for a in os.environ["RUSH_RECOMMEND"].split(",")]

def log_in(user, login):
    user.client.verify = False  # nginx's self-signed certificate
    page = user.client.get("/login", name="login form")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    r = user.client.post("/login", data={"login": login, "password": PASSWORD, "csrf": token}, name="log in",
                         allow_redirects=False)
    home = user.client.get(r.headers.get("location", "/"), name="home")
    return home.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]

class Applicant(HttpUser):
    weight = 3
    wait_time = between(1, 3)
    def on_start(self):
        login, app = APPLICANTS[next(TURN) % len(APPLICANTS)]
        self.app, self.submitted = int(app), False
        self.csrf = log_in(self, login)
    @task(3)
    def upload(self):
        if self.submitted:
            return self.view()
        size = random.choice(list(PDFS))
        r = self.client.post(f"/applications/{self.app}/materials", name=f"upload {size} MB",
                             data={"csrf": self.csrf, "material": "application-form"},
                             files={"file": ("申报书.pdf", PDFS[size], "application/pdf")}, allow_redirects=False)
        if r.status_code >= 400:  # the rules that refused it, for the report
            rules = sorted(set(re.findall(r"[[]([A-Z][A-Z0-9-]*)[]]", r.text)))
            print("refused upload", self.app, r.status_code, rules)
    @task(1)
    def submit(self):
        if self.submitted:
            return self.view()
        r = self.client.post(f"/api/v1/applications/{self.app}/events", name="submit", json={"event": "submit"},
                             headers={"X-CSRF-Token": self.csrf})
        if r.status_code >= 400:
            print("refused submit", self.app, r.status_code, r.text[:300])
        self.submitted = True
    def view(self):
        self.client.get(f"/applications/{self.app}", name="application page")

class Province(HttpUser):
    weight = 2
    wait_time = between(0.5, 2)
    def on_start(self):
        self.csrf = log_in(self, "jiangsu")
    @task(4)
    def listing(self):
        self.client.get("/province/applications", name="province list")
    @task(1)
    def recommend(self):
        if RECOMMEND:
            app = RECOMMEND.pop()
            self.client.post(f"/api/v1/applications/{app}/events", name="recommend",
                             json={"event": "recommend", "reason": "择优推荐"}, headers={"X-CSRF-Token": self.csrf})

class Public(HttpUser):
    weight = 3
    wait_time = between(0.5, 2)
    def on_start(self):
        self.client.verify = False
    @task
    def notices(self):
        self.client.get("/notices", name="public notices")
"""


def make_database(server: str) -> str:
    """A database of its own on the server (dropped by nobody: a bench's leftovers are named rush_*)."""
    name = f"rush_{uuid.uuid4().hex[:8]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}"


def drop_database(server: str, url: str) -> None:
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    engine.dispose()


def prepare(url: str, applicants: int, reviewed: int) -> tuple[list[str], list[int]]:
    ws = Workspace(url, FixedClock(at(NOW)))
    ws.create_schema()
    from engine.definition.loader import WORKFLOWS_DIR
    from engine.services.programmes.programme_definitions import load_programmes
    from tests.support.reminders_support import open_creation_2025

    load_programmes(ws, [WORKFLOWS_DIR / "demonstration-creation.yaml"])
    cycle = open_creation_2025(ws)
    codes = county_codes()
    recommend = reviewed_counties(ws, cycle, codes[:reviewed])
    quotas.change_quota(ws, cycle, JIANGSU, "county", reviewed + 1, Actor(Role.NATIONAL), "rush")
    users.create_user(ws, "jiangsu", f"province:{JIANGSU}", PASSWORD)
    logins = []
    for i, code in enumerate(codes[reviewed : reviewed + applicants]):
        app = new_application(ws, cycle, "county", name=f"{code}人民政府", division_code=code)
        login = f"applicant{i}"
        users.create_user(ws, login, f"applicant:{app['org']}", PASSWORD)
        logins.append(f"{login}:{app['id']}")
    ws.dispose()
    return logins, recommend


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def in_process(url: str, logins: list[str], rounds: int) -> dict[str, list[float]]:
    """The same pages answered by the app in this process (no nginx, no uvicorn, no network)."""
    from fastapi.testclient import TestClient

    from portal.app import create_app

    ws = Workspace(url, FixedClock(at(NOW)))
    client = TestClient(create_app(ws, secret="in-process"), follow_redirects=False)
    page = client.get("/login")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"login": "jiangsu", "password": PASSWORD, "csrf": token})
    app = logins[0].split(":")[1]
    times: dict[str, list[float]] = {"province list": [], "public notices": [], "application page": []}
    for _ in range(rounds):
        for name, path in (("province list", "/province/applications"), ("public notices", "/notices"),
                           ("application page", f"/applications/{app}")):  # fmt: skip
            t0 = time.perf_counter()
            assert client.get(path).status_code == 200, path
            times[name].append(time.perf_counter() - t0)
    ws.dispose()
    return times


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[-1] if len(xs) >= 2 else (xs[0] if xs else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", default=os.environ.get("IPCYCLE_TEST_PG", ""), help="a PostgreSQL server's URL")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--users", type=int, default=16)
    ap.add_argument("--applicants", type=int, default=12)
    ap.add_argument("--reviewed", type=int, default=20)
    ap.add_argument("--kill", action="store_true", help="kill -9 one portal half-way through")
    args = ap.parse_args()
    if not args.server.startswith("postgresql"):
        sys.exit("needs --server postgresql+psycopg://… (or IPCYCLE_TEST_PG)")
    url = make_database(args.server)
    logins, recommend = prepare(url, args.applicants, args.reviewed)
    tmp = Path(tempfile.mkdtemp(prefix="ipcycle-rush-"))
    ports = {k: free_port() for k in ("a", "b", "http", "https")}
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days",
                    "2", "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")], check=True,
                   capture_output=True)  # fmt: skip
    (tmp / "site.conf").write_text(substituted((REPO / "deploy/nginx/ipcycle.conf").read_text(), ports, tmp))
    (tmp / "nginx.conf").write_text(nginx_conf(tmp))
    env = {**os.environ, "IPCYCLE_DB": url, "IPCYCLE_SECRET": "rush-" + uuid.uuid4().hex, "IPCYCLE_NOW": NOW,
           "IPCYCLE_FILES": str(tmp / "files"), "PYTHONPATH": str(REPO)}  # fmt: skip
    portals = {
        name: subprocess.Popen(
            [IPCYCLE, "serve", "--host", "127.0.0.1", "--port", str(ports[name])],
            env=env,
            stdout=(tmp / f"{name}.log").open("ab"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        for name in ("a", "b")
    }
    nginx = [NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)]
    subprocess.run(nginx, check=True)
    try:
        for name in ("a", "b"):
            wait_for(functools.partial(_up, ports[name]), 90, f"portal {name}")
        locustfile = tmp / "rushfile.py"
        locustfile.write_text(LOCUSTFILE)
        lenv = {**env, "RUSH_PASSWORD": PASSWORD, "RUSH_APPLICANTS": ",".join(logins),
                "RUSH_RECOMMEND": ",".join(map(str, recommend))}  # fmt: skip
        cmd = [str(Path(sys.executable).with_name("locust")), "-f", str(locustfile), "--headless", "-u",
               str(args.users), "-r", "4", "-t", f"{args.seconds}s", "--host", f"https://127.0.0.1:{ports['https']}",
               "--csv", str(tmp / "rush"), "--only-summary"]  # fmt: skip
        started = time.monotonic()
        runner = subprocess.Popen(cmd, env=lenv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if args.kill:
            time.sleep(args.seconds / 2)
            portals["b"].kill()
        out, _ = runner.communicate(timeout=args.seconds + 120)
        elapsed = time.monotonic() - started
        memory = {name: peak_kib(p.pid) // 1024 for name, p in portals.items() if p.poll() is None}
        load = os.getloadavg()
        inproc = in_process(url, logins, 20)
    finally:
        subprocess.run([*nginx, "-s", "quit"], capture_output=True)
        for p in portals.values():
            p.terminate()
            p.wait(timeout=30)
        drop_database(args.server, url)
    if not (tmp / "rush_stats.csv").exists():
        sys.exit(f"locust wrote no figures:\n{out[-3000:]}")
    rows = list(csv.DictReader((tmp / "rush_stats.csv").open()))
    print(f"rush: {args.users} users for {args.seconds} s through nginx to 2 portals on PostgreSQL; "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")  # fmt: skip
    print(f"{'kind':24} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'in-proc p95':>11} {'ratio':>6}")
    worst = 0.0
    for r in rows:
        if r["Name"] == "Aggregated":
            continue
        name, n, fails = r["Name"], int(r["Request Count"]), int(r["Failure Count"])
        p50, p95w = float(r["50%"]), float(r["95%"])
        base = inproc.get(name)
        ratio = p95w / (p95(base) * 1000) if base else None
        if ratio is not None:
            worst = max(worst, ratio)
        ip = f"{p95(base) * 1000:11.1f}" if base else f"{'':>11}"
        rt = f"{ratio:6.1f}" if ratio is not None else ""
        print(f"{name:24} {n:8} {fails:6} {p50:7.0f} {p95w:7.0f} {ip} {rt}")
    total = next(r for r in rows if r["Name"] == "Aggregated")
    upload20 = next((float(r["95%"]) for r in rows if r["Name"] == "upload 20 MB"), float("nan"))
    errors = int(total["Failure Count"])
    print(f"throughput {int(total['Request Count']) / elapsed:.1f} requests/s; errors {errors}; "
          f"peak portal memory {memory} MB")  # fmt: skip
    print(
        f"target: 0 errors ({errors}); page p95 <= 3x in-process ({worst:.1f}x); "
        f"20 MB upload p95 < 1500 ms ({upload20:.0f}); peak memory < 300 MB ({max(memory.values(), default=0)})"
    )
    if "Error" in out or errors:
        print("\n".join(line for line in out.splitlines() if "rror" in line or "refused" in line)[:3000])


def _up(port: int) -> bool:
    import httpx

    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


if __name__ == "__main__":
    main()
