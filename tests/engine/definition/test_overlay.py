"""Provincial overlays: enforced for their province only, refusals named by the overlay's own rules."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from engine.definition.model import Role
from engine.definition.yamlsource import DefinitionError
from engine.kernel.clock import FixedClock
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.applications.trail import history
from engine.services.national import quotas
from engine.services.province import overlays
from engine.services.publicity import objections
from engine.services.reference import organisations
from engine.store.workspace import Workspace
from tests.support.eligibility_support import open_2023, open_2025_bare, verdict
from tests.support.lifecycle import OBJECTOR, drive, evaluate, new_application, prepare, review

NATIONAL = Actor(Role.NATIONAL)
JIANGSU, ZHEJIANG = Actor(Role.PROVINCE, "320000"), Actor(Role.PROVINCE, "330000")
OVERLAY = """\
province: "320000"
title: 江苏省知识产权局关于做好2025年示范创建申报工作的通知
document: 苏知发〔2025〕（示例）
deadlines:
  - {id: JS-1, events: [submit], date: 2025-10-10, title: 申报材料报送省局截止}
prefecture_step: {id: JS-2, before: [recommend], categories: [county]}
limits:
  - id: JS-3
    max: 1
    events: [submit]
    categories: [county]
    counted: [provincial_review, provincial_notice, provincial_objection, national_review]
    title: 每个设区市限报一个
"""


def load(
    ws: Workspace, cycle: int, tmp_path: Path, text: str = OVERLAY, actor: Actor = JIANGSU
) -> overlays.OverlayLoaded:
    f = tmp_path / "overlay.yaml"
    f.write_text(text, "utf-8")
    return overlays.load_overlay(ws, cycle, f, actor)


def county(ws: Workspace, cycle: int, code: str) -> tuple[int, Actor]:
    org = organisations.add_organisation(ws, f"{code}人民政府", "government", code)
    me = Actor(Role.APPLICANT, str(org.id))
    app = stage_moves.apply(ws, cycle, "county", org.id, me).id
    prepare(ws, app, org.id)
    return app, me


@pytest.fixture
def cycle(ws: Workspace) -> int:
    c = open_2025_bare(ws)
    quotas.fill_quotas(ws, c, 5, NATIONAL, "test")
    return c


def test_loading_lists_the_rules_and_a_reload_changes_nothing(ws: Workspace, cycle: int, tmp_path: Path) -> None:
    loaded = load(ws, cycle, tmp_path)
    assert [(r.id, r.kind, r.events) for r in loaded.rules] == [
        ("JS-1", "deadline", ["submit"]),
        ("JS-2", "prefecture-step", ["recommend"]),
        ("JS-3", "per-prefecture-limit", ["submit"]),
    ]
    assert loaded.changed and not load(ws, cycle, tmp_path).changed
    assert overlays.show_overlay(ws, cycle, "320000").title.startswith("江苏省知识产权局")
    with pytest.raises(BadInput, match="浙江省尚未载入本届的省级补充规定"):
        overlays.show_overlay(ws, cycle, "330000")


def test_only_a_province_loads_its_own_overlay(ws: Workspace, cycle: int, tmp_path: Path) -> None:
    with pytest.raises(Refused):
        load(ws, cycle, tmp_path, actor=NATIONAL)
    with pytest.raises(DefinitionError, match="for province 320000, not 330000"):
        load(ws, cycle, tmp_path, actor=ZHEJIANG)


def test_an_earlier_internal_deadline_binds_that_province_only(
    ws: Workspace, cycle: int, tmp_path: Path, clock: FixedClock
) -> None:
    load(ws, cycle, tmp_path)
    kunshan, ks = county(ws, cycle, "320583")
    yiwu, yw = county(ws, cycle, "330782")
    clock.set(datetime(2025, 10, 15, 10))
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, kunshan, "submit", ks)
    (refusal,) = exc.value.failed()
    assert refusal.rule_id == "JS-1"
    assert refusal.reason_zh == "江苏省补充要求JS-1（申报材料报送省局截止）：申报材料报送省局截止（2025年10月10日）已过"
    assert "overlay of 320000, rule JS-1" in refusal.reason_en
    assert stage_moves.fire(ws, yiwu, "submit", yw).stage == "provincial_review"  # Zhejiang: national window


def test_one_per_prefecture(ws: Workspace, cycle: int, tmp_path: Path) -> None:
    load(ws, cycle, tmp_path)
    changshu, cs = county(ws, cycle, "320581")
    kunshan, ks = county(ws, cycle, "320583")
    jiangyin, jy = county(ws, cycle, "320281")
    stage_moves.fire(ws, changshu, "submit", cs)
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, kunshan, "submit", ks)
    (refusal,) = exc.value.failed()
    assert refusal.rule_id == "JS-3" and "每个市（州）限报1个，苏州市已报1个" in refusal.reason_zh
    assert stage_moves.fire(ws, jiangyin, "submit", jy).stage == "provincial_review"  # 无锡市
    stage_moves.fire(ws, changshu, "withdraw", cs)
    assert stage_moves.fire(ws, kunshan, "submit", ks).stage == "provincial_review"


def test_the_prefecture_step_comes_before_the_province_recommends(ws: Workspace, cycle: int, tmp_path: Path) -> None:
    load(ws, cycle, tmp_path)
    kunshan, ks = county(ws, cycle, "320583")
    stage_moves.fire(ws, kunshan, "submit", ks)
    review(ws, kunshan, "320000")
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, kunshan, "recommend", JIANGSU)
    assert [(v.rule_id, v.reason_zh) for v in exc.value.failed()] == [
        ("JS-2", "江苏省补充要求JS-2（须经市（州）知识产权局审核推荐）：尚未经苏州市知识产权局审核推荐")
    ]
    with pytest.raises(Refused, match="not this prefecture's applicant"):
        overlays.endorse(ws, kunshan, overlays.parse_prefecture("prefecture:320200"), True, None)
    with pytest.raises(BadInput, match="prefecture:<code"):
        overlays.parse_prefecture("prefecture:320583")
    overlays.endorse(ws, kunshan, "320500", False, "材料不全")
    with pytest.raises(Refused, match="recommend refused"):
        stage_moves.fire(ws, kunshan, "recommend", JIANGSU)
    overlays.endorse(ws, kunshan, "320500", True, "补正后同意推荐")
    assert stage_moves.fire(ws, kunshan, "recommend", JIANGSU).stage == "provincial_notice"


def test_a_city_needs_no_prefecture_step(ws: Workspace, cycle: int, tmp_path: Path) -> None:
    text = OVERLAY.replace("categories: [county]}", "categories: [city, county]}")
    load(ws, cycle, tmp_path, text)
    org = organisations.add_organisation(ws, "苏州市人民政府", "government", "320500")
    me = Actor(Role.APPLICANT, str(org.id))
    app = stage_moves.apply(ws, cycle, "city", org.id, me).id
    prepare(ws, app, org.id)
    stage_moves.fire(ws, app, "submit", me)
    review(ws, app, "320000")
    assert stage_moves.fire(ws, app, "recommend", JIANGSU).stage == "provincial_notice"


def test_a_bad_overlay_names_file_and_line(ws: Workspace, cycle: int, tmp_path: Path) -> None:
    bad = OVERLAY.replace("events: [submit], date", "events: [sumbit], date").replace(
        "provincial_objection, national_review]", "provincial_objection, national_reveiw]"
    )
    with pytest.raises(DefinitionError) as exc:
        load(ws, cycle, tmp_path, bad)
    problems = exc.value.problems
    assert problems[0].startswith(f"{tmp_path / 'overlay.yaml'}:5: unknown event 'sumbit'")
    assert any(":12: unknown stage 'national_reveiw'" in p for p in problems)
    with pytest.raises(DefinitionError, match="unknown guard 'pilot'"):
        load(ws, cycle, tmp_path, OVERLAY + "rules:\n  - {id: JS-9, events: [apply], guard: pilot}\n")


def test_the_a7_pilot_standard_is_the_provinces_own(ws: Workspace, tmp_path: Path) -> None:
    cycle = open_2023(ws)
    for code, patents in (("320583", "42.5"), ("320282", "8")):
        organisations.add_organisation(
            ws, f"{code}人民政府", "government", code, attributes={"invention_patents_per_10k": patents}
        )
    missing = verdict(ws, cycle, "pilot-county", division="320583")
    assert [(v.rule_id, v.reason_zh) for v in missing.verdicts if not v.ok] == [
        ("A7", "江苏省尚未确定本类别的申报资格标准")
    ]
    standard = """\
title: 江苏省知识产权强县建设试点县申报资格标准
eligibility:
  pilot-county:
    - id: 苏试-1
      title: 每万人口发明专利拥有量
      guard: attribute-at-least
      params: {attribute: invention_patents_per_10k, minimum: 10, label_zh: 每万人口发明专利拥有量}
"""
    load(ws, cycle, tmp_path, standard)
    assert verdict(ws, cycle, "pilot-county", division="320583").eligible
    low = verdict(ws, cycle, "pilot-county", division="320282")
    assert [(v.rule_id, v.reason_zh) for v in low.verdicts if not v.ok] == [
        ("苏试-1", "江苏省补充要求苏试-1（每万人口发明专利拥有量）：每万人口发明专利拥有量为8，低于10")
    ]
    assert not verdict(ws, cycle, "pilot-county", division="330782").eligible  # Zhejiang set no standard


def test_an_overlay_cannot_bind_cnipa_or_the_scheduler(ws: Workspace, cycle: int, tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="event 'select' is fired only by CNIPA or the scheduler"):
        load(
            ws,
            cycle,
            tmp_path,
            OVERLAY + "rules:\n  - {id: JS-9, events: [select], guard: not-after, params: {date: 2025-10-01}}\n",
        )
    with pytest.raises(DefinitionError, match="event 'end_notice' is fired only by CNIPA or the scheduler"):
        load(ws, cycle, tmp_path, OVERLAY.replace("events: [submit], date", "events: [end_notice], date"))


def test_a_deadline_on_a_shared_event_binds_the_province_not_cnipa(
    ws: Workspace, cycle: int, tmp_path: Path, clock: FixedClock
) -> None:
    """`object` is the province's during its notice and CNIPA's during selection: the overlay binds only the first."""
    deadline = (
        'province: "320000"\ntitle: 省内异议截止\ndeadlines:\n  - {id: JS-9, events: [object], date: 2025-10-10}\n'
    )
    load(ws, cycle, tmp_path, deadline)
    late = new_application(ws, cycle, "county")  # 昆山市
    ok = new_application(ws, cycle, "city", name="苏州市人民政府", division_code="320500")
    drive(ws, clock, ok, "national_review")
    clock.set(datetime(2025, 10, 13, 10))
    evaluate(ws, ok["id"])
    stage_moves.fire(ws, ok["id"], "select", NATIONAL)  # CNIPA's notice runs from Monday 10-13, past JS-9's date
    drive(ws, clock, late, "provincial_notice")
    with pytest.raises(Refused) as exc:  # the objection is recorded, but the province's own deadline has passed
        objections.file_objection(ws, late["id"], JIANGSU, OBJECTOR, "收到异议")
    assert [v.rule_id for v in exc.value.failed()] == ["JS-9"]
    assert objections.list_objections(ws, cycle) == []  # refused: nothing stored
    objections.file_objection(ws, ok["id"], NATIONAL, OBJECTOR, "收到异议")  # to CNIPA's notice: JS-9 binds it not
    assert history(ws, ok["id"]).stage == "selection_objection"


def test_overlay_guard_parameters_are_type_checked(ws: Workspace, tmp_path: Path) -> None:
    standard = """\
title: 江苏省试点县申报资格标准
eligibility:
  pilot-county:
    - {id: 苏试-1, guard: attribute-at-least, params: {attribute: invention_patents_per_10k, minimum: 十}}
"""
    with pytest.raises(DefinitionError) as exc:
        load(ws, open_2023(ws), tmp_path, standard)
    (problem,) = exc.value.problems
    assert ":4: guard 'attribute-at-least': parameter minimum" in problem and "'十'" in problem


def test_a_deadline_alone_is_no_a7_standard(ws: Workspace, tmp_path: Path) -> None:
    cycle = open_2023(ws)
    organisations.add_organisation(ws, "昆山市人民政府", "government", "320583")
    load(
        ws, cycle, tmp_path, "title: 江苏省内截止日期\ndeadlines:\n  - {id: 苏-1, events: [apply], date: 2030-12-31}\n"
    )
    refused = verdict(ws, cycle, "pilot-county", division="320583")
    assert [(v.rule_id, v.reason_zh) for v in refused.verdicts if not v.ok] == [
        ("A7", "江苏省尚未确定本类别的申报资格标准")
    ]
