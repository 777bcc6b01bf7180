"""State machines built from definitions with ``transitions``.

There is one shared :class:`transitions.Machine` per (definition snapshot, category). A move is a
short-lived :class:`Move` model at the application's stage, handed straight to the machine's
``Event``: it is never added to the machine's model list (``add_model`` binds a method per event
and state to each model, most of a move's machine cost), so no machine is built, and nothing is
registered, per application.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import cast

from transitions.core import EventData, Machine, MachineError, State

from engine.definition.loader import programme_from_snapshot
from engine.definition.model import Programme, Role, Transition
from policies.catalogue import contributed_verdicts, get_guard
from policies.facts import GuardContext, Subject
from policies.reference.provinces import province_name
from policies.verdict import Verdict


@dataclass(frozen=True)
class Actor:
    """Who acts: a role and, for provinces and applicants, whom they stand for."""

    role: Role
    scope: str | None = None  # province division code or organisation id
    account: str | None = field(default=None, compare=False)  # the portal log-in acting in this role, if any

    def __str__(self) -> str:
        return self.role.value if self.scope is None else f"{self.role.value}:{self.scope}"


def actor_name(role: str, scope: str | None, unit: str | None = None, event_title: str = "") -> str:
    """Who acted, named for a reader: 国家知识产权局, 江苏省知识产权局, the unit's own name (``unit``), or
    系统（公示期满） for a timed move — never a role code or an internal id."""
    r = Role(role)
    if r is Role.PROVINCE and scope:
        return f"{province_name(scope)}知识产权局"
    if r is Role.APPLICANT:
        return unit or r.label
    if r is Role.SYSTEM and event_title:
        return f"系统（{event_title}）"
    return r.label


@dataclass(eq=False)  # identity, not field equality: transitions looks models up in its list
class Move:
    """The model ``transitions`` moves: one application's stage for the length of one event."""

    stage: str
    subject: Subject
    ctx: GuardContext
    actor: Actor
    reason: str | None = None
    verdicts: list[Verdict] = field(default_factory=list)
    on_changed: Callable[[Move, str, str, str], None] | None = None


def window_verdict(
    programme: Programme, window_id: str, ctx: GuardContext, province_code: str | None = None
) -> Verdict:
    """Is ``ctx.now`` inside the window (the province's own, if its dates were extended)? Closing milestones
    count their whole due day."""
    window = programme.windows[window_id]
    opens = ctx.milestone_due(window.opens, province_code) if window.opens else None
    closes = ctx.milestone_due(window.closes, province_code)
    assert closes is not None  # every window's closing milestone is dated when the cycle opens
    today = ctx.now.date()
    if opens and today < opens:
        return Verdict(
            False, window.rule, f"办理时间自{opens:%Y年%-m月%-d日}开始，尚未开始", f"the window opens on {opens}"
        )
    if today > closes:
        return Verdict(False, window.rule, f"办理截止日期{closes:%Y年%-m月%-d日}已过", f"the window closed on {closes}")
    return Verdict(
        True, window.rule, f"在办理期限内（截至{closes:%Y年%-m月%-d日}）", f"within the window (to {closes})"
    )


def authority_verdict(actor: Actor, subject: Subject, roles: list[Role]) -> Verdict:
    """The actor's role must be allowed, and a province or applicant may act only on its own."""
    if actor.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        allowed_zh = "、".join(r.label for r in roles)
        return Verdict(False, "ROLE", f"该操作应由{allowed_zh}办理", f"only {allowed} may do this, not {actor}")
    if actor.role is Role.PROVINCE and actor.scope != subject.province_code:
        return Verdict(
            False,
            "ROLE",
            f"该申报属于{province_name(subject.province_code)}，不属{province_name(actor.scope)}办理",
            f"the application belongs to province {subject.province_code}, not {actor.scope}",
        )
    if actor.role is Role.APPLICANT and actor.scope != str(subject.organisation.id):
        return Verdict(False, "ROLE", "只能办理本单位的申报", "an applicant may act only on its own application")
    return Verdict(True, "ROLE", f"由{actor.role.label}办理", f"done by {actor}")


def reason_verdict(move: Move) -> Verdict:
    """Moves with consequences (fraud, 摘牌) must say why, so the record can be defended later."""
    if move.reason and move.reason.strip():
        return Verdict(True, "REASON", "已说明理由", "a reason is given")
    return Verdict(False, "REASON", "该操作须说明理由，请在“理由”一栏填写", "this move needs a reason")


class TransitionCheck:
    """The condition ``transitions`` calls: authority, window, then every guard; all are recorded."""

    def __init__(self, programme: Programme, transition: Transition) -> None:
        self.programme = programme
        self.transition = transition
        self.guards = [(g.guard, get_guard(g.guard), g.params, g.rule) for g in transition.guards]

    def verdicts(self, move: Move) -> list[Verdict]:
        """Authority first; the window and guards are only asked once the actor may act at all."""
        return [v for _, v in self.sourced_verdicts(move)]

    def sourced_verdicts(self, move: Move) -> list[tuple[str, Verdict]]:
        """:meth:`verdicts`, each with what gave it: ``role``, ``reason``, ``window``, ``overlay`` or the guard's
        name — so a page can say where a rule that stands in the way is met."""
        t = self.transition
        out = [("role", authority_verdict(move.actor, move.subject, t.roles))]
        if not out[0][1].ok:
            return out
        if t.reason_required:
            out.append(("reason", reason_verdict(move)))
        if t.window:
            out.append(("window", window_verdict(self.programme, t.window, move.ctx, move.subject.province_code)))
        out += [(name, g(move.subject, move.ctx, params, rule)) for name, g, params, rule in self.guards]
        if not {Role.PROVINCE, Role.APPLICANT} & set(t.roles):
            return out  # a province's overlay binds its own and its applicants' moves, never national/timed ones
        return out + [("overlay", v) for v in contributed_verdicts(move.subject, move.ctx, t.event)]

    def __call__(self, event: EventData) -> bool:
        move = cast(Move, event.model)
        move.verdicts = self.verdicts(move)
        return all(v.ok for v in move.verdicts)


def _after_state_change(event: EventData) -> None:
    """The listener that lets the engine write the audit row and arm timers for the new stage."""
    move = cast(Move, event.model)
    assert event.event is not None and event.transition is not None  # a state change always has both
    if move.on_changed is not None:
        move.on_changed(move, event.event.name, event.transition.source, str(event.transition.dest))


class ProgrammeMachine:
    """The shared machine of one category of one definition snapshot."""

    def __init__(self, programme: Programme, category: str) -> None:
        self.programme = programme
        self.category = category
        self._transitions = programme.transitions_for(category)
        self.machine = Machine(
            model=None,
            states=[s.id for s in programme.stages],
            initial=programme.entry.to,
            auto_transitions=False,
            send_event=True,
            model_attribute="stage",
            after_state_change=_after_state_change,
        )
        self._checks: dict[tuple[str, str], TransitionCheck] = {}
        for t in self._transitions:
            check = TransitionCheck(programme, t)
            sources: list[str | Enum | State] = list(programme.sources(t))
            self.machine.add_transition(t.event, sources, t.to, conditions=[check])
            self._checks.update({(t.event, src): check for src in programme.sources(t)})

    def check(self, event: str, stage: str) -> TransitionCheck | None:
        """The transition ``event`` takes from ``stage`` in this category, if there is one."""
        return self._checks.get((event, stage))

    def available(self, stage: str) -> list[TransitionCheck]:
        return [c for (_, src), c in self._checks.items() if src == stage]

    def fire(self, move: Move, event: str) -> bool:
        """Trigger ``event`` on ``move``; False if a condition refused it (see ``move.verdicts``).

        The machine's ``Event`` reads and sets ``move.stage`` itself, so the move needs no registration;
        the machine holds no per-move state (no queue), so threads may share it without a lock.
        """
        trigger = self.machine.events.get(event)
        try:
            if trigger is None:
                raise MachineError(f"no event {event!r} in this category")
            return bool(trigger.trigger(move))
        except MachineError as exc:  # the service checked the stage first; say so rather than hide it
            move.verdicts = [*move.verdicts, Verdict(False, "STAGE", "当前阶段不能办理该操作", str(exc))]
            return False


@lru_cache(maxsize=256)
def machine_for(snapshot: str, category: str) -> ProgrammeMachine:
    """The one machine for this definition snapshot and category, built on first use."""
    return ProgrammeMachine(programme_from_snapshot(snapshot), category)
