"""Who may apply: every category of both programmes, with real divisions and the editions' wordings."""

from __future__ import annotations

import pytest

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.applications.eligibility import CheckedOrganisation
from engine.services.reference import organisations, pilots
from engine.store.workspace import Workspace
from tests.support.eligibility_support import (
    ARONG,
    CHENGKOU,
    DONGCHENG,
    DONGGUAN,
    HAISHU,
    JIANGSU,
    JISHOU,
    KUNSHAN,
    NINGBO,
    SHIHEZI,
    XIANGXI,
    XIANTAO,
    XILINGOL,
    failed_rules,
    open_2023,
    open_2025_bare,
    verdict,
    write_csv,
)

NATIONAL = Actor(Role.NATIONAL)

# division: (2025 city, 2025 county, 2023 demo-city level, 2023 demo-county level)
GOVERNMENTS = {
    NINGBO: (True, False, True, False),
    XIANGXI: (True, False, False, False),
    XILINGOL: (True, False, False, False),
    DONGGUAN: (True, False, True, False),
    DONGCHENG: (True, False, True, False),
    CHENGKOU: (False, True, False, True),
    XIANTAO: (False, True, False, True),
    SHIHEZI: (False, True, False, True),
    KUNSHAN: (False, True, False, True),
    ARONG: (False, True, False, True),
    HAISHU: (False, True, False, True),
    JISHOU: (False, True, False, True),
    JIANGSU: (False, False, False, False),
}


@pytest.mark.parametrize("code", sorted(GOVERNMENTS))
def test_governments_under_the_2025_rules(ws: Workspace, code: str) -> None:
    cycle = open_2025_bare(ws)
    city, county, _, _ = GOVERNMENTS[code]
    assert verdict(ws, cycle, "city", division=code).eligible is city
    assert verdict(ws, cycle, "county", division=code).eligible is county
    # B2.4 admits a government eligible under B2.2, except a city of the XPCC (item (四) leaves out 兵团下辖市)
    assert verdict(ws, cycle, "service-cluster", division=code).eligible is (county and code != SHIHEZI)
    for category in ("park", "enterprise", "university", "institute"):
        result = verdict(ws, cycle, category, division=code)
        assert not result.eligible and set(failed_rules(result)) == {"B2"}
        assert "而该单位为人民政府" in result.verdicts[0].reason_zh


@pytest.mark.parametrize("code", sorted(GOVERNMENTS))
def test_governments_under_the_2023_wording(ws: Workspace, code: str, tmp_path) -> None:
    """With every unit on both pilot lists, only the 2023 level wording (A1, A4) decides."""
    cycle = open_2023(ws)
    pilots.import_pilots(
        ws,
        write_csv(tmp_path / "p.csv", "division_code,kind,year", f"{code},city,2020", f"{code},county,2020"),
        NATIONAL,
    )
    _, _, city, county = GOVERNMENTS[code]
    assert verdict(ws, cycle, "demo-city", division=code).eligible is city
    assert verdict(ws, cycle, "demo-county", division=code).eligible is county


def test_the_editions_differ_on_leagues_and_autonomous_prefectures(ws: Workspace) -> None:
    y2023, y2025 = open_2023(ws), open_2025_bare(ws)
    league_2025 = verdict(ws, y2025, "city", division=XILINGOL)
    league_2023 = verdict(ws, y2023, "demo-city", division=XILINGOL)
    assert league_2025.eligible and not league_2023.eligible
    refusal = next(v for v in league_2023.verdicts if v.rule_id == "A1" and not v.ok)
    assert "锡林郭勒盟" in refusal.reason_zh and "“申报城市应为地级以上城市或直辖市的区”" in refusal.reason_zh
    assert "prefecture-region" in refusal.reason_en and "2025-11" in refusal.reason_en
    ok = next(v for v in league_2025.verdicts if v.rule_id == "B2" and "盟" in v.reason_zh)
    assert ok.ok and "地级市（地区、州、盟）" in ok.reason_zh
    assert not verdict(ws, y2023, "demo-city", division=XIANGXI).eligible
    assert verdict(ws, y2025, "city", division=XIANGXI).eligible


def test_a_province_is_no_city_and_no_county(ws: Workspace) -> None:
    result = verdict(ws, open_2025_bare(ws), "city", division=JIANGSU)
    (refusal,) = [v for v in result.verdicts if not v.ok]
    assert refusal.rule_id == "B2" and "江苏省为省级行政区" in refusal.reason_zh


def test_province_administered_and_xpcc_cities_apply_through_their_own_office(ws: Workspace) -> None:
    cycle = open_2025_bare(ws)
    for code, office in ((XIANTAO, "420000"), (SHIHEZI, "660000"), (CHENGKOU, "500000")):
        org = organisations.add_organisation(ws, f"{code}人民政府", "government", code)
        app = stage_moves.apply(ws, cycle, "county", org.id, Actor(Role.APPLICANT, str(org.id)))
        with ws.transaction() as s:
            assert s.get(stage_moves.Application, app.id).province_code == office
    shihezi = verdict(ws, cycle, "county", division=SHIHEZI)
    assert any("兵团下辖市" in v.reason_zh for v in shihezi.verdicts)
    xiantao = verdict(ws, cycle, "county", division=XIANTAO)
    assert any("省直管县级市" in v.reason_zh for v in xiantao.verdicts)


def test_apply_runs_the_same_check(ws: Workspace) -> None:
    cycle = open_2025_bare(ws)
    org = organisations.add_organisation(ws, "江苏省人民政府", "government", JIANGSU)
    checked = verdict(ws, cycle, "city", org=str(org.id))
    with pytest.raises(Refused) as exc:
        stage_moves.apply(ws, cycle, "city", org.id, Actor(Role.APPLICANT, str(org.id)))
    assert exc.value.failed() == [v for v in checked.verdicts if not v.ok]


def test_division_alone_addresses_the_government(ws: Workspace) -> None:
    cycle = open_2025_bare(ws)
    unregistered = verdict(ws, cycle, "county", division=KUNSHAN)
    assert unregistered.organisation == CheckedOrganisation(id=None, name="昆山市人民政府", division_code=KUNSHAN)
    org = organisations.add_organisation(ws, "昆山市人民政府", "government", KUNSHAN)
    assert verdict(ws, cycle, "county", division=KUNSHAN).organisation.id == org.id
    assert verdict(ws, cycle, "city", division=DONGCHENG).organisation.name == "北京市东城区人民政府"
    with pytest.raises(BadInput, match="320571 不在行政区划代码数据"):
        verdict(ws, cycle, "county", division="320571")


def test_2023_demonstration_needs_the_pilot_list(ws: Workspace, tmp_path) -> None:
    cycle = open_2023(ws)
    assert failed_rules(verdict(ws, cycle, "demo-city", division=NINGBO)) == ["A2"]
    assert failed_rules(verdict(ws, cycle, "demo-county", division=KUNSHAN)) == ["A4"]
    listed = write_csv(
        tmp_path / "pilots.csv", "division_code,kind,year", f"{NINGBO},city,2019", f"{KUNSHAN},county,2024"
    )
    assert len(pilots.import_pilots(ws, listed, NATIONAL).created) == 2
    assert verdict(ws, cycle, "demo-city", division=NINGBO).eligible
    late = verdict(ws, cycle, "demo-county", division=KUNSHAN)
    assert failed_rules(late) == ["A4"]
    assert any("2024年列入" in v.reason_zh and "晚于本届（2023年）" in v.reason_zh for v in late.verdicts)
    # a city already a pilot need not apply to be one (A7); its county may not apply as a city at all
    assert "A7" in failed_rules(verdict(ws, cycle, "pilot-city", division=NINGBO))
    assert failed_rules(verdict(ws, cycle, "demo-county", division=NINGBO)) == ["A4", "A4"]


def test_the_pilot_list_counts_each_kind_separately(ws: Workspace, tmp_path) -> None:
    cycle = open_2023(ws)
    pilots.import_pilots(ws, write_csv(tmp_path / "p.csv", "division_code,kind,year", f"{HAISHU},city,2021"), NATIONAL)
    assert failed_rules(verdict(ws, cycle, "demo-county", division=HAISHU)) == ["A4"]


def test_pilot_cities_under_a_provincial_standard(ws: Workspace, tmp_path) -> None:
    from engine.services.province import overlays

    cycle = open_2023(ws)
    standard = tmp_path / "zj.yaml"
    standard.write_text(
        "title: 浙江省强市建设试点城市申报资格标准\neligibility:\n  pilot-city:\n"
        "    - {id: 浙试-1, guard: attribute-at-least, params: {attribute: invention_patents_per_10k, minimum: 20}}\n",
        "utf-8",
    )
    overlays.load_overlay(ws, cycle, standard, Actor(Role.PROVINCE, "330000"))
    organisations.add_organisation(
        ws, "温州市人民政府", "government", "330300", attributes={"invention_patents_per_10k": "25.3"}
    )
    assert verdict(ws, cycle, "pilot-city", division="330300").eligible
    assert failed_rules(verdict(ws, cycle, "pilot-city", division="330302")) == ["A7", "浙试-1"]  # a district
    assert failed_rules(verdict(ws, cycle, "pilot-city", division="320500")) == ["A7"]  # Jiangsu set no standard
