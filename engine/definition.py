"""The programme definition format: pydantic models of the YAML in ``workflows/``.

A definition is checked completely when it is built (structure by pydantic, meaning by
:func:`semantic_problems`), so a running cycle never meets an unknown stage or guard.
"""

from __future__ import annotations

import re
from collections import deque
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from policies.registry import get_guard

Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
EventName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
ANY_STAGE = "*"
# Names transitions puts on (or reads from) the model, and the model's own fields.
RESERVED_EVENTS = frozenset(
    {"trigger", "may_trigger", "to_state", "stage", "subject", "ctx", "actor", "reason", "verdicts", "on_changed"}
)


class Role(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    APPLICANT = "applicant"
    SYSTEM = "system"


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


class NoticePeriod(Strict):
    """A public notice (公示) held in a stage: after ``working_days`` the engine fires ``on_end``."""

    working_days: int = Field(ge=1)
    on_end: EventName


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
    reason_required: bool = Field(False, description="the actor must give --reason (fraud, revocation)")


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


class Category(Strict):
    id: Ident
    name: str
    contact_group: Ident | None = None
    eligibility: list[GuardRef] = Field(default_factory=list)
    declarations: list[str] = Field(default_factory=list, description="qualitative conditions attested")
    recognised_as: list[RecognisedAs] = Field(default_factory=list, description="B5: earlier recognitions elsewhere")


class Material(Strict):
    id: Ident
    title: str
    categories: list[Ident] | None = None


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
    byline: list[str] = Field(default_factory=list, description="lines under a table's title; {submitter} = its name")
    form_notes: list[str] = Field(default_factory=list, description="the form's 填写说明, as the notice prints them")


def _case_call_problems(p: Programme) -> list[tuple[tuple[str | int, ...], str]]:
    """A case call must name stages, categories and events the programme has."""
    call, out = p.cases, []
    if call is None:
        return []
    stages, cats = {s.id for s in p.stages}, {c.id for c in p.categories}
    for ev in (call.submit, call.publish):
        if ev not in p.events():
            out.append((("cases",), f"case call names event {ev!r}, which no transition has"))
    for key in ("publishable", "summary_stages"):
        for j, sid in enumerate(getattr(call, key)):
            if sid not in stages:
                out.append((("cases", key, j), f"undefined stage {sid!r}"))
    for j, ph in enumerate(call.phases):
        if ph.category not in cats:
            out.append((("cases", "phases", j, "category"), f"undefined category {ph.category!r}"))
    for j, m in enumerate(call.minimums):
        for k, sid in enumerate(m.stages):
            if sid not in stages:
                out.append((("cases", "minimums", j, "stages", k), f"undefined stage {sid!r}"))
    return out


class Programme(Strict):
    id: Ident
    title: str
    document: str = ""
    issuer: str = ""
    visibility: Visibility = Visibility.PUBLIC
    recurrence: Recurrence | None = None
    editions: list[int] = Field(default_factory=list, description="editions known without a recurrence")
    mailbox: str | None = None
    contact_groups: list[ContactGroup] = Field(default_factory=list)
    categories: list[Category] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1)
    entry: Entry
    transitions: list[Transition] = Field(min_length=1)
    milestones: list[Milestone] = Field(default_factory=list)
    windows: dict[Ident, Window] = Field(default_factory=dict)
    materials: list[Material] = Field(default_factory=list)
    reminders: list[ReminderRule] = Field(default_factory=list)
    cases: CaseCall | None = None

    @model_validator(mode="after")
    def _meaningful(self) -> Programme:
        problems = semantic_problems(self)
        if problems:
            raise SemanticError(problems)
        return self

    # -- lookups used by the engine ---------------------------------------------------------
    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)

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

    def events(self) -> frozenset[str]:
        return frozenset(t.event for t in self.transitions)


class SemanticError(ValueError):
    """Definition problems as (location, message) pairs, so the loader can add line numbers."""

    def __init__(self, problems: list[tuple[tuple[str | int, ...], str]]) -> None:
        super().__init__("; ".join(m for _, m in problems))
        self.problems = problems


def _check_guard(ref: GuardRef, loc: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    try:
        g = get_guard(ref.guard)
    except KeyError as exc:
        return [((*loc, "guard"), str(exc.args[0]))]
    out = []
    unknown = set(ref.params) - g.params
    missing = g.required - set(ref.params)
    if unknown:
        out.append(((*loc, "params"), f"guard {ref.guard!r} takes no parameter {', '.join(sorted(unknown))}"))
    if missing:
        out.append(((*loc, "params"), f"guard {ref.guard!r} needs parameter {', '.join(sorted(missing))}"))
    known = {k: v for k, v in ref.params.items() if k in g.params}
    out += [((*loc, "params"), f"guard {ref.guard!r}: {problem}") for problem in g.param_problems(known)]
    return out


def semantic_problems(p: Programme) -> list[tuple[tuple[str | int, ...], str]]:
    """Everything wrong with a structurally valid definition, each with where it is."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    stage_ids = [s.id for s in p.stages]
    stages, cats = set(stage_ids), {c.id for c in p.categories}
    milestones = {m.id for m in p.milestones}
    for section, noun, items in (
        ("stages", "stage", p.stages),
        ("categories", "category", p.categories),
        ("milestones", "milestone", p.milestones),
        ("materials", "material", p.materials),
        ("contact_groups", "contact group", p.contact_groups),
    ):
        ids = [item.id for item in items]
        for i, item_id in enumerate(ids):
            if ids.index(item_id) != i:
                out.append(((section, i, "id"), f"{noun} {item_id!r} is defined twice"))
    if p.entry.to not in stages:
        out.append((("entry", "to"), f"entry goes to undefined stage {p.entry.to!r}"))
    seen: dict[tuple[str, str, str], int] = {}
    for i, t in enumerate(p.transitions):
        loc = ("transitions", i)
        if t.event in RESERVED_EVENTS:
            out.append(((*loc, "event"), f"event name {t.event!r} is reserved"))
        if t.to not in stages:
            out.append(((*loc, "to"), f"transition {t.event!r} goes to undefined stage {t.to!r}"))
        for j, ref in enumerate(t.from_):
            if ref != ANY_STAGE and ref not in stages:
                out.append(((*loc, "from", j), f"transition {t.event!r} leaves from undefined stage {ref!r}"))
        if t.window and t.window not in p.windows:
            out.append(((*loc, "window"), f"transition {t.event!r} names undefined window {t.window!r}"))
        for j, c in enumerate(t.categories or []):
            if c not in cats:
                out.append(((*loc, "categories", j), f"undefined category {c!r}"))
        for j, g in enumerate(t.guards):
            out += _check_guard(g, (*loc, "guards", j))
        for src in p.sources(t) if t.to in stages else []:
            for c in t.categories or sorted(cats):
                key = (t.event, src, c)
                if key in seen:
                    out.append(((*loc, "event"), f"event {t.event!r} from {src!r} is defined twice"))
                seen[key] = i
    for sid in stages & p.final_stages():
        if any(sid in p.sources(t) for t in p.transitions if ANY_STAGE not in t.from_):
            out.append((("stages", stage_ids.index(sid)), f"final stage {sid!r} has outgoing transitions"))
    for i, s in enumerate(p.stages):
        if s.notice and not any(
            t.event == s.notice.on_end and s.id in p.sources(t) and Role.SYSTEM in t.roles for t in p.transitions
        ):
            out.append((("stages", i, "notice"), f"no system transition {s.notice.on_end!r} leaves {s.id!r}"))
    for i, c in enumerate(p.categories):
        for j, g in enumerate(c.eligibility):
            out += _check_guard(g, ("categories", i, "eligibility", j))
    for name, w in p.windows.items():
        for end in ("opens", "closes"):
            ref = getattr(w, end)
            if ref and ref not in milestones:
                out.append((("windows", name, end), f"window {name!r} {end} at undefined milestone {ref!r}"))
    for i, m in enumerate(p.milestones):
        if m.due is None and not m.given_at_opening:
            out.append(
                (("milestones", i), f"milestone {m.id!r} has no date: give `due` or set `given_at_opening: true`")
            )
        for j, te in enumerate(m.on_due):
            for k, src in enumerate(te.from_):
                if not any(
                    t.event == te.event and src in p.sources(t) and Role.SYSTEM in t.roles for t in p.transitions
                ):
                    out.append(
                        (
                            ("milestones", i, "on_due", j, "from", k),
                            f"no system transition {te.event!r} leaves stage {src!r}",
                        )
                    )
    if p.entry.window and p.entry.window not in p.windows:
        out.append((("entry", "window"), f"entry names undefined window {p.entry.window!r}"))
    for r in p.reminders:
        if r.milestone not in milestones:
            out.append((("reminders",), f"reminder names undefined milestone {r.milestone!r}"))
    out += _case_call_problems(p)
    out += _unreachable(p, stages)
    return out


def _unreachable(p: Programme, stages: set[str]) -> list[tuple[tuple[str | int, ...], str]]:
    if p.entry.to not in stages:
        return []
    reached, todo = {p.entry.to}, deque([p.entry.to])
    while todo:
        here = todo.popleft()
        for t in p.transitions:
            if here in p.sources(t) and t.to in stages and t.to not in reached:
                reached.add(t.to)
                todo.append(t.to)
    return [
        (("stages", i, "id"), f"stage {s.id!r} cannot be reached from {p.entry.to!r}")
        for i, s in enumerate(p.stages)
        if s.id not in reached
    ]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
