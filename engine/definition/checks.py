"""What makes a structurally valid definition meaningful: every reference resolves, nothing is unreachable.

The loader runs these once the structure is valid, so a programme is never used unchecked.
"""

from __future__ import annotations

from collections import deque

from engine.definition.model import ANY_STAGE, RESERVED_EVENTS, GuardRef, Programme, Role
from policies.catalogue import get_guard


def _case_call_problems(p: Programme) -> list[tuple[tuple[str | int, ...], str]]:
    """A case call must name stages, categories and events the programme has."""
    call = p.cases
    out: list[tuple[tuple[str | int, ...], str]] = []
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


def _national_problems(p: Programme) -> list[tuple[tuple[str | int, ...], str]]:
    """The register and the published lists must name stages (and a notice stage) the programme has."""
    stages, cats = {s.id: s for s in p.stages}, {c.id for c in p.categories}
    out: list[tuple[tuple[str | int, ...], str]] = []
    if p.unit_register is not None:
        if p.unit_register.stage not in stages:
            out.append((("register", "stage"), f"undefined stage {p.unit_register.stage!r}"))
        for j, c in enumerate(p.unit_register.categories or []):
            if c not in cats:
                out.append((("register", "categories", j), f"undefined category {c!r}"))
    if p.pilot_register is not None:
        if p.pilot_register.stage not in stages:
            out.append((("pilot_register", "stage"), f"undefined stage {p.pilot_register.stage!r}"))
        for c, kind in p.pilot_register.lists.items():
            if c not in cats:
                out.append((("pilot_register", "lists", c), f"undefined category {c!r}"))
            if kind not in ("city", "county"):
                out.append((("pilot_register", "lists", c), f"{kind!r} is not city or county"))
    for j, spec in enumerate(p.lists):
        if spec.notice is not None:
            found = stages.get(spec.notice)
            if found is None or found.notice is None:
                out.append((("lists", j, "notice"), f"{spec.notice!r} is not a stage with a public notice"))
        if spec.event is not None and spec.event not in p.events():
            out.append((("lists", j, "event"), f"undefined event {spec.event!r}"))
        for field in ("open", "struck_off"):
            for k, sid in enumerate(getattr(spec, field)):
                if sid not in stages:
                    out.append((("lists", j, field, k), f"undefined stage {sid!r}"))
        for k, c in enumerate(spec.categories or []):
            if c not in cats:
                out.append((("lists", j, "categories", k), f"undefined category {c!r}"))
    return out


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
    for i, s in enumerate(p.stages):
        if s.notice and s.notice.objection_stage and s.notice.objection_stage not in stages:
            out.append((("stages", i, "notice", "objection_stage"), f"undefined stage {s.notice.objection_stage!r}"))
    if p.provincial_round:
        rnd = p.provincial_round
        if rnd.event not in p.events():
            out.append((("provincial_round", "event"), f"no transition fires {rnd.event!r}"))
        if rnd.deadline not in milestones:
            out.append((("provincial_round", "deadline"), f"undefined milestone {rnd.deadline!r}"))
    for i, category in enumerate(p.categories):
        for j, g in enumerate(category.eligibility):
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
    out += _national_problems(p)
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
