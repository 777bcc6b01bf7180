"""Minimum counts of a case call (D5), counted now: reported and reminded about, never refusing a move."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.definition.model import CaseMinimum, Programme
from engine.machine.machine import Actor
from engine.services.cases.submission import case_call, guard_params, submit_transition
from engine.services.programmes import addressees
from engine.services.programmes.cycles import cycle_programme, get_cycle, programme_of
from engine.services.reference.organisations import organisation_province
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.cases import CaseRecord
from engine.store.core import Application, Cycle, CycleMilestone, Organisation
from engine.store.workspace import Workspace
from policies.guards.cases import NOT_SUBMITTED, match_theme
from policies.reference.divisions import provinces


class ProvinceCount(ServiceResult):
    """A provincial office's cases counted towards a minimum, and how many it still lacks."""

    province: str
    name: str
    count: int
    missing: int


class SubmitterCount(ServiceResult):
    """A submitter's cases counted towards a minimum (with where to remind it), and how many it still lacks."""

    organisation: int
    name: str
    kind: str
    division_code: str | None
    province: str | None  # the province it submits through (D1, D6); None for one that answers to the office
    email: str | None
    count: int
    missing: int


class MinimumRequirement(ServiceResult):
    """One minimum (D5) at one deadline: what counts, by when, and every party's count now."""

    rule: str
    per: str  # province | submitter
    at_least: int
    phase: int | None  # None: all phases together
    categories: list[str]
    stages: list[str]  # the stages whose cases count
    milestone: str | None
    due: date | None
    open: bool  # the due day has not passed
    entries: list[ProvinceCount] | list[SubmitterCount]


class MinimumTerms(ServiceResult):
    """The terms of a requirement that a shortfall repeats, so one row says whom to remind of what."""

    rule: str
    per: str
    at_least: int
    phase: int | None
    milestone: str | None
    due: date | None
    open: bool


class ProvinceShortfall(ProvinceCount, MinimumTerms):
    """A province below a minimum: the requirement's terms, then its count (fields in that order)."""


class SubmitterShortfall(SubmitterCount, MinimumTerms):
    """A submitter below a minimum: the requirement's terms, then its count (fields in that order)."""


Shortfall = ProvinceShortfall | SubmitterShortfall


class CaseMinimums(ServiceResult):
    """Every minimum of a cycle's case call counted now, and the parties below one (one row per reminder)."""

    cycle: int
    programme: str
    edition: int
    now: IsoDatetime
    requirements: list[MinimumRequirement]
    shortfalls: list[Shortfall]


def _shortfall(r: MinimumRequirement, e: ProvinceCount | SubmitterCount) -> Shortfall:
    terms = r.model_dump(include=set(MinimumTerms.model_fields))
    if isinstance(e, ProvinceCount):
        return ProvinceShortfall(**terms, **e.model_dump())
    return SubmitterShortfall(**terms, **e.model_dump())


def deadline_milestone(p: Programme, category: str) -> str | None:
    """The milestone closing the window in which cases of ``category`` are submitted."""
    window = submit_transition(p, category).window or p.entry.window
    return p.windows[window].closes if window else None


def _groups(p: Programme, m: CaseMinimum) -> list[tuple[int | None, list[str]]]:
    """(phase number, categories counted together) for each deadline the minimum is reckoned at."""
    call = p.cases
    phases = call.phases if call else []
    if m.each_phase and phases:
        return [(ph.number, [ph.category]) for ph in phases]
    return [(None, [ph.category for ph in phases] or [c.id for c in p.categories])]


def _province_entries(counts: Counter[str], at_least: int) -> list[ProvinceCount]:
    return [
        ProvinceCount(province=d.code, name=d.name, count=counts[d.code], missing=max(at_least - counts[d.code], 0))
        for d in provinces()
    ]


def _submitter_entries(s: Session, m: CaseMinimum, counts: Counter[int], at_least: int) -> list[SubmitterCount]:
    ids = set(counts)
    if m.kinds:
        ids |= set(s.scalars(select(Organisation.id).where(Organisation.kind.in_(m.kinds))))
    orgs = s.scalars(select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.id))
    return [
        SubmitterCount(
            organisation=o.id,
            name=o.name,
            kind=o.kind,
            division_code=o.division_code,
            province=organisation_province(o.division_code, o.uscc),
            email=o.email,
            count=counts[o.id],
            missing=max(at_least - counts[o.id], 0),
        )
        for o in orgs
    ]


def case_minimums(ws: Workspace, cycle_id: int, province: str | None = None) -> CaseMinimums:
    """Every minimum of the cycle's case call, with each province's or submitter's count now.

    A requirement's entries are all 32 provincial offices (per province) or every organisation of the
    minimum's kinds and anyone with cases (per submitter); ``shortfalls`` are the entries still
    missing cases, each with its requirement's terms: one row per party to remind. With ``province``, only
    that province's office and the centres that submit through it (what one province may see).
    """
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        call = case_call(p)
        dues = {m.key: m.due for m in s.scalars(select(CycleMilestone).where(CycleMilestone.cycle_id == cycle.id))}
        today = ws.clock.now().date()
        apps = list(
            s.execute(
                select(
                    Application.category, Application.province_code, Application.organisation_id, Application.stage
                ).where(Application.cycle_id == cycle.id)
            )
        )
        requirements: list[MinimumRequirement] = []
        for m in call.minimums:
            for phase, categories in _groups(p, m):
                rows = [a for a in apps if a.category in categories and a.stage in m.stages]
                milestones = [ms for ms in (deadline_milestone(p, c) for c in categories) if ms]
                milestone = max(milestones, key=lambda k: dues.get(k, date.min), default=None)
                due = dues.get(milestone) if milestone else None
                entries: list[ProvinceCount] | list[SubmitterCount]
                if m.per == "province":
                    by_office = _province_entries(Counter(a.province_code for a in rows), m.at_least)
                    entries = [e for e in by_office if province in (None, e.province)]
                else:
                    by_unit = _submitter_entries(s, m, Counter(a.organisation_id for a in rows), m.at_least)
                    entries = [e for e in by_unit if province in (None, e.province)]
                requirements.append(
                    MinimumRequirement(
                        rule=m.rule,
                        per=m.per,
                        at_least=m.at_least,
                        phase=phase,
                        categories=categories,
                        stages=list(m.stages),
                        milestone=milestone,
                        due=due,
                        open=due is None or today <= due,
                        entries=entries,
                    )
                )
        shortfalls = [_shortfall(r, e) for r in requirements for e in r.entries if e.missing > 0]
        return CaseMinimums(
            cycle=cycle.id,
            programme=p.id,
            edition=cycle.edition,
            now=ws.clock.now(),
            requirements=requirements,
            shortfalls=shortfalls,
        )


class CasePhaseChoice(ServiceResult):
    number: int
    title: str


class CaseCycle(ServiceResult):
    """An open case call as the submitter's form offers it: the cycle, its phases, its C2 cap if any."""

    cycle: int
    programme: str
    title: str
    edition: int
    phases: list[CasePhaseChoice]
    cap: int | None  # C2: cases per submitter (and per province's office)
    topics: list[str] = []  # C5's types, offered (不限于) when the call has the case-topic rule
    asks_period: bool = False  # D2: the call takes cases of a period (案例时间)
    may_submit: bool = True  # the viewer is one of the parties the call is addressed to (C1, D1, C7)


class SubmitterCaseCount(ServiceResult):
    """How many cases one submitter has in a cycle (what C2's cap counts)."""

    organisation: int
    name: str
    count: int


def case_cycles(ws: Workspace, viewer: Actor | None = None) -> list[CaseCycle]:
    """Every cycle of a case call, newest first; for a ``viewer``, only those it may see (C7: an internal call
    only by the parties it is addressed to), each saying whether the viewer is one that submits."""
    out = []
    with ws.transaction() as s:
        kind = addressees.organisation_kind(s, viewer) if viewer else None
        for cycle in s.scalars(select(Cycle).order_by(Cycle.id.desc())):
            p = programme_of(ws, s, cycle.id)
            if p.cases is None or (viewer is not None and not addressees.may_see(p, viewer, kind)):
                continue
            cap, asks_period = None, False
            topics: list[str] = []
            for category in [ph.category for ph in p.cases.phases] or [c.id for c in p.categories][:1]:
                found = guard_params(p, category, "cases-per-submitter")
                cap = int(found["at_most"]) if found and "at_most" in found else cap
                topics = list((guard_params(p, category, "case-topic") or {}).get("topics") or topics)
                asks_period = asks_period or guard_params(p, category, "case-period") is not None
            out.append(
                CaseCycle(
                    cycle=cycle.id,
                    programme=p.id,
                    title=p.title,
                    edition=cycle.edition,
                    phases=[CasePhaseChoice(number=ph.number, title=ph.title) for ph in p.cases.phases],
                    cap=cap,
                    topics=topics,
                    asks_period=asks_period,
                    # addressed to the viewer, and the viewer's role is one that submits (a province forwards its
                    # centres' cases in the TISC call but submits none of its own)
                    may_submit=viewer is None
                    or (addressees.addressed(p, viewer, kind) and viewer.role in p.entry.roles),
                )
            )
    return out


def cases_by_submitter(ws: Workspace, cycle_id: int, province: str) -> list[SubmitterCaseCount]:
    """How many cases each submitter of a province has in the cycle (what C2's cap is counted against)."""
    with ws.transaction() as s:
        get_cycle(s, cycle_id)
        rows = s.execute(
            select(Organisation.id, Organisation.name, func.count(Application.id))
            .join(Application, Application.organisation_id == Organisation.id)
            .where(Application.cycle_id == cycle_id, Application.province_code == province)
            .group_by(Organisation.id, Organisation.name)
            .order_by(Organisation.name)
        ).all()
        return [SubmitterCaseCount(organisation=i, name=n, count=c) for i, n, c in rows]


class TopicCount(ServiceResult):
    topic: str  # "" for the cases that name none
    count: int
    listed: bool  # one of C5's types (the list is “不限于”, so others are allowed)


class TopicSpread(ServiceResult):
    """A province's cases in a call by type (C2: 统筹考虑典型案例类型的广泛性), withdrawn and unsent ones left out."""

    cycle: int
    province: str
    cases: int
    topics: list[TopicCount]
    repeated: list[str]  # the types the province has sent more than once


def topic_spread(ws: Workspace, cycle_id: int, province: str) -> TopicSpread:
    """How a province's cases spread over the types, for the province weighing what else to send."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        listed = [t for c in p.categories for t in (guard_params(p, c.id, "case-topic") or {}).get("topics") or []]
        rows = s.execute(
            select(CaseRecord.theme)
            .join(Application, CaseRecord.application_id == Application.id)
            .where(
                Application.cycle_id == cycle.id,
                Application.province_code == province,
                Application.stage.notin_(NOT_SUBMITTED),
            )
        ).scalars()
        counts = Counter(match_theme(t, listed) or (t or "").strip() for t in rows)
        topics = [TopicCount(topic=t, count=n, listed=t in listed) for t, n in counts.most_common()]
        return TopicSpread(
            cycle=cycle.id,
            province=province,
            cases=sum(counts.values()),
            topics=topics,
            repeated=[t.topic for t in topics if t.topic and t.count > 1],
        )
