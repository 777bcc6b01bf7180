"""Applications counted by (cycle, province, category, stage), kept up to date by the moves themselves.

The national board reads these few hundred rows instead of grouping 100k applications on every request.
A move does not write its count at once: it notes +1 for the stage entered and -1 for the stage left on
its session, and the notes are written just before the transaction commits, one upsert per changed key in
key order (``n = n + delta`` in the database, never a value computed in Python). So a rolled-back move
writes nothing, concurrent transactions on PostgreSQL add to the same row without losing an update, and,
since every transaction takes the count rows' locks in the same order and only at its very end, two of
them cannot deadlock over counts. A move inside a savepoint writes at once, so a rolled-back savepoint
takes its count with it.

Applications written behind the engine's back (a bulk insert in a benchmark, a repair by hand) are put
right by :func:`recount`.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, delete, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine.store.core import Application, Base

if TYPE_CHECKING:
    from sqlalchemy.sql.expression import Executable

Key = tuple[int, str, str, str]  # cycle id, province code, category, stage
PENDING = "ipcycle_stage_counts"  # Session.info key: the transaction's counts not yet written
KEY_COLUMNS = ["cycle_id", "province_code", "category", "stage"]


class StageCount(Base):
    """How many applications of a cycle's province and category are in a stage now (0 once all left)."""

    __tablename__ = "stage_count"
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), primary_key=True)
    province_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    stage: Mapped[str] = mapped_column(String(40), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


def count_move(s: Session, app: Application, src: str | None, dst: str) -> None:
    """Note that ``app`` left ``src`` (None: it was just created) for ``dst``; written at commit."""
    if src == dst:
        return
    delta: Counter[Key] = Counter()
    if src is not None:
        delta[(app.cycle_id, app.province_code, app.category, src)] -= 1
    delta[(app.cycle_id, app.province_code, app.category, dst)] += 1
    if s.in_nested_transaction():  # a savepoint may roll back alone: its count must go with it
        _write(s, delta)
        return
    pending: Counter[Key] = s.info.setdefault(PENDING, Counter())
    pending.update(delta)  # Counter.update adds (and keeps negative values), unlike dict.update


def write_pending(s: Session) -> None:
    """The session's noted counts into the table, in key order (a ``before_commit`` listener)."""
    pending: Counter[Key] | None = s.info.pop(PENDING, None)
    if pending:
        s.flush()  # the applications' rows first: after the counts' locks this transaction takes no other
        _write(s, pending)


def _write(s: Session, delta: Counter[Key]) -> None:
    rows = [
        {"cycle_id": c, "province_code": p, "category": cat, "stage": st, "n": n}
        for (c, p, cat, st), n in sorted(delta.items())
        if n
    ]
    if rows:  # one single-row statement per key, in order (a multi-row upsert's lock order is not promised)
        s.connection().execute(_upsert(s.get_bind().dialect.name), rows)


@cache
def _upsert(dialect: str) -> Executable:
    """The add-to-count statement, built once per dialect: built per move it was half of a move's cost."""
    from sqlalchemy.dialects import postgresql, sqlite  # here: every command imports the store, few move

    if dialect not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"stage counts need an upsert for {dialect}")
    table = Base.metadata.tables[StageCount.__tablename__]
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    return stmt.on_conflict_do_update(index_elements=KEY_COLUMNS, set_={"n": table.c.n + stmt.excluded.n})


def recount(s: Session, cycle_id: int | None = None) -> None:
    """Count again from the applications themselves (one cycle, or all): after writes that bypassed moves."""
    s.execute(delete(StageCount).where(StageCount.cycle_id == cycle_id) if cycle_id else delete(StageCount))
    grouped = select(
        Application.cycle_id, Application.province_code, Application.category, Application.stage, func.count()
    ).group_by(Application.cycle_id, Application.province_code, Application.category, Application.stage)
    if cycle_id:
        grouped = grouped.where(Application.cycle_id == cycle_id)
    s.execute(insert(StageCount).from_select([*KEY_COLUMNS, "n"], grouped))


def stage_counts(s: Session, cycle_id: int) -> list[tuple[str, str, str, int]]:
    """(province, category, stage, n) of a cycle, n > 0: what a GROUP BY over its applications answers."""
    rows = s.execute(
        select(StageCount.province_code, StageCount.category, StageCount.stage, StageCount.n).where(
            StageCount.cycle_id == cycle_id, StageCount.n > 0
        )
    )
    return [(p, c, st, n) for p, c, st, n in rows]
