"""The national office changes a date of an open cycle (延期) in the browser: the milestones as they stand,
the change previewed (windows, timed moves, reminders, who is told), then confirmed; the reminders to come.
The same service answers ``amend_milestone`` in /api/v1/.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.national.date_amendments import amend_milestone, cycle_dates
from notifications.planning.audiences import audience
from notifications.planning.reminders import preview
from policies.reference.provinces import province_codes
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need
from portal.routes.api import CycleId

router = APIRouter(include_in_schema=False)


def _form_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise BadInput(f"due: 请按“2025-10-09”的格式填写日期，而不是 {raw!r}") from None


def _page(
    request: Request, caller: Any, cycle_id: int, province: str = "", status: int = 200, **extra: Any
) -> Response:
    portal = portal_of(request)
    names = province_codes()
    if province and province not in names:
        raise BadInput(f"province: {province!r} 不是省级行政区划代码")
    items = preview(portal.ws, cycle_id)["items"]
    if province:
        items = [i for i in items if i["to"] == f"province:{province}"]
    dates = cycle_dates(portal.ws, cycle_id)
    return portal.page(request, "dates.html.j2", caller, status=status, cycle=cycle_id, dates=dates,
                       provinces=names, province=province, reminders=items[:300],
                       audience_title=_audience_title, **extra)  # fmt: skip


def _audience_title(name: str) -> str:
    found = audience(name)
    return found.title if found else "提醒"


@router.get("/national/cycles/{cycle_id}/dates")
def dates_page(
    *,
    request: Request,
    caller: Who,
    cycle_id: CycleId,
    province: Annotated[str, Query(max_length=6)] = "",
    done: Annotated[int, Query(ge=0, le=1)] = 0,
) -> Response:
    """The cycle's dates, each province's own, the form to change one, and the reminders to come."""
    need(caller, Role.NATIONAL)
    current_cycle(portal_of(request), cycle_id)
    return _page(request, caller, cycle_id, province, form={}, problems={}, shown=None, done=done)


@router.post("/national/cycles/{cycle_id}/dates")
def amend_dates(
    *,
    request: Request,
    caller: Who,
    cycle_id: CycleId,
    csrf: CsrfField = "",
    milestone: Annotated[str, Form(max_length=80)] = "",
    due: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
    province: Annotated[str, Form(max_length=6)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Without ``confirm``: the preview of the change (nothing changes). With it: the change, then the page."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    current_cycle(portal, cycle_id)
    form = {"milestone": milestone, "due": due, "reason": reason, "province": province}
    try:
        shown = amend_milestone(portal.ws, cycle_id, milestone, _form_date(due), reason, caller.user.actor(),
                                province or None, confirm=confirm == "yes")  # fmt: skip
    except (BadInput, Refused) as exc:
        field, _, message = str(exc).partition(": ")
        problems = {field: message} if field in form else {"": str(exc)}
        return _page(request, caller, cycle_id, province, status=400, form=form, problems=problems, shown=None, done=0)
    if shown.confirmed:
        where = f"&province={province}" if province else ""
        return RedirectResponse(f"/national/cycles/{cycle_id}/dates?done=1{where}", status_code=303)
    return _page(request, caller, cycle_id, province, form=form, problems={}, shown=shown, done=0)
