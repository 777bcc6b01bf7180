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

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services.accounts import message_centre, users
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


# --- the national office's operations (portal/routes/national_api.py) --------------------------------------------


def _to_national_review(ws: Workspace, demo: Demo) -> None:
    """A fortnight on: Jiangsu's notice ended and its package reported, 昆山 (1) in national review, indicators
    loaded (I1 out of 100)."""
    from datetime import timedelta

    from engine.services.applications.timers import tick
    from engine.services.evaluation import indicator_sets as scoring
    from tests.support.lifecycle import INDICATORS, NATIONAL, report_package

    ws.clock.advance(timedelta(days=14))  # type: ignore[attr-defined]  # the demo's FixedClock
    tick(ws)
    report_package(ws, demo.cycle, "320000")
    path = Path(tempfile.mkdtemp(prefix="ipcycle-writes-")) / "indicators.yaml"
    path.write_text(INDICATORS, "utf-8")
    scoring.load_indicators(ws, demo.cycle, path, NATIONAL)


def _scored(ws: Workspace, demo: Demo) -> None:
    from tests.support.lifecycle import evaluate

    _to_national_review(ws, demo)
    evaluate(ws, 1, 90)


def _selected_and_noticed(ws: Workspace, demo: Demo) -> None:
    from datetime import timedelta

    from engine.services.applications import stage_moves as applications
    from engine.services.applications.timers import tick
    from tests.support.lifecycle import NATIONAL

    _scored(ws, demo)
    applications.fire(ws, 1, "select", NATIONAL)
    ws.clock.advance(timedelta(days=15))  # type: ignore[attr-defined]
    tick(ws)


def _recognised(ws: Workspace, demo: Demo) -> None:
    from tests.support.portal_support import recognise_kunshan

    _to_national_review(ws, demo)
    recognise_kunshan(ws, ws.clock, Path(tempfile.mkdtemp(prefix="ipcycle-writes-")))  # type: ignore[arg-type]


def _evaluated(ws: Workspace, demo: Demo) -> int:
    from engine.services.evaluation import score_records as scoring
    from engine.services.national import recognition_register as register
    from tests.support.lifecycle import NATIONAL

    _recognised(ws, demo)
    unit = register.application_recognition(ws, 1)
    assert unit is not None
    return scoring.evaluate_unit(ws, unit.id, demo.cycle, "专家丙", {"I1": "40"}, NATIONAL).id


def _failed_timer(ws: Workspace, demo: Demo) -> None:
    from engine.store.core import Timer, TimerStatus

    with ws.transaction() as s:
        timer = s.query(Timer).order_by(Timer.id).first()
        assert timer is not None
        timer.status, timer.outcome = TimerStatus.FAILED, "failures 3 - last: test"


XLSX_TYPE = "text/csv"


@writes("open_cycle")
def _open_cycle(demo: Demo) -> WriteCall:
    return WriteCall("cnipa", "/api/v1/cycles", json={"programme": "demonstration-creation", "edition": 2028})


@writes("amend_milestone")
def _amend_milestone(demo: Demo) -> WriteCall:
    body = {"due": "2025-10-31", "reason": "补充通知", "province": "320000"}
    return WriteCall("cnipa", f"/api/v1/cycles/{demo.cycle}/milestones/recommendation", json=body)


@writes("set_quota")
def _set_quota(demo: Demo) -> WriteCall:
    body = {"province": "320000", "category": "county", "places": 3, "reason": "增加名额"}
    return WriteCall("cnipa", f"/api/v1/cycles/{demo.cycle}/quotas", json=body)


@writes("load_indicators")
def _load_indicators(demo: Demo) -> WriteCall:
    sheet = ("file", ("指标.csv", "id,name,weight,maximum\nI1,综合评价,100,100\n".encode(), XLSX_TYPE))
    return WriteCall("cnipa", f"/api/v1/cycles/{demo.cycle}/indicators", files=[sheet])


@writes("load_standard")
def _load_standard(demo: Demo) -> WriteCall:
    sheet = ("file", ("验收标准.csv", b"indicator,minimum\ntotal,60\n", XLSX_TYPE))
    return WriteCall("cnipa", f"/api/v1/cycles/{demo.cycle}/standard", files=[sheet], prepare=_to_national_review)


@writes("enter_scores")
def _enter_scores(demo: Demo) -> WriteCall:
    body = {"reviewer": "专家甲", "scores": {"I1": "88"}}
    return WriteCall("cnipa", "/api/v1/applications/1/scores", json=body, prepare=_to_national_review)


@writes("import_scores")
def _import_scores(demo: Demo) -> WriteCall:
    rows = "申报单位,类别,评审专家,综合评价\n昆山市人民政府,国家知识产权强县建设示范县,专家甲,88\n"
    sheet = ("file", ("评分表.csv", rows.encode(), XLSX_TYPE))
    return WriteCall("cnipa", f"/api/v1/cycles/{demo.cycle}/scores", files=[sheet], prepare=_to_national_review)


@writes("select_by_rank")
def _select_by_rank(demo: Demo) -> WriteCall:
    body = {"category": "county", "places": 1}
    return WriteCall("cnipa", f"/api/v1/cycles/{demo.cycle}/selection", json=body, prepare=_scored)


@writes("publish_list")
def _publish_list(demo: Demo) -> WriteCall:
    body = {"kind": "creation-objects"}
    return WriteCall("cnipa", f"/api/v1/cycles/{demo.cycle}/lists", json=body, prepare=_selected_and_noticed)


@writes("evaluate_recognition")
def _evaluate_recognition(demo: Demo) -> WriteCall:
    body = {"cycle": demo.cycle, "reviewer": "专家丙", "scores": {"I1": "40"}}
    return WriteCall("cnipa", "/api/v1/recognitions/1/evaluations", json=body, prepare=_recognised)


@writes("revoke_recognition")
def _revoke_recognition(demo: Demo) -> WriteCall:
    body: dict[str, Any] = {"reason": "成效评估未达标准"}

    def prepare(ws: Workspace, demo: Demo) -> None:
        body["evaluation"] = _evaluated(ws, demo)  # the evaluation the 摘牌 cites

    return WriteCall("cnipa", "/api/v1/recognitions/1/revocation", json=body, prepare=prepare)  # fmt: skip


@writes("record_fraud")
def _record_fraud(demo: Demo) -> WriteCall:
    return WriteCall("cnipa", "/api/v1/applications/1/fraud", json={"reason": "申报材料弄虚作假"})


@writes("create_user")
def _create_user(demo: Demo) -> WriteCall:
    body = {"login": "taicang-clerk", "role": f"applicant:{demo.organisations['taicang']}"}
    return WriteCall("jiangsu", "/api/v1/users", json=body)


@writes("update_user")
def _update_user(demo: Demo) -> WriteCall:
    return WriteCall("jiangsu", "/api/v1/users/kunshan", json={"disabled": True})


@writes("create_organisation")
def _create_organisation(demo: Demo) -> WriteCall:
    body = {"name": "苏州市吴江区人民政府", "kind": "government", "division_code": "320509"}
    return WriteCall("jiangsu", "/api/v1/organisations", json=body)


@writes("update_organisation")
def _update_organisation(demo: Demo) -> WriteCall:
    url = f"/api/v1/organisations/{demo.organisations['taicang']}"
    return WriteCall("jiangsu", url, json={"email": "ip@tc.example.cn"})


@writes("update_contact")
def _update_contact(demo: Demo) -> WriteCall:
    url = f"/api/v1/organisations/{demo.organisations['kunshan']}/contact"
    body = {"email": "ip@ks.example.cn", "phone": "0512-57361234", "contact_person": "周敏"}
    return WriteCall("kunshan", url, json=body)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _case_docx() -> tuple[str, bytes, str]:
    """A typical case within every limit (C3/C4), its form in the document's table."""
    from tests.support.casehelpers import write_case

    with tempfile.TemporaryDirectory() as folder:
        path = write_case(Path(folder), 7, ".docx")
        return path.name, path.read_bytes(), DOCX


@writes("submit_case")
def _submit_case(demo: Demo) -> WriteCall:
    # the province's coordination office submits one case (C1); the same case again is counted against C2
    url = f"/api/v1/cycles/{demo.case_calls['typical-cases']}/cases"
    return WriteCall("jiangsu", url, files=[("file", _case_docx())])


def _tisc_case_reviewed(ws: Workspace, demo: Demo) -> None:
    """南京理工大学's TISC submits a phase-1 case and Jiangsu reviews it (D6)."""
    from engine.services.applications import dossier, stage_moves
    from engine.services.cases import submission
    from tests.support.casehelpers import SME_CASE

    cycle = demo.case_calls["tisc-cases"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.md"
        path.write_text(f"专利信息服务助力中小企业创新\n{SME_CASE}", "utf-8")
        centre = Actor(Role.APPLICANT, str(demo.organisations["njust"]))
        done = submission.submit_case(ws, cycle, centre, path, 1, period="2021年至今")
    dossier.add_material_data(ws, done.id, "case-form", "案例报送表.pdf", PDF, centre)  # stamped by the centre
    stage_moves.fire(ws, done.id, "review", Actor(Role.PROVINCE, "320000"))


@writes("file_case_summary")
def _file_case_summary(demo: Demo) -> WriteCall:
    url = f"/api/v1/cycles/{demo.case_calls['tisc-cases']}/cases/summary"
    return WriteCall(
        "jiangsu", url, files=[("file", ("汇总表.pdf", PDF, "application/pdf"))], prepare=_tisc_case_reviewed
    )


@writes("import_roster")
def _import_roster(demo: Demo) -> WriteCall:
    sheet = ("file", ("名册.csv", "name,kind,division_code\n常熟市人民政府,government,320581\n".encode(), XLSX_TYPE))
    return WriteCall("jiangsu", "/api/v1/rosters", files=[sheet])


@writes("import_pilots")
def _import_pilots(demo: Demo) -> WriteCall:
    sheet = ("file", ("试点.csv", b"division_code,kind,year\n320583,county,2020\n", XLSX_TYPE))
    return WriteCall("cnipa", "/api/v1/pilots", files=[sheet])


@writes("import_recognitions")
def _import_recognitions(demo: Demo) -> WriteCall:
    sheet = ("file", ("认定.csv", b"organisation,category,year\n1,county,2019\n", XLSX_TYPE))
    return WriteCall("cnipa", "/api/v1/recognitions", files=[sheet])


@writes("retry_mail")
def _retry_mail(demo: Demo) -> WriteCall:
    return WriteCall("cnipa", f"/api/v1/cycles/{demo.cycle}/mail/retry", json={"status": "held"})


@writes("retry_timer")
def _retry_timer(demo: Demo) -> WriteCall:
    return WriteCall("cnipa", "/api/v1/timers/1/retry", prepare=_failed_timer)


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
        users.create_token(ws, "jiangsu", "省局业务系统")  # the first token of the demo: id 1

    return WriteCall("jiangsu", "/api/v1/me/tokens/1", prepare=an_older_token)


@writes("change_password")
def _change_password(demo: Demo) -> WriteCall:
    body = {"current_password": demo_password("jiangsu"), "new_password": "江苏省局-新密码-2025秋"}
    return WriteCall("jiangsu", "/api/v1/me/password", json=body)


@writes("read_message")
def _read_message(demo: Demo) -> WriteCall:
    def a_message(ws: Workspace, _demo: Demo) -> None:
        national = Actor(Role.NATIONAL, account="cnipa")
        message_centre.post_message(ws, national, ["province:320000"], "材料报送提醒", "请按时报送推荐材料。")  # id 1

    return WriteCall("jiangsu", "/api/v1/messages/1/read", prepare=a_message)


@writes("send_message")
def _send_message(demo: Demo) -> WriteCall:
    body = {"audience": "provinces-not-reported", "subject": "请按时报送推荐材料", "body": "截止日期为10月24日。",
            "request_key": "mailing-race-1"}  # fmt: skip
    return WriteCall("cnipa", f"/api/v1/cycles/{demo.cycle}/messages", json=body)


@writes("file_objection")
def _file_objection(demo: Demo) -> WriteCall:
    # 昆山 (application 1) is under Jiangsu's notice: a letter from a person, recorded by the province
    form = {"kind": "person", "name": "王某", "unit": "个人", "phone": "13800000000", "content": "数据不实"}
    return WriteCall("jiangsu", "/api/v1/applications/1/objections", data=form,
                     files=[("evidence", ("证明.pdf", PDF, "application/pdf"))])  # fmt: skip


def _an_objection(ws: Workspace, demo: Demo) -> None:
    from engine.services.publicity.objections import record_objection
    from engine.services.publicity.objectors import Objector, ObjectorKind

    who = Objector("王某", "个人", "13800000000", ObjectorKind.PERSON)
    record_objection(ws, 1, Actor(Role.PROVINCE, "320000"), who, "数据不实", [])  # objection 1


@writes("resolve_objection")
def _resolve_objection(demo: Demo) -> WriteCall:
    body = {"outcome": "dismissed", "reasons": "经核实，数据无误。", "handler": "李处长"}
    return WriteCall("jiangsu", "/api/v1/objections/1/resolve", json=body, prepare=_an_objection)


@writes("record_promotion")
def _record_promotion(demo: Demo) -> WriteCall:
    # 昆山 recognised (recognition 1); eight identical records are eight occasions, as one after another would be
    body = {"kind": "exchange", "title": "示范创建经验交流会", "held_on": "2025-10-09", "recognitions": [1]}
    return WriteCall("cnipa", "/api/v1/promotions", json=body, prepare=_recognised)


def _in_creation(ws: Workspace, demo: Demo) -> None:
    """昆山 (1) selected, its national notice ended: a creation object; the clock in its first report's year."""
    from datetime import datetime

    _selected_and_noticed(ws, demo)
    ws.clock.set(datetime(2026, 11, 16, 10))  # type: ignore[attr-defined]  # the demo's FixedClock


@writes("file_progress_report")
def _file_progress_report(demo: Demo) -> WriteCall:
    body = {"year": 2026, "text": "全年新增发明专利授权……"}
    return WriteCall("kunshan", "/api/v1/applications/1/progress-reports", json=body, prepare=_in_creation)


@writes("review_progress_report")
def _review_progress_report(demo: Demo) -> WriteCall:
    def filed(ws: Workspace, demo: Demo) -> None:
        from engine.services.applications import progress_reports

        _in_creation(ws, demo)
        org = demo.organisations["kunshan"]
        progress_reports.file_progress_report(ws, 1, Actor(Role.APPLICANT, str(org)), 2026, "全年新增发明专利授权……")

    return WriteCall("jiangsu", "/api/v1/applications/1/progress-reports/2026/review", json={"accepted": True},
                     prepare=filed)  # fmt: skip


@writes("remind_progress_reports")
def _remind_progress_reports(demo: Demo) -> WriteCall:
    url = f"/api/v1/cycles/{demo.cycle}/progress-reports/reminders"
    return WriteCall("jiangsu", url, json={"year": 2026}, prepare=_in_creation)
