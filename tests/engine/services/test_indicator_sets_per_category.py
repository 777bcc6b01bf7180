"""B6: 「国家知识产权局根据知识产权强国建设示范评价指标（附件 3）对各省级知识产权局推荐的申报单位组织评审」 and B7:
「在知识产权强国建设示范评价指标（附件 3）基础上确定示范创建验收标准」. Attachment 3 is not in the seed and the seven
categories are as unlike as a county and a company; our reading: the cycle's set is the default, and the office may
load a set (and its standard) for one category, which that category is then scored and accepted against."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from engine.kernel.clock import FixedClock
from engine.kernel.errors import BadInput
from engine.services.evaluation import indicator_sets, score_records
from engine.services.shared.reference_audit import reference_log
from engine.store.workspace import Workspace
from tests.support.lifecycle import NATIONAL, drive_all, new_application, open_2025

CYCLE_SET = """indicators:
  - {id: I1, name: 创造质量, weight: 60, maximum: 100}
  - {id: I2, name: 保护效果, weight: 40, maximum: 100}
"""
ENTERPRISE_SET = """indicators:
  - {id: E1, name: 专利质量, weight: 70, maximum: 50}
  - {id: E2, name: 管理体系, weight: 30, maximum: 50}
"""


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_a_category_is_scored_and_accepted_against_its_own_set_and_the_others_against_the_cycles(
    ws: Workspace, clock: FixedClock, tmp_path: Path
) -> None:
    cycle = open_2025(ws)
    indicator_sets.load_indicators(ws, cycle, _file(tmp_path, "通用.yaml", CYCLE_SET), NATIONAL)
    shown = indicator_sets.load_indicators(ws, cycle, _file(tmp_path, "企业.yaml", ENTERPRISE_SET), NATIONAL,
                                           dry_run=True, category="enterprise")  # fmt: skip
    assert shown.set_title == "国家知识产权示范企业评价指标" and [ln.key for ln in shown.lines] == [
        "国家知识产权示范企业·E1", "国家知识产权示范企业·E2"
    ]  # fmt: skip
    assert indicator_sets.applied_set(ws, cycle, "enterprise").category is None  # a dry run changes nothing
    indicator_sets.load_indicators(ws, cycle, _file(tmp_path, "企业.yaml", ENTERPRISE_SET), NATIONAL,
                                   category="enterprise")  # fmt: skip
    with pytest.raises(BadInput) as unknown:
        indicator_sets.load_indicators(ws, cycle, _file(tmp_path, "x.yaml", ENTERPRISE_SET), NATIONAL, category="x")
    assert unknown.value.errors[0].field == "category" and "国家知识产权示范高校" in str(unknown.value)

    sets = {s.category: s for s in indicator_sets.indicator_sets(ws, cycle)}
    assert [i.id for i in sets["enterprise"].indicators] == ["E1", "E2"]
    assert sets["enterprise"].applies_to == ["国家知识产权示范企业"]
    assert len(sets[None].applies_to) == 6 and "国家知识产权示范企业" not in sets[None].applies_to
    assert indicator_sets.applied_set(ws, cycle, "county").title == "本届通用评价指标"

    company, county = new_application(ws, cycle, "enterprise"), new_application(ws, cycle, "county")
    assert drive_all(ws, clock, [company, county], "national_review") == ["national_review", "national_review"]
    with pytest.raises(BadInput) as wrong:  # the company is not scored on the cycle's indicators
        score_records.record_scores(ws, company["id"], "专家甲", {"I1": "90"}, NATIONAL)
    assert [e.field for e in wrong.value.errors] == ["score.I1"]
    with pytest.raises(BadInput):
        score_records.record_scores(ws, county["id"], "专家甲", {"E1": "40"}, NATIONAL)
    score_records.record_scores(ws, company["id"], "专家甲", {"E1": "40", "E2": "25"}, NATIONAL)
    score_records.record_scores(ws, county["id"], "专家甲", {"I1": "80", "I2": "50"}, NATIONAL)
    ranked = {v.application: v for v in score_records.ranking(ws, cycle)}
    assert ranked[company["id"]].full_mark == 100 and ranked[company["id"]].total == pytest.approx(70 * 0.8 + 30 * 0.5)
    assert ranked[county["id"]].total == pytest.approx(60 * 0.8 + 40 * 0.5)
    assert ranked[company["id"]].complete and ranked[company["id"]].rank == 1 == ranked[county["id"]].rank
    sheet = load_workbook(score_records.write_ranking_xlsx(ws, cycle, list(ranked.values()), None,
                                                           tmp_path / "排名.xlsx")).active  # fmt: skip
    assert sheet is not None
    head = [c.value for c in sheet[3]]
    assert set(head[5:9]) == {"专利质量", "管理体系", "创造质量", "保护效果"}  # every set's indicators
    rows = {r[2]: dict(zip(head[5:9], r[5:9], strict=True)) for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["华为技术有限公司"] == {"专利质量": 40, "管理体系": 25, "创造质量": None, "保护效果": None}
    assert rows["昆山市人民政府"] == {"专利质量": None, "管理体系": None, "创造质量": 80, "保护效果": 50}

    # each category's standard: the company meets its own (E1 ≥ 35), the county misses the cycle's (total ≥ 70)
    with pytest.raises(BadInput) as lacking:  # a category on the cycle's set takes the cycle's standard
        indicator_sets.load_standard(ws, cycle, _file(tmp_path, "园区.yaml", "thresholds: [{indicator: total, "
                                     "minimum: 60}]\n"), NATIONAL, category="park")  # fmt: skip
    assert lacking.value.errors[0].field == "category"
    with pytest.raises(BadInput):  # the company's standard names the company's indicators
        indicator_sets.load_standard(ws, cycle, _file(tmp_path, "s.yaml", "thresholds: [{indicator: I1, minimum: 1}]"),
                                     NATIONAL, category="enterprise")  # fmt: skip
    own = _file(tmp_path, "企业标准.yaml", "thresholds: [{indicator: E1, minimum: 35}]")
    indicator_sets.load_standard(ws, cycle, own, NATIONAL, category="enterprise")
    common = _file(tmp_path, "通用标准.yaml", "thresholds: [{indicator: total, minimum: 70}]")
    indicator_sets.load_standard(ws, cycle, common, NATIONAL)
    ranked = {v.application: v for v in score_records.ranking(ws, cycle)}
    assert ranked[company["id"]].met is True
    assert ranked[county["id"]].met is False and ranked[county["id"]].shortfalls == ["总分 68 < 70"]
    assert [t.indicator for t in indicator_sets.list_standard(ws, cycle, "enterprise")] == ["E1"]
    assert [t.indicator for t in indicator_sets.list_standard(ws, cycle, "county")] == ["total"]

    # a set scored against no longer changes (totals were decided on it); a set nobody was scored on still does
    for category, text in (("enterprise", ENTERPRISE_SET.replace("70", "60").replace("30", "40")),
                           (None, CYCLE_SET.replace("60", "50").replace("40", "50"))):  # fmt: skip
        with pytest.raises(BadInput) as scored:
            indicator_sets.load_indicators(ws, cycle, _file(tmp_path, "改.yaml", text), NATIONAL, category=category)
        assert "已有评分" in str(scored.value)
    university = indicator_sets.load_indicators(ws, cycle, _file(tmp_path, "高校.yaml", ENTERPRISE_SET), NATIONAL,
                                                category="university")  # fmt: skip
    assert len(university.lines) == 2
    keys = [e.line.key for e in reference_log(ws, "indicators")]
    assert keys == ["I1", "I2", "国家知识产权示范企业·E1", "国家知识产权示范企业·E2", "国家知识产权示范高校·E1",
                    "国家知识产权示范高校·E2"]  # fmt: skip
