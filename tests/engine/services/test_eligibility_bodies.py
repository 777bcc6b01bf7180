"""B2.3–B2.7 and B5: parks, companies of every legal form, universities, institutes, earlier recognitions."""

from __future__ import annotations

import pytest

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import BadInput
from engine.machine.machine import Actor
from engine.services.reference import organisations, pilots
from engine.store.workspace import Workspace
from policies.reference.legalform import evident_form
from tests.support.eligibility_support import (
    KUNSHAN,
    NINGBO,
    failed_rules,
    make_uscc,
    open_2025_bare,
    verdict,
    write_csv,
)
from tests.support.lifecycle import drive, new_application, open_2025

NATIONAL = Actor(Role.NATIONAL)

HUAWEI = "914403001922038216"  # 华为技术有限公司 (LLC)
SINOPEC = "91110000710926094P"  # 中国石油化工股份有限公司 (JSC)
TSINGHUA = "12100000400000624D"  # 清华大学 (public institution)

FORMS = {
    "llc": True,
    "jsc": True,
    "branch": False,
    "partnership": False,
    "sole-proprietorship": False,
    "representative-office": False,
    "public-institution": False,
    "other": False,
}


def org(ws: Workspace, name: str, kind: str, division: str | None = None, uscc: str | None = None, **attrs) -> str:
    return str(organisations.add_organisation(ws, name, kind, division, uscc, attributes=attrs).id)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_companies_of_every_legal_form(ws: Workspace, form: str) -> None:
    cycle = open_2025_bare(ws)
    code = make_uscc("91320583", "MA1" + f"{sorted(FORMS).index(form):05d}")
    who = org(ws, f"昆山某{form}", "company", KUNSHAN, code, entity_form=form)
    result = verdict(ws, cycle, "enterprise", org=who)
    assert result.eligible is FORMS[form]
    if not FORMS[form]:
        (refusal,) = [v for v in result.verdicts if not v.ok]
        assert (
            refusal.rule_id == "B2"
            and "在我国境内设立的具有独立法人资格的有限责任公司、股份有限公司" in refusal.reason_zh
        )


def test_real_companies_and_a_branch(ws: Workspace) -> None:
    cycle = open_2025_bare(ws)
    huawei = org(ws, "华为技术有限公司", "company", "440307", HUAWEI, entity_form="llc")
    sinopec = org(ws, "中国石油化工股份有限公司", "company", "110105", SINOPEC, entity_form="jsc")
    assert verdict(ws, cycle, "enterprise", org=huawei).eligible
    assert verdict(ws, cycle, "enterprise", org=sinopec).eligible
    branch = org(
        ws, "华为技术有限公司北京分公司", "company", "110108", make_uscc("91110108", "MA01H7B2"), entity_form="branch"
    )
    result = verdict(ws, cycle, "enterprise", org=branch)
    said = " ".join(v.reason_zh for v in result.verdicts)
    assert not result.eligible and "名称以“分公司”结尾，为分支机构，不具有独立法人资格" in said
    unregistered = org(ws, "某公司（未登记代码）", "company", KUNSHAN, None, entity_form="llc")
    assert "未登记统一社会信用代码" in " ".join(
        v.reason_zh for v in verdict(ws, cycle, "enterprise", org=unregistered).verdicts
    )


def test_universities_undergraduate_only(ws: Workspace) -> None:
    cycle = open_2025_bare(ws)
    tsinghua = org(ws, "清华大学", "university", "110108", TSINGHUA, education_level="undergraduate")
    vocational = org(
        ws, "深圳职业技术大学", "university", "440305", make_uscc("12440300", "45575806"), education_level="vocational"
    )
    assert verdict(ws, cycle, "university", org=tsinghua).eligible
    refused = verdict(ws, cycle, "university", org=vocational)
    assert failed_rules(refused) == ["B2"]
    assert "办学层次为高职（专科）院校，应为普通本科高校" in refused.verdicts[1].reason_zh  # no raw code (issue 22)
    assert "vocational" not in refused.verdicts[1].reason_zh
    assert not verdict(ws, cycle, "enterprise", org=tsinghua).eligible  # a university is no company


def test_parks_of_provincial_level_or_above(ws: Workspace) -> None:
    cycle = open_2025_bare(ws)
    for i, (level, ok) in enumerate((("national", True), ("provincial", True), ("municipal", False))):
        park = org(
            ws,
            f"{level}高新区管委会",
            "park",
            KUNSHAN,
            make_uscc("11320583", f"MB1A000{i}"),
            park_level=level,
        )
        checked = verdict(ws, cycle, "park", org=park)
        assert checked.eligible is ok
        assert verdict(ws, cycle, "service-cluster", org=park).eligible is ok
        if not ok:  # the refusal names the level in words, never the code `municipal` (issue 22)
            (b2,) = [v for v in checked.verdicts if not v.ok]
            assert "园区级别为市级，应为国家级、省级之一" in b2.reason_zh and "municipal" not in b2.reason_zh


def test_service_cluster_admits_a_county_government_but_not_a_city(ws: Workspace) -> None:
    cycle = open_2025_bare(ws)
    assert verdict(ws, cycle, "service-cluster", division=KUNSHAN).eligible
    refused = verdict(ws, cycle, "service-cluster", division=NINGBO)
    assert failed_rules(refused) == ["B2"] and "宁波市为副省级城市" in " ".join(v.reason_zh for v in refused.verdicts)
    # the park-level rule does not apply to a government, and says so
    assert any("不适用" in v.reason_zh and v.ok for v in refused.verdicts)


@pytest.mark.parametrize("founder", ["central-government", "local-government", "soe", "private"])
def test_institutes_set_up_by_any_founder_the_notice_names(ws: Workspace, founder: str) -> None:
    cycle = open_2025_bare(ws)
    inst = org(ws, f"{founder}研究院", "institute", KUNSHAN, founder=founder)
    assert verdict(ws, cycle, "institute", org=inst).eligible


def test_an_institute_without_a_recorded_founder_is_refused(ws: Workspace) -> None:
    cycle = open_2025_bare(ws)
    result = verdict(ws, cycle, "institute", org=org(ws, "某研究所", "institute", KUNSHAN))
    assert failed_rules(result) == ["B2"] and "设立主体为未登记" in result.verdicts[1].reason_zh


def test_recognised_before_does_not_apply_again(ws: Workspace, tmp_path) -> None:
    cycle = open_2025_bare(ws)
    huawei = org(ws, "华为技术有限公司", "company", "440307", HUAWEI, entity_form="llc")
    listed = write_csv(
        tmp_path / "rec.csv", "organisation,category,year", f"{HUAWEI},enterprise,2022", f"{KUNSHAN},county,2021"
    )
    result = pilots.import_recognitions(ws, listed, NATIONAL)
    assert len(result.created) == 2  # the government of 昆山 is registered on the way
    refused = verdict(ws, cycle, "enterprise", org=huawei)
    (b5,) = [v for v in refused.verdicts if v.rule_id == "B5"]
    assert not b5.ok and "已于2022年认定为该类示范单位，继续有效，此届不需重复申报" in b5.reason_zh
    assert failed_rules(verdict(ws, cycle, "county", division=KUNSHAN)) == ["B5"]
    assert verdict(ws, cycle, "park", division=KUNSHAN).verdicts[-1].ok  # only its own category
    assert pilots.import_recognitions(ws, listed, NATIONAL).created == []  # importing again adds nothing


def test_recognised_in_an_earlier_cycle_does_not_apply_in_the_next(ws: Workspace, clock: FixedClock) -> None:
    first = open_2025(ws)
    app = new_application(ws, first, "county")
    assert drive(ws, clock, app, "recognised") == "recognised"
    from engine.services.programmes import cycles

    nxt = cycles.open_cycle(ws, "demonstration-creation", 2028).id
    result = verdict(ws, nxt, "county", division=KUNSHAN)
    assert failed_rules(result) == ["B5"] and "cycle 1" in result.verdicts[-1].reason_en


def test_a_2023_demonstration_county_does_not_apply_again_in_2025(ws: Workspace, tmp_path) -> None:
    """B5 across programmes: the 2025 county category lists the 2023 demo-county as the same recognition."""
    listed = write_csv(tmp_path / "rec.csv", "organisation,category,year", f"{KUNSHAN},demo-county,2023")
    pilots.import_recognitions(ws, listed, NATIONAL)
    cycle = open_2025_bare(ws)
    result = verdict(ws, cycle, "county", division=KUNSHAN)
    (b5,) = [v for v in result.verdicts if v.rule_id == "B5"]
    assert not b5.ok and "已于2023年认定" in b5.reason_zh and "city-county-pilot-demo/demo-county" in b5.reason_en
    assert failed_rules(verdict(ws, cycle, "city", division=NINGBO)) == []  # a city recognised nowhere applies


# B2.5 in notice 004's words: 依照《公司法》在我国境内设立的具有独立法人资格的有限责任公司、股份有限公司. What the name
# and the USCC show wins over the declared form (issue 22: these came out eligible declared as llc).
NOT_COMPANIES = [
    ("华为技术有限公司上海分公司", "91310115", "名称以“分公司”结尾"),
    ("某某机械有限公司第一分厂", "91320583", "名称以“分厂”结尾"),
    ("某某株式会社北京代表处", "91110105", "名称以“代表处”结尾"),
    ("某某集团有限公司驻京办事处", "91110105", "名称以“办事处”结尾"),
    ("苏州某某创业投资中心（有限合伙）", "91320505", "名称含“（有限合伙）”"),
    ("昆山某某咨询合伙企业", "91320583", "名称含“合伙企业”"),
    ("昆山某某服装厂（个人独资）", "91320583", "名称含“个人独资”"),
]


@pytest.mark.parametrize(("name", "head", "shown_by"), NOT_COMPANIES)
def test_a_company_s_name_or_uscc_overrules_its_declared_form(
    ws: Workspace, name: str, head: str, shown_by: str
) -> None:
    cycle = open_2025_bare(ws)
    code = make_uscc(head, f"MA{NOT_COMPANIES.index((name, head, shown_by)):06d}")
    who = org(ws, name, "company", head[2:8], code, entity_form="llc")  # declared a limited-liability company
    result = verdict(ws, cycle, "enterprise", org=who)
    assert not result.eligible
    (form,) = [v for v in result.verdicts if not v.ok and "独立法人资格" in v.reason_zh]
    assert form.rule_id == "B2" and shown_by in form.reason_zh
    assert "依照《公司法》在我国境内设立的具有独立法人资格的有限责任公司、股份有限公司" in form.reason_zh
    assert "llc" not in form.reason_zh


def test_a_company_named_like_a_partner_is_still_a_company(ws: Workspace) -> None:
    """Only the registered endings count: 合伙人 in a company's name, or 分公司 mid-name, refuse nothing."""
    cycle = open_2025_bare(ws)
    for i, name in enumerate(("昆山合伙人科技有限公司", "昆山分公司管理咨询有限公司")):
        who = org(ws, name, "company", KUNSHAN, make_uscc("91320583", f"MC{i:06d}"), entity_form="llc")
        assert verdict(ws, cycle, "enterprise", org=who).eligible, name


def test_an_individual_business_by_its_uscc_is_no_company(ws: Workspace) -> None:
    """USCC type 92 (个体工商户): refused as a company when it is registered, and by the rule if it got in."""
    code = make_uscc("92320583", "MD000001")
    with pytest.raises(BadInput, match="个体工商户，不是企业") as individual:
        org(ws, "昆山市玉山镇某某五金店", "company", KUNSHAN, code, entity_form="llc")
    assert individual.value.field == "uscc"
    shown = evident_form("昆山市玉山镇某某五金店", code)
    assert (
        shown is not None
        and shown.form == "individual-business"
        and shown.shown_by_zh == "统一社会信用代码登记为个体工商户"
    )
