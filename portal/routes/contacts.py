"""An organisation's contact (e-mail, phone, contact person): its own account keeps it, its province corrects it.

Page and API call the same service; an organisation the caller may not change answers 404, as an unknown one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from engine.kernel.errors import BadInput
from engine.services.reference import contacts
from portal.context import jsonable, portal_of
from portal.deps import CsrfField, Who, check_csrf, declared_query_only
from portal.forms import FormErrors, form_errors
from portal.routes.api import ERRORS, Writer
from portal.security import Caller, NotFound

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[Depends(declared_query_only)])
OrgId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _changeable(request: Request, caller: Caller, org_id: int) -> contacts.OrganisationContact:
    """The organisation's contact if the caller may change it; else 404, as for an unknown organisation."""
    found = contacts.show_contact(portal_of(request).ws, org_id)
    if found is None or not contacts.may_change_contact_of(caller.user.actor(), found):
        raise NotFound()
    return found


def _page(
    request: Request, caller: Caller, found: contacts.OrganisationContact, status: int = 200,
    given: dict[str, str] | None = None, errors: FormErrors | None = None, saved: bool = False,
) -> Response:  # fmt: skip
    shown = given if given is not None else {k: getattr(found, k) or "" for k in contacts.CONTACT_LABELS}
    return portal_of(request).page(request, "contact.html.j2", caller, status=status, org=found, given=shown,
                                   form_errors=errors or FormErrors(), saved=saved)  # fmt: skip


@router.get("/organisations/{org_id}/contact")
def contact_page(*, request: Request, caller: Who, org_id: OrgId, saved: bool = False) -> Response:
    return _page(request, caller, _changeable(request, caller, org_id), saved=saved)


@router.post("/organisations/{org_id}/contact")
def contact_save(
    *,
    request: Request,
    caller: Who,
    org_id: OrgId,
    csrf: CsrfField = "",
    email: Annotated[str, Form(max_length=200)] = "",
    phone: Annotated[str, Form(max_length=40)] = "",
    contact_person: Annotated[str, Form(max_length=80)] = "",
) -> Response:
    check_csrf(caller, csrf)
    found = _changeable(request, caller, org_id)
    try:
        contacts.update_contact(portal_of(request).ws, org_id, caller.user.actor(), email, phone, contact_person)
    except BadInput as exc:
        given = {"email": email, "phone": phone, "contact_person": contact_person}
        return _page(request, caller, found, 400, given, form_errors(exc))
    return RedirectResponse(f"/organisations/{org_id}/contact?saved=1", status_code=303)


class ContactChange(BaseModel):
    email: str = Field("", max_length=200, description="where the system's mail goes; empty clears it")
    phone: str = Field("", max_length=40)
    contact_person: str = Field("", max_length=80)


@api_router.put(
    "/organisations/{org_id}/contact",
    response_model=contacts.OrganisationContact,
    summary="Replace an organisation's contact (its own account, or its province correcting it)",
)
def update_contact(request: Request, caller: Writer, org_id: OrgId, body: ContactChange) -> JSONResponse:
    _changeable(request, caller, org_id)
    ws = portal_of(request).ws
    changed = contacts.update_contact(ws, org_id, caller.user.actor(), body.email, body.phone, body.contact_person)
    return JSONResponse(jsonable(changed))
