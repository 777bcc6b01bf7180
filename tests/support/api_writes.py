"""A valid request for every write route of the API, so tests/portal/test_portal_races.py can fire it 8 times at once.

That test enumerates the API's write routes from the app itself and fails for a route with no entry here: when you
add a POST/PUT/PATCH/DELETE route under /api/, add an entry keyed by the route function's name (its operationId)::

    @writes("upload_material")
    def _upload_material(demo: Demo) -> WriteCall:
        pdf = ("file", ("申报书.pdf", PDF, "application/pdf"))
        return WriteCall("kunshan", "/api/v1/applications/1/materials", data={"material": "x"}, files=[pdf])

The request runs on a fresh demonstration (portal/demo.py: the 2025 cycle on 2025-10-09) as the given account, by
bearer token; the first of the requests must succeed. ``prepare`` may bring the demonstration to the state the call
needs first (through the services, as a user would have).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.store.workspace import Workspace
from portal.demo import Demo

PDF = b"%PDF-1.4\n% evidence\n"


@dataclass
class WriteCall:
    """One request: who sends it, where, with which body (JSON, a form, files)."""

    login: str
    url: str
    json: dict[str, Any] | None = None
    data: dict[str, Any] | None = None
    files: list[tuple[str, tuple[str, bytes, str]]] | None = None
    prepare: Callable[[Workspace, Demo], None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


WRITES: dict[str, Callable[[Demo], WriteCall]] = {}


def writes(name: str) -> Callable[[Callable[[Demo], WriteCall]], Callable[[Demo], WriteCall]]:
    def register(build: Callable[[Demo], WriteCall]) -> Callable[[Demo], WriteCall]:
        WRITES[name] = build
        return build

    return register


@writes("apply")
def _apply(demo: Demo) -> WriteCall:
    return WriteCall("taicang", f"/api/v1/cycles/{demo.cycle}/applications", json={"category": "county"})


@writes("fire")
def _fire(demo: Demo) -> WriteCall:
    # 江阴 (application 2) is reviewed; Jiangsu has one county place left
    return WriteCall("jiangsu", "/api/v1/applications/2/events", json={"event": "recommend", "reason": "择优推荐"})


@writes("liaison_receipt")
def _liaison(demo: Demo) -> WriteCall:
    body = {"name": "王五", "title": "处长", "phone": "025-83456789", "mobile": "13700000000", "email": "l@js.example"}
    return WriteCall("jiangsu", f"/api/v1/cycles/{demo.cycle}/liaison", json=body)
