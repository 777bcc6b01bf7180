"""Objections: the province's desk (the objections filed to its notices) and the national list, resolving one,
and the public's look-up of an outcome by receipt number."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.services.publicity import objections, public
from engine.services.publicity.objections import ObjectionOutcome
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need
from portal.security import NotFound

router = APIRouter(include_in_schema=False)


@router.get("/objections/outcome")
def objection_outcome(request: Request, receipt: Annotated[str, Query(max_length=40)] = "") -> Response:
    """The outcome looked up by receipt number; an unknown number answers as no objection (nothing else told)."""
    portal = portal_of(request)
    found = public.objection_outcome(portal.ws, receipt) if receipt else None
    status = 404 if receipt and found is None else 200
    return portal.page(request, "public_outcome.html.j2", None, status=status, receipt=receipt, found=found)


@router.get("/objections")
def objections_page(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    """A province's objections (to resolve), or every province's for the national office."""
    need(caller, Role.PROVINCE, Role.NATIONAL)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    rows = objections.list_objections(portal.ws, cycle_id, caller.scope if caller.role is Role.PROVINCE else None)
    return portal.page(request, "objections.html.j2", caller, cycle=cycle_id, rows=rows)


@router.post("/objections/{objection_id}/resolve")
def objection_resolve(
    *,
    request: Request,
    caller: Who,
    objection_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    csrf: CsrfField = "",
    outcome: Annotated[ObjectionOutcome, Form()],
    reasons: Annotated[str, Form(min_length=1, max_length=2000)],
    handler: Annotated[str, Form(min_length=1, max_length=100)],
) -> Response:
    """The office that published the notice records who handled the objection and the outcome with reasons: the
    province for its shared notice (B4), the national office for its own (B6, B7)."""
    need(caller, Role.PROVINCE, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, None)
    if caller.role is Role.PROVINCE:
        mine = objections.list_objections(portal.ws, cycle_id, caller.scope, national=False)
    else:
        mine = objections.list_objections(portal.ws, cycle_id, national=True)
    if objection_id not in {o.id for o in mine}:
        raise NotFound()
    objections.resolve_objection(portal.ws, objection_id, caller.user.actor(), outcome, reasons, handler)
    return RedirectResponse("/objections", status_code=303)
