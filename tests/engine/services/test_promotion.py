"""B8 (004 §四(四): 加强对示范单位的经验总结和推广) and D7 (001 §三: 部分优秀案例将分阶段通过全国知识产权宣传周和
优秀案例发布会等多渠道宣传推广 … 向世界知识产权组织推送): a record of what was promoted, where and when."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from engine.kernel.errors import BadInput, Refused
from engine.services.applications import stage_moves
from engine.services.cases.submission import submit_case
from engine.services.national import fraud, promotion, recognition_register
from engine.services.reference import pilots
from engine.store.workspace import Workspace
from tests.support.casehelpers import NATIONAL, open_typical, provincial_office, stamped, write_case
from tests.support.eligibility_support import write_csv

KUNSHAN = "320583"


@pytest.fixture
def subjects(ws: Workspace, clock, tmp_path: Path) -> dict:  # noqa: ANN001
    """A unit recognised in 2021 (imported) and a typical case of 2024: one selected, one not."""
    listed = write_csv(tmp_path / "rec.csv", "organisation,category,year", f"{KUNSHAN},county,2021")
    pilots.import_recognitions(ws, listed, NATIONAL)
    (unit,) = recognition_register.list_recognitions(ws)
    cycle = open_typical(ws, clock)
    jiangsu = provincial_office(ws)
    chosen = submit_case(ws, cycle, jiangsu, write_case(tmp_path, 1, name="昆山市打造知识产权强县建设样板"))
    other = submit_case(ws, cycle, jiangsu, write_case(tmp_path, 2, name="苏州市数据知识产权登记"))
    stamped(ws, chosen.id, jiangsu, "case-text", "application-form")
    stage_moves.fire(ws, chosen.id, "select", NATIONAL)
    clock.set(datetime(2024, 9, 1, 10))
    return {"unit": unit.id, "case": chosen.id, "other": other.id}


def test_an_occasion_is_recorded_against_each_unit_and_case_it_covered(ws: Workspace, subjects: dict) -> None:
    done = promotion.record_promotion(ws, NATIONAL, "exchange", "2024年示范创建经验交流会", date(2024, 8, 20),
                                      recognitions=[subjects["unit"]], cases=[subjects["case"]])  # fmt: skip
    assert [e.subject_zh for e in done.entries] == [
        "示范单位 昆山市人民政府（2021年）",
        "案例《昆山市打造知识产权强县建设样板》",
    ]
    promotion.record_promotion(
        ws, NATIONAL, "wipo", "推送世界知识产权组织", date(2024, 8, 30), cases=[subjects["case"]]
    )
    of_case = promotion.promotions(ws, application=subjects["case"])
    assert [(e.kind_zh, e.held_on) for e in of_case] == [
        ("向世界知识产权组织推送", date(2024, 8, 30)),
        ("经验交流、学习互鉴活动", date(2024, 8, 20)),
    ]
    assert [e.title for e in promotion.promotions(ws, recognition=subjects["unit"])] == ["2024年示范创建经验交流会"]


def test_what_cannot_be_promoted_is_named_by_its_field_and_nothing_is_kept(ws: Workspace, subjects: dict) -> None:
    with pytest.raises(BadInput) as bad:
        promotion.record_promotion(ws, NATIONAL, "wipo", " ", date(2024, 9, 5),
                                   recognitions=[subjects["unit"]], cases=[subjects["other"]])  # fmt: skip
    fields = {e.field: e.message for e in bad.value.errors}
    assert set(fields) == {"title", "held_on", "recognitions", "cases"}
    assert (
        "尚未到来" in fields["held_on"] and "尚未入选" in fields["cases"] and "不是示范单位" in fields["recognitions"]
    )
    assert promotion.promotions(ws) == []
    with pytest.raises(Refused):
        promotion.record_promotion(ws, provincial_office(ws, "330000", "浙江省知识产权局"), "exchange", "交流",
                                   date(2024, 8, 1), recognitions=[subjects["unit"]])  # fmt: skip


def test_a_unit_whose_title_ended_is_not_promoted(ws: Workspace, subjects: dict) -> None:
    fraud.cancel_recognition(ws, subjects["unit"], NATIONAL, "申报材料弄虚作假")
    with pytest.raises(BadInput) as bad:
        promotion.record_promotion(ws, NATIONAL, "publicity-week", "2024年全国知识产权宣传周", date(2024, 4, 26),
                                   recognitions=[subjects["unit"]])  # fmt: skip
    assert "资格已终止" in bad.value.errors[0].message


def test_the_cli_records_and_lists_in_chinese(cli, tmp_path: Path) -> None:  # noqa: ANN001
    listed = write_csv(tmp_path / "rec.csv", "organisation,category,year", f"{KUNSHAN},county,2021")
    cli("recognitions", "import", str(listed), "--as", "national")
    (unit,) = json.loads(cli("recognitions", "list", "--json").stdout)
    ran = cli("promotion", "record", "--kind", "exchange", "--title", "示范创建经验交流会", "--on", "2024-05-20",
              "--recognition", str(unit["id"]), "--json")  # fmt: skip
    assert json.loads(ran.stdout)["entries"][0]["kind_zh"] == "经验交流、学习互鉴活动"
    assert "示范创建经验交流会: 示范单位 昆山市人民政府" in cli("promotion", "list").stdout
    refused = cli("promotion", "record", "--kind", "wipo", "--title", "推送", "--on", "2024-05-20",
                  "--recognition", str(unit["id"]), expect=2)  # fmt: skip
    assert "不是示范单位" in refused.stderr
