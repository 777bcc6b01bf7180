"""The deadline-day rush, measured: locust (headless, bounded, loopback) through the shipped nginx site to two portal
processes on PostgreSQL. Applicants upload 5-20 MB PDFs and submit, the province lists and recommends, the public
reads the 公示 list, for a fixed time. Prints p50/p95 per page kind, errors, throughput and the portals' peak memory,
beside the same pages answered in-process (the app under a test client: no nginx, no uvicorn) in the same run, just
before the rush and just after it (the pages grow during it: the province's recommends fill the day's 公示), and the
portals' own time for each page (their access log: what TLS, nginx and the connection add is the rest).

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
from collections import Counter
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
from tests.support.instances_support import (  # noqa: E402
    IPCYCLE,
    JIANGSU,
    at,
    county_codes,
    registry,
    reviewed_counties,
    smtp_env,
    wait_for,
)
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
TURN = itertools.count()  # each applicant user its own application: two users on one would refuse each other (A8)
RECOMMEND = [int(a) for a in os.environ["RUSH_RECOMMEND"].split(",")]
UPLOADS_BEFORE_SUBMIT = 6

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
        turn = next(TURN)
        if turn >= len(APPLICANTS):
            raise RuntimeError(f"applicant user {turn + 1}: only {len(APPLICANTS)} applications prepared")
        login, app = APPLICANTS[turn]
        self.app, self.submitted, self.uploads = int(app), False, 0
        self.csrf = log_in(self, login)
    @task(3)
    def upload(self):
        if self.submitted:
            return self.view()
        self.uploads += 1
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
        if self.uploads < UPLOADS_BEFORE_SUBMIT:  # a draft replaced a few times first: enough uploads to measure
            return self.upload()
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
    from tests.support.reminders_support import open_creation_2025, with_offices

    load_programmes(ws, [WORKFLOWS_DIR / "demonstration-creation.yaml"])
    cycle = open_creation_2025(ws)
    with_offices(ws)  # the 32 offices' addresses: the scheduler has reminders to send during the drill
    codes = county_codes()
    recommend = reviewed_counties(ws, cycle, codes[:reviewed])
    quotas.change_quota(ws, cycle, JIANGSU, "county", reviewed + 1, Actor(Role.NATIONAL), "rush")
    users.create_user(ws, "jiangsu", f"province:{JIANGSU}", PASSWORD)
    logins = []
    # every county-level unit under Jiangsu's cities may apply in the county category (B2), once each
    r = registry()
    others = [c.code for p in r.children(JIANGSU) for c in r.children(p.code) if c.code not in codes[:reviewed]]
    if applicants > len(others):
        sys.exit(f"--applicants {applicants}: Jiangsu has {len(others)} more county-level units")
    for i, code in enumerate(others[:applicants]):
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


# locust's names of the pages and the portal's route templates
PAGES = {
    "province list": "/province/applications",
    "public notices": "/notices",
    "application page": "/applications/{app_id}",
}


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
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    for round_ in range(rounds + 1):  # round 0 only warms up (templates compiled, ORM mapped)
        for name, route in PAGES.items():
            path = route.replace("{app_id}", app)
            t0 = time.perf_counter()
            assert client.get(path).status_code == 200, path
            if round_:
                times[name].append(time.perf_counter() - t0)
    ws.dispose()
    return times


def portal_times(tmp: Path) -> dict[str, list[float]]:
    """Each page's time as the portals themselves took it (their JSON access lines, ``ms``): beside locust's time
    (through TLS, nginx and the connection to the portal) it shows what the stack adds to the app's own work."""
    import json

    names = {route: name for name, route in PAGES.items()}
    out: dict[str, list[float]] = {name: [] for name in PAGES}
    for log in ("a.log", "b.log"):
        for line in (tmp / log).read_text(errors="replace").splitlines():
            if '"ipcycle.access"' in line and line.startswith("{"):
                entry = json.loads(line)
                if entry.get("method") == "GET" and entry.get("route") in names:
                    out[names[entry["route"]]].append(entry["ms"] / 1000)
    return out


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=20)[-1] if len(xs) >= 2 else (xs[0] if xs else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", default=os.environ.get("IPCYCLE_TEST_PG", ""), help="a PostgreSQL server's URL")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--users", type=int, default=16)
    ap.add_argument("--applicants", type=int, default=0, help="applications prepared (default: one per user)")
    ap.add_argument("--reviewed", type=int, default=20)
    ap.add_argument("--kill", action="store_true", help="kill -9 one portal half-way through")
    args = ap.parse_args()
    if not args.server.startswith("postgresql"):
        sys.exit("needs --server postgresql+psycopg://… (or IPCYCLE_TEST_PG)")
    url = make_database(args.server)
    logins, recommend = prepare(url, args.applicants or args.users, args.reviewed)
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
    drill = Drill(url, tmp) if args.kill else None
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
        # the in-process baseline on the quiet service, before the rush and again after it: the pages grow during it
        # (the province's recommends fill the day's 公示, uploads and a submission the application page)
        inproc = in_process(url, logins, 30)
        load_before = os.getloadavg()
        started = time.monotonic()
        runner = subprocess.Popen(cmd, env=lenv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if drill is not None:
            time.sleep(args.seconds / 2)
            drill.kill_and_restart(portals, ports, env)
        out, _ = runner.communicate(timeout=args.seconds + 120)
        elapsed = time.monotonic() - started
        memory = {name: peak_kib(p.pid) // 1024 for name, p in portals.items() if p.poll() is None}
        load = os.getloadavg()
        inproc_end = in_process(url, logins, 30)
        drilled = drill.settle_and_check(env) if drill is not None else []
    finally:
        subprocess.run([*nginx, "-s", "quit"], capture_output=True)
        for p in portals.values():
            p.terminate()
            p.wait(timeout=30)
        if drill is not None:
            drill.stop()
        drop_database(args.server, url)
    if not (tmp / "rush_stats.csv").exists():
        sys.exit(f"locust wrote no figures:\n{out[-3000:]}")
    rows = list(csv.DictReader((tmp / "rush_stats.csv").open()))
    before, after = (" ".join(f"{x:.1f}" for x in xs) for xs in (load_before, load))
    print(f"rush: {args.users} users for {args.seconds} s through nginx to 2 portals on PostgreSQL; "
          f"load average {before} before, {after} after")  # fmt: skip
    served = portal_times(tmp)
    print(f"{'kind':24} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'in-proc p95 (start/end)':>23} "
          f"{'ratio':>6} {'portal p95':>10}")  # fmt: skip
    worst = 0.0
    for r in rows:
        if r["Name"] == "Aggregated":
            continue
        name, n, fails = r["Name"], int(r["Request Count"]), int(r["Failure Count"])
        p50, p95w = float(r["50%"]), float(r["95%"])
        start, end = inproc.get(name), inproc_end.get(name)
        base = (start or []) + (end or [])  # the page as the rush found it and as it left it, 30 rounds each
        ratio = p95w / (p95(base) * 1000) if base else None
        if ratio is not None:
            worst = max(worst, ratio)
        ip = f"{p95(base) * 1000:8.1f} ({p95(start or []) * 1000:.1f}/{p95(end or []) * 1000:.1f})" if base else ""
        ip = f"{ip:>23}"
        rt = f"{ratio:6.1f}" if ratio is not None else f"{'':>6}"
        own = f"{p95(served[name]) * 1000:10.1f}" if served.get(name) else ""
        print(f"{name:24} {n:8} {fails:6} {p50:7.0f} {p95w:7.0f} {ip} {rt} {own}".rstrip())
    total = next(r for r in rows if r["Name"] == "Aggregated")
    upload20 = next((float(r["95%"]) for r in rows if r["Name"] == "upload 20 MB"), float("nan"))
    errors = int(total["Failure Count"])
    print(f"throughput {int(total['Request Count']) / elapsed:.1f} requests/s; errors {errors}; "
          f"peak portal memory {memory} MB")  # fmt: skip
    print(
        f"target: 0 errors ({errors}); page p95 <= 3x in-process ({worst:.1f}x); "
        f"20 MB upload p95 < 1500 ms ({upload20:.0f}); peak memory < 300 MB ({max(memory.values(), default=0)})"
    )
    if drill is not None:
        gets = sum(int(r["Failure Count"]) for r in rows if r["Name"] != "Aggregated" and r["Type"] == "GET")
        posts = sum(int(r["Failure Count"]) for r in rows if r["Name"] != "Aggregated" and r["Type"] == "POST")
        print(f"kill -9 drill: GET failures {gets} (target 0: nginx retries them on the other portal); POST "
              f"failures {posts} (a POST in flight may fail, and must have changed nothing)")  # fmt: skip
        print("\n".join(drilled))
    if "Error" in out or errors:
        print("\n".join(line for line in out.splitlines() if "rror" in line or "refused" in line)[:3000])


class Drill:
    """The kill -9 drill (issue 23): a scheduler sends reminders to a slow SMTP server while the rush runs; half-way
    through, one portal and the scheduler are killed with SIGKILL and restarted. Afterwards: every mail planned is
    delivered, none twice beyond the one in flight at the kill; every filed material names a whole file of the
    store (its hash is its name); the timed moves that fell due were made once."""

    def __init__(self, url: str, tmp: Path) -> None:
        from tests.support.reminders_support import MailServer

        self.url, self.tmp = url, tmp
        self.server = MailServer(delay=1.5).start()  # the day's mail takes about a minute: some in flight at the kill
        self.scheduler = self._scheduler()

    def _scheduler(self) -> subprocess.Popen[bytes]:
        args = [IPCYCLE, "scheduler", "run", "--db", self.url, "--now", NOW, "--interval", "1", "--batch", "10"]
        return subprocess.Popen(args, env={**smtp_env(self.server.port), "PYTHONPATH": str(REPO)},
                                stdout=(self.tmp / "scheduler.log").open("ab"), stderr=subprocess.STDOUT)  # fmt: skip

    def kill_and_restart(self, portals: dict[str, subprocess.Popen[bytes]], ports: dict[str, int], env: dict) -> None:
        self.delivered_at_kill = len(self.server.keys())
        portals["b"].kill()
        self.scheduler.kill()
        portals["b"].wait()
        self.scheduler.wait()
        portals["b"] = subprocess.Popen(
            [IPCYCLE, "serve", "--host", "127.0.0.1", "--port", str(ports["b"])], env=env,
            stdout=(self.tmp / "b.log").open("ab"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.scheduler = self._scheduler()

    def settle_and_check(self, env: dict) -> list[str]:
        """Wait (bounded) until no mail is pending or claimed, then check mail, store and timers."""
        from engine.store.filestore import FileStore

        ws = Workspace(self.url, FixedClock(at(NOW)))

        def settled() -> bool:
            with ws.engine.connect() as conn:
                left = conn.execute(text("SELECT count(*) FROM outbox WHERE status IN ('pending', 'claimed')"))
                return left.scalar_one() == 0

        wait_for(settled, 300, "the restarted scheduler to send what was left", self.tmp / "scheduler.log")
        with ws.engine.connect() as conn:
            sent = {r[0] for r in conn.execute(text("SELECT key FROM outbox WHERE status = 'sent'"))}
            statuses: dict[str, int] = dict(
                conn.execute(text("SELECT status, count(*) FROM outbox GROUP BY status")).all()
            )
            files = conn.execute(text("SELECT sha256, size FROM material WHERE content IS NULL")).all()
            ends = conn.execute(text(
                "SELECT application_id, count(*) FROM event WHERE event = 'end_notice' GROUP BY application_id"
            )).all()  # fmt: skip
        ws.dispose()
        counts = Counter(self.server.keys())
        twice = sorted(k for k, c in counts.items() if c > 1)
        store = FileStore(Path(env["IPCYCLE_FILES"]))
        broken = [sha for sha, size in files if not _whole(store.path_of(sha), sha, size)]
        return [
            f"  mail: {len(counts)} delivered ({self.delivered_at_kill} before the kill), outbox {statuses}; "
            f"lost {len(sent - set(counts))}; delivered twice {len(twice)} (the bound: the one in flight at the "
            "kill)",
            f"  store: {len(files)} material rows name a file, {len(broken)} of them not whole or missing",
            f"  timed moves: end_notice per application at most once: {all(n == 1 for _a, n in ends)}",
        ]

    def stop(self) -> None:
        self.scheduler.terminate()
        self.scheduler.wait(timeout=120)
        self.server.stop()


def _whole(path: Path, sha: str, size: int) -> bool:
    import hashlib

    if not path.is_file() or path.stat().st_size != size:
        return False
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest() == sha


def _up(port: int) -> bool:
    import httpx

    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


if __name__ == "__main__":
    main()
