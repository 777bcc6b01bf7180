"""Quotas (B4, A6, A7): the table, exhaustion with the quota and count in the reason, national-only changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.applications.trail import next_events
from engine.services.national import quotas
from engine.services.reference import organisations
from engine.store.workspace import Workspace
from tests.support.eligibility_support import open_2025_bare, write_csv
from tests.support.lifecycle import prepare, review, submitted_counties

NATIONAL = Actor(Role.NATIONAL)
JIANGSU = Actor(Role.PROVINCE, "320000")


def test_recommending_beyond_the_quota_is_refused_with_quota_and_count(ws: Workspace, tmp_path: Path) -> None:
    cycle = open_2025_bare(ws)
    table = write_csv(tmp_path / "q.csv", "province_code,category,quota", "320000,county,2", "江苏,city,1")
    assert len(quotas.import_quotas(ws, cycle, table, NATIONAL).changed) == 2
    first, second, third = submitted_counties(ws, cycle)
    stage_moves.fire(ws, first, "recommend", JIANGSU)
    stage_moves.fire(ws, second, "recommend", JIANGSU)
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, third, "recommend", JIANGSU)
    (refusal,) = exc.value.failed()
    assert refusal.rule_id == "B4"
    assert refusal.reason_zh == "江苏省该类别推荐名额2个，已推荐2个，名额已用完"
    assert "quota exhausted" in refusal.reason_en and "2 place(s)" in refusal.reason_en
    assert [r for r in next_events(ws, third, JIANGSU) if r.event == "recommend"][0].allowed is False
    shown = quotas.quota_table(ws, cycle, "320000")
    assert {(r.category, r.quota, r.used, r.left) for r in shown} == {
        ("county", 2, 2, 0),
        ("city", 1, 0, 1),
    }


def test_a_withdrawn_recommendation_frees_its_place(ws: Workspace) -> None:
    cycle = open_2025_bare(ws)
    quotas.change_quota(ws, cycle, "320000", "county", 1, NATIONAL, "附件2")
    first, second, _ = submitted_counties(ws, cycle)
    stage_moves.fire(ws, first, "recommend", JIANGSU)
    with pytest.raises(Refused):
        stage_moves.fire(ws, second, "recommend", JIANGSU)
    with ws.transaction() as s:
        first_org = s.get(stage_moves.Application, first).organisation_id
    stage_moves.fire(ws, first, "withdraw", Actor(Role.APPLICANT, str(first_org)))
    assert stage_moves.fire(ws, second, "recommend", JIANGSU).stage == "provincial_notice"


def test_no_quota_table_means_no_recommendation(ws: Workspace) -> None:
    cycle = open_2025_bare(ws)
    app = submitted_counties(ws, cycle)[0]
    with pytest.raises(Refused) as exc:
        stage_moves.fire(ws, app, "recommend", JIANGSU)
    assert exc.value.failed()[0].reason_zh == "江苏省该类别尚无推荐名额（名额分配表未导入）"


def test_only_the_national_office_changes_quotas_and_every_change_is_audited(ws: Workspace, tmp_path: Path) -> None:
    cycle = open_2025_bare(ws)
    table = write_csv(tmp_path / "q.csv", "province_code,category,quota", "320000,county,2")
    with pytest.raises(Refused) as exc:
        quotas.import_quotas(ws, cycle, table, JIANGSU)
    assert exc.value.failed()[0].rule_id == "ROLE"
    with pytest.raises(Refused):
        quotas.change_quota(ws, cycle, "320000", "county", 9, JIANGSU, "自己加名额")
    quotas.import_quotas(ws, cycle, table, NATIONAL, "附件2")
    assert quotas.import_quotas(ws, cycle, table, NATIONAL).changed == []  # re-import: nothing
    with pytest.raises(BadInput, match="请说明调整名额的理由") as no_reason:
        quotas.change_quota(ws, cycle, "320000", "county", 3, NATIONAL, " ")
    assert no_reason.value.field == "reason"
    quotas.change_quota(ws, cycle, "江苏省", "county", 3, NATIONAL, "江苏省申请增加一个名额，经研究同意")
    history = quotas.quota_history(ws, cycle)
    assert [(h.actor, h.from_, h.to, h.reason) for h in history] == [
        ("national", None, 2, "附件2"),
        ("national", 2, 3, "江苏省申请增加一个名额，经研究同意"),
    ]
    assert history[0].source.startswith("import ") and history[1].source == "change"


def test_a_bad_quota_table_names_row_and_column_and_changes_nothing(ws: Workspace, tmp_path: Path) -> None:
    cycle = open_2025_bare(ws)
    table = write_csv(
        tmp_path / "q.csv",
        "province_code,category,quota",
        "320000,county,2",
        "990000,county,1",
        "330000,demo-county,1",
        "330000,city,two",
        "江苏省,county,4",
    )
    with pytest.raises(BadInput) as exc:
        quotas.import_quotas(ws, cycle, table, NATIONAL)
    text = str(exc.value)
    assert "第3行“province_code”列：'990000' 不是省级行政区划代码" in text
    assert "第4行“category”列：'demo-county' 不是本项目的类别" in text
    assert "第5行“quota”列：名额 'two' 须为 0 至" in text
    assert "第6行“province_code”列：江苏省的这一类别已在第2行" in text
    assert quotas.quota_table(ws, cycle) == [] and quotas.quota_history(ws, cycle) == []


def test_the_xpcc_has_its_own_quota(ws: Workspace, tmp_path: Path) -> None:
    cycle = open_2025_bare(ws)
    quotas.import_quotas(
        ws, cycle, write_csv(tmp_path / "q.csv", "province_code,category,quota", "兵团,county,1"), NATIONAL
    )
    org = organisations.add_organisation(ws, "石河子市人民政府", "government", "659001")
    me = Actor(Role.APPLICANT, str(org.id))
    app = stage_moves.apply(ws, cycle, "county", org.id, me).id
    prepare(ws, app, org.id)
    stage_moves.fire(ws, app, "submit", me)
    review(ws, app, "660000")
    assert stage_moves.fire(ws, app, "recommend", Actor(Role.PROVINCE, "660000")).stage == "provincial_notice"
