"""What every route shares: the running portal (workspace, cookie keys, templates) and small helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from engine.definition.model import Role
from engine.services.accounts import message_centre
from engine.services.shared.results import ServiceResult
from engine.store.workspace import Workspace
from portal.forms import FormErrors
from portal.security import Caller, Keys


@dataclass
class Portal:
    """What every route needs: the workspace (database, clock, calendar), the cookie keys, the templates."""

    ws: Workspace
    keys: Keys
    templates: Jinja2Templates
    base_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def page(self, request: Request, name: str, caller: Caller | None, status: int = 200, **context: Any) -> Response:
        """Render a page with the caller, the clock's now and the CSRF token its forms carry; ``form_errors`` and
        ``given`` (what was typed) are empty unless a form is shown again."""
        party = message_centre.party_of(caller.role, caller.scope) if caller else None
        ctx = {
            "form_errors": FormErrors(),
            "given": {},
            "caller": caller,
            "unread": message_centre.unread_count(self.ws, party) if party else 0,
            "csrf": caller.csrf_token if caller else context.pop("login_csrf", ""),
            "now": self.ws.clock.now(),
            **context,
        }
        return self.templates.TemplateResponse(request, name, ctx, status_code=status)


def portal_of(request: Request) -> Portal:
    portal = request.app.state.portal
    assert isinstance(portal, Portal)
    return portal


def jsonable(result: Any) -> Any:
    if isinstance(result, ServiceResult):
        return result.model_dump(mode="json", by_alias=True)
    if isinstance(result, list):
        return [jsonable(r) for r in result]
    return result


def home_of(role: Role) -> str:
    return {Role.NATIONAL: "/national", Role.PROVINCE: "/province", Role.APPLICANT: "/applicant"}.get(role, "/login")
