"""Tables of the national evaluation (notice 004 §四(二)–(五)): indicators, standards, scores and the records.

The indicator set (attachment 3, not in the seed) and the acceptance standard are data loaded per
cycle; scores are per reviewer, application and indicator; an :class:`EvaluationRecord` is the
evaluation a decision (select, pass, fail, 摘牌) rests on, frozen as it stood when the decision was made.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.core import Base
from policies.labels import Labelled


class Purpose(Labelled):
    """What an evaluation is for: choosing creation objects (B6), acceptance (B7), effectiveness (成效评估, B9)."""

    SELECTION = "selection", "创建对象评审"
    ACCEPTANCE = "acceptance", "评估验收"
    EFFECTIVENESS = "effectiveness", "成效评估"


class Indicator(Base):
    """One indicator of a cycle's set (示范评价指标, attachment 3): weight and the maximum score. ``category`` ""
    is the cycle's set; a category id, that category's own set (B6, our reading), used for it instead."""

    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("cycle_id", "category", "code", name="uq_indicator_cycle_category_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    category: Mapped[str] = mapped_column(String(40), default="", server_default="")
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    weight: Mapped[float] = mapped_column(Float)
    maximum: Mapped[float] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer)


class Threshold(Base):
    """One line of a cycle's acceptance standard (验收标准): the least mean score of an indicator, or the total."""

    __tablename__ = "threshold"
    __table_args__ = (UniqueConstraint("cycle_id", "category", "code", name="uq_threshold_cycle_category_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    category: Mapped[str] = mapped_column(String(40), default="", server_default="")  # the set it belongs to
    code: Mapped[str] = mapped_column(String(40))  # an indicator code, or "total"
    minimum: Mapped[float] = mapped_column(Float)


class Score(Base):
    """A reviewer's score of one indicator, for an application or (effectiveness) a register row."""

    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("cycle_id", "purpose", "application_id", "recognition_id", "reviewer", "indicator"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    recognition_id: Mapped[int | None] = mapped_column(ForeignKey("recognition.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(80))
    indicator: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))


class EvaluationRecord(Base):
    """The evaluation a decision rests on, as it stood then: totals, rank in its category, standard met."""

    __tablename__ = "evaluation_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    recognition_id: Mapped[int | None] = mapped_column(ForeignKey("recognition.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"))
    decision: Mapped[str] = mapped_column(String(40))  # the event (select, pass, fail) or "evaluate"
    total: Mapped[float] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    ranked: Mapped[int | None] = mapped_column(Integer)  # how many were ranked in the category
    met: Mapped[bool | None] = mapped_column()
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)  # per indicator means, reviewers, standard, shortfalls
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))
