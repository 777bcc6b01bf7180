"""Organisation rosters: the template, all-or-nothing imports that name row and column, re-imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from stdnum.cn import uscc as stdnum_uscc

from engine.kernel.errors import BadInput
from engine.services.reference import organisations, roster
from engine.store.workspace import Workspace
from tests.support.cli import Ran, run_cli
from tests.support.eligibility_support import make_uscc

HEADER = "name,kind,division_code,uscc,entity_form,education_level,park_level,founder,email"
GOOD_ROWS = [
    "昆山市人民政府,government,320583,,,,,,ks@example.cn",
    "华为技术有限公司,company,440307,914403001922038216,llc,,,,",
    "清华大学,university,110108,12100000400000624D,,undergraduate,,,",
    "苏州工业园区管理委员会,park,320500," + make_uscc("11320500", "MB1A0001") + ",,,national,,",
    "江苏省产业技术研究院,institute,320100," + make_uscc("12320000", "MB1A0002") + ",,,,local-government,",
]


def write(path: Path, *rows: str, encoding: str = "utf-8") -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding=encoding)
    return path


def count(ws: Workspace) -> int:
    return len(organisations.list_organisations(ws))


def test_import_then_reimport_changes_nothing(ws: Workspace, tmp_path: Path) -> None:
    f = write(tmp_path / "roster.csv", *GOOD_ROWS)
    first = roster.import_roster(ws, f)
    assert [c.row for c in first.created] == [2, 3, 4, 5, 6]
    assert first.created[3].attributes == {"park_level": "national"}
    again = roster.import_roster(ws, f)
    assert (again.created, again.updated, again.unchanged) == ([], [], 5)
    assert count(ws) == 5


def test_a_corrected_roster_updates_in_place(ws: Workspace, tmp_path: Path) -> None:
    roster.import_roster(ws, write(tmp_path / "a.csv", *GOOD_ROWS))
    fixed = [GOOD_ROWS[0].replace("ks@example.cn", "ipo@ks.gov.cn"), GOOD_ROWS[1].replace(",llc,", ",jsc,")]
    result = roster.import_roster(ws, write(tmp_path / "b.csv", *fixed))
    assert [(u.row, u.changed) for u in result.updated] == [(2, ["email"]), (3, ["attributes"])]
    assert count(ws) == 5


def test_a_government_is_matched_by_its_division_code(ws: Workspace, tmp_path: Path) -> None:
    organisations.add_organisation(ws, "昆山市政府", "government", "320583")
    result = roster.import_roster(ws, write(tmp_path / "r.csv", GOOD_ROWS[0]))
    assert result.updated[0].changed == ["email", "name"] and count(ws) == 1


def test_a_roster_with_blank_cells_erases_nothing(ws: Workspace, tmp_path: Path) -> None:
    roster.import_roster(ws, write(tmp_path / "full.csv", *GOOD_ROWS))
    before = organisations.list_organisations(ws)
    blanks = [
        "昆山市人民政府,government,320583,,,,,,",  # no e-mail this time
        "华为技术有限公司,company,,914403001922038216,llc,,,,",  # no division this time
    ]
    result = roster.import_roster(ws, write(tmp_path / "partial.csv", *blanks))
    assert (result.updated, result.unchanged) == ([], 2)
    assert organisations.list_organisations(ws) == before


def test_a_government_row_with_and_without_a_uscc_is_one_government(ws: Workspace, tmp_path: Path) -> None:
    with_uscc = "昆山市人民政府,government,320583," + make_uscc("11320583", "MB1A0003") + ",,,,,"
    with pytest.raises(BadInput, match="第3行.*320583 已在第2行出现"):
        roster.import_roster(ws, write(tmp_path / "twice.csv", GOOD_ROWS[0], with_uscc))
    roster.import_roster(ws, write(tmp_path / "a.csv", GOOD_ROWS[0]))
    result = roster.import_roster(ws, write(tmp_path / "b.csv", with_uscc))
    assert result.updated[0].changed == ["uscc"] and count(ws) == 1


def test_bad_rows_are_named_and_nothing_is_imported(ws: Workspace, tmp_path: Path) -> None:
    bad_check = "914403001922038217"
    body = "91320583MA1XXXXY"  # organisation code whose own check character is wrong, 18th character right
    bad_org_code = body + "0" + stdnum_uscc.calc_check_digit(body + "0")
    f = write(
        tmp_path / "bad.csv",
        *GOOD_ROWS[:2],
        f"某公司,company,320583,{bad_check},llc,,,,",
        "某局,club,320583,,,,,,",
        "某县人民政府,government,320571,,,,,,",
        "某合伙企业,company,320583," + make_uscc("91320583", "MA1A0009") + ",,,,,",
        "华为技术有限公司（重复）,company,440307,914403001922038216,llc,,,,",
        "某事业单位,company,320583,12100000400000624D,llc,,,,",
        f"某校验错误公司,company,320583,{bad_org_code},llc,,,,",
        "某县,government,,,,,,,not-an-address",
    )
    with pytest.raises(BadInput) as exc:
        roster.import_roster(ws, f)
    text = str(exc.value)
    assert "有 9 处问题，未导入任何内容" in text
    for expected in (
        "第4行“uscc”列：校验码（第18位）不符",
        "第5行“kind”列：'club' 不是可选的单位类型",
        "第6行“division_code”列：320571 不在行政区划代码数据（2025-11）中；是否在苏州市（320500）？",
        "第7行“entity_form”列：企业须填写以下之一",
        "第8行“uscc”列：914403001922038216 已在第3行出现",
        "第9行“uscc”列：12100000400000624D 登记为事业单位，不是企业",
        "第10行“uscc”列：第9至17位（组织机构代码）的校验码不符",
        "第11行“division_code”列：人民政府须填写行政区划代码",
        "第11行“email”列：'not-an-address' 不是有效的电子邮箱",
    ):
        assert expected in text, expected
    assert count(ws) == 0


def test_missing_and_unknown_columns(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "cols.csv"
    f.write_text("name,kind,region\n某,company,江苏\n", encoding="utf-8")
    with pytest.raises(BadInput, match="第1行：无法识别的列：region"):
        roster.import_roster(ws, f)


def test_xlsx_with_numeric_cells_and_a_gbk_csv(ws: Workspace, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["宁波市人民政府", "government", 330200, None, None, None, None, None, "nb@example.cn"])
    sheet.append(["浙江大学", "university", 330106.0, "12100000470095016Q", None, "undergraduate", None, None, None])
    book.save(tmp_path / "r.xlsx")
    assert len(roster.import_roster(ws, tmp_path / "r.xlsx").created) == 2
    gbk = write(tmp_path / "gbk.csv", GOOD_ROWS[0], encoding="gb18030")
    assert roster.import_roster(ws, gbk).created[0].name == "昆山市人民政府"
    assert count(ws) == 3


HEADER_ZH = "单位名称,单位类型,行政区划代码,统一社会信用代码,企业组织形式,办学层次,园区级别,设立主体,联系邮箱"


def test_templates_are_chinese_and_read_back(ws: Workspace, tmp_path: Path) -> None:
    roster.write_template(tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text("utf-8-sig").strip() == HEADER_ZH
    roster.write_template(tmp_path / "t.xlsx")
    book = load_workbook(tmp_path / "t.xlsx")
    sheet = book["申报单位名录"]
    assert [c.value for c in sheet[1]] == HEADER_ZH.split(",")
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert "人民政府" in lists["B"] and "有限责任公司" in lists["E"] and "government" not in lists["B"]
    assert sheet["C2"].number_format == "@"  # a division code typed in keeps its digits
    assert book["填写说明"]["A2"].value == "单位名称"
    sheet["A2"], sheet["B2"], sheet["C2"] = "昆山市人民政府", "人民政府", "320583"  # picked from the lists
    sheet["A3"], sheet["B3"], sheet["C3"] = "华为技术有限公司", "企业", "440307"
    sheet["D3"], sheet["E3"] = "914403001922038216", "有限责任公司"
    book.save(tmp_path / "filled.xlsx")
    created = roster.import_roster(ws, tmp_path / "filled.xlsx").created
    assert [(c.kind, c.attributes) for c in created] == [("government", {}), ("company", {"entity_form": "llc"})]
    old = write(tmp_path / "old.csv", "某县人民政府,government,320582,,,,,,")  # the old English headers still read
    assert roster.import_roster(ws, old).created[0].kind == "government"


def test_org_add_checks_codes(ws: Workspace) -> None:
    with pytest.raises(BadInput, match="校验码") as bad_uscc:
        organisations.add_organisation(ws, "某公司", "company", "320583", "914403001922038217")
    assert bad_uscc.value.field == "uscc"
    with pytest.raises(BadInput, match="999999 不在行政区划代码数据") as bad_division:
        organisations.add_organisation(ws, "某县", "government", "999999")
    assert bad_division.value.field == "division"
    ok = organisations.add_organisation(ws, "华为", "company", "440307", "9144 0300 1922 0382 16")
    assert ok.uscc == "914403001922038216"


def test_the_cli_imports_and_reports_rows(tmp_path: Path) -> None:
    env = {"IPCYCLE_DB": str(tmp_path / "cli.db"), "IPCYCLE_NOW": "2025-09-15T10:00"}

    def run(*args: str) -> Ran:
        return run_cli(*args, env=env, cwd=tmp_path)

    assert run("init").returncode == 0
    assert run("org", "template", "blank.xlsx").returncode == 0 and (tmp_path / "blank.xlsx").exists()
    bad = run(
        "org",
        "import",
        "--as",
        "national",
        str(write(tmp_path / "bad.csv", "某公司,company,320583,914403001922038217,llc,,,,")),
    )
    assert bad.returncode == 2 and "第2行“uscc”列" in bad.stderr
    good = run("org", "import", "--as", "national", str(write(tmp_path / "good.csv", *GOOD_ROWS)))
    assert good.returncode == 0 and "5 row(s): 5 created, 0 updated, 0 unchanged" in good.stdout
