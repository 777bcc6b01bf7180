"""The national office's cycle board: provinces × stages, receipts and reports, quota meters, the timeline."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.services.applications import worklists
from engine.services.national import board
from engine.services.publicity import published_copies
from portal import charts
from portal.board_pieces import board_pieces
from portal.context import portal_of
from portal.deps import Who, current_cycle, need

router = APIRouter(include_in_schema=False)


@router.get("/national")
def national_board(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    """Provinces × stages as a heat map, receipts and reports per province, quota meters, the timeline."""
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    opened = worklists.open_cycles(portal.ws)
    if not opened:
        return RedirectResponse("/national/cycles/new", status_code=303)
    cycle_id = current_cycle(portal, cycle)
    found = board.cycle_board(portal.ws, cycle_id)
    today = portal.ws.clock.now().date()
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
    )
