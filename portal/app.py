"""The portal's composition root: a FastAPI app over one Workspace, pages and the /api/v1/ API.

It calls the same typed service functions as the CLI; its only own work is who is asking (accounts),
what they may see (their province's or organisation's applications), and mapping domain errors to
HTTP statuses: bad input 400, refused 409 (403 when the role itself is refused), concurrent change
409, not found or not theirs 404.
"""

from __future__ import annotations

import copy
import functools
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute, APIRouter
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from engine.kernel.errors import BadInput, ConcurrentChange, FieldError, Refused
from engine.services.shared.vocabulary import VOCABULARY
from engine.store.workspace import Workspace, busy_database
from policies.verdict import Verdict
from portal import observe, views
from portal.context import Portal
from portal.forms import api_errors, validation_errors
from portal.limits import BodyLimit, RouteLimits
from portal.routes import ROUTERS
from portal.security import (
    SESSION_COOKIE,
    CsrfFailed,
    Forbidden,
    Keys,
    NotFound,
    PasswordChangeNeeded,
    SecurityHeaders,
    Unauthenticated,
    safe_next,
    trusted_proxies,
)

HERE = Path(__file__).parent


@functools.cache  # one per process: every app renders the same templates (Jinja reloads one whose file changed)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.filters.update(cn_date=views.cn_date, cn_time=views.cn_time, days_left=views.days_left, linkify=views.linkify)
    env.filters.update(label=views.label)
    env.globals.update(role_label=views.role_label, actor_label=views.actor_label, **VOCABULARY)  # enums by name
    return env


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_body(
    status: int, code: str, message: str, verdicts: list[Verdict] | None = None, errors: list[FieldError] | None = None
) -> dict[str, Any]:
    """The one error shape of the API: status, code, message, the verdicts with rule IDs and both reasons, and
    the bad fields (``errors``: a JSON pointer, a code and a message each)."""
    return {"status": status, "code": code, "message": message, "verdicts": [v.as_json() for v in verdicts or []],
            "errors": api_errors(errors or [])}  # fmt: skip


def login_address(request: Request) -> str:
    """Where a page request without a valid session is sent: log-in, with the page to come back to (``next``; for
    a form sent, the page it was on) and whether a session had expired, so the log-in page can say so."""
    if request.method == "GET":
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:
        referer = urlsplit(request.headers.get("referer", ""))
        same_site = referer.netloc in ("", request.url.netloc)
        back = referer.path + (f"?{referer.query}" if referer.query else "") if same_site and referer.path else "/"
    query = {"next": back} if safe_next(back) and back != "/" else {}
    if request.cookies.get(SESSION_COOKIE):
        query["expired"] = "post" if request.method != "GET" else "1"
    return "/login" + (f"?{urlencode(query)}" if query else "")


def refused_status(exc: Refused) -> int:
    """403 when the role may not do this at all (the ROLE rule), 409 when the rules of the case refuse it."""
    failed = exc.failed() or exc.verdicts
    return 403 if failed and all(v.rule_id == "ROLE" for v in failed) else 409


def _endpoints(routes: list[Any]) -> list[Any]:
    out = []
    for route in routes:
        inner = getattr(route, "original_router", None)  # an included router, as FastAPI keeps it
        out += _endpoints(inner.routes) if inner is not None else [route]
    return out


def methods_of(request: Request) -> set[str]:
    """The methods some route offers at the request's path."""
    found: set[str] = set()
    for route in _endpoints(request.app.routes):
        if isinstance(route, APIRoute) and route.path_regex.match(request.url.path):
            found |= set(route.methods or ())
    return found


PLAIN_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/static/uswds/css/uswds.min.css"><link rel="stylesheet" href="/static/portal.css">
</head><body><main><section class="error"><h1>{title}</h1>
<p class="message">{message}</p><p><a href="/">返回首页</a></p></section></main></body></html>"""
INTERNAL = ("系统出错了", "服务器处理时出错，已记录。请稍后重试；若再次出现，请联系管理员。")


def answer_outside_routes(scope: Scope, status: int, code: str, message: str, title: str) -> Response:
    """An answer given before or after the routes (a body too large, an unexpected error): the API's error
    shape under /api/, else a small page that needs nothing that could itself fail (no session, no template)."""
    if str(scope.get("path", "")).startswith("/api/"):
        return JSONResponse(error_body(status, code, message), status_code=status)
    return HTMLResponse(PLAIN_PAGE.format(title=title, message=message), status_code=status)


def internal_error(scope: Scope, exc: Exception) -> Response:
    message = INTERNAL[1] + "（an unexpected error; it was logged）"
    return answer_outside_routes(scope, 500, "internal", message, INTERNAL[0])


def body_too_large(scope: Scope, limit: int) -> Response:
    message = f"请求内容超过 {limit // (1024 * 1024)} MB 上限（the request body is larger than {limit:,} bytes）"
    return answer_outside_routes(scope, 413, "too_large", message, "文件过大")


def unique_violation(exc: IntegrityError) -> bool:
    return getattr(exc.orig, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(exc.orig)


def _operation_id(route: APIRoute) -> str:
    """An operation's id in the OpenAPI document: the route function's name."""
    return route.name


@functools.cache
def _routes() -> list[Any]:
    """Every router included once per process, shared by every app made (one per server; one per test).

    FastAPI works out an included router's routes (parameters, body models, dependencies) on an app's first
    request, for each app anew: ~0.3 s of CPU that nothing app-specific goes into (the workspace is reached
    through ``request.app.state``, never through a route)."""
    routes = APIRouter(generate_unique_id_function=_operation_id)
    for router in ROUTERS:
        routes.include_router(router)
    return list(routes.routes)


API_TITLE = "ipcycle API"
API_VERSION = "1"
API_DESCRIPTION = "知识产权强国建设 programme cycles: the same operations as the portal, as JSON."


@functools.cache
def _api_document() -> dict[str, Any]:
    """The OpenAPI document, declaring the bearer token every operation takes (or the session with its CSRF header).

    Made once per process from the shared routes (~0.2 s of CPU each time); each app gets a copy of its own."""
    schema = get_openapi(title=API_TITLE, version=API_VERSION, description=API_DESCRIPTION, routes=_routes())
    schema.setdefault("components", {})["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "description": "a token the account lists and revokes"}
    }
    schema["security"] = [{"bearer": []}]
    _without_validation_status(schema)
    return schema


def _openapi_with_bearer(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        app.openapi_schema = copy.deepcopy(_api_document())
    return app.openapi_schema


def _without_validation_status(schema: dict[str, Any]) -> None:
    """FastAPI declares a 422 of its own shape on every operation with input; this app answers every malformed
    request 400 in the one error shape (declared on each router), so the 422 and its schemas are removed."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)


def create_app(ws: Workspace, secret: str | None = None, base_url: str | None = None) -> FastAPI:
    """The web app: pages for each role, /api/v1/ for provinces' own systems, OpenAPI at /api/openapi.json."""
    app = FastAPI(
        title=API_TITLE,
        version=API_VERSION,
        description=API_DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=_operation_id,
    )
    app.openapi = lambda: _openapi_with_bearer(app)  # type: ignore[method-assign]
    portal = Portal(
        ws=ws,
        keys=Keys(
            secret or os.environ.get("IPCYCLE_SECRET") or secrets.token_urlsafe(32),
            [k for k in os.environ.get("IPCYCLE_SECRET_PREVIOUS", "").split() if k],  # during a rotation
        ),
        templates=Jinja2Templates(env=_env()),
        base_url=base_url or os.environ.get("IPCYCLE_BASE_URL"),
    )
    app.state.portal = portal
    app.add_middleware(BodyLimit, limits=RouteLimits(app), too_large=body_too_large)
    app.add_middleware(SecurityHeaders, on_error=internal_error)  # the outermost layer but for the observer
    # added last, around everything: the request id is set for every line (the 500's traceback too) and the access
    # line sees the status the client got
    app.add_middleware(observe.Observed)
    if proxies := trusted_proxies():  # outermost: every layer (the log, the limits, HSTS) sees the real client
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=proxies)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def html_error(
        request: Request, status: int, title: str, message: str, verdicts: list[Verdict],
        errors: list[FieldError] | None = None,
    ) -> Response:  # fmt: skip
        caller = getattr(request.state, "caller", None)
        return portal.page(request, "error.html.j2", caller, status=status, title=title, message=message,
                           verdicts=verdicts, field_errors=[e.message for e in errors or []])  # fmt: skip

    @app.exception_handler(Unauthenticated)
    async def _unauthenticated(request: Request, exc: Unauthenticated) -> Response:
        if is_api(request):
            return JSONResponse(
                error_body(401, "unauthenticated", "未登录：请先登录，或在请求头中提供令牌（Bearer）"), status_code=401
            )
        return RedirectResponse(login_address(request), status_code=303)

    @app.exception_handler(PasswordChangeNeeded)
    async def _first_log_in(request: Request, exc: PasswordChangeNeeded) -> Response:
        return RedirectResponse("/account", status_code=303)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        if is_api(request):
            return JSONResponse(error_body(404, "not_found", "没有这个对象，或您无权查看"), status_code=404)
        return html_error(request, 404, "未找到", "没有这个对象，或您无权查看。", [])

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        if is_api(request):
            return JSONResponse(error_body(403, "forbidden", str(exc)), status_code=403)
        return html_error(request, 403, "无权办理", str(exc), [])

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        if is_api(request):
            return JSONResponse(
                error_body(403, "csrf", "缺少或错误的 X-CSRF-Token 请求头，未作任何变更"), status_code=403
            )
        return html_error(request, 403, "表单已失效", "页面已过期，请返回上一页刷新后重新提交，未作任何变更。", [])

    @app.exception_handler(BadInput)
    async def _bad_input(request: Request, exc: BadInput) -> Response:
        if is_api(request):
            message = exc.errors[0].message if exc.derived else str(exc)  # its field, not the CLI's option
            return JSONResponse(error_body(400, exc.code, message, errors=exc.errors), status_code=400)
        if exc.errors:
            return html_error(request, 400, "输入有误", "请返回上一页更正，未作任何变更：", [], exc.errors)
        return html_error(request, 400, "输入有误", str(exc), [])

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        status = refused_status(exc)
        if is_api(request):
            body = error_body(status, exc.code, exc.message_zh, exc.failed(), exc.errors)
            return JSONResponse(body, status_code=status)
        return html_error(request, status, "未予办理", exc.message_zh, exc.failed())

    @app.exception_handler(ConcurrentChange)
    async def _concurrent(request: Request, exc: ConcurrentChange) -> Response:
        if is_api(request):
            return JSONResponse(error_body(409, exc.code, str(exc)), status_code=409)
        message = "刚有人同时修改或提交了相同的内容，本次未作任何变更，请刷新后查看。"
        return html_error(request, 409, "已被他人修改", message, [])

    @app.exception_handler(IntegrityError)
    async def _duplicate(request: Request, exc: IntegrityError) -> Response:
        """Two requests inserting the same thing at once: the second lost the race (the constraint held)."""
        if not unique_violation(exc):
            raise exc
        return await _concurrent(request, ConcurrentChange("the same record was just written by another request"))

    @app.exception_handler(OperationalError)
    async def _busy(request: Request, exc: OperationalError) -> Response:
        if not busy_database(exc):
            raise exc
        return await _concurrent(request, ConcurrentChange("another change held the record; nothing was done"))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if any(e.get("loc", ("",))[0] == "path" for e in exc.errors()):  # an id out of range (2^70) or not a number
            return await _not_found(request, NotFound())  # names nothing there is, as an unknown id does
        # every malformed request is bad input (400, the one error shape naming each field), whether pydantic or a
        # service found it: a client handles one status for "correct the field and send again"
        errors = validation_errors(list(exc.errors()), with_choices=is_api(request))
        where = "；".join(f"{e.field or '请求'}：{e.message}" for e in errors)
        if is_api(request):
            body = error_body(400, "invalid", f"输入有误，未作任何变更：{where}", errors=errors)
            return JSONResponse(body, status_code=400)
        return html_error(request, 400, "输入有误", "请返回上一页更正，未作任何变更：", [], errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request):
            code = "too_large" if exc.status_code == 413 else "http"
            body = error_body(exc.status_code, code, str(exc.detail))
            headers = dict(exc.headers or {})
            if exc.status_code == 405:  # every method the path has, not just the first route's (Starlette's)
                headers["Allow"] = ", ".join(sorted(methods_of(request)))
            return JSONResponse(body, status_code=exc.status_code, headers=headers)
        response = html_error(request, exc.status_code, "出错了", str(exc.detail), [])
        response.headers.update(exc.headers or {})
        return response

    app.router.routes.extend(_routes())
    return app
