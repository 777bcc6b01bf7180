"""办事指南: what each role does in the portal, step by step, with a link to where each step is done.

One page for anyone: a logged-in account reads its own role's guide, the public the guide to notices and objections.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.context import portal_of
from portal.security import caller_of

router = APIRouter(include_in_schema=False)


@router.get("/guide")
def guide_page(request: Request) -> Response:
    """The guide for the caller's role (the public's when nobody is logged in)."""
    portal = portal_of(request)
    caller = caller_of(request, portal.ws, portal.keys)
    if caller is not None and caller.session_id is None:
        caller = None  # a bearer token is no page session
    return portal.page(request, "guide.html.j2", caller, role=caller.role.value if caller else "public")
