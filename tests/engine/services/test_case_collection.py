"""D7 (001 §三: 我局将对征集到的案例进行遴选，编制优秀案例集): the selected cases, in full, as one Word file."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from engine.kernel.errors import BadInput, Refused
from engine.services.applications import stage_moves
from engine.services.cases.collection import compile_collection
from engine.services.cases.submission import submit_case
from engine.store.cases import CaseRecord
from tests.support.casehelpers import NATIONAL, open_typical, provincial_office, stamped, submitter, write_case


def test_the_collection_holds_the_selected_cases_in_full_and_nothing_else(ws, clock, tmp_path: Path) -> None:  # noqa: ANN001
    cycle = open_typical(ws, clock)
    jiangsu = provincial_office(ws)
    unit = submitter(ws, "国家文物局", "member-unit")
    kunshan = submit_case(ws, cycle, jiangsu, write_case(tmp_path, 1, name="昆山市打造知识产权强县建设样板"))
    left_out = submit_case(ws, cycle, jiangsu, write_case(tmp_path, 2, name="苏州市数据知识产权登记"))
    museum = submit_case(ws, cycle, unit, write_case(tmp_path, 3, name="文物数字化授权运营", region="北京市"))
    with pytest.raises(BadInput) as none_yet:
        compile_collection(ws, cycle, NATIONAL, tmp_path / "empty.docx")
    assert none_yet.value.field == "cycle" and "尚无入选案例" in str(none_yet.value)
    for case, who in ((kunshan, jiangsu), (museum, unit)):
        stamped(ws, case.id, who, "case-text", "application-form")
        stage_moves.fire(ws, case.id, "select", NATIONAL)
    stage_moves.fire(ws, left_out.id, "reject", NATIONAL)

    out = tmp_path / "案例集.docx"
    done = compile_collection(ws, cycle, NATIONAL, out)
    assert done.title == "知识产权强国建设第三批典型案例集"
    assert [(c.name, c.submitter) for c in done.cases] == [
        ("文物数字化授权运营", "国家文物局"),  # member units (no province) first, as the published list orders them
        ("昆山市打造知识产权强县建设样板", "江苏省知识产权局"),
    ]
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    assert text[0] == "知识产权强国建设第三批典型案例集" and "目录" in text
    assert "苏州市数据知识产权登记" not in "".join(text)
    with ws.transaction() as s:
        kept = s.query(CaseRecord).filter_by(application_id=kunshan.id).one()
        sections = [kept.basic, kept.practices, kept.effects, kept.next_steps]
    body = "\n".join(line.strip("　") for line in text)
    for section in sections:  # every section of the case, as submitted
        assert section in body
    for heading in ("一、主要做法", "二、实践效果", "三、下一步工作思路"):
        assert heading in text
    assert "（江苏省知识产权局，江苏省苏州市昆山市）" in text


def test_only_the_national_office_compiles_it(ws, clock, tmp_path: Path) -> None:  # noqa: ANN001
    cycle = open_typical(ws, clock)
    with pytest.raises(Refused) as exc:
        compile_collection(ws, cycle, provincial_office(ws), io.BytesIO())
    assert exc.value.failed()[0].rule_id == "ROLE"
