"""What the portal tells its operator about each request: a request id and one JSON access line, the time it
took by route template (scraped at ``/metrics``, portal/routes/probes.py), and anything escaping with its traceback.

Request latency is kept per process; with several workers (``serve --workers``) they share it through
``PROMETHEUS_MULTIPROC_DIR``, which ``serve`` sets.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.kernel.logs import request_id

access_log = logging.getLogger("ipcycle.access")
error_log = logging.getLogger("ipcycle.portal")
_GIVEN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")  # an id nginx or a client sent is kept only when it is plain


def _latency() -> Any:
    from prometheus_client import Histogram

    return Histogram(
        "ipcycle_request_seconds",
        "Time to answer a request, by route template and method",
        ["route", "method", "status"],
        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    )


class Observed:
    """An ASGI middleware, outermost but for the error handler: it gives the request its id (the ``X-Request-ID``
    nginx sent, else a new one) for every log line written meanwhile, answers with it, writes the access line,
    times the request by its route template, and logs any exception escaping the app with its traceback before
    the generic handler turns it into the 500 answer."""

    latency: Any = None

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        if Observed.latency is None:  # one per process: a second app in a test must not register it twice
            Observed.latency = _latency()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _GIVEN_ID.fullmatch(given) else secrets.token_hex(8)
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def answer(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, answer)
        except Exception:
            status = 500
            error_log.exception("%s %s failed", scope["method"], scope["path"])
            raise
        finally:
            took = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "(no route)"
            Observed.latency.labels(route, scope["method"], str(status)).observe(took)
            client = scope.get("client")
            access_log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "ms": round(took * 1000, 1),
                    "client": client[0] if client else None,
                    "forwarded_for": dict(scope["headers"]).get(b"x-forwarded-for", b"").decode("latin-1") or None,
                },
            )
            request_id.reset(token)
