"""The province's liaison receipt (联络员回执): the form and its filing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.services.province import liaison
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need

router = APIRouter(include_in_schema=False)


@router.get("/province/liaison")
def liaison_form(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    need(caller, Role.PROVINCE)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    view = liaison.list_receipts(portal.ws, cycle_id)
    mine = next(p for p in view.provinces if p.province == caller.scope)
    return portal.page(request, "liaison.html.j2", caller, cycle=cycle_id, due=view.due, mine=mine, error=None)


@router.post("/province/liaison")
def liaison_file(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    name: Annotated[str, Form(max_length=80)],
    title: Annotated[str, Form(max_length=80)],
    phone: Annotated[str, Form(max_length=40)],
    mobile: Annotated[str, Form(max_length=20)],
    email: Annotated[str, Form(max_length=200)],
    cycle: Annotated[int | None, Form()] = None,
) -> Response:
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    liaison.file_receipt(portal.ws, cycle_id, caller.user.actor(), name, title, phone, mobile, email)
    return RedirectResponse(f"/province/liaison?cycle={cycle_id}", status_code=303)
