"""The 2021 TISC call (D1–D6): two phases with their deadlines and themes, no resubmission, the
province's review and forwarding, and the minimums reported before each deadline."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.cases.check import check_case
from engine.services.cases.minimums import ProvinceShortfall, case_minimums
from engine.services.cases.submission import submit_case
from engine.services.programmes import cycles, progress
from engine.services.programmes.programme_definitions import load_programmes
from policies.reference.textlength import count_zi
from tests.support.casehelpers import (
    SME_CASE,
    SME_OTHER_CASE,
    body,
    edited_copy,
    open_tisc,
    stamped,
    submitter,
    write_case,
)
from tests.support.paths import REPO

JIANGSU = Actor(Role.PROVINCE, "320000")
PHASE_2_THEME = "服务科研团队创新研发"


@pytest.fixture
def cycle(ws, clock) -> int:
    return open_tisc(ws, clock)


@pytest.fixture
def centre(ws) -> Actor:
    return submitter(ws, "南京理工大学国家知识产权信息服务中心", "university-centre", "320102")


def tisc_case(tmp_path: Path, seed: int, name: str, **kw: Any) -> Path:
    return write_case(tmp_path, seed, name=name, region=None, abstract=None, contact=None, **kw)


def test_phase_one_takes_its_single_theme_and_goes_through_the_province(ws, cycle, centre, tmp_path: Path) -> None:
    done = submit_case(ws, cycle, centre, tisc_case(tmp_path, 1, "助力中小企业专利导航"), phase=1)
    assert (done.category, done.theme, done.province) == (
        "phase-1",
        "知识产权和中小企业——把创意推向市场",
        "320000",
    )
    stamped(ws, done.id, centre, "case-form")  # D6: the centre's stamped 案例报送表
    assert stage_moves.fire(ws, done.id, "review", JIANGSU).stage == "reviewed"
    stamped(ws, done.id, JIANGSU, "summary-table")  # D6: the province's stamped 汇总表
    with pytest.raises(Refused):  # another province cannot forward it
        stage_moves.fire(ws, done.id, "forward", Actor(Role.PROVINCE, "330000"))
    assert stage_moves.fire(ws, done.id, "forward", JIANGSU).stage == "forwarded"


def test_a_phase_two_case_with_a_theme_not_in_the_list_is_refused(ws, cycle, centre, tmp_path: Path) -> None:
    path = tisc_case(tmp_path, 1, "服务专精特新企业")
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, centre, path, phase=2, theme="服务乡村振兴")
    (d4,) = refused.value.failed()
    assert d4.rule_id == "D4" and "“服务乡村振兴”不在本阶段主题" in d4.reason_zh and PHASE_2_THEME in d4.reason_zh
    with pytest.raises(Refused, match="refused") as refused:
        submit_case(ws, cycle, centre, path, phase=2)
    assert "no theme given" in refused.value.failed()[0].reason_en
    assert submit_case(ws, cycle, centre, path, phase=2, theme=PHASE_2_THEME).theme == PHASE_2_THEME


def test_each_phase_closes_on_its_own_date(ws, cycle, centre, clock, tmp_path: Path) -> None:
    clock.set(datetime(2021, 3, 27, 9))
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, centre, tisc_case(tmp_path, 1, "迟到的第一阶段案例"), phase=1)
    assert [v.rule_id for v in refused.value.failed()] == ["D4"] and "2021-03-26" in str(refused.value.failed())
    assert submit_case(ws, cycle, centre, tisc_case(tmp_path, 2, "第二阶段案例"), phase=2, theme=PHASE_2_THEME)


def test_the_tisc_length_limit_and_a_text_without_the_template(ws, cycle, centre, tmp_path: Path) -> None:
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, centre, tisc_case(tmp_path, 1, "过长的案例", practices=700), phase=1)
    assert (
        refused.value.failed()[0].rule_id == "D3"
        and "全文1530字，超过上限1500字" in refused.value.failed()[0].reason_zh
    )
    free = tmp_path / "free.txt"
    free.write_text(
        f"案例名称：专利信息助力企业出海\n案例时间：2020年至今\n专利信息助力企业出海\n{body(600, 7)}\n{body(300, 8)}\n",
        "utf-8",
    )
    done = submit_case(ws, cycle, centre, free, phase=1)
    assert done.name == "专利信息助力企业出海" and done.length.total == 900


def test_a_case_submitted_before_is_refused_naming_the_earlier_one(ws, cycle, centre, tmp_path: Path) -> None:
    first = submit_case(ws, cycle, centre, tisc_case(tmp_path, 1, "助力中小企业专利导航"), phase=1)
    same_title = tisc_case(tmp_path, 2, "助力中小企业 专利导航！")  # same title once spaces and marks go
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, centre, same_title, phase=2, theme=PHASE_2_THEME)
    (d2,) = refused.value.failed()
    assert d2.rule_id == "D2" and "案例名称相同" in d2.reason_zh
    assert f"2021年“第一阶段案例（知识产权和中小企业）”第{first.id}号申报《助力中小企业专利导航》" in d2.reason_zh
    assert "南京理工大学" in d2.reason_zh
    retitled = tisc_case(tmp_path, 1, "换个名字的同一案例")  # seed 1 again: the same text under a new title
    with pytest.raises(Refused, match="refused") as refused:
        submit_case(ws, cycle, centre, retitled, phase=2, theme=PHASE_2_THEME)
    assert "正文基本相同" in refused.value.failed()[0].reason_zh
    other = submit_case(ws, cycle, centre, tisc_case(tmp_path, 3, "另一个案例"), phase=2, theme=PHASE_2_THEME)
    assert other.stage == "submitted"


def free_case(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.txt"
    path.write_text(f"案例名称：{name}\n案例时间：2021年\n{name}\n{text}\n", "utf-8")
    return path


def test_an_edited_copy_is_caught_and_a_case_on_the_same_topic_is_not(ws, cycle, centre, tmp_path: Path) -> None:
    first = submit_case(ws, cycle, centre, free_case(tmp_path, "专利导航助力电池材料企业", SME_CASE), phase=1)
    touched_up = free_case(tmp_path, "专利信息服务新能源企业", edited_copy(SME_CASE))  # one 字 in 20 changed
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, centre, touched_up, phase=2, theme=PHASE_2_THEME)
    (d2,) = refused.value.failed()
    assert "正文基本相同" in d2.reason_zh and f"第{first.id}号申报《专利导航助力电池材料企业》" in d2.reason_zh
    other = free_case(tmp_path, "信息服务进园区助力企业出海", SME_OTHER_CASE)  # same topic, another case
    assert submit_case(ws, cycle, centre, other, phase=2, theme=PHASE_2_THEME).stage == "submitted"


def test_a_phase_two_label_reads_as_chinese(ws, cycle, centre, tmp_path: Path) -> None:
    first = submit_case(ws, cycle, centre, tisc_case(tmp_path, 1, "服务科研团队"), phase=2, theme=PHASE_2_THEME)
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, centre, tisc_case(tmp_path, 2, "服务科研团队"), phase=2, theme=PHASE_2_THEME)
    reason = refused.value.failed()[0].reason_zh
    assert f"2021年“第二阶段案例”第{first.id}号申报《服务科研团队》" in reason and "案例案例" not in reason


def test_a_theme_is_matched_as_a_reader_would_and_recorded_as_listed(ws, cycle, centre, tmp_path: Path) -> None:
    loose = "\u3000服务科研团队 创新研发 "  # an ideographic space in front, a space inside
    done = submit_case(ws, cycle, centre, tisc_case(tmp_path, 1, "科研团队服务"), phase=2, theme=loose)
    assert done.theme == PHASE_2_THEME


def test_a_centre_without_a_division_is_told_so_not_stuck(ws, cycle, tmp_path: Path) -> None:
    nowhere = submitter(ws, "某技术与创新支持中心", "tisc")  # no division: no province could review it
    with pytest.raises(BadInput, match="has no division code.*review") as err:
        submit_case(ws, cycle, nowhere, tisc_case(tmp_path, 1, "无处报送的案例"), phase=1)
    assert "record its division" in str(err.value)
    assert progress.status(ws, cycle).total == 0


def test_a_case_of_an_earlier_cycle_is_not_submitted_again(ws, clock, tmp_path: Path) -> None:
    text = (
        (REPO / "workflows" / "tisc-cases.yaml")
        .read_text("utf-8")
        .replace("editions: [2021]", "editions: [2021, 2022]")
    )
    (tmp_path / "defs").mkdir()
    (tmp_path / "defs" / "tisc-cases.yaml").write_text(text, "utf-8")
    load_programmes(ws, [tmp_path / "defs" / "tisc-cases.yaml"])
    centre = submitter(ws, "江苏省技术与创新支持中心", "tisc", "320106")
    earlier = open_tisc(ws, clock, 2021)
    submit_case(ws, earlier, centre, tisc_case(tmp_path, 1, "知识产权信息服务进园区"), phase=1)
    later = open_tisc(ws, clock, 2022)
    with pytest.raises(Refused) as refused:
        submit_case(ws, later, centre, tisc_case(tmp_path, 1, "知识产权信息服务进园区"), phase=1)
    assert "2021年“第一阶段案例（知识产权和中小企业）”" in refused.value.failed()[0].reason_zh
    assert cycles.show_cycle(ws, later).edition == 2022 and progress.status(ws, later).total == 0


def test_a_province_below_a_minimum_is_reported_before_the_deadline(ws, cycle, centre, clock, tmp_path: Path) -> None:
    second = submitter(ws, "江苏省技术与创新支持中心", "tisc", "320106")
    ids = [
        submit_case(ws, cycle, who, tisc_case(tmp_path, seed, f"第{seed}个案例"), phase=1).id
        for seed, who in ((1, centre), (2, second), (3, second))
    ]
    for app_id, who in zip(ids[:2], (centre, second), strict=True):
        stamped(ws, app_id, who, "case-form")
        stage_moves.fire(ws, app_id, "review", JIANGSU)
    stamped(ws, ids[0], JIANGSU, "summary-table")
    stage_moves.fire(ws, ids[0], "forward", JIANGSU)
    clock.set(datetime(2021, 3, 22, 9))
    report = case_minimums(ws, cycle)
    phase_1 = next(r for r in report.requirements if r.per == "province" and r.phase == 1)
    assert (phase_1.due, phase_1.milestone, phase_1.open) == (date(2021, 3, 26), "phase-1", True)
    jiangsu = next(e for e in phase_1.entries if e.province == "320000")
    assert (jiangsu.count, jiangsu.missing) == (1, 1)  # one forwarded; a reviewed one does not count yet
    assert len(phase_1.entries) == 32  # every provincial office, the XPCC's included
    short = [s for s in report.shortfalls if isinstance(s, ProvinceShortfall) and s.province == "320000"]
    assert [(s.phase, s.missing) for s in short] == [(1, 1), (2, 2)]
    per_centre = {s.name: s.missing for s in report.shortfalls if s.per == "submitter"}
    assert per_centre == {"南京理工大学国家知识产权信息服务中心": 1}  # the second centre has its two
    centre_rule = next(r for r in report.requirements if r.per == "submitter")
    assert (centre_rule.phase, centre_rule.due) == (None, date(2021, 6, 25))  # over both phases


def test_the_check_of_a_free_text_reports_the_whole_text_not_a_section(ws, cycle, tmp_path: Path) -> None:
    report = check_case(ws, cycle, free_case(tmp_path, "专利导航助力电池材料企业", SME_CASE), phase=1)
    assert report.ok and [r.label for r in report.lengths] == ["全文", "案例名称"]
    assert report.lengths[0].zi == count_zi(SME_CASE) and report.lengths[0].max == 1500


def test_another_submitters_earlier_case_is_named_only_to_the_national_office(
    ws, cycle, centre, tmp_path: Path
) -> None:
    submit_case(ws, cycle, centre, tisc_case(tmp_path, 1, "助力中小企业专利导航"), phase=1)
    other = submitter(ws, "江苏省技术与创新支持中心", "tisc", "320106")
    copied = tisc_case(tmp_path, 2, "助力中小企业专利导航")
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, other, copied, phase=2, theme=PHASE_2_THEME)
    (d2,) = refused.value.failed()
    assert d2.rule_id == "D2" and "另一单位报送的案例" in d2.reason_zh  # the applicant learns one exists …
    for secret in ("南京理工大学", "《助力中小企业专利导航》", "申报"):  # … not whose, nor under what name
        assert secret not in d2.reason_zh.replace("另一单位报送的案例", "")
    assert "南京理工大学" not in d2.reason_en and "another submitter" in d2.reason_en
    operator = check_case(ws, cycle, copied, 2, PHASE_2_THEME)  # a check for no submitter: the national desk's
    national = [v for v in operator.verdicts if v.rule_id == "D2"]
    assert national and "南京理工大学" in national[0].reason_zh  # the national office sees the details
