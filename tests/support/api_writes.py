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

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services import accounts, messages
from engine.store.workspace import Workspace
from portal.demo import Demo, demo_password

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


@writes("fire_event")
def _fire(demo: Demo) -> WriteCall:
    # 江阴 (application 2) is reviewed; Jiangsu has one county place left
    return WriteCall("jiangsu", "/api/v1/applications/2/events", json={"event": "recommend", "reason": "择优推荐"})


@writes("file_liaison_receipt")
def _liaison(demo: Demo) -> WriteCall:
    body = {"name": "王五", "title": "处长", "phone": "025-83456789", "mobile": "13700000000", "email": "l@js.example"}
    return WriteCall("jiangsu", f"/api/v1/cycles/{demo.cycle}/liaison", json=body)


def _taicang_applies(ws: Workspace, demo: Demo) -> None:
    """太仓 (no application in the demonstration) applies as a county: application 10, a draft."""
    from engine.definition.model import Role
    from engine.machine.machine import Actor
    from engine.services.applications import stage_moves

    org = demo.organisations["taicang"]
    stage_moves.apply(ws, demo.cycle, "county", org, Actor(Role.APPLICANT, str(org)))


@writes("attest_declarations")
def _attest(demo: Demo) -> WriteCall:
    return WriteCall("taicang", "/api/v1/applications/10/declarations", json={"numbers": [1, 2]},
                     prepare=_taicang_applies)  # fmt: skip


@writes("upload_material")
def _upload_material(demo: Demo) -> WriteCall:
    pdf = ("file", ("申报书.pdf", PDF, "application/pdf"))
    return WriteCall("taicang", "/api/v1/applications/10/materials", data={"material": "application-form"},
                     files=[pdf], prepare=_taicang_applies)  # fmt: skip


@writes("record_findings")
def _record_findings(demo: Demo) -> WriteCall:
    # 江阴 (application 2) is in provincial review with its conditions attested
    return WriteCall("jiangsu", "/api/v1/applications/2/findings", json={"numbers": [1], "met": True, "note": "核实"})


@writes("report_package")
def _report_package(demo: Demo) -> WriteCall:
    # 浙江 has nothing whose notice has ended: a nil return (the same one again files nothing more)
    return WriteCall("zhejiang", f"/api/v1/cycles/{demo.cycle}/report-package", data={"nil_reason": "宁缺毋滥"})


@writes("revoke_token")
def _revoke_token(demo: Demo) -> WriteCall:
    def an_older_token(ws: Workspace, _demo: Demo) -> None:
        accounts.create_token(ws, "jiangsu", "省局业务系统")  # the first token of the demo: id 1

    return WriteCall("jiangsu", "/api/v1/me/tokens/1", prepare=an_older_token)


@writes("change_password")
def _change_password(demo: Demo) -> WriteCall:
    body = {"current_password": demo_password("jiangsu"), "new_password": "江苏省局-新密码-2025秋"}
    return WriteCall("jiangsu", "/api/v1/me/password", json=body)


@writes("read_message")
def _read_message(demo: Demo) -> WriteCall:
    def a_message(ws: Workspace, _demo: Demo) -> None:
        national = Actor(Role.NATIONAL, account="cnipa")
        messages.post_message(ws, national, ["province:320000"], "材料报送提醒", "请按时报送推荐材料。")  # id 1

    return WriteCall("jiangsu", "/api/v1/messages/1/read", prepare=a_message)


@writes("file_objection")
def _file_objection(demo: Demo) -> WriteCall:
    # 昆山 (application 1) is under Jiangsu's notice: a letter from a person, recorded by the province
    form = {"kind": "person", "name": "王某", "unit": "个人", "phone": "13800000000", "content": "数据不实"}
    return WriteCall("jiangsu", "/api/v1/applications/1/objections", data=form,
                     files=[("evidence", ("证明.pdf", PDF, "application/pdf"))])  # fmt: skip


def _an_objection(ws: Workspace, demo: Demo) -> None:
    from engine.services.publicity.objections import Objector, ObjectorKind, record_objection

    who = Objector("王某", "个人", "13800000000", ObjectorKind.PERSON)
    record_objection(ws, 1, Actor(Role.PROVINCE, "320000"), who, "数据不实", [])  # objection 1


@writes("resolve_objection")
def _resolve_objection(demo: Demo) -> WriteCall:
    body = {"outcome": "dismissed", "reasons": "经核实，数据无误。", "handler": "李处长"}
    return WriteCall("jiangsu", "/api/v1/objections/1/resolve", json=body, prepare=_an_objection)
