"""Provincial overlays: a province's own layer on a national cycle, loaded from a small YAML file.

The engine enforces an overlay for that province only, through the generic hook that lets data
contribute rules at an event (see ``policies.registry.contributed_verdicts``); refusals carry
the overlay's own rule ids. The prefecture step's endorsements are recorded here too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from sqlalchemy import select

from engine.definition.loader import content_hash
from engine.definition.model import Role
from engine.definition.overlay import Overlay, parse_overlay
from engine.definition.yamlsource import DefinitionError
from engine.kernel.errors import BadInput, Refused
from engine.kernel.yamlread import YamlInputError, read_yaml_text
from engine.machine.machine import Actor
from engine.services.applications.stage_moves import SessionLookups, get_application
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.results import ServiceResult
from engine.store.registers import OverlayText, PrefectureEndorsement
from engine.store.workspace import Workspace
from policies.guards.eligibility import prefecture_of
from policies.reference.divisions import registry
from policies.reference.provinces import province_name
from policies.verdict import Verdict


class OverlayDeadline(ServiceResult):
    """The province's own closing date for some events (earlier than the national one)."""

    id: str
    kind: Literal["deadline"] = "deadline"
    events: list[str]
    date: date
    title: str


class OverlayPrefectureStep(ServiceResult):
    """A prefecture's endorsement the province asks before the given events."""

    id: str
    kind: Literal["prefecture-step"] = "prefecture-step"
    events: list[str]
    title: str


class OverlayLimit(ServiceResult):
    """At most ``max`` applications per prefecture through the given events."""

    id: str
    kind: Literal["per-prefecture-limit"] = "per-prefecture-limit"
    events: list[str]
    max: int
    title: str


class OverlayEligibility(ServiceResult):
    """The province's own eligibility rule for a category (the A7 standard), checked on entry."""

    id: str
    kind: Literal["eligibility"] = "eligibility"
    category: str
    events: list[str]
    guard: str


class OverlayRule(ServiceResult):
    """Any other guard the province adds to some events."""

    id: str
    kind: Literal["rule"] = "rule"
    events: list[str]
    guard: str


OverlayRuleSummary = OverlayDeadline | OverlayPrefectureStep | OverlayLimit | OverlayEligibility | OverlayRule


class OverlayLoaded(ServiceResult):
    """A province's overlay as loaded, and whether its text differs from the one loaded before."""

    cycle: int
    province: str
    title: str
    document: str
    changed: bool
    rules: list[OverlayRuleSummary]


class OverlayView(ServiceResult):
    """A province's current overlay for a cycle."""

    cycle: int
    province: str
    title: str
    rules: list[OverlayRuleSummary]


class PrefectureEndorsed(ServiceResult):
    """A prefecture's decision on an application from below it."""

    application: int
    prefecture: str
    name: str
    endorsed: bool


def _summary(o: Overlay, province: str, entry_event: str) -> list[OverlayRuleSummary]:
    rules: list[OverlayRuleSummary] = [
        OverlayDeadline(id=d.id, events=d.events, date=d.date, title=d.title) for d in o.deadlines
    ]
    if o.prefecture_step:
        st = o.prefecture_step
        rules.append(OverlayPrefectureStep(id=st.id, events=st.before, title=st.title))
    rules += [OverlayLimit(id=lim.id, events=lim.events, max=lim.max, title=lim.title) for lim in o.limits]
    rules += [
        OverlayEligibility(id=r.id, category=cat, events=[entry_event], guard=r.guard)
        for cat, rs in o.eligibility.items()
        for r in rs
    ]
    rules += [OverlayRule(id=r.id, events=r.events, guard=r.guard) for r in o.rules]
    return rules


def load_overlay(ws: Workspace, cycle_id: int, path: Path, actor: Actor) -> OverlayLoaded:
    """A province loads (or replaces) its overlay for a cycle; the file is checked against the definition."""
    if actor.role is not Role.PROVINCE or not actor.scope:
        raise Refused(
            "an overlay is loaded by a provincial office",
            [
                Verdict(
                    False,
                    "ROLE",
                    "省级补充要求由省级知识产权局加载",
                    f"overlays are loaded as province:CODE, not {actor}",
                )
            ],
        )
    try:
        text = read_yaml_text(path)  # a regular file within the YAML size limit, before the transaction
    except YamlInputError as exc:
        raise DefinitionError(exc.problems) from None
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        overlay = parse_overlay(text, str(path), p)
        if overlay.province and overlay.province != actor.scope:
            raise DefinitionError([f"{path}:1: this overlay is for province {overlay.province}, not {actor.scope}"])
        digest = content_hash(text)
        latest = s.scalar(
            select(OverlayText)
            .where(OverlayText.cycle_id == cycle.id, OverlayText.province_code == actor.scope)
            .order_by(OverlayText.id.desc())
            .limit(1)
        )
        changed = latest is None or latest.content_hash != digest
        if changed:
            s.add(
                OverlayText(
                    cycle_id=cycle.id,
                    province_code=actor.scope,
                    title=overlay.title,
                    text=text,
                    content_hash=digest,
                    source=str(path),
                    loaded_at=ws.clock.now(),
                    loaded_by=str(actor),
                )
            )
        return OverlayLoaded(
            cycle=cycle.id,
            province=actor.scope,
            title=overlay.title,
            document=overlay.document,
            changed=changed,
            rules=_summary(overlay, actor.scope, p.entry.event),
        )


def show_overlay(ws: Workspace, cycle_id: int, province: str) -> OverlayView:
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        overlay = SessionLookups(s, cycle.id).overlay(province)
        if overlay is None:
            raise BadInput(f"{province_name(province)}尚未载入本届的省级补充规定", field="province")
        entry = cycle_programme(cycle).entry.event
        return OverlayView(
            cycle=cycle.id, province=province, title=overlay.title, rules=_summary(overlay, province, entry)
        )


def parse_prefecture(text: str) -> str:
    """``prefecture:320500``: the office of a prefecture-level unit (市、州、盟、地区) acting in the step."""
    role, _, code = text.partition(":")
    div = registry().get(code) if role == "prefecture" else None
    if div is None or div.tier != 1:
        raise BadInput(
            f"{text!r}: use prefecture:<code of a prefecture-level unit>, e.g. prefecture:320500", field="actor"
        )
    return div.code


def endorse(ws: Workspace, app_id: int, prefecture: str, endorsed: bool, reason: str | None) -> PrefectureEndorsed:
    """The prefecture's office endorses (or declines) an application from below it, as its overlay asks."""
    with ws.transaction() as s:
        app = get_application(s, app_id)
        overlay = SessionLookups(s, app.cycle_id).overlay(app.province_code)
        if overlay is None or overlay.prefecture_step is None:
            raise BadInput(f"{province_name(app.province_code)}本届没有地市推荐环节")
        code = app.organisation.division_code
        pref = prefecture_of(code) if code else None
        if pref is None or pref.code != prefecture:
            raise Refused(
                "not this prefecture's applicant",
                [
                    Verdict(
                        False,
                        overlay.prefecture_step.id,
                        "该申报单位不在本市（州）范围内",
                        f"application {app.id} is not from within {prefecture}",
                    )
                ],
            )
        s.add(
            PrefectureEndorsement(
                application_id=app.id,
                prefecture_code=prefecture,
                endorsed=endorsed,
                at=ws.clock.now(),
                actor=f"prefecture:{prefecture}",
                reason=reason,
            )
        )
        return PrefectureEndorsed(application=app.id, prefecture=prefecture, name=pref.name, endorsed=endorsed)
