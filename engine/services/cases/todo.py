"""The case calls on a province's to-do: its own submission while the window is open, and the minimums (D5) it
or its centres still fall short of, each by its deadline (with the applications' items, sorted by the desk)."""

from __future__ import annotations

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services.applications.worklists import TodoItem, milestone_due, working_days_left
from engine.services.cases.minimums import case_cycles, case_minimums
from engine.services.programmes.cycles import programme_of
from engine.store.workspace import Workspace


def case_todo(ws: Workspace, province: str) -> list[TodoItem]:
    """The case calls' dates the province owes something by: its own submission (C1, as its coordination office)
    while the window is open, and each minimum (D5) it or one of its centres still falls short of."""
    today = ws.clock.now().date()
    out: list[TodoItem] = []
    calls = case_cycles(ws, Actor(Role.PROVINCE, province))
    with ws.transaction() as s:
        for call in calls:
            p = programme_of(ws, s, call.cycle)
            window = p.entry.window
            if call.may_submit and window:
                due = milestone_due(s, call.cycle, p.windows[window].closes)
                if due is not None and due >= today:
                    title = f"{p.title}：报送本省案例（截止 {due.month}月{due.day}日）"
                    out.append(TodoItem(cycle=call.cycle, kind="cases", stage=None, title=title, count=1, due=due,
                                        working_days_left=working_days_left(ws, today, due)))  # fmt: skip
    for call in calls:
        for r in case_minimums(ws, call.cycle, province).requirements:
            if not r.open:
                continue
            short = [e for e in r.entries if e.missing]
            if short:
                phase = f"第{r.phase}阶段" if r.phase else ""
                missing = sum(e.missing for e in short)
                who = "本省" if r.per == "province" else f"本省 {len(short)} 个服务中心"
                title = f"{call.title}{phase}：{who}尚缺 {missing} 件（[{r.rule}] 至少 {r.at_least} 件）"
                out.append(TodoItem(cycle=call.cycle, kind="cases", stage=None, title=title, count=missing,
                                    due=r.due, working_days_left=working_days_left(ws, today, r.due)))  # fmt: skip
    return out
