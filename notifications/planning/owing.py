"""What an audience answers: who owes something now, and whether one recipient still does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from engine.definition.model import Programme
from engine.store.core import Cycle
from engine.store.outbox import OutboxMessage
from engine.store.workspace import Workspace

MAX_LISTED = 30  # items listed in one mail; the rest is counted


@dataclass(frozen=True)
class Owing:
    """One recipient who still owes something, and what."""

    recipient: str  # province:320000 | org:17
    name: str
    address: str | None
    missing: list[str]
    total: int
    summary: str
    contact_groups: list[str] = field(default_factory=list)
    province_code: str = ""
    applications: tuple[int, ...] = ()


@dataclass(frozen=True)
class RollLine:
    """One recipient of a roll call in the national digest: its state (a code) and the line to print."""

    state: str
    line: str


@dataclass(frozen=True)
class Audience:
    name: str
    kind: str  # the mail template
    title: str  # for the national office's digest
    owing: Callable[[Workspace, Session, Programme, Cycle, str], list[Owing]]
    # of a claimed batch of one cycle's rows, the ids whose recipient still owes (one query, not one per row)
    still_owed: Callable[[Workspace, Session, Programme, Cycle, list[OutboxMessage]], set[int]]
    roll: Callable[[Session, Cycle], list[RollLine]] | None = None  # everyone's state, for the digest
