"""A planned mail's row is stored as the ORM would store it, though SQLite's rows go to the driver directly."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from engine.store.outbox import OutboxMessage, OutboxStatus
from notifications.outbox.mail_queue import Mail, enqueue
from tests.support.db import ON_POSTGRES
from tests.support.reminders_support import creation_workspace

AT = datetime(2025, 10, 15, 9, 0)


def mail(key: str, applications: tuple[int, ...]) -> Mail:
    return Mail(key=key, cycle_id=None, kind="draft-applications", audience="applicants-with-drafts",
                milestone="recommendation", offset_days=7, recipient="org:1", recipient_name="宁波市人民政府",
                address="nb@example.cn", subject="【提醒】", body_text="正文\n", body_html="<p>正文</p>\n",
                send_after=AT, expires_at=datetime(2025, 10, 24, 23, 59, 59, 999999),
                applications=applications)  # fmt: skip


@pytest.mark.skipif(ON_POSTGRES, reason="compares the text SQLite stores; PostgreSQL's rows go through SQLAlchemy")
def test_a_planned_row_reads_back_byte_for_byte_like_one_the_orm_wrote(tmp_path: Path) -> None:
    with creation_workspace(tmp_path) as (ws, _):
        with ws.transaction() as s:
            assert enqueue(s, [mail("planned", (17, 18)), mail("planned", (1,))], AT) == 1  # a key once
            s.add(OutboxMessage(**{**mail("orm", (17, 18)).row(AT), "applications": [17, 18]}))
        with ws.engine.connect() as c:
            stored = {r[0]: r[1:] for r in c.execute(text(
                "SELECT key, created_at, send_after, expires_at, applications, status, attempts, subject FROM outbox"
            ))}  # fmt: skip
        with ws.transaction() as s:
            due = s.query(OutboxMessage).filter(OutboxMessage.send_after <= AT, OutboxMessage.key == "planned").one()
    assert stored["planned"] == stored["orm"]
    assert stored["planned"][3] == "[17, 18]" and stored["planned"][4] == OutboxStatus.PENDING
    assert due.expires_at == datetime(2025, 10, 24, 23, 59, 59, 999999) and due.applications == [17, 18]


def test_a_key_planned_twice_is_stored_and_counted_once(tmp_path: Path) -> None:
    """On both databases: what enqueue reports is the rows really inserted (the planner's figures)."""
    with creation_workspace(tmp_path) as (ws, _):
        with ws.transaction() as s:
            assert enqueue(s, [mail("twice", (1,)), mail("twice", (2,)), mail("once", (3,))], AT) == 2
        with ws.transaction() as s:
            assert enqueue(s, [mail("twice", (4,))], AT) == 0
            assert s.query(OutboxMessage).count() == 2
