"""What a guard may look at: the subject of a move and a read-only view of the cycle around it.

Guards stay pure functions of these two values; the engine builds them, the guards never
touch the database themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from policies.labels import Labelled


class OrganisationKind(Labelled):
    """The kinds of body that apply or submit in the programmes (B2, C1, D1) and the provincial offices."""

    GOVERNMENT = "government", "人民政府"
    PARK = "park", "产业园区管委会"
    COMPANY = "company", "企业"
    UNIVERSITY = "university", "高校"
    INSTITUTE = "institute", "科研机构"
    TISC = "tisc", "技术与创新支持中心"
    UNIVERSITY_CENTRE = "university-centre", "高校国家知识产权信息服务中心"
    MEMBER_UNIT = "member-unit", "联席会议成员单位"
    PROVINCIAL_OFFICE = "provincial-office", "省级知识产权局"


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
    track: str | None = None  # the track chosen at application (A5's GI / traditional-knowledge county)


@dataclass(frozen=True)
class Standing:
    """An earlier recognition (B5): the year, where the record came from, and its standing in the register."""

    year: int
    source: str
    status: str = "valid"  # valid | revoked (摘牌) | cancelled (fraud)


@dataclass(frozen=True)
class DeclarationState:
    """One qualitative condition of a category (A3, A5, B3): attested? found met by the province?"""

    number: int
    text: str
    attested: bool
    met: bool | None  # None: the province has not recorded a finding yet


@dataclass(frozen=True)
class MaterialState:
    """One item of a category's materials checklist (A8) and whether a file is on record."""

    id: str
    title: str
    present: bool
    stamped: bool = False  # the item is a stamped paper (C6, D6): only a scan (PDF or an image) counts
    scanned: bool = False  # the file on record is a PDF or an image


@dataclass(frozen=True)
class ContributedRule:
    """A rule a provincial overlay adds for its own province: a registered guard under the overlay's rule id."""

    rule: str
    guard: str
    params: dict[str, Any]
    source_zh: str
    source_en: str


@dataclass(frozen=True)
class NoticeState:
    """The shared public notice an application is in: published when, last day as it stands, held or running."""

    published_on: date
    last_day: date
    held: bool
    working_days: int


@dataclass(frozen=True)
class ObjectionTally:
    """An application's objections: how many are open, upheld and dismissed."""

    open: int
    upheld: int
    dismissed: int


@dataclass(frozen=True)
class EvaluationFacts:
    """An application's evaluation as it stands: complete? total, rank in its category, standard met?

    ``missing`` names what keeps it incomplete (no scores, or a reviewer's unscored indicators);
    ``met`` is None when no acceptance standard is loaded; ``shortfalls`` the lines below it.
    """

    purpose: str
    complete: bool
    missing: tuple[str, ...]
    total: float
    full_mark: float
    rank: int | None
    ranked: int
    met: bool | None
    shortfalls: tuple[str, ...]


class CycleLookups(Protocol):
    """Questions about the rest of the cycle that some guards need (counts, quotas, records)."""

    def count_in_stages(self, province_code: str, category: str, stages: frozenset[str]) -> int: ...

    def quota(self, province_code: str, category: str) -> int | None: ...

    def recognition(self, organisation_id: int, category: str, stages: frozenset[str]) -> Standing | None: ...

    def pilot_year(self, division_code: str, pilot_list: str) -> int | None: ...

    def division_codes_in_stages(
        self, province_code: str, category: str, stages: frozenset[str], exclude_application: int | None
    ) -> list[str | None]: ...

    def declarations(self, application_id: int) -> list[DeclarationState]: ...

    def materials(self, application_id: int) -> list[MaterialState]: ...

    def fraud_established(self, application_id: int) -> bool: ...

    def prefecture_endorsement(self, application_id: int) -> tuple[str, bool] | None: ...

    def contributed_rules(self, province_code: str, event: str, category: str) -> list[ContributedRule]: ...

    def standard_rules(self, province_code: str, category: str) -> list[str]: ...

    def public_notice(self, application_id: int) -> NoticeState | None: ...

    def objection_tally(self, application_id: int) -> ObjectionTally: ...

    def in_report_package(self, application_id: int) -> bool: ...

    def evaluation(self, application_id: int, purpose: str) -> EvaluationFacts | None: ...

    def register_status(self, application_id: int) -> str | None: ...


class WorkingDays(Protocol):
    """China's official calendar of working days (调休 included), as the engine loaded it."""

    def is_working_day(self, d: date) -> bool: ...

    def add_working_days(self, d: date, n: int) -> date: ...


@dataclass(frozen=True)
class GuardContext:
    """The moment and the cycle a move happens in."""

    now: datetime
    programme_id: str
    cycle_id: int
    edition: int
    milestones: dict[str, date]
    lookups: CycleLookups | None = None
    extensions: dict[str, dict[str, date]] = field(default_factory=dict)  # province -> milestone -> its later date
    workdays: WorkingDays | None = None  # to count a notice's working days before it starts (B7)

    def milestone_due(self, key: str, province_code: str | None = None) -> date | None:
        """The milestone's date for a province: its own extension if the national office gave one, else the cycle's."""
        own = self.extensions.get(province_code or "", {}).get(key)
        return own if own is not None else self.milestones.get(key)
