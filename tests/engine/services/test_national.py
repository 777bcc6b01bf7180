"""The national side (notice 004 §四(二)–(五)): evaluation behind each selection, the published lists, the register."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.applications import dossier, stage_moves
from engine.services.applications.timers import tick
from engine.services.evaluation import indicator_sets, score_records, score_sheets
from engine.services.national import fraud, namelists, quotas, recognition_register
from engine.services.reference import organisations, pilots
from engine.store.outbox import OutboxMessage
from engine.store.workspace import Workspace
from tests.support.eligibility_support import open_2023, verdict, write_csv
from tests.support.lifecycle import drive, drive_all, new_application, open_2025, report_package

NATIONAL = Actor(Role.NATIONAL)
JIANGSU = Actor(Role.PROVINCE, "320000")
INDICATORS = """\
indicators:
  - {id: I1, name: 知识产权创造质量, weight: 40, maximum: 100}
  - {id: I2, name: 知识产权运用效益, weight: 30, maximum: 100}
  - {id: I3, name: 知识产权保护效果, weight: 30, maximum: 50}
"""
STANDARD = "thresholds:\n  - {indicator: total, minimum: 60}\n  - {indicator: I3, minimum: 20}\n"
ZHANGJIAGANG = "320582"  # a 2023 示范县 (a county-level city on the 强县 pilot list)


def rules(exc: pytest.ExceptionInfo[Refused]) -> list[str]:
    return [v.rule_id for v in exc.value.failed()]


def score_sheet(path: Path, rows: list[tuple[object, ...]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["application", "reviewer", "indicator", "score"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def scores_for(app: int, values: dict[str, tuple[float, float]]) -> list[tuple[object, ...]]:
    """Two reviewers' scores of one application: {indicator: (reviewer A, reviewer B)}."""
    return [(app, who, code, pair[i]) for code, pair in values.items() for i, who in enumerate(("专家甲", "专家乙"))]


def a_2023_demonstration_county(ws: Workspace, clock: FixedClock, tmp_path: Path) -> int:
    """张家港 through the 2023 programme to 列入示范名单 (designated): a row of the register."""
    clock.set(datetime(2023, 7, 10, 9))
    cycle = open_2023(ws)
    pilots.import_pilots(ws, write_csv(tmp_path / "p.csv", "division_code,kind,year", f"{ZHANGJIAGANG},county,2021"),
                         NATIONAL)  # fmt: skip
    quotas.import_quotas(ws, cycle, write_csv(tmp_path / "q.csv", "province_code,category,quota",
                                              "320000,demo-county,1"), NATIONAL, "附件4")  # fmt: skip
    org = organisations.add_organisation(ws, "张家港市人民政府", "government", ZHANGJIAGANG)
    me = Actor(Role.APPLICANT, str(org.id))
    app = stage_moves.apply(ws, cycle, "demo-county", org.id, me).id
    dossier.attest(ws, app, [1, 2, 3], me)
    for mid in ("government-letter", "work-report", "work-plan", "status-table"):
        (tmp_path / f"{mid}.pdf").write_bytes(b"%PDF")
        dossier.add_material(ws, app, mid, tmp_path / f"{mid}.pdf", me)
    stage_moves.fire(ws, app, "submit", me)
    for n in (1, 2, 3):
        dossier.record_finding(ws, app, n, True, None, JIANGSU)
    stage_moves.fire(ws, app, "recommend", JIANGSU)
    assert report_package(ws, cycle, "320000") == [app]  # the province's letter comes with its package (A8)
    clock.set(datetime(2023, 10, 9, 10))
    stage_moves.fire(ws, app, "select", NATIONAL)
    clock.advance(timedelta(days=10))
    tick(ws)
    clock.set(datetime(2025, 9, 12, 9))
    return app


def test_the_2025_cycle_from_indicators_to_the_register(ws: Workspace, clock: FixedClock, tmp_path: Path) -> None:
    a_2023_demonstration_county(ws, clock, tmp_path)
    huawei = organisations.add_organisation(ws, "某某示范企业有限公司", "company", "440305")
    imported = pilots.import_recognitions(
        ws, write_csv(tmp_path / "rec.csv", "organisation,category,year", f"{huawei.id},enterprise,2019"), NATIONAL
    )
    assert len(imported.created) == 1 and imported.lines[0].change == "added"

    cycle = open_2025(ws)
    (tmp_path / "ind.yaml").write_text(INDICATORS, "utf-8")
    with pytest.raises(Refused) as exc:
        indicator_sets.load_indicators(ws, cycle, tmp_path / "ind.yaml", JIANGSU)
    assert rules(exc) == ["ROLE"]
    loaded = indicator_sets.load_indicators(ws, cycle, tmp_path / "ind.yaml", NATIONAL)
    assert [line.key for line in loaded.lines] == ["I1", "I2", "I3"]

    kunshan = new_application(ws, cycle, "county")  # 江苏
    haining = new_application(ws, cycle, "county", name="海宁市人民政府", division_code="330481")  # 浙江
    ningbo = new_application(ws, cycle, "city")  # 浙江
    for app in (kunshan, haining, ningbo):  # recommended together: one provincial notice per province (B4)
        assert drive(ws, clock, app, "provincial_notice") == "provincial_notice"
    clock.advance(timedelta(days=15))
    tick(ws)
    assert report_package(ws, cycle, "320000") == [kunshan["id"]]
    assert sorted(report_package(ws, cycle, "330000")) == sorted([haining["id"], ningbo["id"]])
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, kunshan["id"], "select", NATIONAL)
    (b6,) = exc.value.failed()
    assert b6.rule_id == "B6" and "择优确定创建对象" in b6.reason_zh and "尚未录入评分" in b6.reason_zh

    sheet = score_sheet(
        tmp_path / "scores.xlsx",
        scores_for(kunshan["id"], {"I1": (90, 80), "I2": (80, 80), "I3": (40, 45)})
        + scores_for(haining["id"], {"I1": (70, 70), "I2": (60, 70), "I3": (30, 30)})
        + scores_for(ningbo["id"], {"I1": (85, 85), "I2": (75, 75), "I3": (40, 40)})[:-1],  # 专家乙 left out I3
    )
    score_sheets.import_scores(ws, cycle, sheet, NATIONAL)
    ranked = {v.application: v for v in score_records.ranking(ws, cycle)}
    assert (ranked[kunshan["id"]].rank, ranked[haining["id"]].rank) == (1, 2)
    assert ranked[kunshan["id"]].total == pytest.approx(40 * 0.85 + 30 * 0.8 + 30 * 0.85)
    assert not ranked[ningbo["id"]].complete and ranked[ningbo["id"]].missing == ["专家乙未评I3"]
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, ningbo["id"], "select", NATIONAL)
    assert "专家乙未评I3" in exc.value.failed()[0].reason_zh
    score_records.record_scores(ws, ningbo["id"], "专家乙", {"I3": "40"}, NATIONAL)
    views, indicators = score_records.ranking(ws, cycle), indicator_sets.list_indicators(ws, cycle)
    score_records.write_ranking_xlsx(ws, cycle, views, indicators, tmp_path / "rank.xlsx")
    ranking_sheet = load_workbook(tmp_path / "rank.xlsx").active
    assert [c.value for c in ranking_sheet[3]][:5] == ["序号", "排名", "申报单位", "所在省份", "类别"]
    assert ranking_sheet["C4"].value == "宁波市人民政府"  # the city category first
    assert ranking_sheet["E4"].value == "国家知识产权强市建设示范市"  # the category by its name, never its code

    for app in (kunshan, ningbo):  # by rank: the first of each category
        stage_moves.fire(ws, app["id"], "select", NATIONAL, reason="评审择优")
    stage_moves.fire(ws, haining["id"], "reject", NATIONAL)
    (selected,) = score_records.decisions(ws, kunshan["id"])
    assert (selected.decision, selected.rank, selected.ranked, selected.purpose) == ("select", 1, 2, "selection")

    with pytest.raises(Refused) as exc:
        namelists.publish_list(ws, cycle, "creation-objects", "docx", NATIONAL, tmp_path / "early.docx")
    (early,) = exc.value.failed()
    assert early.rule_id == "B6" and "创建对象公示尚未结束" in early.reason_zh and "经公示无异议后" in early.reason_zh
    assert not (tmp_path / "early.docx").exists()
    clock.advance(timedelta(days=15))
    tick(ws)

    namelists.publish_list(ws, cycle, "creation-objects", "docx", NATIONAL, tmp_path / "objects.docx")
    namelists.publish_list(ws, cycle, "creation-objects", "xlsx", NATIONAL, tmp_path / "objects.xlsx")
    word = docx.Document(str(tmp_path / "objects.docx"))
    texts = [p.text for p in word.paragraphs if p.text]
    assert texts == ["附件", "知识产权强国建设示范创建对象名单", "国知发运字〔2025〕28号",
                     "一、国家知识产权强市建设示范市", "二、国家知识产权强县建设示范县"]  # fmt: skip
    assert [[c.text for c in row.cells] for row in word.tables[1].rows] == [
        ["序号", "单位名称", "所在省份", "类别"],
        ["1", "昆山市人民政府", "江苏省", "国家知识产权强县建设示范县"],
    ]
    cells = [[c for c in row if c is not None] for row in load_workbook(tmp_path / "objects.xlsx").active.values]
    assert cells[0] == ["知识产权强国建设示范创建对象名单"] and ["序号", "单位名称", "所在省份", "类别"] in cells
    assert [1, "宁波市人民政府", "浙江省", "国家知识产权强市建设示范市"] in cells
    assert not any("海宁" in str(c) for row in cells for c in row)

    clock.set(datetime(2027, 10, 11, 10))
    for app in (kunshan, ningbo):
        stage_moves.fire(ws, app["id"], "start_acceptance", NATIONAL)
    (tmp_path / "std.yaml").write_text(STANDARD, "utf-8")
    indicator_sets.load_standard(ws, cycle, tmp_path / "std.yaml", NATIONAL)
    score_sheets.import_scores(
        ws,
        cycle,
        score_sheet(
            tmp_path / "acceptance.xlsx",
            scores_for(kunshan["id"], {"I1": (80, 80), "I2": (80, 80), "I3": (40, 40)})
            + scores_for(ningbo["id"], {"I1": (90, 90), "I2": (90, 90), "I3": (15, 15)}),
        ),
        NATIONAL,
    )
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, ningbo["id"], "pass", NATIONAL)
    (b7,) = exc.value.failed()
    assert b7.rule_id == "B7" and "I3 15 < 20" in b7.reason_zh and "验收标准" in b7.reason_zh
    score_records.record_scores(ws, ningbo["id"], "专家甲", {"I3": "30"}, NATIONAL)
    score_records.record_scores(ws, ningbo["id"], "专家乙", {"I3": "30"}, NATIONAL)
    for app in (kunshan, ningbo):
        stage_moves.fire(ws, app["id"], "pass", NATIONAL, reason="评估验收合格")
    passed = score_records.decisions(ws, kunshan["id"])[-1]
    assert (passed.decision, passed.met, passed.detail["standard"]) == ("pass", True, {"total": 60, "I3": 20})
    clock.advance(timedelta(days=15))
    tick(ws)

    units = namelists.publish_list(ws, cycle, "demonstration-units", "md", NATIONAL)
    assert units.text is not None and "## 知识产权强国建设示范单位名单" in units.text
    assert "| 1 | 昆山市人民政府 | 江苏省 | 国家知识产权强县建设示范县 |" in units.text

    rows = {(r.organisation, r.origin, r.status) for r in recognition_register.list_recognitions(ws)}
    assert rows == {
        ("张家港市人民政府", "cycle", "valid"),
        ("某某示范企业有限公司", "imported", "valid"),
        ("昆山市人民政府", "cycle", "valid"),
        ("宁波市人民政府", "cycle", "valid"),
    }
    by_name = {r.organisation: r for r in recognition_register.list_recognitions(ws)}
    assert by_name["张家港市人民政府"].source.startswith("cycle 1: city-county-pilot-demo 2023")

    # 摘牌 of the 2023 示范县 and of the imported unit, each on an effectiveness evaluation that fell short
    for name in ("张家港市人民政府", "某某示范企业有限公司"):
        unit = by_name[name].id
        with pytest.raises(Refused) as exc:
            recognition_register.revoke_recognition(ws, unit, "成效评估不达标", NATIONAL, None)
        assert rules(exc) == ["B9"] and "予以摘牌" in exc.value.failed()[0].reason_zh
        evaluation = score_records.evaluate_unit(
            ws, unit, cycle, "专家甲", {"I1": "30", "I2": "30", "I3": "10"}, NATIONAL
        )
        assert evaluation.met is False
        ended = recognition_register.revoke_recognition(ws, unit, "成效评估不达标", NATIONAL, evaluation.id)
        assert ended.recognition.status == "revoked" and ended.evaluation == evaluation.id
        with pytest.raises(Refused) as exc:
            recognition_register.revoke_recognition(ws, unit, "再次摘牌", NATIONAL, evaluation.id)
        assert rules(exc) == ["B9"]
    # each end of a recognition is told to the unit and its province, once
    from notifications.planning.register_notices import plan_register_notices

    assert plan_register_notices(ws) == 4 and plan_register_notices(ws) == 0
    with ws.transaction() as s:
        subjects = {m.recipient: m.subject for m in s.scalars(select(OutboxMessage))}
    assert "摘牌" in subjects[f"org:{by_name['某某示范企业有限公司'].organisation_id}"]
    assert "province:320000" in subjects and "province:440000" in subjects
    assert [r.organisation for r in recognition_register.list_recognitions(ws, status="revoked")] == [
        "某某示范企业有限公司",  # recognised in 2019: the register is in order of year
        "张家港市人民政府",
    ]
    # B5 reads the register: a revoked unit no longer counts as recognised (our reading: it may apply again)
    from engine.services.programmes import cycles

    nxt = cycles.open_cycle(ws, "demonstration-creation", 2028).id
    again = [v for v in verdict(ws, nxt, "county", division=ZHANGJIAGANG).verdicts if v.rule_id == "B5"]
    assert again[0].ok and "被摘牌" in again[0].reason_zh
    assert not [v for v in verdict(ws, nxt, "county", division="320583").verdicts if v.rule_id == "B5"][0].ok

    # B10 on a unit recognised here: the register row is cancelled and the application disqualified
    cancelled = fraud.cancel_recognition(ws, by_name["宁波市人民政府"].id, NATIONAL, "申报材料弄虚作假")
    assert cancelled.recognition.status == "cancelled" and cancelled.application_moved_to == "disqualified"
    with pytest.raises(Refused) as exc:
        fraud.cancel_recognition(ws, by_name["宁波市人民政府"].id, NATIONAL, "再次")
    assert rules(exc) == ["B10"] and "弄虚作假" in exc.value.failed()[0].reason_zh


def test_a_bad_score_sheet_names_row_and_column_and_imports_nothing(
    ws: Workspace, clock: FixedClock, tmp_path: Path
) -> None:
    cycle = open_2025(ws)
    (tmp_path / "ind.yaml").write_text(INDICATORS, "utf-8")
    indicator_sets.load_indicators(ws, cycle, tmp_path / "ind.yaml", NATIONAL)
    app = new_application(ws, cycle, "county")
    drive(ws, clock, app, "national_review")
    bad = score_sheet(
        tmp_path / "bad.xlsx", [(app["id"], "甲", "I1", 101), (app["id"], "甲", "I9", 5), (999, "甲", "I1", 5)]
    )
    with pytest.raises(BadInput) as exc:
        score_sheets.import_scores(ws, cycle, bad, NATIONAL)
    text = str(exc.value)
    assert "第2行“score”列" in text and "I1 的评分“101”须为 0 至 100 之间的数" in text
    assert "第3行“indicator”列" in text and "第4行“application”列" in text
    assert score_records.ranking(ws, cycle) == []
    book = Workbook()
    book.active.append(["application", "reviewer", "score"])  # type: ignore[union-attr]
    book.save(tmp_path / "short.xlsx")
    with pytest.raises(BadInput, match="第1行：缺少的列"):
        score_sheets.import_scores(ws, cycle, tmp_path / "short.xlsx", NATIONAL)


def test_reference_lists_are_the_national_offices_and_a_dry_run_changes_nothing(ws: Workspace, tmp_path) -> None:
    listed = write_csv(tmp_path / "p.csv", "division_code,kind,year", "320583,county,2021")
    with pytest.raises(Refused) as exc:
        pilots.import_pilots(ws, listed, JIANGSU)
    assert rules(exc) == ["ROLE"]
    dry = pilots.import_pilots(ws, listed, NATIONAL, dry_run=True)
    assert dry.dry_run and [line.text() for line in dry.lines] == [
        "+ 320583 county 2021: division_code=320583, name=昆山市, kind=county, year=2021"
    ]
    assert pilots.list_pilots(ws) == []
    assert len(pilots.import_pilots(ws, listed, NATIONAL).created) == 1
    again = pilots.import_pilots(ws, listed, NATIONAL)
    assert again.lines == [] and again.unchanged == 1
    rec = write_csv(tmp_path / "r.csv", "organisation,category,year", "320583,county,2021")
    dry_rec = pilots.import_recognitions(ws, rec, NATIONAL, dry_run=True)
    assert len(dry_rec.lines) == 1 and recognition_register.list_recognitions(ws) == []
    assert organisations.list_organisations(ws) == []  # the government it would register is not kept either


def test_the_commands_name_role_rule_and_row(cli, tmp_path: Path) -> None:
    """The CLI as the programme officer uses it: exit 3 with the rule, exit 2 naming the row, --dry-run."""
    cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025")
    (tmp_path / "ind.yaml").write_text(INDICATORS, "utf-8")
    refused = cli("evaluation", "indicators", str(tmp_path / "ind.yaml"), "--cycle", "1", "--as", "province:320000",
                  expect=3)  # fmt: skip
    assert "[ROLE]" in refused.stdout + refused.stderr
    dry = cli("evaluation", "indicators", str(tmp_path / "ind.yaml"), "--cycle", "1", "--as", "national", "--dry-run")
    assert "would change (dry run, nothing changed): 3 added" in dry.stdout and "+ I1:" in dry.stdout
    assert cli("evaluation", "show", "--cycle", "1").stdout.strip() == "none"
    cli("evaluation", "indicators", str(tmp_path / "ind.yaml"), "--cycle", "1", "--as", "national")
    assert "I3 知识产权保护效果: weight 30, maximum 50" in cli("evaluation", "show", "--cycle", "1").stdout
    early = cli("list", "publish", "--cycle", "1", "--kind", "creation-objects", "--format", "md", expect=3)
    assert "[B6]" in early.stdout + early.stderr and "经公示无异议后" in early.stdout + early.stderr
    pilots_file = write_csv(tmp_path / "p.csv", "division_code,kind,year", "320583,county,2021", "999999,county,x")
    bad = cli("pilots", "import", str(pilots_file), "--as", "national", expect=2)
    assert "第3行“division_code”列" in bad.stderr and "第3行“year”列" in bad.stderr
    assert cli("recognitions", "list").stdout.strip() == "none"
    unknown = cli("recognitions", "revoke", "1", "--reason", "x", "--as", "national", expect=2)
    assert "示范单位名录中没有这一项" in unknown.stderr
    log = cli("evaluation", "log", "--json").stdout
    assert '"reference": "indicators"' in log and '"by": "national"' in log


def test_the_score_sheet_lists_the_round_by_name_and_reads_back_by_uscc_or_name_and_province(
    ws: Workspace, clock: FixedClock, tmp_path: Path
) -> None:
    """The score sheet names each application as its reader knows it; filled, it is matched back by USCC and
    category (a government, which has none here, by name and province), and a row that matches no application,
    or more than one, is named by its row and column and nothing is imported."""
    cycle = open_2025(ws)
    (tmp_path / "ind.yaml").write_text(INDICATORS, "utf-8")
    indicator_sets.load_indicators(ws, cycle, tmp_path / "ind.yaml", NATIONAL)
    nanjing = new_application(ws, cycle, "county", name="鼓楼区人民政府", division_code="320106")
    fuzhou = new_application(ws, cycle, "county", name="鼓楼区人民政府", division_code="350102")
    huawei = new_application(ws, cycle, "enterprise")
    new_application(ws, cycle, "county", name="海宁市人民政府", division_code="330481")  # a draft: not in the round
    assert drive_all(ws, clock, [nanjing, fuzhou, huawei], "national_review") == ["national_review"] * 3

    path = tmp_path / "评分表.xlsx"
    assert score_sheets.write_score_sheet(ws, cycle, path).applications == 3
    header, *rows = [list(r) for r in load_workbook(path).worksheets[0].iter_rows(values_only=True)]
    assert header == ["申报单位", "统一社会信用代码", "所在省份", "类别", "评审专家",
                      "知识产权创造质量", "知识产权运用效益", "知识产权保护效果"]  # fmt: skip
    county, enterprise = "国家知识产权强县建设示范县", "国家知识产权示范企业"
    assert [r[:4] for r in rows] == [
        ["鼓楼区人民政府", None, "江苏省", county],
        ["鼓楼区人民政府", None, "福建省", county],
        ["华为技术有限公司", "914403001922038216", "广东省", enterprise],
    ]
    scores = {"江苏省": [90, 80, 40], "福建省": [60, 60, 30], "广东省": [80, 80, 40]}
    filled = [header] + [[*r[:4], "专家甲", *scores[r[2]]] for r in rows] + [[*rows[2][:4], "专家乙", 70, 70, 30]]

    def sheet(name: str, table: Sequence[Sequence[object]]) -> Path:
        book = Workbook()
        for line in table:
            book.active.append(list(line))  # type: ignore[union-attr]
        book.save(tmp_path / name)
        return tmp_path / name

    done = score_sheets.import_scores(ws, cycle, sheet("filled.xlsx", filled), NATIONAL)
    assert done.scores == 12
    totals = {v.application: (v.total, v.reviewers) for v in score_records.ranking(ws, cycle)}
    assert totals[nanjing["id"]] == (pytest.approx(40 * 0.9 + 30 * 0.8 + 30 * 0.8), ["专家甲"])
    assert totals[fuzhou["id"]][0] == pytest.approx(40 * 0.6 + 30 * 0.6 + 30 * 0.6)
    assert sorted(totals[huawei["id"]][1]) == ["专家乙", "专家甲"]

    bad = [list(line) for line in filled]
    bad[1][2] = None  # 鼓楼区 without its province: two applications answer to the name
    bad[3][1] = "91440300MA5XXXXX0X"  # a USCC no application of the round has
    bad[2][7] = 60  # above 知识产权保护效果's 50
    with pytest.raises(BadInput) as exc:
        score_sheets.import_scores(ws, cycle, sheet("bad.xlsx", bad), NATIONAL)
    text = str(exc.value)
    assert "第2行“申报单位”列：本届国家知识产权强县建设示范县中有 2 个名为“鼓楼区人民政府”的申报" in text
    assert "第4行“统一社会信用代码”列：本届国家知识产权示范企业中没有统一社会信用代码为 91440300MA5XXXXX0X" in text
    assert "第3行“知识产权保护效果”列：评分“60”须为 0 至 50 之间的数" in text
    assert {v.application: (v.total, v.reviewers) for v in score_records.ranking(ws, cycle)} == totals
