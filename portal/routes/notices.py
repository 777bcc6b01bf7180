"""The notices now running (公示) and the public's objection form, for anyone without logging in.

Everything shown comes from ``engine.services.publicity`` (open notices, the objection form, published
copies), which leaves out internal programmes, objectors' contact details and lists not yet published. The
form works without JavaScript; its token is a cookie compared with a hidden field (the double-submit
pattern), since a member of the public has no session.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from engine.kernel.errors import BadInput, Refused
from engine.services.publicity import objection_form, open_notices
from engine.services.publicity.objectors import MAX_CONTENT, Objector, ObjectorKind
from portal import uploads
from portal.context import portal_of
from portal.deps import client_address
from portal.forms import form_errors
from portal.security import CsrfFailed, NotFound, same_token

router = APIRouter(include_in_schema=False)
FORM_COOKIE = "ipcycle_form"
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
SCAN_TYPES = {".pdf": "PDF", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
NoticeKey = Annotated[str, Path(pattern=r"^[pn][0-9A-Za-z_\-]{1,60}$")]


@router.get("/notices")
def notices_page(request: Request) -> Response:
    portal = portal_of(request)
    return portal.page(request, "public_notices.html.j2", None, notices=open_notices.running_notices(portal.ws))


def _notice_page(request: Request, key: str, status: int = 200, **extra: object) -> Response:
    portal = portal_of(request)
    notice = open_notices.running_notice(portal.ws, key)
    if notice is None:
        raise NotFound()
    token = request.cookies.get(FORM_COOKIE) or secrets.token_urlsafe(24)
    # a fresh idempotency key per form shown: sending this form twice records one objection
    context = {"notice": notice, "error": None, "verdicts": [], "given": {}, "request_key": secrets.token_urlsafe(24),
               **extra}  # fmt: skip
    response = portal.page(request, "public_notice.html.j2", None, status=status, login_csrf=token, **context)
    response.set_cookie(FORM_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.get("/notices/{key}")
def notice_page(request: Request, key: NoticeKey) -> Response:
    return _notice_page(request, key)


async def _read_scans(files: list[UploadFile]) -> list[tuple[str, bytes]]:
    out = []
    for f in files:
        if not f.filename:
            continue  # an empty file field of the form
        out.append(await uploads.read_upload(f, SCAN_TYPES, MAX_EVIDENCE_BYTES))
    return out


@router.post("/notices/{key}/objections")
async def notice_object(
    *,
    request: Request,
    key: NoticeKey,
    csrf: Annotated[str, Form()] = "",
    request_key: Annotated[str, Form(max_length=64)] = "",
    application: Annotated[int, Form(ge=1, le=2**31 - 1)],
    kind: Annotated[ObjectorKind, Form()],
    name: Annotated[str, Form(max_length=50)],
    unit: Annotated[str, Form(max_length=200)] = "",
    phone: Annotated[str, Form(max_length=30)],
    content: Annotated[str, Form(max_length=MAX_CONTENT)],
    evidence: Annotated[list[UploadFile], File()] = [],  # noqa: B006  (FastAPI reads the default, never mutates it)
    stamped: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """File an objection; a problem shows the form again with what was typed, a refusal with its rule."""
    if not same_token(csrf, request.cookies.get(FORM_COOKIE)):
        raise CsrfFailed()
    portal = portal_of(request)
    given = {"application": str(application), "kind": kind.value, "name": name, "unit": unit, "phone": phone,
             "content": content}  # fmt: skip
    try:
        scans = await _read_scans(evidence)
        stamps = await _read_scans([stamped]) if stamped is not None else []
        receipt = objection_form.file_public_objection(
            portal.ws,
            key,
            application,
            Objector(name, unit, phone, kind),
            content,
            scans,
            stamps[0] if stamps else None,
            client_address(request),
            request_key or None,
        )
    except BadInput as exc:
        if open_notices.running_notice(portal.ws, key) is None:
            raise NotFound() from None
        return _notice_page(request, key, status=400, given=given, form_errors=form_errors(exc))
    except Refused as exc:
        if open_notices.running_notice(portal.ws, key) is None:  # the period is over: no form to show again
            return portal.page(request, "error.html.j2", None, status=409, title="异议未予受理",
                               message=exc.message_zh, verdicts=exc.failed())  # fmt: skip
        return _notice_page(request, key, status=409, error=exc.message_zh, verdicts=exc.failed(), given=given)
    return portal.page(request, "public_receipt.html.j2", None, status=201, receipt=receipt)


@router.get("/public")
def public_home() -> Response:
    return RedirectResponse("/notices", status_code=303)
