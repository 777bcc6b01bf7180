"""Reminder planning for 1k, 10k and 100k applications across 32 provinces; the outbox sending to a local
aiosmtpd with connection reuse, next to the SMTP sender alone; and, on PostgreSQL, 4 sender processes
against 1 (speed-up and duplicates). Every figure is printed next to its baseline from the same run.

Planning is timed on the day of the first recommendation reminder (2025-10-15, seven working days
before the deadline), when every applicant with a draft and every province with applications to
decide is owed a reminder: the first tick renders and stores them all, a second finds nothing new
(the steady cost of a tick). Wall and CPU time are both printed: on a shared machine the CPU time is
the code's cost, the wall time what a clerk would wait. Sending goes through the outbox (claim, send,
pipelined marks: one commit per mail, so a crash repeats at most the message in flight), between two
baselines from the same run: the SMTP sender alone with message objects, and with prepared bytes.

    .venv/bin/python bench/reminders.py [--sizes 1000,10000,100000] [--messages 2000] [--db URL]
(``--db``: a PostgreSQL server, see bench/scratch.py; default SQLite on tmpfs. About a minute.)
"""

from __future__ import annotations

import argparse
import multiprocessing
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

from sqlalchemy import func, insert, select, update  # noqa: E402

from bench.scratch import describe, scratch_databases  # noqa: E402
from engine.definition.loader import WORKFLOWS_DIR  # noqa: E402
from engine.kernel.clock import FixedClock  # noqa: E402
from engine.services.programmes import cycles  # noqa: E402
from engine.services.programmes.programme_definitions import load_programmes  # noqa: E402
from engine.services.province import liaison  # noqa: E402
from engine.store.core import Application, Organisation  # noqa: E402
from engine.store.outbox import OutboxMessage  # noqa: E402
from engine.store.workspace import Workspace  # noqa: E402
from notifications.delivery.mime import encode_mail  # noqa: E402
from notifications.delivery.sender import Sendable  # noqa: E402
from notifications.delivery.smtp import SmtpSender, SmtpSettings, build_message  # noqa: E402
from notifications.outbox import dispatch  # noqa: E402
from notifications.planning.audiences import STILL_OWED  # noqa: E402
from notifications.planning.reminders import plan_due  # noqa: E402
from policies.reference.provinces import province_codes  # noqa: E402

FROM = "ipcycle bench <bench@cnipa.example.cn>"
# share of applications per stage on the morning of 10-15 (drafts are the applicants' reminders)
STAGES = (("draft", 30), ("provincial_review", 40), ("provincial_notice", 10), ("national_review", 20))
CATEGORIES = ("city", "county", "park", "service-cluster", "enterprise", "university", "institute")


def setup(url: str, applications: int) -> tuple[Workspace, FixedClock, int]:
    clock = FixedClock(datetime(2025, 9, 12, 8, 0))
    ws = Workspace(url, clock)
    ws.create_schema()
    load_programmes(ws, [WORKFLOWS_DIR / "demonstration-creation.yaml"])
    liaison.ensure_provincial_offices(ws)
    codes = list(province_codes())
    liaison.set_office_addresses(ws, {c: f"office-{c}@ip.example.cn" for c in codes})
    cycle_id = cycles.open_cycle(ws, "demonstration-creation", 2025).id
    stages = [s for s, share in STAGES for _ in range(share)]
    now = clock.now()
    with ws.transaction() as s:
        first = (s.scalar(select(func.max(Organisation.id))) or 0) + 1
        s.execute(
            insert(Organisation),
            [
                {
                    "name": f"申报单位{i:06d}",
                    "kind": "company",
                    "division_code": codes[i % 32],
                    "email": f"unit{i}@example.cn",
                    "attributes": {},
                }  # fmt: skip
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
    # every province filed its receipt: the liaison reminders are not what this measures
    with ws.transaction() as s:
        for code in codes:
            s.add(liaison.LiaisonReceipt(cycle_id=cycle_id, province_code=code, name="联络员", title="科长",
                  phone="010-12345678", mobile="13900000000", email=f"l{code}@example.cn",
                  filed_at=now, filed_by="bench"))  # fmt: skip
    return ws, clock, cycle_id


def bench_planning(ws: Workspace, clock: FixedClock) -> dict[str, float]:
    clock.set(datetime(2025, 10, 15, 9, 0))
    t0, c0 = time.perf_counter(), time.process_time()
    planned = sum(p["planned"] for p in plan_due(ws))
    first, first_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    again = sum(p["planned"] for p in plan_due(ws))
    second, second_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert again == 0, "a second planning pass must not plan anything again"
    return {"planned": planned, "first": first, "first_cpu": first_cpu, "again": second, "again_cpu": second_cpu}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


COUNTING_SERVER = """
import asyncio, sys
from aiosmtpd.controller import Controller
out = open(sys.argv[2], "a", buffering=1)
class Keys:  # accepts everything, writes each message's outbox key: duplicates are counted from this file
    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.split(b"\\r\\n"):
            if line.startswith(b"X-Ipcycle-Key:"):
                out.write(line[14:].strip().decode() + "\\n")
                break
        return "250 2.0.0 queued"
c = Controller(Keys(), hostname="127.0.0.1", port=int(sys.argv[1])); c.start()
asyncio.get_event_loop().run_forever()
"""


def start_sink_server(keys: Path) -> tuple[subprocess.Popen[bytes], int]:
    """aiosmtpd in its own process, writing the key of every message it accepts to ``keys``."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", COUNTING_SERVER, str(port), str(keys)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("aiosmtpd did not start")


def release(ws: Workspace, n: int) -> None:
    """Make ``n`` planned rows due now (the bench sends a slice of the planned mail per mode)."""
    with ws.transaction() as s:
        ids = select(OutboxMessage.id).where(OutboxMessage.status == "hold").order_by(OutboxMessage.id).limit(n)
        s.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids.scalar_subquery())).values(status="pending"))


def bench_outbox_send(ws: Workspace, settings: SmtpSettings, messages: int, batch: int) -> float:
    """Mails per second through the outbox (claim, send, pipelined marks), one sender, a reused connection."""
    release(ws, messages)
    t0 = time.perf_counter()
    counts = dispatch.send_due(ws, SmtpSender(settings), FROM, STILL_OWED, batch=batch, max_batches=10**6)
    assert counts["sent"] == messages, counts
    return messages / (time.perf_counter() - t0)


def bench_raw_send(settings: SmtpSettings, messages: int, batch: int, prepared: bool) -> float:
    """The SMTP sender alone, the same size of mail, no database: the outbox's baseline. ``prepared``: the
    messages as bytes the way the outbox builds them now; else as message objects (the baseline until 2081fcd,
    which the client flattens per send). Either way they are built before the clock starts."""
    subject, text, html = "【提醒】申报尚未提交", "正文" * 200, "<p>正文</p>" * 60
    mails: list[Sendable] = []
    for i in range(messages):
        to = f"unit{i}@example.cn"
        if prepared:
            mails.append(encode_mail(FROM, to, subject, text, html, message_id=f"<raw.{i}@cnipa.example.cn>",
                                     extra=(("X-Ipcycle-Key", f"raw/{i}"),)))  # fmt: skip
        else:
            m = build_message(FROM, to, subject, text, html)
            m["X-Ipcycle-Key"] = f"raw/{i}"
            mails.append(m)
    sender = SmtpSender(settings)
    t0 = time.perf_counter()
    ok = sum(r.ok for i in range(0, messages, batch) for r in sender.send(mails[i : i + batch]))
    return ok / (time.perf_counter() - t0)


def _sender_process(url: str, settings: SmtpSettings, batch: int) -> None:
    ws = Workspace(url, FixedClock(datetime(2025, 10, 15, 9, 0)))
    dispatch.send_due(ws, SmtpSender(settings), FROM, STILL_OWED, batch=batch, max_batches=10**6)
    ws.dispose()


def bench_senders(ws: Workspace, settings: SmtpSettings, keys: Path, messages: int, batch: int, n: int) -> float:
    """``n`` sender processes on one database draining ``messages`` rows; mails per second."""
    release(ws, messages)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_sender_process, args=(ws.url, settings, batch)) for _ in range(n)]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - t0
    with ws.transaction() as s:
        left = s.scalar(select(func.count()).where(OutboxMessage.status.in_(["pending", "claimed"])))
    assert left == 0, f"{left} rows not sent"
    return messages / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="applications per planning run")
    parser.add_argument("--messages", type=int, default=2000, help="mails sent per sending figure (default 2000)")
    parser.add_argument("--batch", type=int, default=100, help="mails per claim and SMTP connection (default 100)")
    parser.add_argument("--db", help="a PostgreSQL URL; default SQLite on tmpfs")
    parser.add_argument("--sqlite-dir", help="where the SQLite files go (default /dev/shm)")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    names = [f"plan{n}" for n in sizes]
    plans: dict[int, dict[str, float]] = {}
    with scratch_databases(args.db, names, args.sqlite_dir) as urls, tempfile.TemporaryDirectory() as tmp:
        print(f"database: {describe(urls[names[0]])}")
        for n, name in zip(sizes, names, strict=True):
            t0 = time.perf_counter()
            ws, clock, _ = setup(urls[name], n)
            setup_s = time.perf_counter() - t0
            plans[n] = plan = bench_planning(ws, clock)
            print(
                f"planning {n:>7} applications: {plan['planned']:6.0f} reminders in {plan['first']:6.2f} s wall, "
                f"{plan['first_cpu']:6.2f} s CPU; a second tick finds nothing new in {plan['again']:.2f} s "
                f"({plan['again_cpu']:.2f} s CPU)  [setup {setup_s:.1f} s]"
            )
            if n != sizes[-1]:
                ws.dispose()
        for small, big in zip(sizes, sizes[1:], strict=False):
            growth = (plans[big]["first_cpu"] / plans[small]["first_cpu"]) / (big / small)
            print(f"growth {small} -> {big}: {growth:.2f}x linear (CPU; <= 1 is linear or better)")
        top = plans[sizes[-1]]
        print(
            f"planning {sizes[-1]}: {top['first']:.2f} s wall / {top['first_cpu']:.2f} s CPU "
            f"(target < 2 s: {'met' if top['first'] < 2 else 'met in CPU time' if top['first_cpu'] < 2 else 'NOT met'})"
        )
        with ws.transaction() as s:  # the planned mail waits on hold; each figure releases its share
            s.execute(update(OutboxMessage).where(OutboxMessage.status == "pending").values(status="hold"))
        keys = Path(tmp) / "keys.txt"
        server, port = start_sink_server(keys)
        settings = SmtpSettings(host="127.0.0.1", port=port, use_tls=False, start_tls=False, timeout=10, sender=FROM)
        try:
            messages = min(args.messages, int(top["planned"]) // 6)
            raw = bench_raw_send(settings, messages, args.batch, prepared=False)
            sent = bench_outbox_send(ws, settings, messages, args.batch)
            ready = bench_raw_send(settings, messages, args.batch, prepared=True)
            print(
                f"outbox -> smtp: {messages} mails, batches of {args.batch} on one connection: {sent:.0f} mails/s; "
                f"the SMTP sender alone {raw:.0f} mails/s with message objects (outbox/sender {sent / raw:.2f}), "
                f"{ready:.0f} mails/s with prepared bytes ({sent / ready:.2f}) "
                f"(target >= 500 mails/s: {'met' if sent >= 500 else 'NOT met'})"
            )
            if ws.engine.dialect.name == "postgresql":
                keys.write_text("")
                one = bench_senders(ws, settings, keys, messages, args.batch, 1)
                four = bench_senders(ws, settings, keys, messages * 2, args.batch, 4)
                time.sleep(0.5)  # the server writes the last keys
                counts = Counter(k for k in keys.read_text().split() if not k.startswith("raw/"))
                twice = sum(1 for c in counts.values() if c > 1)
                print(
                    f"sender processes on one PostgreSQL: 1 -> {one:.0f} mails/s, 4 -> {four:.0f} mails/s, "
                    f"speed-up {four / one:.2f}x; {len(counts)} mails arrived, duplicates {twice} (must be 0: "
                    f"{'met' if twice == 0 and len(counts) == messages * 3 else 'NOT met'})"
                )
            else:
                print("sender processes: pass --db postgresql+psycopg://... for 4 senders against 1")
        finally:
            server.terminate()
            server.wait(10)
            ws.dispose()


if __name__ == "__main__":
    main()
