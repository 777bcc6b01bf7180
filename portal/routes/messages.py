"""The message centre's pages: everything the system (or the national office) told the caller's party."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from engine.services.accounts import message_centre
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf
from portal.security import Caller, Forbidden, NotFound

router = APIRouter(include_in_schema=False)
MessageId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def party(caller: Caller) -> str:
    """The party whose messages the caller reads (its role's: the nation, its province, its organisation)."""
    found = message_centre.party_of(caller.role, caller.scope)
    if found is None:
        raise Forbidden("该账号没有消息")
    return found


@router.get("/messages")
def message_list(
    *,
    request: Request,
    caller: Who,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    unread: Annotated[bool, Query()] = False,
) -> Response:
    portal = portal_of(request)
    listing = message_centre.list_messages(portal.ws, party(caller), page, 30, unread_only=unread)
    return portal.page(request, "messages.html.j2", caller, listing=listing, unread_only=unread)


@router.get("/messages/{message_id}")
def message_page(*, request: Request, caller: Who, message_id: MessageId) -> Response:
    portal = portal_of(request)
    found = message_centre.read_message(portal.ws, party(caller), message_id)
    if found is None:
        raise NotFound()
    return portal.page(request, "message.html.j2", caller, message=found)


@router.post("/messages/read")
def read_all(*, request: Request, caller: Who, csrf: CsrfField = "") -> Response:
    check_csrf(caller, csrf)
    message_centre.mark_all_read(portal_of(request).ws, party(caller))
    return RedirectResponse("/messages", status_code=303)
