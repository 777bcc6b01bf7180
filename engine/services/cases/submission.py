"""Service functions of case calls (C, D): submit a case, and where a call's rules live in its definition.

A case is one application of its submitter, holding one text. ``submit_case`` creates the
application, stores the text and fires the definition's ``submit`` event in one transaction,
so a refused case leaves nothing behind; every broken rule is reported at once.
Checking a draft, minimums, exports and the published list live in sibling ``case*`` modules.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.definition.model import CaseCall, Programme, Role, Transition
from engine.files.casedoc import SECTIONS, CaseDocError, CaseText, read_case
from engine.files.freecase import read_free_case
from engine.kernel.errors import BadInput, ConcurrentChange, Refused
from engine.kernel.text import has_letter, normalise
from engine.machine.machine import Actor, authority_verdict, window_verdict
from engine.services.applications.stage_moves import (
    NATIONAL_SCOPE,
    draft_subject,
    eligibility_verdicts,
    fire_in_session,
    get_organisation,
    guard_context,
    record_move,  # the engine's audit writer: a case's creation is recorded like any apply
)
from engine.services.cases.lookups import CaseLookups
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.results import ServiceResult, verdict_from_json
from engine.store.cases import CaseRecord
from engine.store.core import Application, Event, Organisation
from engine.store.workspace import Workspace
from policies.facts import OrganisationKind
from policies.guards.cases import match_theme, normalise_region, warnings_of
from policies.reference.provinces import province_name, province_of
from policies.reference.textlength import CountMode, count_chars, count_zi
from policies.verdict import Verdict

PROVINCIAL_OFFICE = OrganisationKind.PROVINCIAL_OFFICE


class Submitter(ServiceResult):
    """Whose case it is: the organisation that filed it (a province files as its provincial office)."""

    id: int
    name: str


class CaseLength(ServiceResult):
    """The stored text's length: in the call's count (C3), and in characters beside it."""

    count: CountMode
    total: int
    total_chars: int


class CaseSubmitted(ServiceResult):
    """A case accepted: its application and stage, where it was placed, its length and any warnings."""

    id: int
    stage: str
    cycle: int
    category: str
    phase: int | None
    theme: str | None
    submitter: Submitter
    province: str
    name: str
    region: str | None
    region_code: str | None
    length: CaseLength
    warnings: list[str]


def case_call(p: Programme) -> CaseCall:
    if p.cases is None:
        raise BadInput(f"{p.id} is not a case call (its definition has no `cases:` section)")
    return p.cases


def category_for(p: Programme, phase: int | None) -> str:
    """The category a case goes in: its phase's, or the programme's only one."""
    call = case_call(p)
    if call.phases:
        numbers = ", ".join(str(ph.number) for ph in call.phases)
        found = next((ph for ph in call.phases if ph.number == phase), None)
        if found is None:
            raise BadInput(
                f"{p.id} has phases {numbers}; give one of them" + (f", not {phase}" if phase else ""), field="phase"
            )
        return found.category
    if phase is not None:
        raise BadInput(f"{p.id} has no phases", field="phase")
    if len(p.categories) != 1:
        raise BadInput(f"{p.id} has several categories and no phases; its cases cannot be placed")
    return p.categories[0].id


def submit_transition(p: Programme, category: str) -> Transition:
    """The transition ``case submit`` fires for a case of ``category``, from the entry stage."""
    event = case_call(p).submit
    for t in p.transitions_for(category):
        if t.event == event and p.entry.to in p.sources(t):
            return t
    raise BadInput(f"{p.id}: no {event!r} transition leaves {p.entry.to!r} for category {category}")


def guard_params(p: Programme, category: str, name: str) -> dict[str, Any] | None:
    """The parameters of guard ``name`` on the submit transition of ``category``, if it has that guard."""
    ref = next((g for g in submit_transition(p, category).guards if g.guard == name), None)
    return dict(ref.params) if ref else None


def text_limits(p: Programme, category: str) -> tuple[dict[str, dict[str, int]], CountMode]:
    """Every length limit the submit step sets (C3 and C4 may be separate guards), and the count used."""
    refs = [g for g in submit_transition(p, category).guards if g.guard == "case-text-limits"]
    limits: dict[str, dict[str, int]] = {}
    for ref in refs:
        for field, bounds in ref.params.get("limits", {}).items():
            limits[field] = {**limits.get(field, {}), **bounds}
    return limits, (refs[0].params.get("count", "zi") if refs else "zi")


def window_verdicts(p: Programme, category: str, ctx: Any, province: str | None = None) -> list[Verdict]:
    """The dates a submission must fall within: the call's window and the submit step's own (the province's)."""
    windows = [p.entry.window, submit_transition(p, category).window]
    return [window_verdict(p, w, ctx, province) for w in dict.fromkeys(windows) if w]


def read_case_file(path: Path, template: str) -> CaseText:
    """Read a case file; a free-template call takes a text without the four headings too."""
    try:
        return read_case(path)
    except CaseDocError as exc:
        if template == "free" and exc.expected:
            return read_free_case(path)
        raise BadInput(str(exc)) from None


_ONE_LINE_PARTS = ("title", "region", "name", "contact", "period")  # the rest (abstract, sections) keep line breaks


def with_form(case: CaseText, **given: str | None) -> CaseText:
    """Form fields given as flags win over the document's; a missing name falls back to the title. Every part,
    typed or read from the document, goes through the one normaliser (engine.kernel.text)."""
    document = {
        key: normalise(value, multiline=key not in _ONE_LINE_PARTS)
        for key in (*_ONE_LINE_PARTS, "abstract", *SECTIONS)
        if isinstance(value := getattr(case, key), str)
    }
    typed = {k: normalise(v, multiline=k not in _ONE_LINE_PARTS) for k, v in given.items() if v is not None}
    # Any: the form's fields are text, but replace() checks ** against every field of CaseText
    fields: dict[str, Any] = {**document, **{k: v for k, v in typed.items() if v}}
    for key in ("name", "contact"):  # a case's name and its contact person are names: a letter must remain
        if key in typed and typed[key] and not has_letter(typed[key]):
            raise BadInput(f"{key}: 须包含文字（a {key} needs at least one letter）", field=key)
        if fields.get(key) is not None and not has_letter(fields[key]):
            fields[key] = None  # the document's own, invisible or punctuation only: as if the file lacked it
    case = dataclasses.replace(case, **fields)
    if not case.name and case.title:
        case = dataclasses.replace(case, name=case.title)
    return case


def default_theme(p: Programme, category: str, theme: str | None) -> str | None:
    """The theme as the phase lists it (or the topic as C5 lists it); a phase with a single theme (D4 phase 1)
    needs none given."""
    themes = (guard_params(p, category, "case-theme") or {}).get("themes") or []
    theme = normalise(theme) if theme else None
    topics = (guard_params(p, category, "case-topic") or {}).get("topics") or []
    if topics and theme and theme.strip():
        return match_theme(theme, topics) or theme.strip()
    if theme and theme.strip():
        return match_theme(theme, themes) or theme.strip()
    return themes[0] if len(themes) == 1 else None


def provincial_offices(s: Session, code: str) -> list[Organisation]:
    """The organisations registered as ``code``'s provincial office, first registered first."""
    q = select(Organisation).where(Organisation.kind == PROVINCIAL_OFFICE, Organisation.division_code == code)
    return list(s.scalars(q.order_by(Organisation.id)))


def submitter_of(s: Session, actor: Actor) -> Organisation:
    """Whose case an actor files: an applicant's own organisation, or a province's registered office."""
    if actor.role is Role.APPLICANT and actor.scope:
        return get_organisation(s, int(actor.scope))
    if actor.role is Role.PROVINCE and actor.scope:
        offices = provincial_offices(s, actor.scope)
        if not offices:
            raise BadInput(
                f"no provincial office is registered for {province_name(actor.scope)}; register the office as an "
                f"organisation of kind {PROVINCIAL_OFFICE} with division code {actor.scope} first",
                field="actor",
            )
        return offices[0]
    raise BadInput("a case is submitted by its submitter or by a provincial office", field="actor")


def province_code_for(p: Programme, org: Organisation) -> str:
    """The province whose office handles the submitter (the XPCC's cities belong to the XPCC). A submitter
    with no division answers to the national office, unless the call has steps only a province takes."""
    own = province_of(org.division_code)
    if own:
        return own
    steps = sorted({t.event for t in p.transitions if Role.PROVINCE in t.roles and Role.APPLICANT not in t.roles})
    if steps:
        raise BadInput(
            f"{org.name} (organisation {org.id}) has no division code, so no province could {', '.join(steps)} "
            f"its case in {p.id}; record its division first (a roster row with its USCC and division code)"
        )
    return NATIONAL_SCOPE


def _failed(verdicts: list[Verdict]) -> list[Verdict]:
    """The failed verdicts, each once (the entry and the submit step may both check the same window)."""
    seen, out = set(), []
    for v in verdicts:
        if not v.ok and (v.rule_id, v.reason_en) not in seen:
            seen.add((v.rule_id, v.reason_en))
            out.append(v)
    return out


def _record_row(
    app: Application, case: CaseText, phase: int | None, theme: str | None, mode: str, now: Any
) -> CaseRecord:
    region = normalise_region(case.region) if case.region else None
    counter = count_chars if mode == "chars" else count_zi
    return CaseRecord(
        application_id=app.id,
        phase=phase,
        theme=theme,
        title=case.title,
        name=case.name or case.title,
        abstract=case.abstract,
        contact=case.contact,
        region_given=case.region,
        region=region.standard if region else None,
        region_code=region.code if region else None,
        period=case.period,
        basic=case.basic,
        practices=case.practices,
        effects=case.effects,
        next_steps=case.next_steps,
        count_mode=mode,
        total_count=counter(case.total),
        total_chars=count_chars(case.total),
        source=case.source,
        submitted_at=now,
    )


def _recorded_verdicts(s: Session, app_id: int) -> list[Verdict]:
    """The verdicts the submit move recorded (its warnings among them)."""
    row = s.scalars(select(Event).where(Event.application_id == app_id).order_by(Event.id.desc()).limit(1)).first()
    return [verdict_from_json(v) for v in (row.verdicts if row else [])]


def case_warnings(case: CaseText) -> list[str]:
    """What the writer should know though nothing was refused: the reader's notes and a region kept as given."""
    region = normalise_region(case.region) if case.region else None
    return [*case.warnings, *([region.warning] if region and region.warning else [])]


def submit_case(
    ws: Workspace,
    cycle_id: int,
    actor: Actor,
    path: Path,
    phase: int | None = None,
    theme: str | None = None,
    **form: str | None,
) -> CaseSubmitted:
    """Submit one case: create its application, store its text, fire ``submit``; all or nothing."""
    with ws.transaction(write=True) as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        call = case_call(p)
        category = category_for(p, phase)
        case = with_form(read_case_file(path, call.template), **form)
        theme = default_theme(p, category, theme)
        org = submitter_of(s, actor)
        province = province_code_for(p, org)
        ctx = guard_context(ws, s, cycle)
        subject = draft_subject(category, province, org)
        verdicts = [authority_verdict(actor, subject, p.entry.roles)]
        if not verdicts[0].ok:
            raise Refused(f"{actor} may not submit cases to {p.id}", verdicts)
        if p.entry.window:
            verdicts.append(window_verdict(p, p.entry.window, ctx, province))
        verdicts += eligibility_verdicts(p, category, subject, ctx)
        serial = s.scalar(
            select(func.max(Application.serial)).where(
                Application.cycle_id == cycle.id,
                Application.category == category,
                Application.organisation_id == org.id,
            )
        )
        now = ws.clock.now()
        app = Application(
            cycle_id=cycle.id,
            category=category,
            organisation_id=org.id,
            serial=(serial or 0) + 1,
            province_code=province,
            stage=p.entry.to,
            created_at=now,
            updated_at=now,
        )
        s.add(app)
        who = org.name  # read now: a failed flush expires every loaded object
        try:
            s.flush()
        except IntegrityError:  # another case of this submitter took the same number meanwhile
            msg = f"{who} submitted another case at the same moment; nothing was stored, submit again"
            raise ConcurrentChange(msg) from None
        record_move(ws, s, p, app, actor, p.entry.event, None, p.entry.to, None, verdicts)
        rec = _record_row(app, case, phase, theme, text_limits(p, category)[1], now)
        s.add(rec)
        s.flush()
        try:
            fire_in_session(ws, s, app, call.submit, actor, lookups=CaseLookups(ctx.lookups, s, cycle, viewer=actor))
        except Refused as exc:
            verdicts += exc.verdicts
        failed = _failed(verdicts)
        if failed:
            raise Refused(f"case “{rec.name}” refused", failed)
        return CaseSubmitted(
            id=app.id,
            stage=app.stage,
            cycle=cycle.id,
            category=category,
            phase=phase,
            theme=theme,
            submitter=Submitter(id=org.id, name=org.name),
            province=province,
            name=rec.name,
            region=rec.region,
            region_code=rec.region_code,
            length=CaseLength(count=rec.count_mode, total=rec.total_count, total_chars=rec.total_chars),
            warnings=case_warnings(case) + warnings_of(_recorded_verdicts(s, app.id)),
        )
