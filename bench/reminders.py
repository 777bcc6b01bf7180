"""Reminder planning time for 100k applications across 32 provinces, and send throughput to a local
aiosmtpd with one connection reused per batch next to one connection per message, in the same run.

Planning is timed on the day of the first recommendation reminder (2025-10-15, seven working days
before the deadline), when every applicant with a draft and every province with applications to
decide is owed a reminder: the first tick renders and stores them all, a second finds nothing new
(the steady cost of a tick). Sending goes through the outbox (claim, send, mark each row) to an
aiosmtpd sink in its own process; the raw SMTP sender is timed too, without the database. Through
the outbox each mail costs one durable commit (marked sent before the next goes out, so a crash
repeats at most one mail): that, not SMTP, bounds the outbox figures on SQLite.

    .venv/bin/python bench/reminders.py [--applications 100000] [--messages 1000] [--batch 100]
(about 40 s with the defaults here)
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

from sqlalchemy import func, insert, select, update  # noqa: E402

from engine.definition.loader import WORKFLOWS_DIR  # noqa: E402
from engine.kernel.clock import FixedClock  # noqa: E402
from engine.services import cycles, liaison  # noqa: E402
from engine.services.programmes import load_programmes  # noqa: E402
from engine.store.core import Application, Organisation  # noqa: E402
from engine.store.outbox import OutboxMessage  # noqa: E402
from engine.store.workspace import Workspace  # noqa: E402
from notifications import outbox  # noqa: E402
from notifications.delivery.smtp import SmtpSender, SmtpSettings, build_message  # noqa: E402
from notifications.planning.audiences import STILL_OWED  # noqa: E402
from notifications.planning.reminders import plan_due  # noqa: E402
from policies.reference.provinces import province_codes  # noqa: E402

FROM = "ipcycle bench <bench@cnipa.example.cn>"
# share of applications per stage on the morning of 10-15 (drafts are the applicants' reminders)
STAGES = (("draft", 30), ("provincial_review", 40), ("provincial_notice", 10), ("national_review", 20))
CATEGORIES = ("city", "county", "park", "service-cluster", "enterprise", "university", "institute")


def setup(path: Path, applications: int) -> tuple[Workspace, FixedClock, int]:
    clock = FixedClock(datetime(2025, 9, 12, 8, 0))
    ws = Workspace(f"sqlite:///{path}", clock)
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
    t0 = time.perf_counter()
    planned = sum(p["planned"] for p in plan_due(ws))
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = sum(p["planned"] for p in plan_due(ws))
    second = time.perf_counter() - t0
    assert again == 0, "a second planning pass must not plan anything again"
    return {"planned": planned, "first": first, "again": second}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sink_server() -> tuple[subprocess.Popen[bytes], int]:
    """aiosmtpd in its own process, discarding what it accepts (the Sink handler)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
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


def bench_outbox_send(ws: Workspace, port: int, messages: int, batch: int) -> dict[str, float]:
    with ws.transaction() as s:
        s.execute(update(OutboxMessage).where(OutboxMessage.status == "pending").values(status="hold"))
    settings = SmtpSettings(host="127.0.0.1", port=port, use_tls=False, start_tls=False, timeout=10, sender=FROM)
    out = {}
    for label, reuse in (("reuse", True), ("per_message", False)):
        release(ws, messages)
        t0 = time.perf_counter()
        sender = SmtpSender(settings, reuse_connection=reuse)
        counts = outbox.send_due(ws, sender, FROM, STILL_OWED, batch=batch, max_batches=10**6)
        out[label] = counts["sent"] / (time.perf_counter() - t0)
        assert counts["sent"] == messages, counts
    return out


def bench_raw_send(port: int, messages: int, batch: int) -> dict[str, float]:
    settings = SmtpSettings(host="127.0.0.1", port=port, use_tls=False, start_tls=False, timeout=10, sender=FROM)
    mails = [build_message(FROM, f"unit{i}@example.cn", "【提醒】申报尚未提交", "正文" * 200) for i in range(messages)]
    out = {}
    for label, reuse in (("reuse", True), ("per_message", False)):
        sender = SmtpSender(settings, reuse_connection=reuse)
        t0 = time.perf_counter()
        ok = sum(r.ok for i in range(0, messages, batch) for r in sender.send(mails[i : i + batch]))
        out[label] = ok / (time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000, help="applications to plan for (default 100000)")
    parser.add_argument("--messages", type=int, default=1000, help="mails sent per mode (default 1000)")
    parser.add_argument("--batch", type=int, default=100, help="mails per SMTP connection when reusing (default 100)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        ws, clock, _ = setup(Path(tmp) / "bench.db", args.applications)
        print(f"setup: {args.applications} applications in 32 provinces, {time.perf_counter() - t0:.1f}s")
        plan = bench_planning(ws, clock)
        print(
            f"planning: {plan['planned']:.0f} reminders for {args.applications} applications in {plan['first']:.2f}s "
            f"({plan['planned'] / plan['first']:.0f} mails/s rendered and stored); "
            f"a second tick finds nothing new in {plan['again']:.2f}s"
        )
        server, port = start_sink_server()
        try:
            messages = min(args.messages, int(plan["planned"]) // 2)
            sent = bench_outbox_send(ws, port, messages, args.batch)
            raw = bench_raw_send(port, messages, args.batch)
        finally:
            server.terminate()
            server.wait(10)
            ws.dispose()
    for label, r in (("outbox -> smtp (claim, send, mark each row)", sent), ("smtp sender alone", raw)):
        print(
            f"{label}: {messages} mails per mode; reused connection (batches of {args.batch}) "
            f"{r['reuse']:.0f} mails/s, one connection per mail {r['per_message']:.0f} mails/s, "
            f"ratio {r['reuse'] / r['per_message']:.2f}x"
        )


if __name__ == "__main__":
    main()
