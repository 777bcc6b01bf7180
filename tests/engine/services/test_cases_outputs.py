"""What case calls hand out: the .xlsx tables (C4, D6), the published list (C8) and its round trip,
and the check of a published list (the real seed 002) against a cycle's form rules."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from engine.definition.model import Role
from engine.files.published import read_published
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves, trail
from engine.services.cases.export import export_cases
from engine.services.cases.publish import FormLengthBreach, check_published, import_published, publish_cases
from engine.services.cases.submission import submit_case
from engine.services.reference import contacts
from tests.support.casehelpers import (
    NATIONAL,
    open_tisc,
    open_typical,
    provincial_office,
    stamped,
    submitter,
    write_case,
)
from tests.support.paths import SEEDS

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
    for case, who in zip(cases, (jiangsu, jiangsu, unit), strict=True):  # C6: the stamped papers, as scans
        stamped(ws, case.id, who, "case-text", "application-form")
    return {"cycle": cycle, "jiangsu": jiangsu, "unit": unit, "cases": cases}


def sheet_rows(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


def test_a_submitter_exports_its_application_form(ws, typical, tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    done = export_cases(ws, typical["cycle"], typical["jiangsu"], out, "form")
    assert done.rows == 2
    rows = sheet_rows(out)
    assert rows[0][0] == "知识产权强国建设典型案例申报表"
    assert rows[1][0].startswith("报送单位（加盖印章）：江苏")
    assert rows[2][:5] == ("序号", "案例地区", "案例名称", "案例摘要", "案例联系人及联系方式")
    assert rows[3][:3] == (1, "江苏省苏州市昆山市", "昆山市打造知识产权强县建设样板")
    assert rows[4][:3] == (2, "江苏省苏州市", "苏州市数据知识产权登记")
    notes = [r[0] for r in rows[5:] if r[0]]  # 000's 填写说明, as the definition gives them
    assert notes[0] == "填写说明：1．报送案例的地区请按照行政区划规范填写；" and "不超过25个字" in notes[1]
    assert rows[1][0].endswith("报送人及联系方式：")  # Jiangsu's office has recorded no contact of its own
    mine = export_cases(ws, typical["cycle"], typical["unit"], tmp_path / "unit.xlsx")
    assert mine.table == "form" and sheet_rows(tmp_path / "unit.xlsx")[3][2] == "文物数字化授权运营"


def test_the_national_office_exports_every_submission(ws, typical, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    assert export_cases(ws, typical["cycle"], NATIONAL, out).rows == 3
    rows = sheet_rows(out)
    header = rows[2]
    by_col = [dict(zip(header, r, strict=False)) for r in rows[3:]]
    assert [r["省份"] for r in by_col] == ["（直报）", "江苏省", "江苏省"]  # member units first, as in 002
    assert by_col[1]["字数"] == 1280 and by_col[1]["状态"] == "已报送联席会议办公室"
    assert by_col[0]["单位类型"] == "联席会议成员单位"


def test_a_province_exports_its_summary_table(ws, clock, tmp_path: Path) -> None:
    cycle = open_tisc(ws, clock)
    provincial_office(ws)
    jiangsu = Actor(Role.PROVINCE, "320000")
    ours = submitter(ws, "南京理工大学国家知识产权信息服务中心", "university-centre", "320102")
    theirs = submitter(ws, "浙江省技术与创新支持中心", "tisc", "330106")
    done = {}
    for seed, who, phase in ((1, ours, 1), (2, theirs, 1), (3, ours, 1), (4, ours, 2)):
        path = write_case(tmp_path, seed, name=f"案例{seed}", region=None, abstract=None, contact=None)
        theme = None if phase == 1 else "支撑产业发展"
        done[seed] = submit_case(ws, cycle, who, path, phase=phase, theme=theme).id
    for seed in (1, 3, 4):
        stamped(ws, done[seed], ours, "case-form")  # D6: the centre's stamped 案例报送表
        stage_moves.fire(ws, done[seed], "review", jiangsu)
    stage_moves.fire(ws, done[3], "decline", jiangsu)  # declined: not on the table the province files
    out = tmp_path / "summary.xlsx"
    summary = export_cases(ws, cycle, jiangsu, out, phase=1)
    assert (summary.table, summary.rows, summary.title) == ("summary", 1, "案例汇总表（第1阶段）")
    rows = sheet_rows(out)
    assert rows[0][0] == "案例汇总表（第1阶段）" and rows[1][0] == "报送单位（盖章）：江苏省知识产权局"
    record = dict(zip(rows[2], rows[3], strict=False))
    assert record["报送单位"].startswith("南京理工大学") and record["阶段"] == "第1阶段"
    assert record["案例主题"] == "知识产权和中小企业——把创意推向市场" and record["状态"] == "省级审核通过"
    both = export_cases(ws, cycle, jiangsu, tmp_path / "both.xlsx")  # without --phase: both phases
    assert both.rows == 2 and [r[2] for r in sheet_rows(tmp_path / "both.xlsx")[3:]] == ["第1阶段", "第2阶段"]
    form = export_cases(ws, cycle, ours, tmp_path / "form.xlsx")  # a TISC form carries no 000 notes
    assert form.rows == 3 and not any("填写说明" in str(r[0]) for r in sheet_rows(tmp_path / "form.xlsx"))


def test_an_export_outside_the_actor_s_tables_is_bad_input(ws, typical, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="exports form, not all") as other_table:
        export_cases(ws, typical["cycle"], typical["unit"], tmp_path / "x.xlsx", "all")
    assert other_table.value.field == "table"
    with pytest.raises(BadInput, match=r"\.xlsx"):
        export_cases(ws, typical["cycle"], NATIONAL, tmp_path / "x.csv")
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_publish_then_import_published_round_trip(ws, typical, tmp_path: Path, fmt: str) -> None:
    first, second, museum = typical["cases"]
    for case in (museum, second):
        stage_moves.fire(ws, case.id, "select", NATIONAL)
    stage_moves.fire(ws, first.id, "reject", NATIONAL)
    out = tmp_path / f"list.{fmt}"
    done = publish_cases(ws, typical["cycle"], fmt, out)
    assert done.title == "知识产权强国建设第三批典型案例"
    assert [c.name for c in done.cases] == ["文物数字化授权运营", "苏州市数据知识产权登记"]
    assert sorted(done.moved_to_published) == sorted([museum.id, second.id])
    assert trail.history(ws, museum.id).stage == "published"
    listing = read_published(out)
    assert listing.title == "知识产权强国建设第三批典型案例" and [c.number for c in listing.cases] == [1, 2]
    again = import_published(ws, out, "typical-cases", 2024)  # the list publish recorded
    assert (again.unchanged, again.replaced, again.linked) == (True, 0, 2)  # links to the cases kept
    assert publish_cases(ws, typical["cycle"], fmt, out).moved_to_published == []  # re-rendering moves nothing


def test_a_corrected_list_keeps_the_links_of_rows_it_did_not_change(ws, typical, tmp_path: Path) -> None:
    for case in typical["cases"][1:]:
        stage_moves.fire(ws, case.id, "select", NATIONAL)
    out = tmp_path / "list.md"
    publish_cases(ws, typical["cycle"], "md", out)
    text = out.read_text("utf-8")
    out.write_text(text.replace("| 2 | 苏州市数据知识产权登记 |", "| 2 | 苏州市数据知识产权登记制度 |"), "utf-8")
    corrected = import_published(ws, out, "typical-cases", 2024)
    assert (corrected.unchanged, corrected.replaced, corrected.linked) == (False, 2, 1)


def test_publishing_refuses_bad_output_and_other_roles_changing_nothing(ws, typical, tmp_path: Path) -> None:
    museum = typical["cases"][2]
    stage_moves.fire(ws, museum.id, "select", NATIONAL)
    with pytest.raises(BadInput, match=r"list.docx does not end in \.md") as suffix:
        publish_cases(ws, typical["cycle"], "md", tmp_path / "list.docx")
    with pytest.raises(BadInput, match="cannot write") as unwritable:
        publish_cases(ws, typical["cycle"], "html", tmp_path / "no-such-dir" / "list.html")
    assert suffix.value.field == unwritable.value.field == "out"
    with pytest.raises(Refused) as refused:
        publish_cases(ws, typical["cycle"], "md", actor=typical["jiangsu"])
    assert refused.value.failed()[0].rule_id == "ROLE"
    assert trail.history(ws, museum.id).stage == "selected"  # nothing moved


def test_publish_needs_selected_cases(ws, typical, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="本届没有可公布的案例"):
        publish_cases(ws, typical["cycle"], "md")
    with pytest.raises(BadInput, match="needs a file") as no_file:
        publish_cases(ws, typical["cycle"], "docx")
    assert no_file.value.field == "out"


def test_check_published_against_the_real_seed_002(ws, clock) -> None:
    cycle = open_typical(ws, clock)
    recorded = import_published(ws, SEED_002, "typical-cases", 2023)  # the 2nd batch: 30 cases
    assert (recorded.cases, recorded.title) == (30, "知识产权强国建设第二批典型案例")
    report = check_published(ws, 2023, cycle)
    by_number = {c.number: c for c in report.cases}
    assert sorted(by_number) == [1, 2, 3, 6, 8, 14, 19, 22, 23, 25, 26, 30]  # names over 25 字, one abstract over 200
    assert by_number[1].model_dump() == {
        "number": 1,
        "name": "国家博物馆加强知识产权保护利用，推动文博事业高质量发展",
        "violations": [{"field": "name", "limit": 25, "count": 27}],
    }
    assert FormLengthBreach(field="abstract", limit=200, count=210) in by_number[22].violations
    # “赋权+转让” counted as Word does
    assert by_number[14].violations == [FormLengthBreach(field="name", limit=25, count=35)]


def test_a_bad_published_list_names_its_line_and_records_nothing(ws, clock, tmp_path: Path) -> None:
    cycle = open_typical(ws, clock)
    bad = tmp_path / "bad.txt"
    rows = "附件\n\n序号\t案例名称\t案例摘要\n1\t甲案例\t摘要。\n"
    for extra, message in (
        ("二\t乙案例\t摘要。\n", r"bad.txt:5: column 序号: '二' is not a number"),
        ("2 乙案例 摘要。\n", r"bad.txt:5: a row must separate 序号, 案例名称 and 案例摘要 by tabs"),
        ("乙案例的一段说明。\n", r"bad.txt:5: not a row of 序号/案例名称/案例摘要"),
    ):
        bad.write_text(rows + extra, encoding="utf-8")
        with pytest.raises(BadInput, match=message):
            import_published(ws, bad, "typical-cases", 2023)
    with pytest.raises(BadInput, match="no published list of typical-cases edition 2023"):
        check_published(ws, 2023, cycle)


def test_import_published_takes_only_a_case_call_s_known_editions(ws, clock) -> None:
    open_typical(ws, clock)
    with pytest.raises(BadInput, match="demonstration-creation is not a case call"):
        import_published(ws, SEED_002, "demonstration-creation", 2025)
    with pytest.raises(BadInput, match=r"typical-cases has no edition -5 \(known: 2023, 2024\)") as edition:
        import_published(ws, SEED_002, "typical-cases", -5)
    assert edition.value.field == "edition"
    with pytest.raises(BadInput, match="titled “知识产权强国建设第二批典型案例” but edition 2024"):
        import_published(ws, SEED_002, "typical-cases", 2024)  # batch 2's list is not batch 3's


def test_a_gb18030_list_is_read(ws, clock, tmp_path: Path) -> None:
    open_typical(ws, clock)
    legacy = tmp_path / "list-gbk.txt"
    legacy.write_bytes(SEED_002.read_text("utf-8").encode("gb18030"))
    assert import_published(ws, legacy, "typical-cases", 2023).cases == 30


def test_check_published_needs_name_or_abstract_limits(ws, clock) -> None:
    open_typical(ws, clock)
    import_published(ws, SEED_002, "typical-cases", 2023)
    tisc = open_tisc(ws, clock)  # D3 limits the whole text only
    with pytest.raises(BadInput, match="sets no limit on 案例名称、案例摘要"):
        check_published(ws, 2023, tisc, "typical-cases")


def test_markup_in_a_case_s_text_prints_as_its_words_never_as_tags(ws, clock, tmp_path: Path) -> None:
    """Seed 002's own abstracts carry <b> and <p>: a 名单 and the export show the words, not the tags."""
    cycle = open_typical(ws, clock)
    jiangsu = provincial_office(ws)
    abstract = "<p>贵州省台江县以<b>“村 BA”</b>品牌赋能乡村发展，带动特色产业。</p>"
    case = submit_case(ws, cycle, jiangsu, write_case(tmp_path, 7, name="<b>贵州省台江县</b>塑造“村 BA”品牌"),
                       abstract=abstract)  # fmt: skip
    export_cases(ws, cycle, NATIONAL, tmp_path / "all.xlsx")
    cells = [str(v) for r in sheet_rows(tmp_path / "all.xlsx") for v in r if v]
    assert "贵州省台江县以“村 BA”品牌赋能乡村发展，带动特色产业。" in cells and not any("<b>" in c for c in cells)
    stamped(ws, case.id, jiangsu, "case-text", "application-form")
    stage_moves.fire(ws, case.id, "select", NATIONAL)
    published = publish_cases(ws, cycle, "docx", tmp_path / "list.docx")
    (entry,) = read_published(tmp_path / "list.docx").cases
    assert (entry.name, entry.abstract) == (
        "贵州省台江县塑造“村 BA”品牌",
        "贵州省台江县以“村 BA”品牌赋能乡村发展，带动特色产业。",
    )
    assert published.cases[0].abstract == entry.abstract


def test_the_form_names_the_reporter_from_the_units_own_contact(ws, typical, tmp_path: Path) -> None:
    """000 attachment 2 “报送人及联系方式”: taken from the contact the unit's account keeps (B11), not typed again."""
    unit = int(typical["unit"].scope)
    contacts.update_contact(ws, unit, typical["unit"], "", "010-56789012", "王五")
    export_cases(ws, typical["cycle"], typical["unit"], tmp_path / "unit.xlsx")
    assert sheet_rows(tmp_path / "unit.xlsx")[1][0].endswith("报送人及联系方式：王五 010-56789012")
