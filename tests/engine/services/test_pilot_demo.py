"""The 2023 city/county programme (notice 003): dates given at opening, A6 and A7 procedures, A8, A9."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.applications import dossier, eligibility, stage_moves
from engine.services.applications.timers import tick
from engine.services.applications.trail import history
from engine.services.national import fraud, quotas
from engine.services.programmes import cycles
from engine.services.province import overlays, report_packages
from engine.services.reference import organisations, pilots
from engine.store.workspace import Workspace
from tests.support.eligibility_support import DATES_2023, KUNSHAN, NINGBO, open_2023, write_csv
from tests.support.lifecycle import letter_file

NATIONAL = Actor(Role.NATIONAL)
ZHEJIANG, JIANGSU = Actor(Role.PROVINCE, "330000"), Actor(Role.PROVINCE, "320000")
APPLICANT_MATERIALS = ["government-letter", "work-report", "work-plan", "status-table"]


def test_opening_without_dates_names_every_missing_date(ws: Workspace) -> None:
    with pytest.raises(BadInput) as exc:
        cycles.open_cycle(ws, "city-county-pilot-demo", 2023)
    text = str(exc.value)
    for milestone in ("组织申报开始", "报送联系人回执", "完成推荐及材料报送"):  # by title, not by id
        assert milestone in text
    assert exc.value.field == "dates"
    opened = cycles.open_cycle(ws, "city-county-pilot-demo", 2023, DATES_2023)
    assert {m.id: m.source for m in opened.milestones} == dict.fromkeys(DATES_2023, "given")


@pytest.fixture
def cycle(ws: Workspace, clock: FixedClock, tmp_path: Path) -> int:
    clock.set(datetime(2023, 7, 10, 9))
    c = open_2023(ws)
    pilots.import_pilots(
        ws,
        write_csv(
            tmp_path / "pilots.csv",
            "division_code,kind,year",
            f"{NINGBO},city,2019",
            "330300,city,2021",
            f"{KUNSHAN},county,2021",
        ),
        NATIONAL,
    )
    table = write_csv(
        tmp_path / "quota.csv",
        "province_code,category,quota",
        "330000,demo-city,1",
        "320000,demo-county,1",
        "320000,pilot-county,1",
    )
    quotas.import_quotas(ws, c, table, NATIONAL, "附件3、附件4")
    return c


def applicant(ws: Workspace, cycle: int, category: str, code: str) -> tuple[int, Actor]:
    org = organisations.add_organisation(ws, f"{code}人民政府", "government", code)
    me = Actor(Role.APPLICANT, str(org.id))
    return stage_moves.apply(ws, cycle, category, org.id, me).id, me


def file_materials(ws: Workspace, app: int, who: Actor, tmp_path: Path, ids: list[str]) -> None:
    for mid in ids:
        doc = tmp_path / f"{mid}.pdf"
        doc.write_bytes(f"%PDF {mid}".encode())
        dossier.add_material(ws, app, mid, doc, who)


def refusals(exc: pytest.ExceptionInfo[Refused]) -> list[tuple[str, str]]:
    return [(v.rule_id, v.reason_zh) for v in exc.value.failed()]


def test_demonstration_city_through_the_a6_procedure(
    ws: Workspace, cycle: int, clock: FixedClock, tmp_path: Path
) -> None:
    app, me = applicant(ws, cycle, "demo-city", NINGBO)
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app, "submit", me)
    assert refusals(exc) == [
        ("A3", "尚未承诺符合第1、2、3项条件"),
        (
            "A8",
            "申报材料不全，缺少：城市政府、县政府向省级知识产权局提出的申报函、创建工作报告（申报条件符合情况、近三年工作总结）、"
            "三年期示范工作方案（经城市政府或县政府同意）、基本工作状况表",
        ),
    ]
    dossier.attest(ws, app, [1, 2, 3], me)
    file_materials(ws, app, me, tmp_path, APPLICANT_MATERIALS)
    assert stage_moves.fire(ws, app, "submit", me).stage == "provincial_review"

    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app, "recommend", ZHEJIANG)
    assert refusals(exc) == [("A6", "第1、2、3项条件尚无省级审核意见")]
    for n in (1, 2):
        dossier.record_finding(ws, app, n, True, None, ZHEJIANG)
    dossier.record_finding(ws, app, 3, False, "综合实力证明不足", ZHEJIANG)
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app, "recommend", ZHEJIANG)
    assert refusals(exc) == [("A6", "省级审核认定第3项条件不符合")]
    dossier.record_finding(ws, app, 3, True, "补充材料后认定符合", ZHEJIANG)
    assert stage_moves.fire(ws, app, "recommend", ZHEJIANG).stage == "recommended"

    assert dossier.show_materials(ws, app).complete  # the province's letter is no item of each city's checklist
    with pytest.raises(Refused) as exc:  # 003 §四: one 推荐函 for the whole recommendation, with the package
        stage_moves.fire(ws, app, "report", ZHEJIANG)
    assert [(rule, zh.split("（")[0]) for rule, zh in refusals(exc)] == [
        ("A8", "推荐名单和推荐函由省级知识产权局在“推荐报送”中一次报送")
    ]
    with pytest.raises(Refused) as exc:
        report_packages.report(ws, cycle, ZHEJIANG)
    assert [rule for rule, _ in refusals(exc)] == ["A8"] and "推荐函" in refusals(exc)[0][1]
    assert report_packages.report(ws, cycle, ZHEJIANG, letter=letter_file()).applications == [app]
    assert history(ws, app).stage == "national_review"

    clock.set(datetime(2023, 10, 9, 10))
    assert stage_moves.fire(ws, app, "select", NATIONAL).stage == "public_notice"
    with pytest.raises(Refused) as exc:  # an objection to CNIPA's notice moves it only as a record
        stage_moves.fire(ws, app, "object", NATIONAL, reason="电话反映")
    assert [rule for rule, _ in refusals(exc)] == ["A6"]
    assert history(ws, app).stage == "public_notice"
    clock.advance(timedelta(days=10))
    tick(ws)
    assert history(ws, app).stage == "designated"


def test_the_quota_of_demonstration_cities(ws: Workspace, cycle: int, tmp_path: Path) -> None:
    apps = []
    for code in (NINGBO, "330300"):
        app, me = applicant(ws, cycle, "demo-city", code)
        dossier.attest(ws, app, [1, 2, 3], me)
        file_materials(ws, app, me, tmp_path, APPLICANT_MATERIALS)
        stage_moves.fire(ws, app, "submit", me)
        for n in (1, 2, 3):
            dossier.record_finding(ws, app, n, True, None, ZHEJIANG)
        apps.append(app)
    stage_moves.fire(ws, apps[0], "recommend", ZHEJIANG)
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, apps[1], "recommend", ZHEJIANG)
    assert refusals(exc) == [("A6", "浙江省该类别推荐名额1个，已推荐1个，名额已用完")]


def test_the_gi_track_is_chosen_at_application_and_then_condition_4_is_required_and_reviewed(
    ws: Workspace, cycle: int, tmp_path: Path
) -> None:
    """003 §二(二)4: "以地理标志、传统知识等为特色的县域，满足前三个条件，且…取得显著成效": the county says so when it
    applies; condition 4 is then required, and without that choice attesting it does not make a GI county."""
    org = organisations.add_organisation(ws, "昆山市人民政府", "government", KUNSHAN)
    me = Actor(Role.APPLICANT, str(org.id))
    with pytest.raises(BadInput, match="本类别没有申报方向 'tea'") as track:
        stage_moves.apply(ws, cycle, "demo-county", org.id, me, track="tea")
    assert track.value.field == "track"
    app = stage_moves.apply(ws, cycle, "demo-county", org.id, me, track="gi").id
    dossier.attest(ws, app, [1, 2, 3], me)
    file_materials(ws, app, me, tmp_path, APPLICANT_MATERIALS)
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app, "submit", me)
    assert refusals(exc) == [("A3", "尚未承诺符合第4项条件")]
    dossier.attest(ws, app, [1, 2, 3, 4], me)
    stage_moves.fire(ws, app, "submit", me)
    for n in (1, 2, 3):
        dossier.record_finding(ws, app, n, True, None, JIANGSU)
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app, "recommend", JIANGSU)
    assert refusals(exc) == [("A6", "第4项条件尚无省级审核意见")]
    with pytest.raises(BadInput, match="第1至4项"):
        dossier.record_finding(ws, app, 5, True, None, JIANGSU)
    with pytest.raises(BadInput, match="承诺事项在“.+”阶段确认"):
        dossier.attest(ws, app, [1], me)


def test_condition_4_without_the_gi_track_is_not_attested(ws: Workspace, cycle: int, tmp_path: Path) -> None:
    app, me = applicant(ws, cycle, "demo-county", KUNSHAN)  # applied without choosing the GI track
    with pytest.raises(BadInput, match="以地理标志、传统知识等为特色的县域"):
        dossier.attest(ws, app, [1, 2, 3, 4], me)
    assert not any(d.attested for d in dossier.show_declarations(ws, app).declarations)  # nothing recorded
    dossier.attest(ws, app, [1, 2, 3], me)  # the three general conditions: a county of the general track
    file_materials(ws, app, me, tmp_path, APPLICANT_MATERIALS)
    assert stage_moves.fire(ws, app, "submit", me).stage == "provincial_review"
    assert [d.number for d in dossier.show_declarations(ws, app).declarations if d.attested] == [1, 2, 3]


def test_the_dossier_is_guarded(ws: Workspace, cycle: int, tmp_path: Path) -> None:
    app, me = applicant(ws, cycle, "demo-county", KUNSHAN)
    doc = tmp_path / "x.pdf"
    doc.write_bytes(b"%PDF")
    with pytest.raises(BadInput, match="不在本类别的材料清单中"):
        dossier.add_material(ws, app, "application-form", doc, me)
    with pytest.raises(Refused):
        dossier.add_material(ws, app, "work-plan", doc, ZHEJIANG)  # not Zhejiang's applicant
    with pytest.raises(Refused):
        dossier.record_finding(ws, app, 1, True, None, me)  # findings are the province's
    dossier.attest(ws, app, [1], me)
    with pytest.raises(BadInput, match="该申报尚未提交"):
        dossier.record_finding(ws, app, 1, True, None, JIANGSU)


def test_a_pilot_county_through_the_a7_procedure(ws: Workspace, cycle: int, clock: FixedClock, tmp_path: Path) -> None:
    standard = tmp_path / "js.yaml"
    standard.write_text(
        "title: 江苏省强县建设试点申报资格标准\neligibility:\n  pilot-county:\n"
        "    - {id: 苏试-1, guard: attribute-at-least, params: {attribute: invention_patents_per_10k, minimum: 10}}\n"
        "notice_working_days: 3\n",  # the province's own length of its 公示
        "utf-8",
    )
    overlays.load_overlay(ws, cycle, standard, JIANGSU)
    org = organisations.add_organisation(
        ws, "张家港市人民政府", "government", "320582", attributes={"invention_patents_per_10k": "31"}
    )
    me = Actor(Role.APPLICANT, str(org.id))
    app = stage_moves.apply(ws, cycle, "pilot-county", org.id, me).id
    stage_moves.fire(ws, app, "submit", me)  # no A8 checklist for pilots: the province sets its own
    assert stage_moves.fire(ws, app, "recommend", JIANGSU).stage == "provincial_notice"  # Monday 2023-07-10
    with pytest.raises(Refused) as exc:  # A7: the province's own notice, 3 working days, runs to Wednesday
        report_packages.report(ws, cycle, JIANGSU, letter=letter_file())
    assert [rule for rule, _ in refusals(exc)] == ["A7"] and "2023年7月12日" in refusals(exc)[0][1]
    clock.set(datetime(2023, 7, 13, 9))
    tick(ws)
    assert history(ws, app).stage == "notice_ended"
    report_packages.report(ws, cycle, JIANGSU, letter=letter_file())
    assert history(ws, app).stage == "approval"
    assert stage_moves.fire(ws, app, "approve", NATIONAL, reason="核准").stage == "designated"
    assert fraud.disqualify_for_fraud(ws, app, NATIONAL, "数据造假").stage == "disqualified"  # A9: no time limit
    with pytest.raises(Refused) as exc:  # 昆山 is already a pilot county (A7)
        kunshan = organisations.add_organisation(ws, "昆山市人民政府", "government", KUNSHAN)
        stage_moves.apply(ws, cycle, "pilot-county", kunshan.id, Actor(Role.APPLICANT, str(kunshan.id)))
    assert ("A7", "昆山市已于2021年列入国家知识产权强县建设试点县名单，无需再申报试点") in refusals(exc)


def test_fraud_disqualifies_and_criticises_both_offices(ws: Workspace, cycle: int, tmp_path: Path) -> None:
    app, me = applicant(ws, cycle, "demo-county", KUNSHAN)
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app, "disqualify", NATIONAL)
    assert "A9" in [rule for rule, *_ in refusals(exc)]
    with pytest.raises(Refused):
        fraud.disqualify_for_fraud(ws, app, JIANGSU, "材料造假")  # the national office decides
    assert fraud.list_criticisms(ws, cycle) == []
    done = fraud.disqualify_for_fraud(ws, app, NATIONAL, "创建工作报告数据造假")
    assert done.stage == "disqualified"
    assert [(c.target, c.body) for c in fraud.list_criticisms(ws, cycle)] == [
        ("applicant-ip-department", "昆山市知识产权管理部门"),
        ("provincial-office", "江苏省知识产权局"),
    ]
    last = history(ws, app).events[-1]
    assert (last.event, last.reason) == ("disqualify", "创建工作报告数据造假")
    with pytest.raises(BadInput, match="不能以弄虚作假为由取消资格"):
        fraud.disqualify_for_fraud(ws, app, NATIONAL, "again")


def test_drafts_expire_at_the_given_deadline(ws: Workspace, cycle: int, clock: FixedClock) -> None:
    app, _ = applicant(ws, cycle, "demo-county", KUNSHAN)
    clock.set(datetime(2023, 9, 1, 0, 30))
    tick(ws)
    assert history(ws, app).stage == "expired"


def test_submitted_but_unreported_applications_close_at_the_deadline(
    ws: Workspace, cycle: int, clock: FixedClock, tmp_path: Path
) -> None:
    standard = tmp_path / "js.yaml"
    standard.write_text(
        "title: 江苏省强县建设试点申报资格标准\neligibility:\n  pilot-county:\n"
        "    - {id: 苏试-1, guard: attribute-at-least, params: {attribute: invention_patents_per_10k, minimum: 10}}\n"
        "notice_working_days: 3\n",  # the province's own length of its 公示
        "utf-8",
    )
    overlays.load_overlay(ws, cycle, standard, JIANGSU)
    org = organisations.add_organisation(
        ws, "张家港市人民政府", "government", "320582", attributes={"invention_patents_per_10k": "31"}
    )
    me = Actor(Role.APPLICANT, str(org.id))
    app = stage_moves.apply(ws, cycle, "pilot-county", org.id, me).id
    stage_moves.fire(ws, app, "submit", me)
    clock.set(datetime(2023, 9, 1, 0, 30))
    tick(ws)
    assert history(ws, app).stage == "not_reported"


# --- the programme to its end (issue 22): 003 §三(一)4 "正式确定示范城市、示范县名单", §三(二) "报国家知识产权局核准"


def a_designated_demonstration_city(ws: Workspace, cycle: int, clock: FixedClock, tmp_path: Path) -> int:
    app, me = applicant(ws, cycle, "demo-city", NINGBO)
    dossier.attest(ws, app, [1, 2, 3], me)
    file_materials(ws, app, me, tmp_path, APPLICANT_MATERIALS)
    stage_moves.fire(ws, app, "submit", me)
    for n in (1, 2, 3):
        dossier.record_finding(ws, app, n, True, None, ZHEJIANG)
    stage_moves.fire(ws, app, "recommend", ZHEJIANG)
    report_packages.report(ws, cycle, ZHEJIANG, letter=letter_file())
    stage_moves.fire(ws, app, "select", NATIONAL)
    return app


def jiangsu_standard(ws: Workspace, cycle: int) -> None:
    """A7: the province sets its own standard for pilots (here one any county meets)."""
    path = Path(tempfile.mkdtemp()) / "js.yaml"
    path.write_text(
        "title: 江苏省强县建设试点申报资格标准\neligibility:\n  pilot-county:\n"
        "    - {id: 苏试-1, guard: attribute-at-least, params: {attribute: patents, minimum: 0}}\n"
        "notice_working_days: 3\n",
        "utf-8",
    )
    overlays.load_overlay(ws, cycle, path, JIANGSU)


def a_pilot_county_awaiting_approval(ws: Workspace, cycle: int, clock: FixedClock, code: str) -> int:
    jiangsu_standard(ws, cycle)
    org = organisations.add_organisation(ws, f"{code}人民政府", "government", code, attributes={"patents": "3"})
    me = Actor(Role.APPLICANT, str(org.id))
    app = stage_moves.apply(ws, cycle, "pilot-county", org.id, me).id
    stage_moves.fire(ws, app, "submit", me)
    stage_moves.fire(ws, app, "recommend", JIANGSU)
    clock.advance(timedelta(days=10))
    tick(ws)
    report_packages.report(ws, cycle, JIANGSU, letter=letter_file())
    assert history(ws, app).stage == "approval"
    return app


def test_the_2023_programme_publishes_its_demonstration_list_and_its_approved_pilots(
    ws: Workspace, cycle: int, clock: FixedClock, tmp_path: Path
) -> None:
    from engine.services.national import namelists
    from engine.services.publicity import published_copies

    pilot = a_pilot_county_awaiting_approval(ws, cycle, clock, "320582")  # 张家港
    city = a_designated_demonstration_city(ws, cycle, clock, tmp_path)
    with pytest.raises(Refused) as exc:  # the pilot is still awaiting CNIPA's 核准
        namelists.publish_list(ws, cycle, "approved-pilots", "md", NATIONAL)
    assert [rule for rule, _ in refusals(exc)] == ["A7"]
    with pytest.raises(Refused) as exc:  # the demonstration city's notice still runs
        namelists.publish_list(ws, cycle, "demonstration-cities-counties", "md", NATIONAL)
    assert [rule for rule, _ in refusals(exc)] == ["A6"] and "评审结果公示尚未结束" in refusals(exc)[0][1]
    stage_moves.fire(ws, pilot, "approve", NATIONAL, reason="核准")
    clock.advance(timedelta(days=10))
    tick(ws)
    assert history(ws, city).stage == "designated"

    demo = published_copies.publish_list_copy(ws, cycle, "demonstration-cities-counties", NATIONAL)
    approved = published_copies.publish_list_copy(ws, cycle, "approved-pilots", NATIONAL)
    shown = {c.kind: c for c in published_copies.published_lists(ws)}
    assert shown["demonstration-cities-counties"].title == "国家知识产权强市建设示范城市、强县建设示范县名单"
    assert demo.units == 1 and approved.units == 1
    found = published_copies.published_copy(ws, demo.id)
    assert found is not None and [(g.heading, [u.organisation for u in g.units]) for g in found[1]] == [
        ("一、国家知识产权强市建设示范城市", ["330200人民政府"])
    ]
    found = published_copies.published_copy(ws, approved.id)
    assert found is not None and [u.organisation for g in found[1] for u in g.units] == ["320582人民政府"]

    # the approved pilot is on the national pilot list the next round's A2/A4 read, as an imported one is
    (row,) = [r for r in pilots.list_pilots(ws) if r.division_code == "320582"]
    assert (row.kind, row.year) == ("county", 2023)
    result = eligibility.check(ws, cycle, "demo-county", None, "320582")
    (a4,) = [v for v in result.verdicts if v.rule_id == "A4" and "试点" in v.reason_zh]
    assert a4.ok and "已于2023年列入国家知识产权强县建设试点县名单" in a4.reason_zh


def test_a_refused_pilot_frees_its_place(ws: Workspace, cycle: int, clock: FixedClock) -> None:
    first = a_pilot_county_awaiting_approval(ws, cycle, clock, "320582")  # Jiangsu has 1 pilot-county place
    org = organisations.add_organisation(ws, "江阴市人民政府", "government", "320281", attributes={"patents": "3"})
    me = Actor(Role.APPLICANT, str(org.id))
    second = stage_moves.apply(ws, cycle, "pilot-county", org.id, me).id
    stage_moves.fire(ws, second, "submit", me)
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, second, "recommend", JIANGSU)
    assert [rule for rule, _ in refusals(exc)] == ["A7"]
    stage_moves.fire(ws, first, "refuse", NATIONAL, reason="不符合试点条件")
    assert history(ws, first).stage == "not_approved"
    assert stage_moves.fire(ws, second, "recommend", JIANGSU).stage == "provincial_notice"
    assert not [r for r in pilots.list_pilots(ws) if r.division_code == "320582"]  # refused: not on the list


def test_the_recommendation_list_keeps_pilots_and_demonstration_candidates_apart(
    ws: Workspace, cycle: int, clock: FixedClock, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    county, me = applicant(ws, cycle, "demo-county", KUNSHAN)
    dossier.attest(ws, county, [1, 2, 3], me)
    file_materials(ws, county, me, tmp_path, APPLICANT_MATERIALS)
    stage_moves.fire(ws, county, "submit", me)
    for n in (1, 2, 3):
        dossier.record_finding(ws, county, n, True, None, JIANGSU)
    stage_moves.fire(ws, county, "recommend", JIANGSU)
    jiangsu_standard(ws, cycle)
    org = organisations.add_organisation(ws, "张家港市人民政府", "government", "320582", attributes={"patents": "3"})
    pme = Actor(Role.APPLICANT, str(org.id))
    pilot = stage_moves.apply(ws, cycle, "pilot-county", org.id, pme).id
    stage_moves.fire(ws, pilot, "submit", pme)
    stage_moves.fire(ws, pilot, "recommend", JIANGSU)
    clock.advance(timedelta(days=10))
    tick(ws)
    filed = report_packages.report(ws, cycle, JIANGSU, letter=letter_file(), out_dir=tmp_path)
    assert sorted(filed.applications) == sorted([county, pilot]) and filed.xlsx is not None
    rows = [[c for c in row if c not in (None, "")] for row in load_workbook(filed.xlsx).active.values]
    firsts = [r[0] for r in rows]
    demo_at = firsts.index("一、示范城市、示范县推荐对象（报国家知识产权局评审）")
    pilot_at = firsts.index("二、试点城市、试点县推荐名单（报国家知识产权局核准）")
    assert demo_at < pilot_at
    assert rows[demo_at + 1][:3] == [1, "国家知识产权强县建设示范县", f"{KUNSHAN}人民政府"]
    assert rows[pilot_at + 1][:3] == [1, "国家知识产权强县建设试点县", "张家港市人民政府"]  # numbered on its own
