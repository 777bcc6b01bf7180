"""Published lists: the national office publishes one of a cycle's lists; anyone reads them and their files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.services.national import namelists
from engine.services.publicity import published_copies
from portal import export
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need
from portal.security import NotFound

router = APIRouter(include_in_schema=False)
CopyId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/lists")
def lists_page(request: Request) -> Response:
    portal = portal_of(request)
    return portal.page(
        request,
        "public_lists.html.j2",
        None,
        copies=published_copies.published_lists(portal.ws),
        collections=published_copies.case_collections(portal.ws),
    )


@router.get("/lists/{copy_id}")
def list_page(request: Request, copy_id: CopyId) -> Response:
    portal = portal_of(request)
    found = published_copies.published_copy(portal.ws, copy_id)
    if found is None:
        raise NotFound()
    copy, groups, _ = found
    return portal.page(request, "public_list.html.j2", None, copy=copy, groups=groups)


@router.get("/lists/{copy_id}/file.{fmt}")
def list_file(request: Request, copy_id: CopyId, fmt: str) -> Response:
    """The docx, xlsx or html file ``list publish`` made, as it was published."""
    found = published_copies.published_copy(portal_of(request).ws, copy_id)
    if found is None or fmt not in ("docx", "xlsx", "html"):
        raise NotFound()
    copy, _, files = found
    return export.attachment_kept(files[fmt], f"{copy.title}-{copy.cycle}-v{copy.version}.{fmt}")


@router.post("/national/lists")
def list_publish(
    *, request: Request, caller: Who, csrf: CsrfField = "", kind: Annotated[str, Form(max_length=40)],
    cycle: Annotated[int | None, Form()] = None, confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:  # fmt: skip
    """Without ``confirm``: the list as it will appear, and the button that publishes it. With it: published on the
    public pages (page, docx, xlsx as ``list publish`` makes them)."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    if confirm != "yes":
        shown = namelists.preview_copy(portal.ws, cycle_id, kind, caller.user.actor())
        return portal.page(request, "list_preview.html.j2", caller, shown=shown)
    copy = published_copies.publish_list_copy(portal.ws, cycle_id, kind, caller.user.actor())
    return RedirectResponse(f"/lists/{copy.id}", status_code=303)
