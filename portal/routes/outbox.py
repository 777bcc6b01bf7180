"""The national office's outbox and reminder log: every reminder and notice mail of a cycle, with its state; held or
failed mail shown and then sent again on confirmation; the timed moves that failed, each to retry."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.services.applications import timers
from engine.services.national.date_amendments import cycle_dates
from engine.store.outbox import OutboxStatus
from notifications.outbox import delivery_log
from portal.context import portal_of
from portal.deps import AppId, CsrfField, Who, check_csrf, current_cycle, need

router = APIRouter(include_in_schema=False)
OUTBOX_STATUSES = tuple(s.value for s in OutboxStatus)
RETRIED = ("held", "failed")
TIMER_STATUSES = tuple(s.value for s in timers.TimerStatus)


@router.get("/national/outbox")
def outbox_page(
    *,
    request: Request,
    caller: Who,
    cycle: int | None = None,
    status: Annotated[str, Query(max_length=20)] = "",
    requeued: Annotated[int, Query(ge=0, le=1_000_000)] = -1,
) -> Response:
    """Every reminder and notice mail of the cycle: pending, sent, failed, no address, with the SMTP reply."""
    need(caller, Role.NATIONAL)
    return _outbox(request, caller, cycle, status, requeued=requeued)


def _outbox(request: Request, caller: Any, cycle: int | None, status: str, **extra: Any) -> Response:
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    if status and status not in OUTBOX_STATUSES:
        raise BadInput(f"status: {status!r} 不是邮件的状态")
    rows = delivery_log.log(portal.ws, cycle_id, status or None)
    counts: dict[str, int] = {}
    for r in delivery_log.log(portal.ws, cycle_id) if status else rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return portal.page(request, "outbox.html.j2", caller, cycle=cycle_id, rows=rows[:500], total=len(rows),
                       counts=counts, shown=status, statuses=OUTBOX_STATUSES, retried=RETRIED,
                       **{"confirming": False, "requeued": -1, **extra})  # fmt: skip


@router.post("/national/outbox/retry")
def outbox_retry(
    *, request: Request, caller: Who, csrf: CsrfField = "", cycle: Annotated[int, Form(ge=1, le=2**31 - 1)],
    status: Annotated[str, Form(max_length=20)] = "held", confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:  # fmt: skip
    """Without ``confirm``: the held (or failed) mail that would go again, listed. With it: each goes at the next
    send, under its own key (a mail that did arrive meanwhile is never sent twice)."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    if status not in RETRIED:
        raise BadInput(f"status: 只能重新发送暂停待查或发送失败的邮件，而不是 {status!r}")
    cycle_id = current_cycle(portal_of(request), cycle)
    if confirm != "yes":
        return _outbox(request, caller, cycle_id, status, confirming=True)
    done = delivery_log.requeue(portal_of(request).ws, OutboxStatus(status), cycle_id=cycle_id)
    return RedirectResponse(f"/national/outbox?cycle={cycle_id}&status=pending&requeued={done}", status_code=303)


@router.get("/national/timers")
def timers_page(
    *, request: Request, caller: Who, cycle: int | None = None, status: Annotated[str, Query(max_length=20)] = "failed",
    retried: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Response:  # fmt: skip
    """The cycle's timed moves (failed first: those need someone to look), each failed one with a retry button."""
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    if status and status not in TIMER_STATUSES:
        raise BadInput(f"status: {status!r} 不是定时事项的状态")
    every = timers.list_timers(portal.ws, None, cycle_id)
    counts: dict[str, int] = {}
    for t in every:
        counts[t.status] = counts.get(t.status, 0) + 1
    rows = [t for t in every if not status or t.status == status]
    events = cycle_dates(portal.ws, cycle_id).event_titles
    return portal.page(request, "timers.html.j2", caller, cycle=cycle_id, rows=rows[:500], total=len(rows),
                       counts=counts, shown=status, statuses=TIMER_STATUSES, events=events,
                       retried=retried)  # fmt: skip


@router.post("/national/timers/{timer_id}/retry")
def timer_retry(*, request: Request, caller: Who, timer_id: AppId, csrf: CsrfField = "") -> Response:
    """A failed timed move goes again at the next tick (after its cause was fixed)."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    done = timers.retry_timer(portal_of(request).ws, timer_id, caller.user.actor())
    return RedirectResponse(f"/national/timers?cycle={done.cycle}&retried={done.id}", status_code=303)
