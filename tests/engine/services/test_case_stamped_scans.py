"""C6 (000 §二: 案例内容和申报表加盖公章后…报送) and D6 (001 §四: 《案例报送表》…由所在单位盖章；
《案例汇总表》加盖公章，将…扫描件…报送): the stamped papers are on record as scans before the step relying on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.definition.model import Role
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.applications import dossier, stage_moves
from engine.services.cases.submission import submit_case
from engine.store.workspace import Workspace
from tests.support.casehelpers import (
    NATIONAL,
    open_tisc,
    open_typical,
    provincial_office,
    stamped,
    submitter,
    write_case,
)

JIANGSU = Actor(Role.PROVINCE, "320000")


def refusal(ws: Workspace, app_id: int, event: str, actor: Actor) -> str:
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app_id, event, actor)
    return " ".join(f"[{v.rule_id}] {v.reason_zh}" for v in exc.value.failed())


def test_a_typical_case_is_selected_only_with_its_stamped_text_and_form_as_scans(
    ws: Workspace,
    clock,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    cycle = open_typical(ws, clock)
    jiangsu = provincial_office(ws)
    case = submit_case(ws, cycle, jiangsu, write_case(tmp_path, 1))  # the text is submitted first
    why = refusal(ws, case.id, "select", NATIONAL)
    assert "[C6]" in why and "缺少" in why and "申报表（附件2，加盖公章）" in why
    unstamped = write_case(tmp_path, 2, ".docx")  # an editable Word file is not the stamped paper
    dossier.add_material(ws, case.id, "application-form", unstamped, jiangsu)
    stamped(ws, case.id, jiangsu, "case-text")
    why = refusal(ws, case.id, "select", NATIONAL)
    assert "须上传加盖公章后的扫描件（PDF或图片）：知识产权强国建设典型案例申报表" in why
    stamped(ws, case.id, jiangsu, "application-form")
    assert stage_moves.fire(ws, case.id, "select", NATIONAL).stage == "selected"


def test_a_tisc_case_needs_the_centres_stamped_form_and_the_provinces_stamped_summary(
    ws: Workspace,
    clock,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    cycle = open_tisc(ws, clock)
    centre = submitter(ws, "南京理工大学国家知识产权信息服务中心", "university-centre", "320102")
    path = write_case(tmp_path, 1, name="助力中小企业专利导航", region=None, abstract=None, contact=None)
    case = submit_case(ws, cycle, centre, path, phase=1)
    assert "[D6]" in refusal(ws, case.id, "review", JIANGSU) and "案例报送表" in refusal(ws, case.id, "review", JIANGSU)
    stamped(ws, case.id, centre, "case-form")
    assert stage_moves.fire(ws, case.id, "review", JIANGSU).stage == "reviewed"
    why = refusal(ws, case.id, "forward", JIANGSU)
    assert "[D6]" in why and "案例汇总表（附件3，省级知识产权局盖章）" in why
    stamped(ws, case.id, JIANGSU, "summary-table")
    assert stage_moves.fire(ws, case.id, "forward", JIANGSU).stage == "forwarded"
