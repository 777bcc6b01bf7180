"""Check a draft case against a cycle's rules without submitting it: what a writer runs before sending,
so it says what submit would say at this moment (the deadline included)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pydantic import Field
from sqlalchemy.orm import Session

from engine.definition.model import Programme
from engine.files.casedoc import CaseText
from engine.machine.machine import Actor, authority_verdict
from engine.services.applications.stage_moves import draft_subject, eligibility_verdicts, guard_context
from engine.services.cases.lookups import CaseLookups
from engine.services.cases.submission import (
    NATIONAL_SCOPE,
    case_call,
    case_warnings,
    category_for,
    default_theme,
    province_code_for,
    read_case_file,
    submit_transition,
    submitter_of,
    text_limits,
    window_verdicts,
    with_form,
)
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.results import ServiceResult, VerdictField
from engine.store.core import Cycle
from engine.store.workspace import Workspace
from policies.catalogue import get_guard
from policies.facts import OrganisationFacts, Subject
from policies.guards.cases import FIELD_LABELS, CaseFacts, warnings_of
from policies.reference.textlength import Bound, CountMode, check_limits, count_chars, count_zi
from policies.verdict import Verdict

SUBMITTER_GUARDS = frozenset({"cases-per-submitter"})  # need a submitter: run only with --as
MEASURED = ("total", "basic", "practices", "effects", "next_steps", "name", "abstract")


class FieldLength(ServiceResult):
    """One part of a case counted both ways (Word's 字 and characters), beside the limits it has."""

    field: str
    label: str
    zi: int
    chars: int
    min: int | None
    max: int | None


class LengthViolation(ServiceResult):
    """One part outside one bound: the bound's value and what was counted."""

    field: str
    limit: int
    count: int
    bound: Bound


class CaseForm(ServiceResult):
    """The application form's fields (C4) as they stand: read from the document's 附件2 table, or as given."""

    region: str | None
    name: str | None
    abstract: str | None
    contact: str | None


class CaseCheck(ServiceResult):
    """What submitting a draft would say now: the verdicts, both counts of every part, and warnings."""

    file: str
    cycle: int
    programme: str
    category: str
    phase: int | None
    theme: str | None
    as_: str | None = Field(serialization_alias="as")  # who would submit, when asked with --as
    count: CountMode  # the count the limits are in
    ok: bool
    lengths: list[FieldLength]
    violations: list[LengthViolation]
    verdicts: list[VerdictField]
    warnings: list[str]
    form: CaseForm | None = None

    def failed(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.ok]


def length_report(case: CaseText, limits: dict[str, dict[str, int]]) -> list[FieldLength]:
    """Both counts of every limited field and of every field the case has, with its limits; a free
    text (no template sections) shows its whole text only, not as a section."""
    fields = case.as_fields()
    keys = list(limits) + [k for k in MEASURED if k in fields and k not in limits]
    return [
        FieldLength(
            field=k,
            label=FIELD_LABELS.get(k, k),
            zi=count_zi(fields.get(k, "")),
            chars=count_chars(fields.get(k, "")),
            min=limits.get(k, {}).get("min"),
            max=limits.get(k, {}).get("max"),
        )
        for k in keys
    ]


def _verdicts(
    ws: Workspace, s: Session, cycle: Cycle, p: Programme, category: str, facts: CaseFacts, actor: Actor | None
) -> list[Verdict]:
    """What submit would say of a case not stored: the windows and the text's rules, and with an actor
    also who may submit, eligibility and the per-submitter cap."""
    ctx = guard_context(ws, s, cycle)
    ctx = dataclasses.replace(ctx, lookups=CaseLookups(ctx.lookups, s, cycle, draft=facts, viewer=actor))
    verdicts: list[Verdict] = []
    if actor is None:
        subject = Subject(None, category, None, NATIONAL_SCOPE, OrganisationFacts(0, "（草稿）", ""))
    else:
        org = submitter_of(s, actor)
        subject = draft_subject(category, province_code_for(p, org), org)
        verdicts.append(authority_verdict(actor, subject, p.entry.roles))
        verdicts += eligibility_verdicts(p, category, subject, ctx)
    verdicts += window_verdicts(p, category, ctx, subject.province_code)
    refs = [g for g in submit_transition(p, category).guards if actor or g.guard not in SUBMITTER_GUARDS]
    return verdicts + [get_guard(g.guard)(subject, ctx, g.params, g.rule) for g in refs]


def check_case(
    ws: Workspace,
    cycle_id: int,
    path: Path,
    phase: int | None = None,
    theme: str | None = None,
    actor: Actor | None = None,
    **form: str | None,
) -> CaseCheck:
    """What ``submit_case`` would say of a draft, with both counts of every part; changes nothing.
    Without ``actor`` the rules about the submitter (who, eligibility, the cap) are left out."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        category = category_for(p, phase)
        case = with_form(read_case_file(path, case_call(p).template), **form)
        theme = default_theme(p, category, theme)
        limits, mode = text_limits(p, category)
        verdicts = _verdicts(ws, s, cycle, p, category, CaseFacts(case.as_fields(), phase, theme), actor)
        violations = check_limits(case.as_fields(), limits, mode)
        return CaseCheck(
            file=str(path),
            cycle=cycle.id,
            programme=p.id,
            category=category,
            phase=phase,
            theme=theme,
            as_=str(actor) if actor else None,
            count=mode,
            ok=all(v.ok for v in verdicts),
            lengths=length_report(case, limits),
            violations=[
                LengthViolation(field=v.field, limit=v.limit, count=v.count, bound=v.bound) for v in violations
            ],
            verdicts=verdicts,
            warnings=case_warnings(case) + warnings_of(verdicts),
            form=CaseForm(region=case.region, name=case.name, abstract=case.abstract, contact=case.contact),
        )
