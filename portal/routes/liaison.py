"""The province's liaison receipt (联络员回执): the form and its filing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.services.province import liaison
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need
from portal.forms import FormErrors, form_errors
from portal.security import Caller

router = APIRouter(include_in_schema=False)


@router.get("/province/liaison")
def liaison_form(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    need(caller, Role.PROVINCE)
    return _liaison_page(request, caller, current_cycle(portal_of(request), cycle))


def _liaison_page(
    request: Request, caller: Caller, cycle_id: int, status: int = 200, given: dict[str, str] | None = None,
    errors: FormErrors | None = None,
) -> Response:  # fmt: skip
    """The receipt as filed (or the form as typed, with its errors, when a filing was refused)."""
    portal = portal_of(request)
    view = liaison.list_receipts(portal.ws, cycle_id)
    mine = next(p for p in view.provinces if p.province == caller.scope)
    prefill = liaison.receipt_prefill(portal.ws, cycle_id, caller.scope or "")
    shown = given if given is not None else prefill.fields
    return portal.page(request, "liaison.html.j2", caller, status=status, cycle=cycle_id, due=view.due, mine=mine,
                       given=shown, prefilled_from=prefill.from_edition,
                       form_errors=errors or FormErrors())  # fmt: skip


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
    try:
        liaison.file_receipt(portal.ws, cycle_id, caller.user.actor(), name, title, phone, mobile, email)
    except BadInput as exc:
        given = {"name": name, "title": title, "phone": phone, "mobile": mobile, "email": email}
        return _liaison_page(request, caller, cycle_id, 400, given, form_errors(exc))
    return RedirectResponse(f"/province/liaison?cycle={cycle_id}", status_code=303)
