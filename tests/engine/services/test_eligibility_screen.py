"""Screening a roster against every category, and the `eligibility` commands' output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.machine.machine import Actor
from engine.services.applications import eligibility
from engine.services.reference import organisations, pilots
from engine.store.workspace import Workspace
from tests.support.eligibility_support import make_uscc, open_2023, open_2025_bare, write_csv

NATIONAL = Actor(Role.NATIONAL)

HEADER = "name,kind,division_code,uscc,entity_form,education_level,park_level,founder,email"
ROSTER = [
    "宁波市人民政府,government,330200,,,,,,",
    "昆山市人民政府,government,320583,,,,,,",
    "锡林郭勒盟行政公署,government,152500,,,,,,",
    "江苏省人民政府,government,320000,,,,,,",
    "华为技术有限公司,company,440307,914403001922038216,llc,,,,",
    "某分公司,company,320583," + make_uscc("91320583", "MA1B0001") + ",branch,,,,",
    "某职业技术学院,university,320583," + make_uscc("12320583", "MB1B0002") + ",,vocational,,,",
    "昆山高新区管委会,park,320583," + make_uscc("11320583", "MB1B0003") + ",,,national,,",
]


def test_screen_gives_every_organisation_every_category(ws: Workspace, tmp_path: Path) -> None:
    cycle = open_2025_bare(ws)
    hw = organisations.add_organisation(ws, "华为技术有限公司", "company", "440307", "914403001922038216")
    pilots.import_recognitions(
        ws, write_csv(tmp_path / "r.csv", "organisation,category,year", f"{hw.id},enterprise,2019"), NATIONAL
    )
    roster = write_csv(tmp_path / "roster.csv", HEADER, *ROSTER)
    result = eligibility.screen(ws, cycle, roster, tmp_path / "matrix.xlsx")
    assert result.categories == [
        "city",
        "county",
        "park",
        "service-cluster",
        "enterprise",
        "university",
        "institute",
    ]
    eligible = {o.name: o.eligible for o in result.organisations}
    assert eligible == {
        "宁波市人民政府": ["city"],
        "昆山市人民政府": ["county", "service-cluster"],
        "锡林郭勒盟行政公署": ["city"],
        "江苏省人民政府": [],
        "华为技术有限公司": [],  # recognised in 2019 (B5), matched by its USCC
        "某分公司": [],
        "某职业技术学院": [],
        "昆山高新区管委会": ["park", "service-cluster"],
    }
    huawei = next(o for o in result.organisations if o.name == "华为技术有限公司")
    assert huawei.id == hw.id and [v.rule_id for v in huawei.refusals["enterprise"]] == ["B5"]
    assert result.eligible_counts["city"] == 2

    book = load_workbook(tmp_path / "matrix.xlsx")
    assert book.sheetnames == ["资格预审", "不符合原因"]
    rows = list(book["资格预审"].iter_rows(values_only=True))
    assert rows[1][:7] == (
        "序号",
        "名录行号",
        "单位名称",
        "单位类型",
        "行政区划代码",
        "统一社会信用代码",
        "国家知识产权强市建设示范市",
    )
    ningbo = next(r for r in rows if r[2] == "宁波市人民政府")
    assert ningbo[3] == "人民政府" and ningbo[6] == "✓" and ningbo[7].startswith("✗ [B2] 浙江省宁波市为副省级城市")
    reasons = list(book["不符合原因"].iter_rows(values_only=True))
    assert ("某职业技术学院", "国家知识产权示范高校", "B2") in {(r[2], r[3], r[4]) for r in reasons}


def test_screen_of_the_2023_programme_and_a_bad_roster(ws: Workspace, tmp_path: Path) -> None:
    cycle = open_2023(ws)
    result = eligibility.screen(ws, cycle, write_csv(tmp_path / "r.csv", HEADER, *ROSTER[:3]))
    assert result.categories == ["demo-city", "demo-county", "pilot-city", "pilot-county"]
    assert all(o.eligible == [] for o in result.organisations)  # no pilot list, no provincial standard
    bad = write_csv(tmp_path / "bad.csv", HEADER, ROSTER[0], "某公司,company,320583,914403001922038217,llc,,,,")
    with pytest.raises(BadInput, match="第3行“uscc”列"):
        eligibility.screen(ws, cycle, bad)


def test_the_check_command_prints_the_promised_json(cli, tmp_path: Path) -> None:
    run = cli
    run("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025")
    out = json.loads(
        run("eligibility", "check", "--cycle", "1", "--category", "county", "--division", "320583", "--json").stdout
    )
    assert out["eligible"] is True
    assert [set(v) for v in out["verdicts"]] == [{"rule", "ok", "reason_zh", "reason_en"}] * 3
    assert [v["rule"] for v in out["verdicts"]] == ["B2", "B2", "B5"]
    no = json.loads(
        run("eligibility", "check", "--cycle", "1", "--category", "city", "--division", "320583", "--json").stdout
    )
    assert no["eligible"] is False and "昆山市为县级市" in no["verdicts"][1]["reason_zh"]
    text = run("eligibility", "check", "--cycle", "1", "--category", "city", "--division", "320583").stdout
    assert "NOT eligible" in text and "✗ [B2]" in text
    assert (
        "--org: 请填写申报单位或行政区划代码，二者择一"
        in run("eligibility", "check", "--cycle", "1", "--category", "city", expect=2).stderr
    )
    roster = write_csv(tmp_path / "roster.csv", HEADER, *ROSTER)
    screened = run("eligibility", "screen", "--cycle", "1", "--roster", str(roster), "--xlsx", "m.xlsx")
    assert "matrix written to m.xlsx" in screened.stdout and (tmp_path / "m.xlsx").exists()
