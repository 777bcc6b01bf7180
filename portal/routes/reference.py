"""The national office's reference data in the browser: a roster of organisations, the pilot lists (A2, A4) and
earlier recognitions (B5), each uploaded, shown as the difference it would make, and loaded on confirmation (the
file is carried in the confirming form and checked again). The same services answer the CLI and /api/v1/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.reference import pilots, roster
from engine.services.shared.reference_audit import ReferenceImport
from policies.labels import label_of
from portal import uploads
from portal.context import portal_of
from portal.deps import CsrfField, Who, check_csrf, need
from portal.forms import message_of
from portal.security import Caller

router = APIRouter(include_in_schema=False)
MAX_CARRIED = 512 * 1024  # carried from the preview to the confirmation in the form (under the 1 MB body limit)


def _loader(which: str, caller: Caller, name: str) -> Callable[[Any, Path, bool], Any]:
    """The service that loads ``which``, as ``(ws, path, dry_run) -> difference``."""
    actor = caller.user.actor()
    if which == "roster":
        return lambda ws, path, dry_run: roster.import_roster(ws, path, name=name, actor=actor, dry_run=dry_run)
    if which == "pilots":
        return lambda ws, path, dry_run: pilots.import_pilots(ws, path, actor, dry_run, name)
    if which == "recognitions":
        return lambda ws, path, dry_run: pilots.import_recognitions(ws, path, actor, dry_run=dry_run, name=name)
    raise BadInput(f"which: 不是可导入的清单：{which!r}")


def _page(request: Request, caller: Caller, status: int = 200, **extra: Any) -> Response:
    portal = portal_of(request)
    context = {"shown": None, "which": "", "problems": [], "carried": "", "file_name": "", "loaded": "", **extra}
    return portal.page(request, "reference.html.j2", caller, status=status, lists=list(ReferenceImport),
                       pilot_count=len(pilots.list_pilots(portal.ws)), **context)  # fmt: skip


@router.get("/national/reference")
def reference_page(*, request: Request, caller: Who, loaded: Annotated[str, Query(max_length=20)] = "") -> Response:
    """The forms to load a roster, the pilot lists or earlier recognitions, each previewed first."""
    need(caller, Role.NATIONAL)
    return _page(request, caller, loaded=label_of(ReferenceImport, loaded, ""))


def _load(request: Request, caller: Caller, which: str, name: str, data: bytes, dry_run: bool) -> Any:
    load = _loader(which, caller, name)
    with uploads.spooled(data, Path(name).suffix.lower()) as path:
        try:
            return load(portal_of(request).ws, path, dry_run)
        except (BadInput, Refused) as exc:
            text = message_of(exc).replace(str(path), name)
            problems = [line.strip() for line in text.splitlines() if line.strip()]
            return _page(request, caller, status=400, which=which, problems=problems)


@router.post("/national/reference/preview")
async def reference_preview(
    *, request: Request, caller: Who, csrf: CsrfField = "", which: Annotated[str, Form(max_length=20)] = "roster",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:  # fmt: skip
    """The file read and checked, each bad row named; the difference it would make. Nothing changes yet."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    if file is None or not file.filename:
        raise BadInput("file: 请选择要导入的文件")
    name, data = await uploads.read_upload(file, uploads.ROSTER_TYPES, MAX_CARRIED)
    shown = _load(request, caller, which, name, data, dry_run=True)
    if isinstance(shown, Response):
        return shown
    return _page(request, caller, which=which, shown=shown, carried=uploads.carry(data), file_name=name)


@router.post("/national/reference")
def reference_load(
    *, request: Request, caller: Who, csrf: CsrfField = "", which: Annotated[str, Form(max_length=20)] = "roster",
    carried: Annotated[str, Form(max_length=700_000)] = "", name: Annotated[str, Form(max_length=200)] = "list.xlsx",
) -> Response:  # fmt: skip
    """Load the previewed file (checked again: the lists may have changed meanwhile)."""
    need(caller, Role.NATIONAL)
    check_csrf(caller, csrf)
    name = uploads.safe_name(name)
    done = _load(request, caller, which, name, uploads.carried(carried, name, uploads.ROSTER_TYPES), dry_run=False)
    if isinstance(done, Response):
        return done
    return RedirectResponse(f"/national/reference?loaded={which}", status_code=303)
