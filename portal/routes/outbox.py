"""The national office's outbox and reminder log: every reminder and notice mail of a cycle, with its state."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.store.outbox import OutboxStatus
from notifications.outbox import delivery_log
from portal.context import portal_of
from portal.deps import Who, current_cycle, need

router = APIRouter(include_in_schema=False)
OUTBOX_STATUSES = tuple(s.value for s in OutboxStatus)


@router.get("/national/outbox")
def outbox_page(
    *, request: Request, caller: Who, cycle: int | None = None, status: Annotated[str, Query(max_length=20)] = ""
) -> Response:
    """Every reminder and notice mail of the cycle: pending, sent, failed, no address, with the SMTP reply."""
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    if status and status not in OUTBOX_STATUSES:
        raise BadInput(f"status: {status!r} is not one of {', '.join(OUTBOX_STATUSES)}")
    rows = delivery_log.log(portal.ws, cycle_id, status or None)
    counts: dict[str, int] = {}
    for r in delivery_log.log(portal.ws, cycle_id) if status else rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return portal.page(request, "outbox.html.j2", caller, cycle=cycle_id, rows=rows[:500], total=len(rows),
                       counts=counts, shown=status, statuses=OUTBOX_STATUSES)  # fmt: skip
