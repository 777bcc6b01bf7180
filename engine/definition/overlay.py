"""The provincial overlay format: a province's own layer on a national cycle, as data.

An overlay never changes the national definition or its stages; it contributes extra rules
(registered guards under the province's own rule ids) at named events, for that province only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.definition.model import Programme, Role
from engine.definition.yamlsource import DefinitionError, SourceMap, load_yaml
from policies.catalogue import known_guards
from policies.facts import ContributedRule
from policies.reference.divisions import registry

Loc = tuple[str | int, ...]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Deadline(_Strict):
    """An internal deadline earlier than the national one, for the listed events."""

    id: str
    events: list[str] = Field(min_length=1)
    date: date
    title: str = "省内报送截止日期"
    categories: list[str] | None = None


class PrefectureStep(_Strict):
    """County → prefecture → province: the prefecture's endorsement comes before these events."""

    id: str
    before: list[str] = Field(min_length=1)
    title: str = "须经市（州）知识产权局审核推荐"
    categories: list[str] | None = None


class Limit(_Strict):
    """A per-prefecture limit such as 每个市州限报一个, checked at ``events``, counting ``counted`` stages."""

    id: str
    max: int = Field(ge=1)
    events: list[str] = Field(min_length=1)
    counted: list[str] = Field(min_length=1)
    title: str = "每个市（州）限报名额"
    categories: list[str] | None = None


class StandardRule(_Strict):
    """One rule of the province's own eligibility standard (A7), checked when applying."""

    id: str
    guard: str
    params: dict[str, Any] = Field(default_factory=dict)
    title: str = ""


class OverlayRule(StandardRule):
    """Any registered guard at any event, for provinces whose layer fits none of the named shapes."""

    events: list[str] = Field(min_length=1)
    categories: list[str] | None = None


class Overlay(_Strict):
    province: str | None = None
    title: str
    document: str = ""
    deadlines: list[Deadline] = Field(default_factory=list)
    prefecture_step: PrefectureStep | None = None
    limits: list[Limit] = Field(default_factory=list)
    eligibility: dict[str, list[StandardRule]] = Field(default_factory=dict)
    rules: list[OverlayRule] = Field(default_factory=list)
    notice_working_days: int | None = Field(
        None, ge=1, le=30, description="the province's own length of its public notices (公示), in working days"
    )

    def contributed(self, province_code: str, event: str, category: str, entry_event: str) -> list[ContributedRule]:
        """The rules this overlay adds when ``event`` happens to an application in ``category``."""
        div = registry().get(province_code)
        who_zh = f"{div.name if div else province_code}补充要求"
        out: list[ContributedRule] = []

        def add(rule_id: str, title: str, guard: str, params: dict[str, Any]) -> None:
            zh = f"{who_zh}{rule_id}" + (f"（{title}）" if title else "")
            out.append(ContributedRule(rule_id, guard, params, zh, f"overlay of {province_code}, rule {rule_id}"))

        def applies(events: list[str], categories: list[str] | None) -> bool:
            return event in events and (categories is None or category in categories)

        for d in self.deadlines:
            if applies(d.events, d.categories):
                add(d.id, d.title, "not-after", {"date": d.date, "title_zh": d.title})
        step = self.prefecture_step
        if step and applies(step.before, step.categories):
            add(step.id, step.title, "prefecture-endorsed", {})
        for lim in self.limits:
            if applies(lim.events, lim.categories):
                add(lim.id, lim.title, "per-prefecture-limit", {"max": lim.max, "counted": lim.counted})
        if event == entry_event:
            for r in self.eligibility.get(category, []):
                add(r.id, r.title, r.guard, dict(r.params))
        for r in self.rules:
            if applies(r.events, r.categories):
                add(r.id, r.title, r.guard, dict(r.params))
        return out


def _provincial_events(p: Programme) -> set[str]:
    """Events a province or applicant fires: an overlay may bind only these, never national or timed moves."""
    mine = {Role.PROVINCE, Role.APPLICANT}
    events = {t.event for t in p.transitions if mine & set(t.roles)}
    return events | ({p.entry.event} if mine & set(p.entry.roles) else set())


def _meaning(o: Overlay, p: Programme) -> list[tuple[Loc, str]]:
    """What an overlay names must exist in the cycle's definition and in the guard registry."""
    out: list[tuple[Loc, str]] = []
    events, cats = _provincial_events(p), {c.id for c in p.categories}
    stages = {s.id for s in p.stages}

    def check(loc: Loc, names: list[str] | None, known: set[str] | frozenset[str], what: str) -> None:
        for i, n in enumerate(names or []):
            if what == "event" and n in p.events() | {p.entry.event} and n not in known:
                out.append(
                    (
                        (*loc, i),
                        f"event {n!r} is fired only by CNIPA or the scheduler in {p.id}; an overlay "
                        f"binds province and applicant moves ({', '.join(sorted(known))})",
                    )
                )
            elif n not in known:
                out.append(((*loc, i), f"unknown {what} {n!r} in {p.id} (known: {', '.join(sorted(known))})"))

    for i, d in enumerate(o.deadlines):
        check(("deadlines", i, "events"), d.events, events, "event")
        check(("deadlines", i, "categories"), d.categories, cats, "category")
    if o.prefecture_step:
        check(("prefecture_step", "before"), o.prefecture_step.before, events, "event")
        check(("prefecture_step", "categories"), o.prefecture_step.categories, cats, "category")
    for i, lim in enumerate(o.limits):
        check(("limits", i, "events"), lim.events, events, "event")
        check(("limits", i, "counted"), lim.counted, stages, "stage")
        check(("limits", i, "categories"), lim.categories, cats, "category")
    check(("eligibility",), list(o.eligibility), cats, "category")
    guards = known_guards()
    refs: list[tuple[Loc, StandardRule]] = [
        (("eligibility", c, j), r) for c, rs in o.eligibility.items() for j, r in enumerate(rs)
    ]
    refs += [(("rules", i), r) for i, r in enumerate(o.rules)]
    for loc, r in refs:
        g = guards.get(r.guard)
        if g is None:
            out.append(((*loc, "guard"), f"unknown guard {r.guard!r} (known: {', '.join(sorted(guards))})"))
            continue
        if set(r.params) - g.params or g.required - set(r.params):
            out.append(((*loc, "params"), f"guard {r.guard!r} takes {', '.join(sorted(g.params)) or 'no'} parameters"))
            continue
        out += [((*loc, "params"), f"guard {r.guard!r}: {msg}") for msg in g.param_problems(r.params)]
    for i, r in enumerate(o.rules):
        check(("rules", i, "events"), r.events, events, "event")
        check(("rules", i, "categories"), r.categories, cats, "category")
    return out


def parse_overlay(text: str, filename: str, programme: Programme) -> Overlay:
    """Parse and check an overlay against the cycle's definition; problems are ``file:line: message``."""
    data, source = load_yaml(text, filename)
    if not isinstance(data, dict):
        raise DefinitionError([f"{filename}:1: an overlay must be a mapping at the top level"])
    try:
        overlay = Overlay.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(_pydantic_problems(exc, source)) from exc
    problems = _meaning(overlay, programme)
    ids = [r.id for r in overlay.deadlines] + [r.id for r in overlay.limits] + [r.id for r in overlay.rules]
    ids += [overlay.prefecture_step.id] if overlay.prefecture_step else []
    ids += [r.id for rs in overlay.eligibility.values() for r in rs]
    problems += [((), f"rule id {i!r} is used twice") for i in sorted({i for i in ids if ids.count(i) > 1})]
    if problems:
        raise DefinitionError([source.at(loc, msg) for loc, msg in problems])
    return overlay


def _pydantic_problems(exc: ValidationError, source: SourceMap) -> list[str]:
    return [
        source.at(tuple(e["loc"]), f"{'.'.join(str(x) for x in e['loc']) or '(top level)'}: {e['msg']}")
        for e in exc.errors()
    ]
