"""Mail everyone in a state from the browser: pick a set, write the message, see who it reaches, then send it
(into each party's message centre, and by e-mail to those with an address)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.national import mailings
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need
from portal.routes.api import CycleId

router = APIRouter(include_in_schema=False)


@router.get("/national/cycles/{cycle_id}/messages")
def mailing_form(*, request: Request, caller: Who, cycle_id: CycleId) -> Response:
    """The form: the set, the subject and the text."""
    need(caller, Role.NATIONAL)
    current_cycle(portal_of(request), cycle_id)
    return portal_of(request).page(request, "mailing.html.j2", caller, cycle=cycle_id, sets=mailings.SETS, form={},
                                   shown=None, problems={}, key=secrets.token_hex(12))  # fmt: skip


@router.post("/national/cycles/{cycle_id}/messages")
def mailing_send(
    *, request: Request, caller: Who, cycle_id: CycleId, csrf: CsrfField = "",
    audience: Annotated[str, Form(max_length=40)] = "", subject: Annotated[str, Form(max_length=200)] = "",
    body: Annotated[str, Form(max_length=20_000)] = "", confirm: Annotated[str, Form(max_length=10)] = "",
    key: Annotated[str, Form(max_length=64)] = "",
) -> Response:  # fmt: skip
    """Without ``confirm``: who it reaches now. With it: sent (the form's key makes a second click a no-op)."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    current_cycle(portal, cycle_id)
    form = {"audience": audience, "subject": subject, "body": body}
    try:
        if not subject.strip():
            raise BadInput("subject: 请填写标题")
        if not body.strip():
            raise BadInput("body: 请填写正文")
        shown = mailings.send_message(portal.ws, caller.user.actor(), cycle_id, audience, subject, body,
                                      confirm=confirm == "yes", request_key=key or None)  # fmt: skip
    except (BadInput, Refused) as exc:
        field, _, message = str(exc).partition(": ")
        problems = {field: message} if field in form else {"": str(exc)}
        return portal.page(request, "mailing.html.j2", caller, status=400, cycle=cycle_id, sets=mailings.SETS,
                           form=form, shown=None, problems=problems, key=key)  # fmt: skip
    return portal.page(request, "mailing.html.j2", caller, cycle=cycle_id, sets=mailings.SETS, form=form,
                       shown=shown, problems={}, key=key)  # fmt: skip
