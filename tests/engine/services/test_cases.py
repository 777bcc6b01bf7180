"""The typical-case call (C1–C7): a valid case, every length rule, the per-submitter cap, the deadline."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import BadInput, ConcurrentChange, Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves, trail
from engine.services.cases.check import check_case
from engine.services.cases.publish import import_published
from engine.services.cases.submission import CaseLength, CaseSubmitted, submit_case
from engine.services.programmes import progress
from engine.store.core import Application
from engine.store.workspace import Workspace
from tests.support.casehelpers import NATIONAL, open_typical, provincial_office, stamped, submitter, write_case
from tests.support.db import ON_POSTGRES
from tests.support.paths import SEEDS

SEED_002 = SEEDS / "002_4864ace11762c744.txt"


@pytest.fixture
def cycle(ws, clock) -> int:
    return open_typical(ws, clock)


@pytest.fixture
def jiangsu(ws):
    return provincial_office(ws)


def test_a_valid_case_is_submitted_with_its_text_region_and_audit(ws, cycle, jiangsu, tmp_path: Path) -> None:
    done = submit_case(ws, cycle, jiangsu, write_case(tmp_path, region="江苏昆山"))
    assert done.stage == "submitted"
    assert done.region == "江苏省苏州市昆山市" and done.region_code == "320583"  # C4: the standard name
    assert done.length == CaseLength(count="zi", total=1280, total_chars=1280)
    assert done.province == "320000" and done.submitter.name == "江苏省知识产权局"
    history = trail.history(ws, done.id)
    assert [(e.event, e.to) for e in history.events] == [("apply", "draft"), ("submit", "submitted")]
    rules = {v.rule_id for v in history.events[1].verdicts}
    assert {"C2", "C3", "C4", "C6"} <= rules  # every rule that let it through is on record


def test_a_case_from_a_word_file_with_the_form_as_a_table(ws, cycle, jiangsu, tmp_path: Path) -> None:
    done = submit_case(ws, cycle, jiangsu, write_case(tmp_path, suffix=".docx"))
    assert done.stage == "submitted" and done.name == "昆山市打造知识产权强县建设样板"


@pytest.mark.parametrize(
    ("change", "field", "limit", "count", "rule"),
    [
        ({"basic": 201}, "basic", 200, 201, "C3"),
        ({"practices": 501}, "practices", 500, 501, "C3"),
        ({"effects": 520}, "effects", 500, 520, "C3"),
        ({"next_steps": 301}, "next_steps", 300, 301, "C3"),
        ({"practices": 200, "effects": 200}, "total", 1000, 830, "C3"),
        ({"basic": 200, "practices": 500, "effects": 500, "next_steps": 301}, "total", 1500, 1501, "C3"),
        ({"name": "昆山市打造知识产权强县建设样板推动高质量发展再上新台阶"}, "name", 25, 27, "C4"),
        ({"abstract": 201}, "abstract", 200, 201, "C4"),
    ],
)
def test_each_limit_broken_is_refused_naming_section_limit_and_count(
    ws, cycle, jiangsu, tmp_path: Path, change: dict, field: str, limit: int, count: int, rule: str
) -> None:
    path = write_case(tmp_path, **change)
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, jiangsu, path)
    (failed,) = refused.value.failed()
    assert failed.rule_id == rule  # the template's lengths are C3, the form's name and abstract C4
    assert f"has {count}," in failed.reason_en and f"of {limit}" in failed.reason_en
    report = check_case(ws, cycle, path)  # the writer's check says the same, with the field's name
    assert not report.ok
    assert (field, limit, count) in [(v.field, v.limit, v.count) for v in report.violations]
    assert progress.status(ws, cycle).total == 0  # refused: nothing stored


def test_every_violation_is_listed_at_once(ws, cycle, jiangsu, tmp_path: Path) -> None:
    path = write_case(tmp_path, basic=260, next_steps=340, abstract=230, contact=None)
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, jiangsu, path)
    failed = [(v.rule_id, v.reason_zh) for v in refused.value.failed()]
    assert [rule for rule, _ in failed] == ["C4", "C3", "C4"]
    assert "未填写案例联系人及联系方式" in failed[0][1]
    assert "基本情况260字，超过上限200字" in failed[1][1] and "下一步工作思路340字，超过上限300字" in failed[1][1]
    assert "案例摘要230字，超过上限200字" in failed[2][1]


@pytest.mark.parametrize(
    ("given", "recorded", "code", "warned"),
    [
        ("江苏昆山", "江苏省苏州市昆山市", "320583", None),
        ("全国", "全国", None, None),
        ("江苏省、浙江省", "江苏省、浙江省", None, None),
        ("江苏，浙江宁波", "江苏省、浙江省宁波市", None, None),
        ("雄安新区", "雄安新区", None, "“雄安新区”不在行政区划数据"),
        ("苏州市工业园区", "苏州市工业园区", None, "不在行政区划数据"),
        ("朝阳区", "朝阳区", None, "可指北京市朝阳区、吉林省长春市朝阳区"),
    ],
)
def test_real_regions_are_recorded_standardised_or_as_written_with_a_warning(
    ws, cycle, jiangsu, tmp_path: Path, given: str, recorded: str, code: str | None, warned: str | None
) -> None:
    done = submit_case(ws, cycle, jiangsu, write_case(tmp_path, region=given))
    assert (done.stage, done.region, done.region_code) == ("submitted", recorded, code)
    region_warnings = [w for w in done.warnings if "案例地区" in w]
    assert (warned is None and not region_warnings) or (warned and warned in region_warnings[0])


def test_the_check_reports_both_counts(ws, cycle, tmp_path: Path) -> None:
    path = write_case(tmp_path, name="昆山市WIPO合作2024年项目")
    report = check_case(ws, cycle, path)
    assert report.ok and report.count == "zi"
    name = next(r for r in report.lengths if r.field == "name")
    assert (name.zi, name.chars, name.max) == (10, 16, 25)  # "WIPO" and "2024" are one 字 each


def test_the_fourth_case_of_one_submitter_is_refused(ws, cycle, jiangsu, tmp_path: Path) -> None:
    for seed in (1, 2, 3):
        submit_case(ws, cycle, jiangsu, write_case(tmp_path, seed, name=f"第{seed}个案例"))
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, jiangsu, write_case(tmp_path, 4, name="第4个案例"))
    (c2,) = refused.value.failed()
    assert c2.rule_id == "C2" and "江苏省已报送3个案例，每个单位不超过3个" in c2.reason_zh
    other = provincial_office(ws, "330000", "浙江省知识产权局")  # another submitter has its own three
    assert submit_case(ws, cycle, other, write_case(tmp_path, 5, name="第5个案例")).stage == "submitted"


def test_a_second_office_record_of_a_province_does_not_get_three_more(ws, cycle, jiangsu, tmp_path: Path) -> None:
    for seed in (1, 2, 3):
        submit_case(ws, cycle, jiangsu, write_case(tmp_path, seed, name=f"第{seed}个案例"))
    again = submitter(ws, "江苏省知识产权工作统筹协调机制办公室", "provincial-office", "320000")
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, again, write_case(tmp_path, 4, name="第4个案例"))
    assert [v.rule_id for v in refused.value.failed()] == ["C2"]
    unit = submitter(ws, "国家文物局", "member-unit")  # member units have no province: each has its own three
    assert submit_case(ws, cycle, unit, write_case(tmp_path, 5, name="第5个案例")).stage == "submitted"


def test_a_case_sent_before_or_already_published_is_a_warning_not_a_refusal(ws, cycle, jiangsu, tmp_path: Path) -> None:
    """C8: notice 000 does not forbid resubmitting (only 001 does, for TISC cases: D2 still refuses)."""
    first = submit_case(ws, cycle, jiangsu, write_case(tmp_path, 1))
    assert not [w for w in first.warnings if "此前已报送" in w]
    again = submit_case(ws, cycle, jiangsu, write_case(tmp_path, 1))  # the very same file again
    (warning,) = [w for w in again.warnings if "此前已报送" in w]
    assert again.stage == "submitted" and f"第{first.id}号申报《昆山市打造知识产权强县建设样板》" in warning
    import_published(ws, SEED_002, "typical-cases", 2023)  # batch 2's list (seed 002)
    from_002 = write_case(tmp_path, 2, name="江苏省南通市创新“知联侨”知识产权海外服务模式")
    checked = check_case(ws, cycle, from_002)
    assert checked.ok and any("已公布的《知识产权强国建设第二批典型案例》第9号" in w for w in checked.warnings)
    sent = submit_case(ws, cycle, jiangsu, from_002)
    (warning,) = [w for w in sent.warnings if "此前已报送/已入选" in w]
    assert "第二批" in warning and "案例名称相同" in warning


def test_a_withdrawn_case_frees_its_place(ws, cycle, jiangsu, tmp_path: Path) -> None:
    ids = [submit_case(ws, cycle, jiangsu, write_case(tmp_path, s, name=f"案例{s}")).id for s in (1, 2, 3)]
    stage_moves.fire(ws, ids[0], "withdraw", jiangsu)
    assert submit_case(ws, cycle, jiangsu, write_case(tmp_path, 4, name="案例4")).stage == "submitted"


def test_a_case_after_the_deadline_is_refused(ws, cycle, jiangsu, clock, tmp_path: Path) -> None:
    clock.set(datetime(2024, 7, 15, 23, 59))  # the whole due day counts
    submit_case(ws, cycle, jiangsu, write_case(tmp_path, 1))
    clock.set(datetime(2024, 7, 16, 9))
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, jiangsu, write_case(tmp_path, 2, name="迟到的案例"))
    assert [v.rule_id for v in refused.value.failed()] == ["C6"]
    assert "2024-07-15" in refused.value.failed()[0].reason_en


def test_member_units_report_directly_and_others_may_not_submit(ws, cycle, tmp_path: Path) -> None:
    museum = submitter(ws, "国家文物局", "member-unit")
    done = submit_case(ws, cycle, museum, write_case(tmp_path, region="北京市"))
    assert done.province == "000000" and done.region == "北京市"
    company = submitter(ws, "某某有限公司", "company", "320583")
    with pytest.raises(Refused) as refused:
        submit_case(ws, cycle, company, write_case(tmp_path, 2, name="企业案例"))
    assert [v.rule_id for v in refused.value.failed()] == ["C1"]
    with pytest.raises(BadInput, match="案例由报送单位或省级知识产权局提交"):
        submit_case(ws, cycle, NATIONAL, write_case(tmp_path, 3))


def test_bad_input_names_the_problem_and_changes_nothing(ws, cycle, jiangsu, tmp_path: Path) -> None:
    no_headings = tmp_path / "draft.md"
    no_headings.write_text("案例标题\n只有一段正文。\n", encoding="utf-8")
    with pytest.raises(BadInput, match="draft.md.*一、主要做法"):
        submit_case(ws, cycle, jiangsu, no_headings)
    with pytest.raises(BadInput, match="本次征集不分阶段") as no_phase:
        submit_case(ws, cycle, jiangsu, write_case(tmp_path), phase=2)
    assert no_phase.value.field == "phase"
    with pytest.raises(BadInput, match="no provincial office is registered for 浙江省"):
        submit_case(ws, cycle, Actor(Role.PROVINCE, "330000"), write_case(tmp_path))
    assert progress.status(ws, cycle).total == 0


def test_flags_fill_the_form_and_a_plain_fire_cannot_skip_the_text(ws, cycle, jiangsu, tmp_path: Path) -> None:
    path = write_case(tmp_path, region=None, contact=None)
    done = submit_case(ws, cycle, jiangsu, path, region="苏州市", contact="李四 0512-1")
    assert done.region == "江苏省苏州市"
    unit = submitter(ws, "国家文物局", "member-unit")
    draft = stage_moves.apply(ws, cycle, "typical-case", int(unit.scope or 0), unit, "000000")  # no text stored
    with pytest.raises(Refused) as refused:
        stage_moves.fire(ws, draft.id, "submit", unit)
    assert "案例报送" in refused.value.failed()[0].reason_zh  # where it is done, in the reader's words


def test_selection_is_the_national_office_s(ws, cycle, jiangsu, tmp_path: Path) -> None:
    done = submit_case(ws, cycle, jiangsu, write_case(tmp_path))
    stamped(ws, done.id, jiangsu, "case-text", "application-form")
    with pytest.raises(Refused):
        stage_moves.fire(ws, done.id, "select", jiangsu)
    assert stage_moves.fire(ws, done.id, "select", NATIONAL).stage == "selected"


class ClerkAtTheSameMoment(FixedClock):
    """A clock that, when submit reads the time for its record (just after numbering the case), lets a
    second clerk of the same office submit another case and commit first."""

    def __init__(self, at: datetime, meanwhile: Callable[[], object], on_call: int) -> None:
        super().__init__(at)
        self.meanwhile, self.on_call, self.calls = meanwhile, on_call, 0

    def now(self) -> datetime:
        self.calls += 1
        if self.calls == self.on_call:
            self.meanwhile()
        return super().now()


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="SQLite: a submit holds the write lock from its start (BEGIN IMMEDIATE), so this interleaving "
    "cannot happen there; the test below shows the second clerk waiting its turn instead",
)
def test_a_racing_submit_is_a_concurrent_change_and_stores_nothing(ws, cycle, jiangsu, tmp_path: Path) -> None:
    other_clerk = Workspace(ws.url, FixedClock(datetime(2024, 6, 10, 9)))
    theirs = write_case(tmp_path, 2, name="另一位经办人的案例")
    racing = Workspace(
        ws.url,
        ClerkAtTheSameMoment(datetime(2024, 6, 10, 9), lambda: submit_case(other_clerk, cycle, jiangsu, theirs), 2),
    )
    with pytest.raises(ConcurrentChange, match="at the same moment; nothing was stored") as err:
        submit_case(racing, cycle, jiangsu, write_case(tmp_path, 1))
    assert err.value.exit_code == 4  # the CLI's code for "someone else got there first"
    assert progress.status(ws, cycle).by_stage == {"submitted": 1}  # theirs only; ours left nothing behind
    racing.dispose()
    other_clerk.dispose()


@pytest.mark.skipif(ON_POSTGRES, reason="PostgreSQL takes no lock at a submit's start: the test above is its case")
def test_a_second_clerk_submitting_meanwhile_waits_and_gets_the_next_number(ws, cycle, jiangsu, tmp_path: Path) -> None:
    """On SQLite the racing submit of the test above queues behind ours and numbers its case after it."""
    other_clerk = Workspace(ws.url, FixedClock(datetime(2024, 6, 10, 9)))
    theirs = write_case(tmp_path, 2, name="另一位经办人的案例")
    results: list[CaseSubmitted] = []
    racer = threading.Thread(target=lambda: results.append(submit_case(other_clerk, cycle, jiangsu, theirs)))
    ours_ws = Workspace(ws.url, ClerkAtTheSameMoment(datetime(2024, 6, 10, 9), racer.start, 2))
    ours = submit_case(ours_ws, cycle, jiangsu, write_case(tmp_path, 1))
    racer.join(timeout=30)
    assert len(results) == 1, "the second clerk's submit did not finish"
    assert progress.status(ws, cycle).by_stage == {"submitted": 2}
    with ws.transaction() as s:
        serials = sorted(s.scalars(select(Application.serial).where(Application.cycle_id == cycle)))
    assert serials == [1, 2] and ours.id != results[0].id
    ours_ws.dispose()
    other_clerk.dispose()
