"""A cycle's milestones as an iCalendar file a clerk can import into Outlook or a phone calendar."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from engine.kernel.clock import CHINA
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.store.core import CycleMilestone
from engine.store.workspace import Workspace
from notifications.ics import milestones_to_ics
from notifications.render import date_cn


def cycle_ics(ws: Workspace, cycle_id: int) -> tuple[bytes, list[dict[str, Any]]]:
    """The .ics bytes and the milestones in it; UIDs are stable, so a re-import moves, not duplicates."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        rows = list(
            s.scalars(select(CycleMilestone).where(CycleMilestone.cycle_id == cycle.id).order_by(CycleMilestone.due))
        )
        items, listed = [], []
        for m in rows:
            summary = f"{p.title}{cycle.edition}：{m.title}"
            description = f"{p.issuer}《{p.title}》{p.document}\n{m.title}，截止{date_cn(m.due)}"
            if p.mailbox:
                description += f"\n联系邮箱：{p.mailbox}"
            items.append((f"cycle-{cycle.id}-{m.key}@ipcycle", summary, m.due, description))
            listed.append({"id": m.key, "title": m.title, "due": m.due.isoformat()})
        name = f"{p.title}（{cycle.edition}）"
    stamp = ws.clock.now().replace(tzinfo=CHINA)
    return milestones_to_ics(name, items, stamp=stamp), listed
