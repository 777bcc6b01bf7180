"""The province's desk (to-do list and quota) and its list of applications: filter, bulk moves, spreadsheet."""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.services.applications import overview, worklists
from engine.services.cases import todo
from engine.services.national import quotas
from notifications.cycle_calendar import cycle_ics
from policies.reference.provinces import province_codes, province_name
from portal import export
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need
from portal.routes.decisions import BULK_EVENTS, bulk_page, chosen, fire_each
from portal.security import Caller

router = APIRouter(include_in_schema=False)
PROVINCE_BULK_EVENTS = ("recommend", "decline")


@router.get("/province")
def province_route(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    return province_desk(request, caller, cycle)


def province_desk(request: Request, caller: Caller, cycle: int | None, viewing_as: str | None = None) -> Response:
    """The province's to-do list and quota; ``viewing_as`` marks a national officer's read-only look."""
    need(caller, Role.PROVINCE)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    return portal.page(
        request,
        "province.html.j2",
        caller,
        cycle=cycle_id,
        todo=sorted(
            worklists.province_todo(portal.ws, caller.scope or "") + todo.case_todo(portal.ws, caller.scope or ""),
            key=lambda t: (t.due or date.max, t.cycle),
        ),
        quota=quotas.quota_table(portal.ws, cycle_id, caller.scope),
        names={c.id: c.name for c in worklists.cycle_definition(portal.ws, cycle_id).categories},
        viewing_as=viewing_as,
    )


@router.get("/province/calendar.ics")
def province_calendar(*, request: Request, caller: Who, cycle: int | None = None) -> Response:
    """The cycle's dates as this province meets them: its extensions and its own earlier deadlines included."""
    need(caller, Role.PROVINCE)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    data, _ = cycle_ics(portal.ws, cycle_id, caller.scope)
    return export.attachment(data, f"日程-{province_name(caller.scope or '')}.ics")


def _list_filters(category: str | None, stage: str | None) -> tuple[str | None, str | None]:
    return (category or None, stage or None)


@router.get("/province/applications")
def province_list(
    *,
    request: Request,
    caller: Who,
    cycle: int | None = None,
    category: str | None = None,
    stage: str | None = None,
    province: Annotated[str | None, Query(pattern="^([0-9]{6})?$")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    need(caller, Role.PROVINCE, Role.NATIONAL)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    category, stage = _list_filters(category, stage)
    province = (province or None) if caller.role is Role.NATIONAL else None
    rows = worklists.list_applications(
        portal.ws, cycle_id, caller.role, caller.scope, category, stage, page, 50, province=province
    )
    definition = worklists.cycle_definition(portal.ws, cycle_id)
    return portal.page(
        request,
        "applications.html.j2",
        caller,
        cycle=cycle_id,
        listing=rows,
        category=category or "",
        stage=stage or "",
        province=province or "",
        definition=definition,
        bulk_events=BULK_EVENTS if caller.role is Role.NATIONAL else PROVINCE_BULK_EVENTS,
        titles={s.id: s.title for s in definition.stages},
        names={c.id: c.name for c in definition.categories},
        quota=quotas.quota_table(portal.ws, cycle_id, caller.scope) if caller.role is Role.PROVINCE else [],
        provinces=province_codes() if caller.role is Role.NATIONAL else {},
        results=None,
    )


@router.post("/province/applications/bulk")
def province_bulk(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    action: Annotated[str, Form(max_length=40)],
    ids: Annotated[list[int], Form()] = [],  # noqa: B006 (FastAPI copies a default)
    page_ids: Annotated[list[int], Form()] = [],  # noqa: B006
    every: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Recommend or decline several applications; each is its own move, and each one's verdict is shown."""
    need(caller, Role.PROVINCE)
    check_csrf(caller, csrf)
    if action not in PROVINCE_BULK_EVENTS:
        raise BadInput("只能批量推荐或不予推荐", field="action")
    portal = portal_of(request)
    results = fire_each(portal, caller, chosen(ids, page_ids, every), action, reason.strip())
    quota = quotas.quota_table(portal.ws, current_cycle(portal, None), caller.scope)
    return bulk_page(request, caller, action, results, quota)


@router.get("/province/applications.xlsx")
def province_export(
    *, request: Request, caller: Who, cycle: int | None = None, category: str | None = None, stage: str | None = None,
    province: Annotated[str | None, Query(pattern="^([0-9]{6})?$")] = None,
) -> Response:  # fmt: skip
    """The filtered list, every row of it, as a spreadsheet: the same file as the CLI's ``--xlsx``."""
    need(caller, Role.PROVINCE, Role.NATIONAL)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    category, stage = _list_filters(category, stage)
    province = caller.scope if caller.role is Role.PROVINCE else (province or None)
    out = io.BytesIO()
    overview.write_applications_xlsx(portal.ws, cycle_id, out, province, category, stage)
    name = f"申报清单-{province_name(province)}.xlsx" if province else "申报清单.xlsx"
    return export.attachment(out.getvalue(), name)
