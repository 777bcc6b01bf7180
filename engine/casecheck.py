"""Check a draft case against a cycle's rules without submitting it: what a writer runs before sending."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from engine.applications import guard_context
from engine.casedoc import CaseText
from engine.cases import (
    NATIONAL_SCOPE,
    case_call,
    category_for,
    default_theme,
    guard_params,
    read_case_file,
    submit_transition,
    with_form,
)
from engine.casestore import CaseLookups
from engine.cycles import cycle_programme, get_cycle
from engine.db import Cycle
from engine.definition import GuardRef, Programme
from engine.workspace import Workspace
from policies.cases import FIELD_LABELS, CaseFacts, text_violations
from policies.facts import OrganisationFacts, Subject
from policies.registry import get_guard
from policies.textlength import count_chars, count_zi
from policies.verdict import Verdict

SUBMITTER_GUARDS = frozenset({"cases-per-submitter"})  # need a submitter: skipped when checking a draft


def length_report(case: CaseText, limits: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Both counts of every limited field and of every field the case has, with its limits."""
    fields = case.as_fields()
    keys = list(limits) + [
        k
        for k in ("total", "basic", "practices", "effects", "next_steps", "name", "abstract")
        if k in fields and k not in limits
    ]
    return [
        {
            "field": k,
            "label": FIELD_LABELS.get(k, k),
            "zi": count_zi(fields.get(k, "")),
            "chars": count_chars(fields.get(k, "")),
            **{b: limits.get(k, {}).get(b) for b in ("min", "max")},
        }
        for k in keys
    ]


def _draft_verdicts(
    ws: Workspace, s: Session, cycle: Cycle, p: Programme, category: str, facts: CaseFacts
) -> list[Verdict]:
    """The submit guards that judge the text itself, run on a case that is not stored."""
    ctx = guard_context(ws, s, cycle)
    ctx = dataclasses.replace(ctx, lookups=CaseLookups(ctx.lookups, s, cycle, draft=facts))
    subject = Subject(None, category, None, NATIONAL_SCOPE, OrganisationFacts(0, "（草稿）", ""))
    refs: list[GuardRef] = [g for g in submit_transition(p, category).guards if g.guard not in SUBMITTER_GUARDS]
    return [get_guard(g.guard)(subject, ctx, g.params, g.rule) for g in refs]


def check_case(
    ws: Workspace, cycle_id: int, path: Path, phase: int | None = None, theme: str | None = None, **form: str | None
) -> dict[str, Any]:
    """What ``submit_case`` would say of a draft's text, with both counts of every part; changes nothing."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        category = category_for(p, phase)
        case = with_form(read_case_file(path, case_call(p).template), **form)
        theme = default_theme(p, category, theme)
        params = guard_params(p, category, "case-text-limits") or {}
        limits, mode = params.get("limits", {}), params.get("count", "zi")
        facts = CaseFacts(case.as_fields(), phase, theme)
        verdicts = _draft_verdicts(ws, s, cycle, p, category, facts)
        violations = text_violations(case.as_fields(), limits, mode)
        return {
            "file": str(path),
            "cycle": cycle.id,
            "programme": p.id,
            "category": category,
            "phase": phase,
            "theme": theme,
            "count": mode,
            "ok": all(v.ok for v in verdicts),
            "lengths": length_report(case, limits),
            "violations": [
                {"field": v.field, "limit": v.limit, "count": v.count, "bound": v.bound} for v in violations
            ],
            "verdicts": [v.as_json() for v in verdicts],
            "warnings": list(case.warnings),
        }
