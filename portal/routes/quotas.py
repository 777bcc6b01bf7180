"""Quotas after opening (名额调整): the national office changes one province × category quota with a reason, sees
what it leaves (places used, places left) before confirming, and the table's audited history below."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.applications import worklists
from engine.services.national import quotas
from policies.reference.provinces import province_codes
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need
from portal.forms import form_errors_of
from portal.routes.api import CycleId

router = APIRouter(include_in_schema=False)


def _page(request: Request, caller: Any, cycle_id: int, status: int = 200, **extra: Any) -> Response:
    portal = portal_of(request)
    definition = worklists.cycle_definition(portal.ws, cycle_id)
    context = {"shown": None, "done": 0, **extra}
    return portal.page(request, "quotas.html.j2", caller, status=status, cycle=cycle_id,
                       table=quotas.quota_table(portal.ws, cycle_id),
                       history=list(reversed(quotas.quota_history(portal.ws, cycle_id)))[:200],
                       categories={c.id: c.name for c in definition.categories}, provinces=province_codes(),
                       **context)  # fmt: skip


@router.get("/national/cycles/{cycle_id}/quotas")
def quotas_page(*, request: Request, caller: Who, cycle_id: CycleId, done: int = 0) -> Response:
    """Each quota with the places used and left, the form to change one, and every change made so far."""
    need(caller, Role.NATIONAL)
    current_cycle(portal_of(request), cycle_id)
    return _page(request, caller, cycle_id, done=1 if done else 0)


@router.post("/national/cycles/{cycle_id}/quotas")
def quota_change(
    *,
    request: Request,
    caller: Who,
    cycle_id: CycleId,
    csrf: CsrfField = "",
    province: Annotated[str, Form(max_length=6)] = "",
    category: Annotated[str, Form(max_length=40)] = "",
    places: Annotated[str, Form(max_length=6)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Without ``confirm``: the preview (used, left; lowering below the places used is refused). With it: the change."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    current_cycle(portal, cycle_id)
    form = {"province": province, "category": category, "places": places, "reason": reason}
    number = quotas.whole_number(places, 10_000)
    try:
        if number is None:
            raise BadInput(f"places: 名额须为 0 至 10000 的整数，而不是 {places!r}")
        if not reason.strip():
            raise BadInput("reason: 请说明调整名额的理由")
        shown = quotas.set_quota(portal.ws, cycle_id, province, category, number, caller.user.actor(), reason,
                                 confirm=confirm == "yes")  # fmt: skip
    except (BadInput, Refused) as exc:
        return _page(request, caller, cycle_id, status=400, given=form, form_errors=form_errors_of(exc, form))
    if shown.confirmed:
        return RedirectResponse(f"/national/cycles/{cycle_id}/quotas?done=1", status_code=303)
    return _page(request, caller, cycle_id, given=form, shown=shown)
