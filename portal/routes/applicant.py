"""The applicant's desk (its applications) and applying in a category."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.services.applications import stage_moves, worklists
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need
from portal.security import Caller

router = APIRouter(include_in_schema=False)


@router.get("/applicant")
def applicant_route(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    return applicant_desk(request, caller, cycle)


def applicant_desk(request: Request, caller: Caller, cycle: int | None, viewing_as: str | None = None) -> Response:
    """The applicant's applications; ``viewing_as`` marks a national officer's read-only look."""
    need(caller, Role.APPLICANT)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    return portal.page(
        request,
        "applicant.html.j2",
        caller,
        cycle=cycle_id,
        items=worklists.applicant_overview(portal.ws, int(caller.scope or 0)),
        definition=worklists.cycle_definition(portal.ws, cycle_id),
        viewing_as=viewing_as,
    )


@router.post("/applicant/apply")
def applicant_apply(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    category: Annotated[str, Form(max_length=40)],
    cycle: Annotated[int | None, Form()] = None,
) -> Response:
    need(caller, Role.APPLICANT)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    created = stage_moves.apply(portal.ws, cycle_id, category, int(caller.scope or 0), caller.user.actor())
    return RedirectResponse(f"/applications/{created.id}", status_code=303)
