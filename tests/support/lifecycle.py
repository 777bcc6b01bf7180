"""Test helpers for driving demonstration-creation applications (not a test module)."""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.applications import dossier, stage_moves
from engine.services.applications.timers import tick
from engine.services.applications.trail import history
from engine.services.evaluation import indicator_sets, score_records
from engine.services.national import quotas, recognition_register
from engine.services.programmes import cycles
from engine.services.province import report_packages
from engine.services.publicity import objections, objectors
from engine.services.reference import organisations
from engine.store.workspace import Workspace

NATIONAL = Actor(Role.NATIONAL)

# One organisation per category of notice 004, eligible under its B2 rules (real divisions, USCC, attributes).
ORGS = {
    "city": dict(name="宁波市人民政府", kind="government", division_code="330200"),
    "county": dict(name="昆山市人民政府", kind="government", division_code="320583"),
    "park": dict(
        name="苏州工业园区管理委员会", kind="park", division_code="320500", attributes={"park_level": "national"}
    ),
    "service-cluster": dict(
        name="杭州高新技术产业开发区管委会", kind="park", division_code="330108", attributes={"park_level": "national"}
    ),
    "enterprise": dict(
        name="华为技术有限公司",
        kind="company",
        division_code="440307",
        uscc="914403001922038216",
        attributes={"entity_form": "llc"},
    ),
    "university": dict(
        name="浙江大学", kind="university", division_code="330106", attributes={"education_level": "undergraduate"}
    ),
    "institute": dict(
        name="中国科学院宁波材料技术与工程研究所",
        kind="institute",
        division_code="330211",
        attributes={"founder": "central-government"},
    ),
}

# How to reach each stage from draft: (event, who) steps; "province" means the application's province.
PATHS: dict[str, list[tuple[str, str]]] = {
    "draft": [],
    "provincial_review": [("submit", "applicant")],
    "provincial_notice": [("submit", "applicant"), ("recommend", "province")],
    "provincial_objection": [("submit", "applicant"), ("recommend", "province"), ("objection", "province")],
    "notice_ended": [("submit", "applicant"), ("recommend", "province"), ("tick", "")],
}
PATHS["national_review"] = [*PATHS["notice_ended"], ("package", "province")]
PATHS["selection_notice"] = [*PATHS["national_review"], ("select", "national")]
PATHS["selection_objection"] = [*PATHS["selection_notice"], ("objection", "national")]
PATHS["in_creation"] = [*PATHS["selection_notice"], ("tick", "")]
PATHS["acceptance_review"] = [*PATHS["in_creation"], ("start_acceptance", "national")]
PATHS["acceptance_notice"] = [*PATHS["acceptance_review"], ("pass", "national")]
PATHS["acceptance_objection"] = [*PATHS["acceptance_notice"], ("objection", "national")]
PATHS["recognised"] = [*PATHS["acceptance_notice"], ("tick", "")]


def open_2025(ws: Workspace, places: int = 5) -> int:
    """The 2025 cycle with ``places`` recommendation places per province and category (B4)."""
    cycle = cycles.open_cycle(ws, "demonstration-creation", 2025).id
    quotas.fill_quotas(ws, cycle, places, NATIONAL, "test quota table")
    return cycle


def actor_for(who: str, app: dict, org_id: int) -> Actor:
    if who == "applicant":
        return Actor(Role.APPLICANT, str(org_id))
    if who == "province":
        return Actor(Role.PROVINCE, app["province"])
    return NATIONAL


def prepare(ws: Workspace, app_id: int, org_id: int) -> None:
    """The applicant attests every B3 condition and files each material (the 申报书), as submit requires."""
    me = Actor(Role.APPLICANT, str(org_id))
    count = len(dossier.show_declarations(ws, app_id).declarations)
    if count:
        dossier.attest(ws, app_id, list(range(1, count + 1)), me)
    form = _scratch("申报书.pdf", b"%PDF-1.4 test")
    for m in dossier.show_materials(ws, app_id).materials:
        dossier.add_material(ws, app_id, m.id, form, me)


def review(ws: Workspace, app_id: int, province: str) -> None:
    """The province finds every attested condition met, as recommend requires."""
    for d in dossier.show_declarations(ws, app_id).declarations:
        if d.attested and d.met is None:
            dossier.record_finding(ws, app_id, d.number, True, None, Actor(Role.PROVINCE, province))


def new_application(ws: Workspace, cycle_id: int, category: str, **overrides: Any) -> dict:
    """A prepared draft: applied, conditions attested and the form filed, ready to submit."""
    fields: dict[str, Any] = {**cast(dict[str, Any], ORGS[category]), **overrides}
    org = organisations.add_organisation(ws, **fields)
    app = stage_moves.apply(ws, cycle_id, category, org.id, Actor(Role.APPLICANT, str(org.id)))
    prepare(ws, app.id, org.id)
    return {"id": app.id, "stage": app.stage, "org": org.id, "province": (org.division_code or "")[:2] + "0000"}


INDICATORS = "indicators:\n  - {id: I1, name: 综合评价, weight: 100, maximum: 100}\n"


def evaluate(ws: Workspace, app_id: int, score: float = 90) -> None:
    """A reviewer scores the application in the evaluation its stage holds (the cycle's set loaded if none is)."""
    cycle = history(ws, app_id).cycle
    if not indicator_sets.list_indicators(ws, cycle):
        path = Path(tempfile.gettempdir()) / "ipcycle-test-indicators.yaml"
        path.write_text(INDICATORS, "utf-8")
        indicator_sets.load_indicators(ws, cycle, path, NATIONAL)
    if history(ws, app_id).stage == "acceptance_review" and not indicator_sets.list_standard(ws, cycle):
        path = Path(tempfile.gettempdir()) / "ipcycle-test-standard.yaml"
        path.write_text("thresholds:\n  - {indicator: total, minimum: 60}\n", "utf-8")
        indicator_sets.load_standard(ws, cycle, path, NATIONAL)
    score_records.record_scores(ws, app_id, "专家", {"I1": str(score)}, NATIONAL)


def revoke(ws: Workspace, app_id: int, reason: str) -> recognition_register.RecognitionEnded:
    """摘牌 the way the office does it: an effectiveness evaluation that falls short, then the register's revoke."""
    cycle = history(ws, app_id).cycle
    (unit,) = [r for r in recognition_register.list_recognitions(ws) if r.application == app_id]
    found = score_records.evaluate_unit(ws, unit.id, cycle, "专家", {"I1": "10"}, NATIONAL)
    return recognition_register.revoke_recognition(ws, unit.id, reason, NATIONAL, found.id)


def _step(ws: Workspace, clock: FixedClock, app: dict, event: str, who: str) -> str:
    """One step of a path: a move, the province's package, an objection, or a tick 15 days on."""
    if event == "package":  # the province reports its list with one letter (B4)
        cycle = applications_cycle(ws, app["id"])
        report_packages.report(ws, cycle, actor_for(who, app, app["org"]), letter=letter_file())
        return history(ws, app["id"]).stage
    if event == "objection":
        if who == "national":  # CNIPA's notice takes objections from its first working day: go there
            _to_first_day_of_national_notice(ws, clock, app["id"])
        objections.file_objection(ws, app["id"], actor_for(who, app, app["org"]), OBJECTOR, "测试异议")
        return history(ws, app["id"]).stage
    if event == "tick":
        clock.advance(timedelta(days=15))
        tick(ws)
        return history(ws, app["id"]).stage
    if event == "recommend":
        review(ws, app["id"], app["province"])
    if event in ("select", "pass"):
        evaluate(ws, app["id"])
    return stage_moves.fire(ws, app["id"], event, actor_for(who, app, app["org"])).stage


def drive(ws: Workspace, clock: FixedClock, app: dict, stage: str) -> str:
    """Move ``app`` from draft to ``stage`` the way users would; a notice ends by itself after 15 days."""
    current = "draft"
    for event, who in PATHS[stage]:
        current = _step(ws, clock, app, event, who)
    return current


def drive_all(ws: Workspace, clock: FixedClock, apps: list[dict], stage: str) -> list[str]:
    """Move several drafts to ``stage`` side by side: each step for all of them, a tick or a package once."""
    for event, who in PATHS[stage]:
        if event in ("tick", "package"):
            by_province = {a["province"]: a for a in apps} if event == "package" else {0: apps[0]}
            for app in by_province.values():
                _step(ws, clock, app, event, who)
            continue
        for app in apps:
            _step(ws, clock, app, event, who)
    return [history(ws, a["id"]).stage for a in apps]


def _to_first_day_of_national_notice(ws: Workspace, clock: FixedClock, app_id: int) -> None:
    """Move the clock to the first day of the national notice ``app_id`` is under, if that is still ahead."""
    from engine.services.publicity import open_notices

    (notice,) = [n for n in open_notices.running_notices(ws) if app_id in {u.application for u in n.units}]
    now = clock.now()
    if notice.published_on > now.date():
        clock.set(now.replace(year=notice.published_on.year, month=notice.published_on.month,
                              day=notice.published_on.day))  # fmt: skip


OBJECTOR = objectors.Objector(name="张某", unit="个人", phone="13800000000", kind=objectors.ObjectorKind.PERSON)
PDF = b"%PDF-1.4\n%%EOF\n"


def letter_file() -> Path:
    """A provincial letter (推荐函) as a minimal PDF, as `recommendation report --letter` wants."""
    return _scratch("推荐函.pdf", PDF)


def _scratch(name: str, data: bytes) -> Path:
    """A file of this process's own (several test runs share /tmp): a fixed name there can be half-written."""
    folder = Path(tempfile.gettempdir()) / f"ipcycle-test-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if not path.exists():
        path.write_bytes(data)
    return path


def applications_cycle(ws: Workspace, app_id: int) -> int:
    return history(ws, app_id).cycle


def report_package(ws: Workspace, cycle_id: int, province: str) -> list[int]:
    """The province reports every application whose notice has ended, with one letter; their ids."""
    return report_packages.report(ws, cycle_id, Actor(Role.PROVINCE, province), letter=letter_file()).applications


JIANGSU_COUNTIES = ["320581", "320582", "320583"]  # 常熟, 张家港, 昆山


def submitted_counties(ws: Workspace, cycle: int) -> list[int]:
    """Three Jiangsu counties that applied, submitted and passed provincial review: a quota's contenders."""
    out = []
    for code in JIANGSU_COUNTIES:
        org = organisations.add_organisation(ws, f"{code}人民政府", "government", code)
        me = Actor(Role.APPLICANT, str(org.id))
        app = stage_moves.apply(ws, cycle, "county", org.id, me).id
        prepare(ws, app, org.id)
        stage_moves.fire(ws, app, "submit", me)
        review(ws, app, "320000")
        out.append(app)
    return out
