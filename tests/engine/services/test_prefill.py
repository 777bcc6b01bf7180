"""Prefill (B11, notice 004 §五(二)): "本级掌握或通过其他渠道可以获取的信息和数据不得要求下一层级报送".

The roster a province fills starts from the organisations the system holds of it; a government's name comes from
its division code; the province an organisation belongs to from its division or, failing that, its USCC.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from engine.definition.model import Role
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.reference import organisations, roster
from engine.store.workspace import Workspace
from tests.support.eligibility_support import make_uscc

NATIONAL = Actor(Role.NATIONAL)
JIANGSU = Actor(Role.PROVINCE, "320000")


def test_the_roster_template_is_prefilled_with_the_province_s_organisations(ws: Workspace, tmp_path: Path) -> None:
    organisations.add_organisation(ws, "", "government", "320583")  # the name comes from the division
    company = make_uscc("91320583", "MA1X0001")
    organisations.add_organisation(
        ws, "昆山某某科技有限公司", "company", None, company, attributes={"entity_form": "llc"}
    )
    organisations.add_organisation(ws, "宁波市人民政府", "government", "330200")  # another province's
    made = roster.write_province_template(ws, tmp_path / "js.xlsx", "320000", JIANGSU)
    assert made.rows == 2
    sheet = load_workbook(tmp_path / "js.xlsx")["申报单位名录"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2) if row[0].value]
    assert ["昆山市人民政府", "人民政府", "320583"] in [r[:3] for r in rows]  # in words, as the template offers them
    assert ["昆山某某科技有限公司", "企业", None, company, "有限责任公司"] in [r[:5] for r in rows]  # by its USCC
    assert not any("宁波" in str(r[0]) for r in rows)
    # filled back in unchanged, it changes nothing: every row matches what is recorded
    again = roster.import_roster(ws, tmp_path / "js.xlsx", actor=JIANGSU)
    assert again.created == [] and again.updated == [] and again.unchanged == 2
    csv = roster.write_province_template(ws, tmp_path / "js.csv", "320000", NATIONAL)
    assert csv.rows == 2 and "昆山市人民政府,人民政府,320583" in (tmp_path / "js.csv").read_text("utf-8-sig")
    with pytest.raises(Refused):  # another province's roster is not Zhejiang's to have
        roster.write_province_template(ws, tmp_path / "x.xlsx", "320000", Actor(Role.PROVINCE, "330000"))


def test_a_government_s_name_comes_from_its_division_code(ws: Workspace) -> None:
    assert organisations.add_organisation(ws, "", "government", "110105").name == "北京市朝阳区人民政府"
    assert organisations.add_organisation(ws, " ", "government", "433101").name == "吉首市人民政府"


def test_the_province_comes_from_the_division_or_the_uscc(ws: Workspace) -> None:
    assert organisations.organisation_province("320583", None) == "320000"
    assert organisations.organisation_province(None, make_uscc("91330106", "MA1X0002")) == "330000"
    assert organisations.organisation_province("659001", None) == "660000"  # 石河子: the 兵团
    assert organisations.organisation_province(None, None) is None
    # a province registers a company of its own that gave only its USCC; not another province's
    mine = organisations.add_organisation(
        ws, "苏州某某有限公司", "company", None, make_uscc("91320505", "MA1X0003"), actor=JIANGSU
    )
    assert mine.division_code is None
    with pytest.raises(Refused):
        organisations.add_organisation(
            ws, "杭州某某有限公司", "company", None, make_uscc("91330106", "MA1X0004"), actor=JIANGSU
        )
