"""Evaluation set-up in the browser (B6, B7): the cycle's indicator set and acceptance standard loaded from an xlsx
(a template to download) or the YAML, each shown as the difference it would make before it is confirmed; a set (and
its standard) may be loaded for one category, which is then scored against it instead of the cycle's set."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.services.applications import worklists
from engine.services.evaluation import indicator_sets as scoring
from engine.services.evaluation import templates
from engine.services.shared.reference_audit import ReferenceDiff, ReferenceList
from policies.labels import label_of
from portal import export, uploads
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, current_cycle, need
from portal.routes.api import CycleId

router = APIRouter(include_in_schema=False)
TYPES = {".xlsx": "Excel (xlsx)", ".csv": "CSV", ".yaml": "YAML", ".yml": "YAML"}
LISTS = (ReferenceList.INDICATORS, ReferenceList.STANDARD)  # what this page loads
MAX_CARRIED = 512 * 1024  # carried from the preview to the confirmation in the form (under the 1 MB body limit)


def _loader(which: str) -> Callable[..., ReferenceDiff]:
    if which not in LISTS:
        raise BadInput(f"list: {which!r} 不是可载入的清单")
    return scoring.load_indicators if which == "indicators" else scoring.load_standard


def _page(request: Request, caller: Any, cycle_id: int, status: int = 200, **extra: Any) -> Response:
    portal = portal_of(request)
    context = {"shown": None, "which": "", "problems": [], "carried": "", "file_name": "", "loaded": "",
               "category": "", **extra}  # fmt: skip
    categories = [(c.id, c.name) for c in worklists.cycle_definition(portal.ws, cycle_id).categories]
    return portal.page(request, "indicators.html.j2", caller, status=status, cycle=cycle_id,
                       sets=scoring.indicator_sets(portal.ws, cycle_id), categories=categories, lists=LISTS,
                       **context)  # fmt: skip


@router.get("/national/cycles/{cycle_id}/indicators")
def indicators_page(
    *, request: Request, caller: Who, cycle_id: CycleId, loaded: Annotated[str, Query(max_length=20)] = ""
) -> Response:
    """The indicator set and the standard as they stand, and the forms to load either."""
    need(caller, Role.NATIONAL)
    current_cycle(portal_of(request), cycle_id)
    return _page(request, caller, cycle_id, loaded=label_of(ReferenceList, loaded, "") if loaded in LISTS else "")


@router.get("/national/cycles/{cycle_id}/indicators/template-{which}.xlsx")
def indicators_template(
    *, request: Request, caller: Who, cycle_id: CycleId, which: str,
    category: Annotated[str, Query(max_length=40)] = "",
) -> Response:  # fmt: skip
    """The sheet to fill, in Chinese: the set (or the standard: a line per indicator and the total) as it stands."""
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    current_cycle(portal, cycle_id)
    _loader(which)
    write = templates.write_indicator_template if which == "indicators" else templates.write_standard_template
    out = io.BytesIO()
    write(portal.ws, cycle_id, out, category or None)
    return export.attachment(out.getvalue(), f"{ReferenceList(which).label}模板.xlsx")


def _load(
    request: Request, caller: Any, cycle_id: int, which: str, name: str, data: bytes, dry_run: bool, category: str
) -> Any:
    loader = _loader(which)
    with uploads.spooled(data, Path(name).suffix.lower(), name) as path:
        try:
            return loader(portal_of(request).ws, cycle_id, path, caller.user.actor(), dry_run=dry_run, name=name,
                          category=category or None)  # fmt: skip
        except BadInput as exc:
            problems = [line.strip() for line in str(exc).replace(str(path), name).splitlines() if line.strip()]
            return _page(request, caller, cycle_id, status=400, which=which, problems=problems, category=category)


@router.post("/national/cycles/{cycle_id}/indicators/preview")
async def indicators_preview(
    *, request: Request, caller: Who, cycle_id: CycleId, csrf: CsrfField = "",
    which: Annotated[str, Form(max_length=20)] = "indicators", file: Annotated[UploadFile | None, File()] = None,
    category: Annotated[str, Form(max_length=40)] = "",
) -> Response:  # fmt: skip
    """The file read and checked, and the difference it would make; nothing changes until it is confirmed."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    current_cycle(portal_of(request), cycle_id)
    if file is None or not file.filename:
        raise BadInput("file: 请选择要载入的文件")
    name, data = await uploads.read_upload(file, TYPES, MAX_CARRIED)
    shown = _load(request, caller, cycle_id, which, name, data, dry_run=True, category=category)
    if isinstance(shown, Response):
        return shown
    return _page(request, caller, cycle_id, which=which, shown=shown, carried=uploads.carry(data), file_name=name,
                 category=category)  # fmt: skip


@router.post("/national/cycles/{cycle_id}/indicators")
def indicators_load(
    *, request: Request, caller: Who, cycle_id: CycleId, csrf: CsrfField = "",
    which: Annotated[str, Form(max_length=20)] = "indicators", carried: Annotated[str, Form(max_length=700_000)] = "",
    name: Annotated[str, Form(max_length=200)] = "indicators.xlsx", category: Annotated[str, Form(max_length=40)] = "",
) -> Response:  # fmt: skip
    """Load the previewed file (checked again: someone may have loaded another meanwhile)."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    current_cycle(portal_of(request), cycle_id)
    data = uploads.carried(carried, name, TYPES)
    done = _load(request, caller, cycle_id, which, uploads.safe_name(name), data, dry_run=False, category=category)
    if isinstance(done, Response):
        return done
    return RedirectResponse(f"/national/cycles/{cycle_id}/indicators?loaded={which}", status_code=303)
