"""The national office's landing page: what it must do next, a search box, then the cycle's board (provinces ×
stages, receipts and reports, quota meters, the timeline); a case call's board shows its submissions, minimums and
deadlines instead. And the search across cycles (applications, organisations, cases by name, USCC or division)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.services.accounts import users
from engine.services.applications import worklists
from engine.services.cases import minimums
from engine.services.desks import national_desk
from engine.services.evaluation import indicator_sets
from engine.services.national import board
from engine.services.national import search as finding
from engine.services.publicity import published_copies
from portal import charts
from portal.board_pieces import board_pieces
from portal.context import portal_of
from portal.deps import Who, current_cycle, need

router = APIRouter(include_in_schema=False)


@router.get("/national")
def national_board(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    """The to-do first, then provinces × stages as a heat map, receipts and reports, quota meters, the timeline."""
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    opened = worklists.open_cycles(portal.ws)
    if not opened:
        return RedirectResponse("/national/cycles/new", status_code=303)
    cycle_id = current_cycle(portal, cycle)
    found = board.cycle_board(portal.ws, cycle_id)
    today = portal.ws.clock.now().date()
    case_call = next((c for c in minimums.case_cycles(portal.ws, caller.user.actor()) if c.cycle == cycle_id), None)
    reported = 0 if case_call else found.reports.get("reported", 0)
    return portal.page(
        request,
        "national.html.j2",
        caller,
        board=found,
        cycle=cycle_id,
        cycles=opened,
        pieces=board_pieces(portal, found),
        timeline=charts.timeline(found.milestones, today),
        copies=[c for c in published_copies.published_lists(portal.ws) if c.cycle == cycle_id],
        tasks=national_desk.national_todo(portal.ws, cycle_id, reported),
        case_call=case_call,
        requirements=minimums.case_minimums(portal.ws, cycle_id).requirements if case_call else [],
        applicants=users.applicant_organisations(portal.ws),
        scored=not case_call and any(x.indicators for x in indicator_sets.indicator_sets(portal.ws, cycle_id)),
    )


@router.get("/national/search")
def national_search(*, request: Request, caller: Who, q: Annotated[str, Query(max_length=100)] = "") -> Response:
    """Applications, organisations and cases whose name contains the text, or whose USCC or division starts with it."""
    need(caller, Role.NATIONAL)
    found = finding.search(portal_of(request).ws, q) if q.strip() else None
    return portal_of(request).page(request, "search.html.j2", caller, q=q.strip(), found=found)
