"""The national office's decisions on several applications at once: a bulk move, or selection by rank (B6)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.applications import stage_moves, trail, worklists
from engine.services.evaluation import score_records
from portal.context import Portal, portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need
from portal.forms import message_of
from portal.security import Caller

router = APIRouter(include_in_schema=False)
# not the objection moves: an objection record makes them (objection-recorded/-resolved), never a bulk choice
BULK_EVENTS = ("select", "reject", "start_acceptance", "pass", "fail")


def fire_each(portal: Portal, caller: Caller, ids: list[int], event: str, reason: str) -> list[dict[str, object]]:
    """Each chosen application moved on its own; each outcome by the unit's name, a refusal in the notice's words."""
    results: list[dict[str, object]] = []
    for app_id in dict.fromkeys(ids[:200]):
        owner = worklists.application_owner(portal.ws, app_id)
        if owner is None or not worklists.may_see(owner, caller.role, caller.scope):
            results.append({"id": app_id, "name": "（未找到该申报）", "ok": False, "stage": None, "message": "",
                            "verdicts": []})  # fmt: skip
            continue
        row: dict[str, object] = {"id": app_id, "name": worklists.organisation_label(portal.ws, owner.organisation_id)}
        try:
            moved = stage_moves.fire(portal.ws, app_id, event, caller.user.actor(), reason or None)
            row |= {"ok": True, "stage": moved.stage, "message": "", "verdicts": []}
        except Refused as exc:
            row |= {"ok": False, "stage": None, "message": "", "verdicts": exc.failed()}
        except BadInput as exc:
            row |= {"ok": False, "stage": None, "message": message_of(exc), "verdicts": []}
        results.append(row)
    return results


def chosen(ids: list[int], page_ids: list[int], every: str) -> list[int]:
    """The applications a bulk form chose: the ticked ones, or every one the page listed ("办理本页全部")."""
    picked = page_ids if every == "page" else ids
    if not picked:
        raise BadInput("请至少选择一件申报", field="ids")
    return picked


def bulk_page(
    request: Request, caller: Caller, action: str, results: list[dict[str, object]], quota: Sequence[object] = ()
) -> Response:
    """The outcome of a bulk move, one row per application, by name."""
    portal = portal_of(request)
    definition = worklists.cycle_definition(portal.ws, current_cycle(portal, None))
    return portal.page(request, "bulk.html.j2", caller, action=definition.event_title(action), results=results,
                       quota=quota, titles={s.id: s.title for s in definition.stages},
                       names={c.id: c.name for c in definition.categories})  # fmt: skip


def _confirm_page(
    request: Request, caller: Caller, action: str, ids: list[int], reason: str, target: str, extra: dict[str, str]
) -> Response:
    """What the decision would do, application by application (organisation, stage now), and the confirm button:
    nothing moves before the office confirms."""
    portal = portal_of(request)
    rows = []
    for app_id in dict.fromkeys(ids[:200]):
        owner = worklists.application_owner(portal.ws, app_id)
        if owner is not None:
            name = worklists.organisation_label(portal.ws, owner.organisation_id) or ""
            stage = trail.history(portal.ws, app_id).stage
            rows.append({"id": app_id, "organisation": name, "province": owner.province, "stage": stage})
    definition = worklists.cycle_definition(portal.ws, current_cycle(portal, None))
    return portal.page(request, "bulk_confirm.html.j2", caller, action=action, rows=rows, reason=reason,
                       target=target, extra=extra, titles={s.id: s.title for s in definition.stages},
                       action_title=definition.event_title(action))  # fmt: skip


@router.post("/national/applications/bulk")
def national_bulk(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    action: Annotated[str, Form(max_length=40)],
    ids: Annotated[list[int], Form()] = [],  # noqa: B006 (FastAPI copies a default)
    page_ids: Annotated[list[int], Form()] = [],  # noqa: B006
    every: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """A national decision on several applications, listed first; once confirmed each is its own move, each one's
    verdict shown."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    if action not in BULK_EVENTS:
        raise BadInput("不是可批量办理的操作", field="action")
    picked = chosen(ids, page_ids, every)
    if confirm != "yes":
        return _confirm_page(request, caller, action, picked, reason.strip(), "/national/applications/bulk", {})
    return bulk_page(request, caller, action, fire_each(portal_of(request), caller, picked, action, reason.strip()))


@router.post("/national/select-by-rank")
def select_by_rank(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    category: Annotated[str, Form(max_length=40)],
    places: Annotated[int, Form(ge=1, le=1000)],
    cycle: Annotated[int | None, Form()] = None,
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Select the top ``places`` of a category's complete ranking (B6), listed first; once confirmed each is its own
    move."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    cycle_id = current_cycle(portal, cycle)
    ranked = [v for v in score_records.ranking(portal.ws, cycle_id, "selection", category) if v.rank is not None]
    ids = [v.application for v in ranked[:places] if v.application is not None]
    if not ids:
        raise BadInput("category: 本类别尚无完成评审的申报")
    if confirm != "yes":
        extra = {"category": category, "places": str(places), "cycle": str(cycle_id)}
        why = f"按排名择优（前 {places} 名）"
        return _confirm_page(request, caller, "select", ids, why, "/national/select-by-rank", extra)
    return bulk_page(
        request, caller, "select", fire_each(portal, caller, ids, "select", f"按排名择优（前 {places} 名）")
    )
