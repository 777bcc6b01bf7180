"""C2/C5 of notice 000 (案例可涉及但不限于…；统筹考虑典型案例类型的广泛性) and D2 of notice 001
(征集案例时间期限为2020年至今), as a submitter and a province meet them."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.kernel.errors import Refused
from engine.services.cases import minimums
from engine.services.cases.submission import submit_case
from engine.store.workspace import Workspace
from tests.support.casehelpers import open_tisc, open_typical, provincial_office, submitter, write_case

PROTECTION = "强化知识产权保护"


def test_a_province_sending_a_second_case_of_one_type_is_warned_and_sees_its_spread(
    ws: Workspace,
    clock,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    cycle = open_typical(ws, clock)
    jiangsu = provincial_office(ws)
    first = submit_case(ws, cycle, jiangsu, write_case(tmp_path, 1), theme="强化知识产权 保护")
    assert first.theme == PROTECTION  # recorded as C5 lists it
    assert not any("广泛性" in w for w in first.warnings)
    second = submit_case(ws, cycle, jiangsu, write_case(tmp_path, 2, name="苏州知识产权快速维权"), theme=PROTECTION)
    assert second.stage == "submitted"  # a warning, never a refusal
    assert any("本地区已报送“强化知识产权保护”类型案例1个" in w and "广泛性" in w for w in second.warnings)
    third = submit_case(ws, cycle, jiangsu, write_case(tmp_path, 3, name="南京数据知识产权登记"), theme="数据知识产权")
    assert third.theme == "数据知识产权" and third.stage == "submitted"  # 不限于: a type outside the list is kept

    spread = minimums.topic_spread(ws, cycle, "320000")
    assert spread.cases == 3 and spread.repeated == [PROTECTION]
    assert {(t.topic, t.count, t.listed) for t in spread.topics} == {(PROTECTION, 2, True), ("数据知识产权", 1, False)}
    assert minimums.topic_spread(ws, cycle, "330000").cases == 0  # another province's view is its own


def test_a_member_unit_is_not_asked_for_a_spread(ws: Workspace, clock, tmp_path: Path) -> None:  # noqa: ANN001
    cycle = open_typical(ws, clock)
    unit = submitter(ws, "教育部办公厅", "member-unit")
    for seed in (1, 2):
        done = submit_case(ws, cycle, unit, write_case(tmp_path, seed, name=f"高校知识产权{seed}"), theme=PROTECTION)
        assert not any("广泛性" in w for w in done.warnings)


@pytest.mark.parametrize(
    ("period", "refused"),
    [("2020年至今", None), ("2018年—2021年", "早于2020年"), (None, "未填写案例时间")],
)
def test_a_tisc_case_must_be_from_2020_on(ws: Workspace, clock, tmp_path: Path, period, refused) -> None:  # noqa: ANN001
    cycle = open_tisc(ws, clock)
    centre = submitter(ws, "南京理工大学国家知识产权信息服务中心", "university-centre", "320102")
    path = write_case(tmp_path, 1, name="助力中小企业专利导航", period=period)
    if refused is None:
        assert submit_case(ws, cycle, centre, path, phase=1).stage == "submitted"
        return
    with pytest.raises(Refused) as exc:
        submit_case(ws, cycle, centre, path, phase=1)
    (d2,) = [v for v in exc.value.failed() if v.rule_id == "D2"]
    assert refused in d2.reason_zh and "征集案例时间期限为2020年至今" in d2.reason_zh
    assert minimums.cases_by_submitter(ws, cycle, "320000") == []  # nothing stored
    # the form's field (the CLI's --period, the page's 案例时间) fills what the file lacks
    assert submit_case(ws, cycle, centre, path, phase=1, period="2021年3月至今").stage == "submitted"
