"""Opening a cycle from a form: programme and edition, the dates the definition derives (editable), the quota
table previewed before anything is opened or set."""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Programme, Role
from engine.kernel.errors import BadInput
from engine.services.national import quotas
from engine.services.programmes import cycles, programme_definitions
from portal import export, uploads
from portal.context import Portal, portal_of
from portal.deps import CsrfField, Who, check_csrf, need

router = APIRouter(include_in_schema=False)
QUOTA_TYPES = {".xlsx": "Excel (xlsx)", ".csv": "CSV"}


def _programmes(portal: Portal) -> list[tuple[str, str]]:
    return [(p.id, p.title) for p in programme_definitions.list_programmes(portal.ws)]


@router.get("/national/cycles/new")
def cycle_form(
    *,
    request: Request,
    caller: Who,
    programme: Annotated[str, Query(max_length=80)] = "demonstration-creation",
    edition: Annotated[int, Query(ge=2000, le=2100)] = 2025,
) -> Response:
    """The form: programme and edition, the dates the definition derives (editable), the quota table, contacts."""
    need(caller, Role.NATIONAL)
    portal = portal_of(request)
    dates = cycles.proposed_dates(portal.ws, programme, edition)
    definition = programme_definitions.current_programme(portal.ws, programme)
    return portal.page(request, "cycle_new.html.j2", caller, programmes=_programmes(portal), programme=programme,
                       edition=edition, dates=dates, contacts=definition.contact_groups, preview=None, problems=[],
                       needs_quota=_uses_quotas(definition))  # fmt: skip


@router.get("/national/cycles/new/quota-template.xlsx")
def quota_template(
    *, request: Request, caller: Who, programme: Annotated[str, Query(max_length=80)] = "demonstration-creation"
) -> Response:
    """Attachment 2 to fill in: every province × category of the programme, the places blank."""
    need(caller, Role.NATIONAL)
    out = io.BytesIO()
    quotas.write_quota_template(portal_of(request).ws, programme, out)
    return export.attachment(out.getvalue(), "名额分配表模板.xlsx")


async def _dates_of(request: Request, ids: list[str]) -> dict[str, date]:
    form = await request.form()
    out = {}
    for key in ids:
        raw = str(form.get(f"date_{key}") or "").strip()
        if raw:
            try:
                out[key] = date.fromisoformat(raw)
            except ValueError:
                raise BadInput(f"date_{key}: {raw!r} 不是日期，请按“2025-10-09”的格式填写") from None
    return out


def _uses_quotas(p: Programme) -> bool:
    """Whether the programme recommends within a quota table (a case call has none)."""
    return any(g.guard == "within-quota" for t in p.transitions for g in t.guards)


@router.post("/national/cycles/preview")
async def cycle_preview(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    programme: Annotated[str, Form(max_length=80)],
    edition: Annotated[int, Form(ge=2000, le=2100)],
    quota: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """The quota table read and checked, with the dates, shown before anything is opened or set (a programme
    without quotas, a case call, opens without one)."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    dates = cycles.proposed_dates(portal.ws, programme, edition)
    given = await _dates_of(request, [d.id for d in dates])
    definition = programme_definitions.current_programme(portal.ws, programme)
    contacts = definition.contact_groups
    if quota is None or not quota.filename:
        if _uses_quotas(definition):
            return portal.page(request, "cycle_new.html.j2", caller, status=400, programmes=_programmes(portal),
                               programme=programme, edition=edition, dates=dates, contacts=contacts, preview=None,
                               problems=["名额分配表：本项工作按名额推荐，请上传名额分配表"],
                               needs_quota=True)  # fmt: skip
        shown = [d.model_copy(update={"due": given.get(d.id, d.due)}) for d in dates]
        return portal.page(request, "cycle_new.html.j2", caller, programmes=_programmes(portal), programme=programme,
                           edition=edition, dates=shown, contacts=contacts, preview=[], table="", problems=[],
                           quota_name="", needs_quota=False)  # fmt: skip
    name, data = await uploads.read_upload(quota, QUOTA_TYPES, uploads.MAX_ROSTER_BYTES)
    with uploads.spooled(data, name[name.rfind(".") :].lower(), name) as path:
        try:
            rows = quotas.preview_quotas(portal.ws, programme, path)
        except BadInput as exc:
            problems = [line.strip() for line in str(exc).replace(str(path), name).splitlines() if line.strip()]
            return portal.page(request, "cycle_new.html.j2", caller, status=400, programmes=_programmes(portal),
                               programme=programme, edition=edition, dates=dates, contacts=contacts, preview=None,
                               problems=problems, needs_quota=True)  # fmt: skip
    shown = [d.model_copy(update={"due": given.get(d.id, d.due)}) for d in dates]
    table = "\n".join(f"{r.province_code},{r.category},{r.quota}" for r in rows)
    return portal.page(request, "cycle_new.html.j2", caller, programmes=_programmes(portal), programme=programme,
                       edition=edition, dates=shown, contacts=contacts, preview=rows, table=table, problems=[],
                       quota_name=name, needs_quota=True)  # fmt: skip


@router.post("/national/cycles")
async def cycle_open(
    *,
    request: Request,
    caller: Who,
    csrf: CsrfField = "",
    programme: Annotated[str, Form(max_length=80)],
    edition: Annotated[int, Form(ge=2000, le=2100)],
    table: Annotated[str, Form(max_length=200_000)] = "",
    quota_name: Annotated[str, Form(max_length=200)] = "quotas.xlsx",
) -> Response:
    """Open the cycle with the dates as shown, then apply the previewed quota table (all rows or none)."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    portal = portal_of(request)
    dates = cycles.proposed_dates(portal.ws, programme, edition)
    given = await _dates_of(request, [d.id for d in dates])
    csv = "province_code,category,quota\n" + table.replace("\r", "")
    with uploads.spooled(csv.encode(), ".csv") as path:
        quotas.preview_quotas(portal.ws, programme, path)  # checked again before the cycle opens
        opened = cycles.open_cycle(portal.ws, programme, edition, given, actor=caller.user.actor())
        if table.strip():
            quotas.import_quotas(portal.ws, opened.id, path, caller.user.actor(), f"portal: {quota_name}")
    return RedirectResponse(f"/national?cycle={opened.id}", status_code=303)
