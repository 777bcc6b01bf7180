"""Who is asking, and may they: the session cookie, bearer tokens, CSRF tokens and security headers.

The cookie carries a signed random session id; the server keeps the session (and its CSRF token) in
its table, so logging out or disabling an account ends it at once.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import secrets
from collections.abc import Callable

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.services.accounts import users
from engine.services.accounts.users import UserRecord
from engine.store.workspace import Workspace

SESSION_COOKIE = "ipcycle_session"
LOGIN_COOKIE = "ipcycle_login"  # the CSRF token of the log-in form, before there is a session
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

DOWNLOAD_CSP = "default-src 'none'; sandbox"  # a file served back runs nothing, even opened in the browser
HSTS_SECONDS = 365 * 24 * 3600
ErrorAnswer = Callable[[Scope, Exception], Response]  # the answer to an exception nothing else handled
log = logging.getLogger("ipcycle.portal")


class Unauthenticated(Exception):
    """No valid session or token: pages send the browser to log in, the API answers 401."""


class NotFound(Exception):
    """No such object for this account (also what another province's object answers)."""


class Forbidden(Exception):
    """The account's role may not use this page or operation at all."""


class CsrfFailed(Exception):
    """A state-changing request without the session's CSRF token."""


class Caller:
    """The account behind a request, and its session's CSRF token (None for a bearer token)."""

    def __init__(self, user: UserRecord, csrf_token: str | None, session_id: str | None) -> None:
        self.user = user
        self.csrf_token = csrf_token
        self.session_id = session_id

    @property
    def role(self) -> Role:
        return Role(self.user.role)

    @property
    def scope(self) -> str | None:
        return self.user.scope


class Keys:
    """The signing key of cookies for one running portal; ``previous`` keys (a rotation under way) still verify
    cookies they signed, while new ones are signed with ``secret`` only."""

    def __init__(self, secret: str | None = None, previous: list[str] | None = None) -> None:
        keys = [*(previous or []), secret or secrets.token_urlsafe(32)]  # itsdangerous signs with the last
        self.signer = URLSafeSerializer(keys, salt="ipcycle-session")

    def sign(self, session_id: str) -> str:
        return self.signer.dumps(session_id)

    def unsign(self, value: str) -> str | None:
        try:
            out = self.signer.loads(value)
        except BadSignature:
            return None
        return out if isinstance(out, str) else None


def caller_of(request: Request, ws: Workspace, keys: Keys) -> Caller | None:
    """A bearer token (the API) or the session cookie; None when neither is valid."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        user = users.token_user(ws, auth[7:].strip())
        return None if user is None else Caller(user, None, None)
    raw = request.cookies.get(SESSION_COOKIE)
    session_id = keys.unsign(raw) if raw else None
    if not session_id:
        return None
    view = users.session_of(ws, session_id)
    return None if view is None else Caller(view.user, view.csrf_token, session_id)


def safe_next(path: str) -> bool:
    """A page of this site to return to after log-in: a local path, never another site (``//host``, ``/\\host``)."""
    return path.startswith("/") and not path.startswith(("//", "/\\")) and "\n" not in path and "\r" not in path


def same_token(given: str | None, expected: str | None) -> bool:
    return bool(given and expected) and hmac.compare_digest(str(given), str(expected))


def security_headers(scheme: str) -> dict[str, str]:
    """The headers every answer carries; HSTS only over TLS (a browser ignores it over plain HTTP anyway)."""
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-store",
    }
    if scheme == "https":
        headers["Strict-Transport-Security"] = f"max-age={HSTS_SECONDS}; includeSubDomains"
    return headers


class SecurityHeaders:
    """Every answer, errors included: a CSP without inline scripts, no framing, no sniffing, no referrer outside.

    Pure ASGI and the outermost layer, so it also answers what nothing else caught: an unexpected exception
    becomes a 500 in the portal's own shape (JSON under /api/, an HTML page elsewhere) with these headers,
    never Starlette's bare plain-text 500. A header a route set itself is kept; every download gets a sandbox CSP.
    """

    def __init__(self, app: ASGIApp, on_error: ErrorAnswer) -> None:
        self.app = app
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        extra = security_headers(scope.get("scheme", "http"))

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                if headers.get("content-disposition", "").startswith("attachment"):
                    headers["Content-Security-Policy"] = DOWNLOAD_CSP  # a download is never a page
                for name, value in extra.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_guarded)
        except Exception as exc:
            if started:  # the answer is half sent: nothing sensible can follow it
                raise
            log.exception("unexpected error answering %s %s", scope.get("method"), scope.get("path"))
            await self.on_error(scope, exc)(scope, receive, send_guarded)


TRUSTED_PROXIES_ENV = "IPCYCLE_TRUSTED_PROXIES"


def trusted_proxies(value: str | None = None) -> list[str]:
    """The addresses (or networks) whose ``X-Forwarded-For``/``-Proto`` are believed: ``IPCYCLE_TRUSTED_PROXIES``,
    separated by commas or spaces; none by default, so no client (loopback included) chooses the address the log-in
    limits count or the scheme HSTS depends on. A value that is not an address or network stops the start."""
    text = os.environ.get(TRUSTED_PROXIES_ENV, "") if value is None else value
    found = [p for p in text.replace(",", " ").split() if p]
    for entry in found:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise BadInput(f"{TRUSTED_PROXIES_ENV}: {entry!r} is not an IP address or network (e.g. 127.0.0.1, "
                           "10.0.0.0/8)", field=TRUSTED_PROXIES_ENV) from None  # fmt: skip
    return found
