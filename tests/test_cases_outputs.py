"""What case calls hand out: the .xlsx tables (C4, D6), the published list (C8) and its round trip,
and the check of a published list (the real seed 002) against a cycle's form rules."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from casehelpers import NATIONAL, open_tisc, open_typical, provincial_office, submitter, write_case
from conftest import SEEDS

from engine import applications, reports
from engine.caseexport import export_cases
from engine.casepublish import check_published, import_published, publish_cases
from engine.cases import submit_case
from engine.definition import Role
from engine.errors import BadInput
from engine.machine import Actor
from engine.published import read_published

SEED_002 = SEEDS / "002_4864ace11762c744.txt"


@pytest.fixture
def typical(ws, clock, tmp_path: Path) -> dict:
    """A 2024 typical-case cycle: two cases of Jiangsu's office, one of a member unit."""
    cycle = open_typical(ws, clock)
    jiangsu = provincial_office(ws)
    unit = submitter(ws, "国家文物局", "member-unit")
    cases = [
        submit_case(ws, cycle, jiangsu, write_case(tmp_path, 1, name="昆山市打造知识产权强县建设样板")),
        submit_case(ws, cycle, jiangsu, write_case(tmp_path, 2, name="苏州市数据知识产权登记", region="苏州")),
        submit_case(ws, cycle, unit, write_case(tmp_path, 3, name="文物数字化授权运营", region="北京市")),
    ]
    return {"cycle": cycle, "jiangsu": jiangsu, "unit": unit, "cases": cases}


def sheet_rows(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


def test_a_submitter_exports_its_application_form(ws, typical, tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    done = export_cases(ws, typical["cycle"], typical["jiangsu"], out, "form")
    assert done["rows"] == 2
    rows = sheet_rows(out)
    assert rows[0][0] == "知识产权强国建设典型案例申报表"
    assert rows[1][0].startswith("报送单位（加盖印章）：江苏")
    assert rows[2][:5] == ("序号", "案例地区", "案例名称", "案例摘要", "案例联系人及联系方式")
    assert rows[3][:3] == (1, "江苏省苏州市昆山市", "昆山市打造知识产权强县建设样板")
    assert rows[4][:3] == (2, "江苏省苏州市", "苏州市数据知识产权登记")
    assert any(r[0] and "案例名称不超过25个字" in r[0] for r in rows[5:])  # the notes come from the limits
    mine = export_cases(ws, typical["cycle"], typical["unit"], tmp_path / "unit.xlsx")
    assert mine["table"] == "form" and sheet_rows(tmp_path / "unit.xlsx")[3][2] == "文物数字化授权运营"


def test_the_national_office_exports_every_submission(ws, typical, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    assert export_cases(ws, typical["cycle"], NATIONAL, out)["rows"] == 3
    rows = sheet_rows(out)
    header = rows[2]
    by_col = [dict(zip(header, r, strict=False)) for r in rows[3:]]
    assert [r["省份"] for r in by_col] == ["（直报）", "江苏省", "江苏省"]  # member units first, as in 002
    assert by_col[1]["字数"] == 1280 and by_col[1]["状态"] == "已报送联席会议办公室"
    assert by_col[0]["单位类型"] == "联席会议成员单位"


def test_a_province_exports_its_summary_table(ws, clock, tmp_path: Path) -> None:
    cycle = open_tisc(ws, clock)
    ours = submitter(ws, "南京理工大学国家知识产权信息服务中心", "university-centre", "320102")
    theirs = submitter(ws, "浙江省技术与创新支持中心", "tisc", "330106")
    for seed, who in ((1, ours), (2, theirs)):
        path = write_case(tmp_path, seed, name=f"案例{seed}", region=None, abstract=None, contact=None)
        submit_case(ws, cycle, who, path, phase=1)
    out = tmp_path / "summary.xlsx"
    done = export_cases(ws, cycle, Actor(Role.PROVINCE, "320000"), out)
    assert (done["table"], done["rows"]) == ("summary", 1)
    rows = sheet_rows(out)
    assert rows[0][0] == "案例汇总表" and rows[1][0] == "报送单位（加盖印章）：江苏省知识产权局"
    record = dict(zip(rows[2], rows[3], strict=False))
    assert record["报送单位"].startswith("南京理工大学") and record["阶段"] == "第1阶段"
    assert record["案例主题"] == "知识产权和中小企业——把创意推向市场" and record["状态"] == "已报送省级知识产权局"


def test_an_export_outside_the_actor_s_tables_is_bad_input(ws, typical, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="--table"):
        export_cases(ws, typical["cycle"], typical["unit"], tmp_path / "x.xlsx", "all")
    with pytest.raises(BadInput, match=r"\.xlsx"):
        export_cases(ws, typical["cycle"], NATIONAL, tmp_path / "x.csv")
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_publish_then_import_published_round_trip(ws, typical, tmp_path: Path, fmt: str) -> None:
    first, second, museum = typical["cases"]
    for case in (museum, second):
        applications.fire(ws, case["id"], "select", NATIONAL)
    applications.fire(ws, first["id"], "reject", NATIONAL)
    out = tmp_path / f"list.{fmt}"
    done = publish_cases(ws, typical["cycle"], fmt, out)
    assert done["title"] == "知识产权强国建设第三批典型案例"
    assert [c["name"] for c in done["cases"]] == ["文物数字化授权运营", "苏州市数据知识产权登记"]
    assert sorted(done["moved_to_published"]) == sorted([museum["id"], second["id"]])
    assert reports.history(ws, museum["id"])["stage"] == "published"
    listing = read_published(out)
    assert listing.title == "知识产权强国建设第三批典型案例" and [c.number for c in listing.cases] == [1, 2]
    assert import_published(ws, out, "typical-cases", 2024)["unchanged"]  # the list publish recorded
    again = import_published(ws, out, "typical-cases", 2025)
    assert (again["cases"], again["replaced"], again["unchanged"]) == (2, 0, False)
    assert publish_cases(ws, typical["cycle"], fmt, out)["moved_to_published"] == []  # re-rendering moves nothing


def test_publish_needs_selected_cases(ws, typical, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="no cases to publish"):
        publish_cases(ws, typical["cycle"], "md")
    with pytest.raises(BadInput, match="--out"):
        publish_cases(ws, typical["cycle"], "docx")


def test_check_published_against_the_real_seed_002(ws, clock) -> None:
    cycle = open_typical(ws, clock)
    recorded = import_published(ws, SEED_002, "typical-cases", 2023)  # the 2nd batch: 30 cases
    assert (recorded["cases"], recorded["title"]) == (30, "知识产权强国建设第二批典型案例")
    report = check_published(ws, 2023, cycle)
    by_number = {c["number"]: c for c in report["cases"]}
    assert sorted(by_number) == [1, 2, 3, 6, 8, 14, 19, 22, 23, 25, 26, 30]  # names over 25 字, one abstract over 200
    assert by_number[1] == {
        "number": 1,
        "name": "国家博物馆加强知识产权保护利用，推动文博事业高质量发展",
        "violations": [{"field": "name", "limit": 25, "count": 27}],
    }
    assert {"field": "abstract", "limit": 200, "count": 210} in by_number[22]["violations"]
    assert by_number[14]["violations"] == [
        {"field": "name", "limit": 25, "count": 35}
    ]  # “赋权+转让” counted as Word does


def test_a_bad_published_list_names_its_line_and_records_nothing(ws, clock, tmp_path: Path) -> None:
    cycle = open_typical(ws, clock)
    bad = tmp_path / "bad.txt"
    bad.write_text("附件\n\n序号\t案例名称\t案例摘要\n1\t甲案例\t摘要。\n二\t乙案例\t摘要。\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"bad.txt:5: column 序号: '二' is not a number"):
        import_published(ws, bad, "typical-cases", 2023)
    with pytest.raises(BadInput, match="no published list of typical-cases edition 2023"):
        check_published(ws, 2023, cycle)
