"""The guard registry: definitions name guards, this maps names to small pure functions.

A guard is ``fn(subject, context, **params) -> Verdict``. It is registered with the rule id it
enforces by default; a definition may override the rule id (the same check can serve A1 and B2).
The registry imports none of its members; :mod:`policies.catalogue` imports them all.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, get_type_hints

from pydantic import TypeAdapter, ValidationError

from policies.facts import GuardContext, Subject
from policies.verdict import Verdict

GuardFn = Callable[..., Verdict]


@dataclass(frozen=True)
class Guard:
    """A registered guard: its function, default rule id and the parameters it accepts."""

    name: str
    fn: GuardFn
    rule: str
    params: frozenset[str]
    required: frozenset[str]

    def __call__(self, subject: Subject, ctx: GuardContext, params: Mapping[str, Any], rule: str | None) -> Verdict:
        return self.fn(subject, ctx, rule=rule or self.rule, **params)

    def param_problems(self, params: Mapping[str, Any]) -> list[str]:
        """Parameters whose value does not fit the guard's type hint (a string where a list is due…)."""
        hints = get_type_hints(self.fn, include_extras=True)  # keep Annotated bounds (ge=, min_length=…)
        out = []
        for name, value in params.items():
            if name not in hints:
                continue
            try:
                TypeAdapter(hints[name]).validate_python(value)
            except ValidationError as exc:
                err = exc.errors()[0]
                where = "".join(f".{p}" for p in err["loc"] if not str(p).startswith(("function-", "[")))
                out.append(f"parameter {name}{where}: {err['msg']} (got {err['input']!r})")
        return out


_GUARDS: dict[str, Guard] = {}


def guard(name: str, rule: str) -> Callable[[GuardFn], GuardFn]:
    """Register ``fn`` under ``name``; its keyword-only parameters (but ``rule``) are its params."""

    def register(fn: GuardFn) -> GuardFn:
        sig = inspect.signature(fn)
        kw = {p.name: p for p in sig.parameters.values() if p.kind is p.KEYWORD_ONLY and p.name != "rule"}
        required = {n for n, p in kw.items() if p.default is p.empty}
        _GUARDS[name] = Guard(name, fn, rule, frozenset(kw), frozenset(required))
        return fn

    return register


def registered() -> dict[str, Guard]:
    """The guards registered so far (all of them once :mod:`policies.catalogue` is imported)."""
    return _GUARDS
