"""Who is asking, and may they: the session cookie, bearer tokens, CSRF tokens and security headers.

The cookie carries a signed random session id; the server keeps the session (and its CSRF token) in
its table, so logging out or disabling an account ends it at once.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from engine.definition.model import Role
from engine.services import accounts
from engine.services.accounts import UserRecord
from engine.store.workspace import Workspace

SESSION_COOKIE = "ipcycle_session"
LOGIN_COOKIE = "ipcycle_login"  # the CSRF token of the log-in form, before there is a session
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


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
    """The signing key of cookies for one running portal."""

    def __init__(self, secret: str | None = None) -> None:
        self.signer = URLSafeSerializer(secret or secrets.token_urlsafe(32), salt="ipcycle-session")

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
        user = accounts.token_user(ws, auth[7:].strip())
        return None if user is None else Caller(user, None, None)
    raw = request.cookies.get(SESSION_COOKIE)
    session_id = keys.unsign(raw) if raw else None
    if not session_id:
        return None
    view = accounts.session_of(ws, session_id)
    return None if view is None else Caller(view.user, view.csrf_token, session_id)


def same_token(given: str | None, expected: str | None) -> bool:
    return bool(given and expected) and hmac.compare_digest(str(given), str(expected))


class SecurityHeaders(BaseHTTPMiddleware):
    """Every answer: a CSP without inline scripts, no framing, no sniffing, no referrer outside."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        return response
