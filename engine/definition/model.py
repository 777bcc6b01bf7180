"""The programme definition format: pydantic models of the YAML in ``workflows/``.

A definition is checked completely when it is built (structure by pydantic, meaning by
:func:`engine.definition.checks.semantic_problems`), so a running cycle never meets an unknown stage or guard.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from policies.labels import Labelled

Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
EventName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
ANY_STAGE = "*"
# Names transitions puts on (or reads from) the model, and the model's own fields.
RESERVED_EVENTS = frozenset(
    {"trigger", "may_trigger", "to_state", "stage", "subject", "ctx", "actor", "reason", "verdicts", "on_changed"}
)


class Role(Labelled):
    """Who acts; the label is how a page or a mail names the role (a province or unit by its own name)."""

    NATIONAL = "national", "国家知识产权局"
    PROVINCE = "province", "省级知识产权局"
    APPLICANT = "applicant", "申报单位"
    SYSTEM = "system", "系统（定时）"


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GuardRef(Strict):
    """A guard named in the definition, with the rule it enforces and its parameters."""

    guard: str
    rule: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)


class Recurrence(Strict):
    first_edition: int
    every_years: int = Field(ge=1)


class DueRule(Strict):
    """A date relative to the edition year: ``{year_offset: 2, month: 12, day: 31}``."""

    year_offset: int = 0
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)

    def for_edition(self, edition: int) -> date:
        return date(edition + self.year_offset, self.month, self.day)

    @model_validator(mode="after")
    def _a_real_day(self) -> DueRule:
        date(2000, self.month, self.day)  # a leap year, so 29 February passes here and fails only where it must
        return self


class TimedEvent(Strict):
    """What the engine fires by itself when a milestone falls due (role ``system``)."""

    event: EventName
    from_: list[Ident] = Field(alias="from", min_length=1)


class Milestone(Strict):
    id: Ident
    title: str
    due: DueRule | None = None
    given_at_opening: bool = Field(False, description="the date has no rule and must be given when opening")
    on_due: list[TimedEvent] = Field(default_factory=list)


class Window(Strict):
    """An interval between two milestones; ``closes`` is inclusive of its whole due day."""

    opens: Ident | None = None
    closes: Ident
    rule: str


class NoticeScope(StrEnum):
    """Who shares one notice: each application its own, or a province's recommendations of one working day."""

    APPLICATION = "application"
    PROVINCE_DAY = "province-day"


class AfterDismissal(StrEnum):
    """What a notice held by an objection does once the objection is dismissed."""

    RESUME = "resume"  # its remaining working days run on
    RESTART = "restart"  # a whole new period starts


class NoticePeriod(Strict):
    """A public notice (公示) held in a stage: after ``working_days`` the engine fires ``on_end``.

    A shared (``province-day``) notice is held while an objection on it is open in ``objection_stage``;
    ``rule`` is the rule its refusals name, and a province's overlay may set its own ``working_days``.
    """

    working_days: int = Field(ge=1)
    on_end: EventName
    shared: NoticeScope = NoticeScope.APPLICATION
    objection_stage: Ident | None = None
    after_dismissal: AfterDismissal = AfterDismissal.RESUME
    rule: str | None = None


class ListPart(Strict):
    """A part of the 推荐名单 kept apart from the rest (notice 003: demonstration candidates and pilots)."""

    title: str
    categories: list[Ident]


class ProgressReports(Strict):
    """A yearly progress report (年度创建进展) from each creation object, reviewed by its province (B6: 创建周期内
    …加强指导监督; the notice names no report, so the whole section is a reading of the definition's author)."""

    rule: str
    stages: list[Ident] = Field(min_length=1, description="the stages in which a creation object reports")
    month: int = Field(ge=1, le=12, description="each year's report is due by this month and day")
    day: int = Field(ge=1, le=31)
    title: str = "年度创建进展报告"


class ProvincialRound(Strict):
    """The province's report to CNIPA as one package: its letter (推荐函) once, every application whose
    notice has ended, and the 推荐名单; or a nil return (本届不推荐)."""

    event: EventName = "report"
    rule: str
    letter: str = Field(description="the title of the province's letter")
    list_title: str = "推荐名单"
    deadline: Ident = Field(description="the milestone the package is due by")
    words_zh: str = Field("", description="the notice's words the package's refusals quote")
    parts: list[ListPart] = Field(default_factory=list, description="parts of the list, each numbered on its own")


class Stage(Strict):
    id: Ident
    title: str
    final: bool = False
    notice: NoticePeriod | None = None


class Transition(Strict):
    event: EventName
    from_: list[str] = Field(alias="from", min_length=1)
    to: Ident
    roles: list[Role] = Field(min_length=1)
    guards: list[GuardRef] = Field(default_factory=list)
    window: Ident | None = None
    categories: list[Ident] | None = None
    title: str = ""
    reason_required: bool = Field(False, description="the actor must give a reason (fraud, revocation)")


class Entry(Strict):
    """How an application comes into being (the ``apply`` step)."""

    event: EventName = "apply"
    to: Ident
    roles: list[Role] = Field(default_factory=lambda: [Role.APPLICANT])
    window: Ident | None = None


class RecognisedAs(Strict):
    """B5: a recognition in another programme's category that counts as this one (its ``stages`` = recognised)."""

    programme: Ident
    category: Ident
    stages: list[Ident] = Field(default_factory=list)


class Track(Strict):
    """A track an applicant chooses when it applies (A5: 以地理标志、传统知识等为特色的县域), adding conditions."""

    id: Ident
    name: str
    conditions: list[int] = Field(description="the numbers of the declarations only this track attests")


class Category(Strict):
    id: Ident
    name: str
    contact_group: Ident | None = None
    eligibility: list[GuardRef] = Field(default_factory=list)
    declarations: list[str] = Field(default_factory=list, description="qualitative conditions attested")
    tracks: list[Track] = Field(default_factory=list, description="chosen at application; each adds conditions")
    recognised_as: list[RecognisedAs] = Field(default_factory=list, description="B5: earlier recognitions elsewhere")


class Material(Strict):
    id: Ident
    title: str
    categories: list[Ident] | None = None
    stamped: bool = Field(False, description="a stamped paper, filed as its scan (PDF or an image), not as a .docx")


class ContactGroup(Strict):
    id: Ident
    title: str
    person: str
    phone: str


class ReminderRule(Strict):
    """Remind ``audience`` before/after a milestone; offsets are working days (negative = after)."""

    milestone: Ident
    audience: str
    working_days_before: list[int] = Field(min_length=1)


class CasePhase(Strict):
    """A phase of a case call (D4): the number users give with ``--phase`` and the category holding its cases."""

    number: int = Field(ge=1)
    category: Ident
    title: str = ""


class CaseMinimum(Strict):
    """A count to reach by a deadline (D5): reported and reminded about, never a guard that refuses."""

    rule: str
    per: str = Field(pattern=r"^(province|submitter)$")
    at_least: int = Field(ge=1)
    each_phase: bool = False
    stages: list[Ident] = Field(min_length=1, description="stages whose cases count")
    kinds: list[str] = Field(default_factory=list, description="per submitter: kinds expected to reach it")


class CaseCall(Strict):
    """Marks a programme as a case call: an application is one case text, checked by its ``submit`` guards."""

    template: str = Field("sections", pattern=r"^(sections|free)$", description="000's four sections, or free text")
    submit: EventName = "submit"
    publish: EventName = "publish"
    publishable: list[Ident] = Field(min_length=1, description="stages whose cases make up the published list")
    phases: list[CasePhase] = Field(default_factory=list)
    minimums: list[CaseMinimum] = Field(default_factory=list)
    form_title: str = "案例申报表"
    summary_title: str = "案例汇总表"
    list_titles: dict[int, str] = Field(default_factory=dict, description="title of each edition's published list")
    summary_stages: list[Ident] = Field(default_factory=list, description="stages a summary table lists; [] = all sent")
    byline: list[str] = Field(
        default_factory=list, description="lines under a table's title; {submitter}: its name, {reporter}: its contact"
    )
    form_notes: list[str] = Field(default_factory=list, description="the form's 填写说明, as the notice prints them")


class Register(Strict):
    """The register of demonstration units (示范单位, B5/B9/B10): entering ``stage`` recognises the unit.

    ``categories`` limits it (the 2023 programme designates pilots too, and a pilot is no demonstration
    unit). An application follows a revocation (B9) by the transition its definition guards with
    ``revocation-recorded``, when its stage has one.
    """

    stage: Ident
    categories: list[Ident] | None = None


class PilotRegister(Strict):
    """Where an approved pilot is written (A7): entering ``stage`` in a category puts the unit's division on the
    national pilot list the category names (``city`` or ``county``), which A2/A4 of later rounds read."""

    stage: Ident
    lists: dict[Ident, str] = Field(description="category → pilot list (city | county)")


class ListKind(StrEnum):
    """The lists CNIPA publishes: a creation programme's (notice 004 §四(二)–(三)) and the 2023 evaluation's
    (notice 003 §三: 正式确定示范城市、示范县名单; the pilots it approves, 核准)."""

    CREATION_OBJECTS = "creation-objects"
    ACCEPTANCE_RESULTS = "acceptance-results"
    DEMONSTRATION_UNITS = "demonstration-units"
    DEMONSTRATION_CITIES_COUNTIES = "demonstration-cities-counties"
    APPROVED_PILOTS = "approved-pilots"


class PublishedListSpec(Strict):
    """A 名单 the national office publishes once its public notice ``notice`` has ended with no open objection.

    Its rows are the applications that left ``notice`` by the notice's own end (the timer), or, for
    ``from_register``, the cycle's units still valid in the register of demonstration units.
    """

    kind: ListKind
    title: str
    document: str = Field("", description="the 文号 the list is published under; the programme's when empty")
    notice: Ident | None = Field(None, description="the public notice whose end by its timer puts a unit on the list")
    event: Ident | None = Field(None, description="instead of a notice: the move that puts a unit on it (approve)")
    categories: list[Ident] | None = Field(None, description="only these categories; all when absent")
    open: list[Ident] = Field(default_factory=list, description="stages where an objection is still being handled")
    struck_off: list[Ident] = Field(
        default_factory=list, description="stages that take a listed unit off again: a list is who stands now"
    )
    rule: str
    wording_zh: str = Field("", description="the notice's words the refusal quotes")
    from_register: bool = False

    @model_validator(mode="after")
    def _one_source(self) -> PublishedListSpec:
        if (self.notice is None) == (self.event is None):
            raise ValueError("a list names either the notice that ends onto it or the event that puts a unit on it")
        return self

    def entered_by(self, p: Programme) -> tuple[str | None, str]:
        """(the stage left, the event) of the move that puts a unit on the list."""
        if self.event is not None:
            return None, self.event
        assert self.notice is not None
        period = p.stage(self.notice).notice
        return self.notice, period.on_end if period else ""


class Programme(Strict):
    id: Ident
    title: str
    document: str = ""
    issuer: str = ""
    visibility: Visibility = Visibility.PUBLIC
    recurrence: Recurrence | None = None
    editions: list[int] = Field(default_factory=list, description="editions known without a recurrence")
    later_editions: bool = Field(
        False, description="a later edition (the next batch, round) opens under its year with every date given"
    )
    addressed_to: list[str] = Field(
        default_factory=list, description="the kinds of body the call is addressed to (C7); empty: anyone"
    )
    mailbox: str | None = None
    contact_groups: list[ContactGroup] = Field(default_factory=list)
    categories: list[Category] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1)
    entry: Entry
    transitions: list[Transition] = Field(min_length=1)
    event_titles: dict[EventName, str] = Field(
        default_factory=dict, alias="events", description="each event's title, as a clerk reads it"
    )
    milestones: list[Milestone] = Field(default_factory=list)
    windows: dict[Ident, Window] = Field(default_factory=dict)
    materials: list[Material] = Field(default_factory=list)
    reminders: list[ReminderRule] = Field(default_factory=list)
    cases: CaseCall | None = None
    provincial_round: ProvincialRound | None = None
    progress_reports: ProgressReports | None = None
    unit_register: Register | None = Field(None, alias="register", description="the register of 示范单位")
    pilot_register: PilotRegister | None = Field(None, description="where an approved pilot is written (A7)")
    lists: list[PublishedListSpec] = Field(default_factory=list)

    # -- lookups used by the engine ---------------------------------------------------------
    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)

    def event_title(self, event: str, src: str | None = None) -> str:
        """What a reader calls an event: the transition's own title (from ``src``), else the programme's title for
        the event, else "转入“<stage>”" (an event id is never shown)."""
        moves = [t for t in self.transitions if t.event == event]
        own = next((t.title for t in moves if t.title and (src is None or src in self.sources(t))), "")
        if own or event in self.event_titles:
            return own or self.event_titles[event]
        to = moves[0].to if moves else (self.entry.to if event == self.entry.event else None)
        return f"转入“{self.stage(to).title}”" if to else "办理"

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def milestone(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def final_stages(self) -> frozenset[str]:
        return frozenset(s.id for s in self.stages if s.final)

    def sources(self, transition: Transition) -> list[str]:
        """The concrete stages a transition leaves from (``*`` = every non-final stage)."""
        out: list[str] = []
        for ref in transition.from_:
            out += [s.id for s in self.stages if not s.final] if ref == ANY_STAGE else [ref]
        return list(dict.fromkeys(out))

    def transitions_for(self, category: str) -> list[Transition]:
        return [t for t in self.transitions if t.categories is None or category in t.categories]

    def published_list(self, kind: str) -> PublishedListSpec | None:
        return next((x for x in self.lists if x.kind == kind), None)

    def events(self) -> frozenset[str]:
        return frozenset(t.event for t in self.transitions)

    def shared_notices(self) -> list[Stage]:
        """The stages holding a province's shared notice (公示), in definition order."""
        return [s for s in self.stages if s.notice and s.notice.shared is NoticeScope.PROVINCE_DAY]

    def under_notice(self) -> frozenset[str]:
        """Stages in which an application is still under a shared notice: the notice or its objection."""
        out = set()
        for s in self.shared_notices():
            out.add(s.id)
            if s.notice and s.notice.objection_stage:
                out.add(s.notice.objection_stage)
        return frozenset(out)

    def reportable(self) -> frozenset[str]:
        """Stages the provincial round's report leaves from (the notice ended, or nothing to wait for)."""
        if self.provincial_round is None:
            return frozenset()
        ev = self.provincial_round.event
        return frozenset(src for t in self.transitions if t.event == ev for src in self.sources(t))
