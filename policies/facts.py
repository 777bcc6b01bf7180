"""What a guard may look at: the subject of a move and a read-only view of the cycle around it.

Guards stay pure functions of these two values; the engine builds them, the guards never
touch the database themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class OrganisationFacts:
    """The organisation as the rules see it (kind, division, legal form and so on)."""

    id: int
    name: str
    kind: str
    division_code: str | None = None
    uscc: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Subject:
    """The application being moved (or about to be created, then ``application_id`` is None)."""

    application_id: int | None
    category: str
    stage: str | None
    province_code: str
    organisation: OrganisationFacts


class CycleLookups(Protocol):
    """Questions about the rest of the cycle that some guards need (counts, quotas, records)."""

    def count_in_stages(self, province_code: str, category: str, stages: frozenset[str]) -> int: ...

    def quota(self, province_code: str, category: str) -> int | None: ...

    def is_recognised(self, organisation_id: int, category: str) -> bool: ...


@dataclass(frozen=True)
class GuardContext:
    """The moment and the cycle a move happens in."""

    now: datetime
    programme_id: str
    cycle_id: int
    edition: int
    milestones: dict[str, date]
    lookups: CycleLookups | None = None
