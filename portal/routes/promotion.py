"""The record of promotion in the browser (B8, D7): the national office lists what was promoted where and when, and
records an occasion (经验交流, 宣传周, 发布会, a WIPO push) for the valid demonstration units and selected cases it
covered, once it confirms; the same service as the API and the CLI."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.national import promotion as promo
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, need
from portal.forms import FormErrors, form_errors
from portal.security import Caller

router = APIRouter(include_in_schema=False)
Ids = Annotated[list[int], Form(max_length=500)]


def _page(request: Request, caller: Caller, status: int = 200, **extra: object) -> Response:
    portal = portal_of(request)
    context: dict[str, object] = {"given": {}, "form_errors": FormErrors(), "chosen_units": [], "chosen_cases": [],
                                  "recorded": 0, **extra}  # fmt: skip
    return portal.page(request, "promotion.html.j2", caller, status=status, entries=promo.promotions(portal.ws),
                       promotable=promo.promotable(portal.ws), kinds=[(k, k.label) for k in promo.PromotionKind],
                       **context)  # fmt: skip


@router.get("/national/promotion")
def promotion_page(*, request: Request, caller: Who, recorded: int = 0) -> Response:
    """The record of promotion, newest first, and the form to record an occasion."""
    need(caller, Role.NATIONAL)
    return _page(request, caller, recorded=recorded)


@router.post("/national/promotion")
def promotion_record(
    *, request: Request, caller: Who, csrf: CsrfField = "", kind: Annotated[str, Form(max_length=40)] = "",
    title: Annotated[str, Form(max_length=300)] = "", held_on: Annotated[str, Form(max_length=20)] = "",
    recognitions: Ids = [], cases: Ids = [],  # noqa: B006 (FastAPI copies a form default)
    note: Annotated[str, Form(max_length=2000)] = "", confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:  # fmt: skip
    """Record one occasion for the units and cases ticked, once the officer confirms; a bad value keeps the form."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    given = {"kind": kind, "title": title, "held_on": held_on, "note": note}
    try:
        when = promo.parse_held_on(held_on)
        if confirm != "yes":
            raise BadInput("请勾选“确认记录”：记录后列入推广台账", field="confirm", code="required")
        done = promo.record_promotion(portal.ws, caller.user.actor(), kind, title, when, recognitions, cases,
                                      note or None)  # fmt: skip
    except (BadInput, Refused) as exc:
        return _page(request, caller, 400, given=given, form_errors=form_errors(exc), chosen_units=recognitions,
                     chosen_cases=cases)  # fmt: skip
    return RedirectResponse(f"/national/promotion?recorded={len(done.entries)}", status_code=303)
