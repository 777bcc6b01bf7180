"""Every guard the definitions may name: importing this module registers them all.

The engine asks here, never the registry directly, so a guard is never looked up before its
module has registered it.
"""

from __future__ import annotations

import policies.guards.cases  # noqa: F401  (C and D rules)
import policies.guards.eligibility  # noqa: F401  (A and B eligibility)
import policies.guards.evaluation  # noqa: F401  (B6, B7, B9 national evaluation)
import policies.guards.kinds  # noqa: F401  (kinds of body, legal forms)
import policies.guards.procedure  # noqa: F401  (windows, quotas, materials, declarations)
import policies.guards.round  # noqa: F401  (public notice, objections, report package)
from policies.facts import GuardContext, Subject
from policies.registry import Guard, registered
from policies.verdict import Verdict


def get_guard(name: str) -> Guard:
    """The guard called ``name``; raises ``KeyError`` naming the known ones."""
    try:
        return registered()[name]
    except KeyError:
        known = ", ".join(sorted(registered()))
        raise KeyError(f"unknown guard {name!r} (known: {known})") from None


def known_guards() -> dict[str, Guard]:
    return dict(registered())


def contributed_verdicts(subject: Subject, ctx: GuardContext, event: str) -> list[Verdict]:
    """Verdicts of the rules data adds for the subject's province (overlays), named by their own rule ids."""
    contributed = getattr(ctx.lookups, "contributed_rules", None)  # lookups without overlays contribute nothing
    if contributed is None:
        return []
    out = []
    for r in contributed(subject.province_code, event, subject.category):
        v = get_guard(r.guard)(subject, ctx, r.params, r.rule)
        out.append(Verdict(v.ok, r.rule, f"{r.source_zh}：{v.reason_zh}", f"{r.source_en}: {v.reason_en}"))
    return out
