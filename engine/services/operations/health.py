"""What an operator's probes and dashboards ask of the service: is the database there and at the schema this
code knows, when did each scheduler loop last pass, and how deep is the work waiting (``/readyz``, ``/metrics``).

Everything here is read from the database, so every portal process answers the same, whichever one is asked.
"""

from __future__ import annotations

import socket
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from engine.kernel.logs import masked_url, without_folders
from engine.services.shared.results import ServiceResult
from engine.store.accounts import LoginAttempt
from engine.store.core import Timer, TimerStatus
from engine.store.operations import SchedulerBeat
from engine.store.outbox import OutboxMessage
from engine.store.workspace import Workspace, known_revisions

LOGIN_WINDOW = timedelta(minutes=15)  # the log-in limiter's window: the failures that count now


class Check(ServiceResult):
    ok: bool
    detail: str


class Readiness(ServiceResult):
    ready: bool
    checks: dict[str, Check]


class Figures(ServiceResult):
    """The gauges of ``/metrics``: what waits, what failed, how long since each loop passed."""

    outbox: dict[str, int]
    failed_timers: int
    beat_age_seconds: dict[str, float]
    login_failures: int  # in the last LOGIN_WINDOW


def record_beat(ws: Workspace, loop: str, failures: int, summary: str) -> None:
    """Note that a scheduler loop ended a pass (its own small transaction: a failed pass is noted too)."""
    row = {"loop": loop, "at": ws.clock.now(), "host": socket.gethostname()[:200], "failures": failures}
    row["summary"] = summary[:2000]
    dialect = ws.engine.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(SchedulerBeat).values(row)
    stmt = stmt.on_conflict_do_update(index_elements=["loop"], set_={k: v for k, v in row.items() if k != "loop"})
    with ws.engine.begin() as conn:
        conn.execute(stmt)


def readiness(ws: Workspace, max_beat_age: timedelta) -> Readiness:
    """Ready when the database answers, its schema is the newest this code knows, and a scheduler passed lately
    (no pass within ``max_beat_age``: timed moves and mail are not happening, though pages still work)."""
    checks: dict[str, Check] = {}
    try:
        with ws.reading() as conn:
            stamped = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            beats = {loop: at for loop, at in conn.execute(select(SchedulerBeat.loop, SchedulerBeat.at))}
    except SQLAlchemyError as exc:
        first = str(exc).splitlines()[0]  # /readyz answers anyone: no password, no folder of the server
        checks["database"] = Check(ok=False, detail=without_folders(masked_url(f"{type(exc).__name__}: {first}")))
        return Readiness(ready=False, checks=checks)
    checks["database"] = Check(ok=True, detail="reachable")
    newest = max(known_revisions())
    checks["schema"] = Check(ok=stamped == newest, detail=f"at {stamped}, code knows {newest}")
    checks["scheduler"] = _beat_check(ws.clock.now(), beats, max_beat_age)
    return Readiness(ready=all(c.ok for c in checks.values()), checks=checks)


def _beat_check(now: datetime, beats: dict[str, datetime], max_age: timedelta) -> Check:
    if not beats:
        return Check(ok=False, detail="no scheduler has run on this database")
    last = max(beats.values())
    age = int((now - last).total_seconds())
    return Check(ok=now - last <= max_age, detail=f"last pass {age} s ago (at most {int(max_age.total_seconds())})")


def figures(ws: Workspace) -> Figures:
    """The gauges, in one read transaction of a few grouped counts (indexed: the outbox by status)."""
    now = ws.clock.now()
    with ws.reading() as conn:
        outbox = dict(conn.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
        failed = conn.execute(select(func.count()).where(Timer.status == TimerStatus.FAILED)).scalar_one()
        beats = dict(conn.execute(select(SchedulerBeat.loop, SchedulerBeat.at)).all())
        logins = conn.execute(
            select(func.count()).where(LoginAttempt.ok.is_(False), LoginAttempt.at >= now - LOGIN_WINDOW)
        ).scalar_one()
    return Figures(
        outbox={str(k): int(v) for k, v in outbox.items()},
        failed_timers=int(failed),
        beat_age_seconds={loop: max(0.0, (now - at).total_seconds()) for loop, at in beats.items()},
        login_failures=int(logins),
    )
