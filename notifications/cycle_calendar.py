"""A cycle's milestones as an iCalendar file a clerk can import into Outlook or a phone calendar.

A UID names the programme, the edition and the milestone (and the province, in a province's calendar) at
the database's own random identity, so calendars of other programmes, editions or databases import side by
side, while a newer export of the same calendar moves its events: SEQUENCE counts the recorded changes of
the milestone's date (cycle amend), so a calendar takes the newer date as an update of the same event. A
province's calendar also holds its own extension of a milestone and its overlay's earlier deadlines.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.kernel.clock import CHINA
from engine.services.applications.stage_moves import SessionLookups
from engine.services.programmes.cycles import cycle_programme, database_identity, get_cycle
from engine.store.core import CycleMilestone, MilestoneExtension
from engine.store.registers import OverlayText, ReferenceChange
from engine.store.workspace import Workspace
from notifications.ics import milestones_to_ics
from notifications.render import date_cn
from policies.reference.provinces import province_name


def _changes(s: Session, cycle_id: int, keys: list[str]) -> int:
    """How often these audit keys (a milestone, or a milestone for one province) had their date changed."""
    q = select(func.count(ReferenceChange.id)).where(
        ReferenceChange.reference == "cycles",
        ReferenceChange.cycle_id == cycle_id,
        ReferenceChange.change == "changed",
        ReferenceChange.key.in_(keys),
    )
    return s.scalar(q) or 0


def cycle_ics(ws: Workspace, cycle_id: int, province: str | None = None) -> tuple[bytes, list[dict[str, Any]]]:
    """The .ics bytes and the milestones in it; with ``province`` its extensions and overlay deadlines too."""
    domain = f"{database_identity(ws)}.ipcycle"  # this database's: another's calendar never replaces these events
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        rows = list(
            s.scalars(select(CycleMilestone).where(CycleMilestone.cycle_id == cycle.id).order_by(CycleMilestone.due))
        )
        extended: dict[str, Any] = {}
        if province:
            q = select(MilestoneExtension).where(
                MilestoneExtension.cycle_id == cycle.id, MilestoneExtension.province_code == province
            )
            extended = {e.key: e.due for e in s.scalars(q)}
        base = f"{p.id}-{cycle.edition}"
        suffix = f".{province}" if province else ""
        items, listed, sequences = [], [], {}
        for m in rows:
            due = extended.get(m.key, m.due)
            summary = f"{p.title}{cycle.edition}：{m.title}"
            description = f"{p.issuer}《{p.title}》{p.document}\n{m.title}，截止{date_cn(due)}"
            if p.mailbox:
                description += f"\n联系邮箱：{p.mailbox}"
            uid = f"{base}-{m.key}{suffix}@{domain}"
            keys = [m.key, f"{m.key} {province}"] if province else [m.key]
            sequences[uid] = _changes(s, cycle.id, keys)
            items.append((uid, summary, due, description))
            listed.append({"id": m.key, "title": m.title, "due": due.isoformat()})
        overlay = SessionLookups(s, cycle.id).overlay(province) if province else None
        if province and overlay is not None:
            loads = s.scalar(
                select(func.count(OverlayText.id)).where(
                    OverlayText.cycle_id == cycle.id, OverlayText.province_code == province
                )
            )
            who = province_name(province)
            for d in overlay.deadlines:
                uid = f"{base}-{province}-overlay-{d.id}@{domain}"
                summary = f"{p.title}{cycle.edition}：{d.title}（{who}）"
                source = f"{overlay.title} {overlay.document}".strip()
                description = f"{source}\n{d.title}，截止{date_cn(d.date)}"
                sequences[uid] = max((loads or 1) - 1, 0)  # each reload of the overlay may have moved it
                items.append((uid, summary, d.date, description))
                listed.append({"id": d.id, "title": d.title, "due": d.date.isoformat()})
        name = f"{p.title}（{cycle.edition}）" + (province_name(province) if province else "")
    stamp = ws.clock.now().replace(tzinfo=CHINA)
    return milestones_to_ics(name, items, stamp=stamp, sequences=sequences), listed
