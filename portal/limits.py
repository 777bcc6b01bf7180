"""How large a request body each route accepts, refused before anything reads, spools or authenticates it.

A route that takes a file accepts :data:`UPLOAD_BYTES`, every other route :data:`FORM_BYTES`. A declared
``Content-Length`` over the limit is answered 413 at once, without reading a byte; a body sent without one
(chunked) is counted as it streams and refused the moment it passes the limit, so nothing larger is ever
spooled to disk. Which routes take files is read from the app's own routes, so a new upload route needs no
entry here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI
from fastapi import params as fastapi_params
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MIB = 1024 * 1024
UPLOAD_FILE_BYTES = 20 * MIB  # a material, a scan, a roster: Word documents and scans rarely exceed 20 MB
UPLOAD_BYTES = UPLOAD_FILE_BYTES + 1 * MIB  # the file plus the form's other fields and the multipart framing
FORM_BYTES = 1 * MIB  # a form or a JSON body: the longest text field (an objection's content) is a few KB
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

TooLargeAnswer = Callable[[Scope, int], Response]


class BodyTooLarge(StarletteHTTPException):
    """A body that passed its route's limit while it streamed (an HTTP error, so FastAPI's parser passes it on)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit:,} bytes（请求内容超过上限）")
        self.limit = limit


def _takes_files(route: APIRoute) -> bool:
    return any(isinstance(f.field_info, fastapi_params.File) for f in route.dependant.body_params)


def _routes(routes: list[object]) -> list[APIRoute]:
    out: list[APIRoute] = []
    for route in routes:
        inner = getattr(route, "original_router", None)  # an included router, as FastAPI keeps it
        if inner is not None:
            out += _routes(inner.routes)
        elif isinstance(route, APIRoute):
            out.append(route)
    return out


class RouteLimits:
    """The body limit of a method and path, from the routes of one app (read on first use, when all are added)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._table: list[tuple[re.Pattern[str], frozenset[str], int]] | None = None

    def limit(self, method: str, path: str) -> int:
        if self._table is None:
            self._table = [
                (r.path_regex, frozenset(r.methods or ()), UPLOAD_BYTES if _takes_files(r) else FORM_BYTES)
                for r in _routes(list(self.app.routes))
            ]
        for regex, methods, limit in self._table:
            if method in methods and regex.match(path):
                return limit
        return FORM_BYTES


class BodyLimit:
    """Refuse a body over its route's limit: by ``Content-Length`` before the app runs, else while it streams."""

    def __init__(self, app: ASGIApp, limits: RouteLimits, too_large: TooLargeAnswer) -> None:
        self.app = app
        self.limits = limits
        self.too_large = too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        limit = self.limits.limit(scope["method"], scope["path"])
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self.too_large(scope, limit)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)
