"""The national office's actions through the portal, as an officer does them: score entry on an application's
page and score import from a sheet, selection by rank, bulk decisions, fraud, publishing a list, the
effectiveness evaluation and 摘牌; each shows its effect, and bad input is refused naming where and changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from engine.kernel.clock import FixedClock
from engine.services.applications import stage_moves
from engine.services.applications.timers import tick
from engine.services.applications.trail import history
from engine.services.evaluation import score_records
from engine.services.national import recognition_register
from engine.services.publicity import published_copies
from engine.store.workspace import Workspace
from tests.support.lifecycle import NATIONAL, evaluate
from tests.support.portal_support import (
    CHENGDU,
    KUNSHAN,
    field_error,
    field_value,
    log_in,
    recognise_kunshan,
    reviewed_demo_site,
    summary_errors,
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Workspace, FixedClock, TestClient]]:
    ws, clock, client = reviewed_demo_site(tmp_path)
    yield ws, clock, client
    ws.dispose()


def national(client: TestClient) -> str:
    client.cookies.clear()
    return log_in(client, "cnipa")


def stage(ws: Workspace, app_id: int) -> str:
    return history(ws, app_id).stage


def test_the_officer_enters_a_score_on_the_application_page_and_a_bad_one_names_its_field(site: tuple) -> None:
    ws, _clock, client = site
    csrf = national(client)
    page = client.get(f"/applications/{KUNSHAN}")
    assert 'name="score_I1"' in page.text and "评审评分" in page.text
    r = client.post(f"/applications/{KUNSHAN}/scores", data={"csrf": csrf, "reviewer": "王专家", "score_I1": "150"})
    assert r.status_code == 400 and "0 至 100" in (field_error(r.text, "score_I1") or "")
    assert field_value(r.text, "score_I1") == "150" and field_value(r.text, "reviewer") == "王专家"
    r = client.post(f"/applications/{KUNSHAN}/scores", data={"csrf": csrf, "reviewer": "", "score_I1": "80"})
    assert r.status_code == 400 and field_error(r.text, "reviewer") == "请填写评审专家姓名"
    assert field_value(r.text, "score_I1") == "80"
    r = client.post(f"/applications/{KUNSHAN}/scores", data={"csrf": csrf, "reviewer": "王专家"})
    assert r.status_code == 400 and summary_errors(r.text) == ["请至少填写一项指标的评分"]
    assert score_records.application_evaluation(ws, KUNSHAN).reviewers == []  # type: ignore[union-attr]
    r = client.post(f"/applications/{KUNSHAN}/scores", data={"csrf": csrf, "reviewer": "王专家", "score_I1": "86.5"})
    assert r.status_code == 303
    found = score_records.application_evaluation(ws, KUNSHAN)
    assert found is not None and (found.total, found.reviewers, found.complete) == (86.5, ["王专家"], True)
    shown = client.get(f"/applications/{KUNSHAN}").text
    assert 'class="total">86.5<' in shown and 'class="rank">1<' in shown


def test_a_malformed_score_sheet_names_its_row_and_column_and_imports_nothing(site: tuple) -> None:
    ws, _clock, client = site
    csrf = national(client)
    sheet = f"application,reviewer,indicator,score\n{KUNSHAN},王专家,I1,88\n{CHENGDU},王专家,I1,abc\n"
    r = client.post("/national/evaluations", data={"csrf": csrf}, files={"file": ("评分表.csv", sheet.encode())})
    assert r.status_code == 400 and "第3行“score”列" in r.text and "评分表.csv" in r.text and "/tmp" not in r.text
    assert score_records.ranking(ws, 1) == []
    sheet = sheet.replace("abc", "75")
    r = client.post("/national/evaluations", data={"csrf": csrf}, files={"file": ("评分表.csv", sheet.encode())})
    assert r.status_code == 200 and "评分已导入" in r.text
    assert {(v.application, v.total) for v in score_records.ranking(ws, 1)} == {(KUNSHAN, 88.0), (CHENGDU, 75.0)}


def test_the_score_sheet_downloads_with_the_round_by_name_and_imports_filled_in_chinese(site: tuple) -> None:
    """The national page offers the score sheet; it lists 昆山 and 成都 by name and category (no application
    number), an officer fills it, the portal and the API import it alike, and a bad cell is named by its header."""
    import io

    import lxml.html
    from openpyxl import Workbook, load_workbook

    ws, _clock, client = site
    csrf = national(client)
    (href,) = lxml.html.fromstring(client.get("/national?cycle=1").text).xpath(
        "//section[@aria-labelledby='h-rank']//a[@class='template']/@href"
    )
    got = client.get(str(href))
    assert got.status_code == 200 and got.headers["content-disposition"].startswith("attachment")
    header, *rows = [list(r) for r in load_workbook(io.BytesIO(got.content)).worksheets[0].iter_rows(values_only=True)]
    assert header == ["申报单位", "统一社会信用代码", "所在省份", "类别", "评审专家", "综合评价"]
    assert sorted((r[0], r[2], r[3]) for r in rows) == [
        ("成都市人民政府", "四川省", "国家知识产权强市建设示范市"),
        ("昆山市人民政府", "江苏省", "国家知识产权强县建设示范县"),
    ]

    def upload(table: Sequence[Sequence[object]]) -> bytes:
        book = Workbook()
        for line in table:
            book.active.append(list(line))  # type: ignore[union-attr]
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    filled = [header, *([*r[:4], "王专家", 88 if r[0] == "昆山市人民政府" else 150] for r in rows)]
    r = client.post("/national/evaluations", data={"csrf": csrf}, files={"file": ("评分表.xlsx", upload(filled))})
    said = lxml.html.fromstring(r.text).text_content()
    bad_row = 2 + [line[0] for line in filled[1:]].index("成都市人民政府")
    assert r.status_code == 400 and f"第{bad_row}行“综合评价”列：评分“150”须为 0 至 100 之间的数" in said
    assert score_records.ranking(ws, 1) == []
    filled[bad_row - 1][5] = 75
    r = client.post("/national/evaluations", data={"csrf": csrf}, files={"file": ("评分表.xlsx", upload(filled))})
    said = lxml.html.fromstring(r.text).text_content()
    assert (
        r.status_code == 200
        and "已导入 2 项评分" in said
        and "昆山市人民政府（国家知识产权强县建设示范县）：总分 88" in said
    )
    assert {(v.application, v.total) for v in score_records.ranking(ws, 1)} == {(KUNSHAN, 88.0), (CHENGDU, 75.0)}

    api = client.get("/api/v1/cycles/1/score-sheet")
    assert api.status_code == 200 and load_workbook(io.BytesIO(api.content)).worksheets[0].max_row == 3
    filled[1][5] = 90
    done = client.post("/api/v1/cycles/1/scores", headers={"X-CSRF-Token": csrf},
                       files={"file": ("评分表.xlsx", upload(filled[:2]))})  # fmt: skip
    assert done.status_code == 200, done.text
    assert done.json()["scores"] == 1


def test_select_by_rank_moves_the_top_of_the_ranking_and_the_national_notice_goes_public(site: tuple) -> None:
    ws, _clock, client = site
    evaluate(ws, KUNSHAN, 90)
    csrf = national(client)
    r = client.post("/national/select-by-rank", data={"csrf": csrf, "category": "city", "places": "1"})
    assert r.status_code == 400 and "本类别尚无完成评审的申报" in r.text  # 成都 has no score yet
    assert stage(ws, CHENGDU) == "national_review"
    asked = client.post("/national/select-by-rank", data={"csrf": csrf, "category": "county", "places": "1"})
    assert asked.status_code == 200 and "确认" in asked.text and f'data-id="{KUNSHAN}"' in asked.text
    assert stage(ws, KUNSHAN) == "national_review"  # listed first, moved only once confirmed
    form = {"csrf": csrf, "category": "county", "places": "1", "confirm": "yes"}
    r = client.post("/national/select-by-rank", data=form)
    assert r.status_code == 200 and f'<tr class="result ok" data-id="{KUNSHAN}">' in r.text
    assert stage(ws, KUNSHAN) == "selection_notice"
    assert "按排名择优（前 1 名）" in (history(ws, KUNSHAN).events[-1].reason or "")
    client.cookies.clear()
    notices = client.get("/notices").text
    assert "国家知识产权局 · 知识产权强国建设示范创建（2025年）创建对象公示" in notices and "昆山市人民政府" in notices


def test_a_bulk_decision_moves_each_application_and_shows_each_refusal(site: tuple) -> None:
    ws, _clock, client = site
    evaluate(ws, KUNSHAN, 90)
    csrf = national(client)
    r = client.post("/national/applications/bulk", data={"csrf": csrf, "action": "recommend", "ids": [KUNSHAN]})
    assert r.status_code == 400 and "action" in r.text
    listing = client.get("/province/applications").text  # the national bulk form: an objection is filed, not chosen
    assert ">确定为创建对象<" in listing and "受理异议" not in listing
    r = client.post("/national/applications/bulk", data={"csrf": csrf, "action": "object", "ids": [KUNSHAN]})
    assert r.status_code == 400 and "action" in r.text
    assert stage(ws, KUNSHAN) == "national_review"
    data = {"csrf": csrf, "action": "select", "ids": [KUNSHAN, CHENGDU], "reason": "专家评审"}
    asked = client.post("/national/applications/bulk", data=data)
    assert asked.status_code == 200 and "确认确定为创建对象" in asked.text and "成都市人民政府" in asked.text
    assert stage(ws, KUNSHAN) == "national_review"  # nothing moves before the office confirms
    data["confirm"] = "yes"
    r = client.post("/national/applications/bulk", data=data)
    assert r.status_code == 200
    assert (stage(ws, KUNSHAN), stage(ws, CHENGDU)) == ("selection_notice", "national_review")
    rows = re.findall(r'<tr class="result (ok|refused)"[^>]*data-id="(\d+)"', r.text)
    assert rows == [("ok", str(KUNSHAN)), ("refused", str(CHENGDU))], r.text
    assert "[B6]" in r.text  # 成都 has no complete evaluation
    r = client.post("/national/applications/bulk", data={**data, "action": "reject", "ids": [CHENGDU]})
    assert r.status_code == 200 and stage(ws, CHENGDU) == "not_selected"
    last = history(ws, CHENGDU).events[-1]
    assert (last.event, last.account, last.reason) == ("reject", "cnipa", "专家评审")


def test_fraud_disqualifies_from_the_application_page_and_the_finding_is_recorded(site: tuple) -> None:
    from engine.store.registers import FraudFinding

    ws, _clock, client = site
    csrf = national(client)
    r = client.post(f"/applications/{CHENGDU}/fraud", data={"csrf": csrf, "reason": ""})
    assert r.status_code == 400 and stage(ws, CHENGDU) == "national_review"
    unticked = {"csrf": csrf, "reason": "申报数据造假，经核实"}
    r = client.post(f"/applications/{CHENGDU}/fraud", data=unticked)
    assert r.status_code == 400 and "确认取消资格" in r.text and stage(ws, CHENGDU) == "national_review"
    r = client.post(f"/applications/{CHENGDU}/fraud", data={**unticked, "confirm": "yes"})
    assert r.status_code == 303 and stage(ws, CHENGDU) == "disqualified"
    with ws.transaction() as s:
        (finding,) = s.scalars(select(FraudFinding).where(FraudFinding.application_id == CHENGDU)).all()
        assert (finding.reason, finding.actor) == ("申报数据造假，经核实", "national")
    page = client.get(f"/applications/{CHENGDU}").text
    assert "弄虚作假取消资格" in page and "（cnipa）" in page


def test_publishing_the_creation_objects_list_puts_it_on_the_public_pages(site: tuple) -> None:
    ws, clock, client = site
    evaluate(ws, KUNSHAN, 90)
    stage_moves.fire(ws, KUNSHAN, "select", NATIONAL)
    clock.advance(timedelta(days=15))
    tick(ws)
    assert stage(ws, KUNSHAN) == "in_creation"
    csrf = national(client)
    r = client.post("/national/lists", data={"csrf": csrf, "kind": "no-such-list"})
    assert r.status_code == 400 and published_copies.published_lists(ws) == []
    shown = client.post("/national/lists", data={"csrf": csrf, "kind": "creation-objects"})
    assert shown.status_code == 200 and "公布前预览" in shown.text and "昆山市人民政府" in shown.text
    assert published_copies.published_lists(ws) == []  # shown as it will appear, not yet published
    r = client.post("/national/lists", data={"csrf": csrf, "kind": "creation-objects", "confirm": "yes"})
    assert r.status_code == 303
    client.cookies.clear()
    listed = client.get("/lists").text
    assert "知识产权强国建设示范创建对象名单" in listed
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "昆山市人民政府" in page.text
    assert client.get(r.headers["location"] + "/file.docx").content[:2] == b"PK"


def test_the_officer_evaluates_a_unit_and_revokes_its_recognition_with_a_reason_after_confirming(
    site: tuple, tmp_path: Path
) -> None:
    ws, clock, client = site
    unit = recognise_kunshan(ws, clock, tmp_path)
    client.cookies.clear()
    province = log_in(client, "jiangsu")
    r = client.post(f"/applications/{KUNSHAN}/revoke", data={"csrf": province, "reason": "x", "confirm": "yes"})
    assert r.status_code == 403
    assert "摘牌" not in client.get(f"/applications/{KUNSHAN}").text.split("办理记录")[0]
    csrf = national(client)
    page = client.get(f"/applications/{KUNSHAN}").text
    assert 'action="/applications/1/revoke"' in page and "尚无成效评估" in page
    r = client.post(f"/applications/{KUNSHAN}/revoke", data={"csrf": csrf, "reason": "成效不达标", "confirm": "yes"})
    assert r.status_code == 409 and "[B9]" in r.text  # no effectiveness evaluation to rest on
    r = client.post(f"/applications/{KUNSHAN}/effectiveness", data={"csrf": csrf, "reviewer": "专家", "score_I1": "x"})
    assert (
        r.status_code == 400
        and field_error(r.text, "score_I1", prefix="eff-")
        and field_value(r.text, "score_I1", prefix="eff-") == "x"
    )
    assert score_records.unit_evaluations(ws, unit) == []
    r = client.post(f"/applications/{KUNSHAN}/effectiveness", data={"csrf": csrf, "reviewer": "专家", "score_I1": "30"})
    assert r.status_code == 303
    (evaluation,) = score_records.unit_evaluations(ws, unit)
    assert evaluation.met is False
    r = client.post(f"/applications/{KUNSHAN}/effectiveness", data={"csrf": csrf, "reviewer": "专家"})
    assert r.status_code == 400 and "请至少填写一项指标的评分" in r.text  # no score: the earlier ones not taken again
    assert score_records.unit_evaluations(ws, unit) == [evaluation]
    data = {"csrf": csrf, "evaluation": str(evaluation.id), "reason": "成效评估未达标，予以摘牌"}
    r = client.post(f"/applications/{KUNSHAN}/revoke", data=data)
    assert r.status_code == 400 and summary_errors(r.text) == ["请勾选“确认摘牌”（摘牌不可撤回），未作任何变更"]
    assert field_value(r.text, "reason") == data["reason"]  # not confirmed: nothing changed, the reason kept
    assert recognition_register.application_recognition(ws, KUNSHAN).status == "valid"  # type: ignore[union-attr]
    r = client.post(f"/applications/{KUNSHAN}/revoke", data={**data, "reason": " ", "confirm": "yes"})
    assert r.status_code == 400 and "reason" in r.text and stage(ws, KUNSHAN) == "recognised"
    r = client.post(f"/applications/{KUNSHAN}/revoke", data={**data, "confirm": "yes"})
    assert r.status_code == 303
    ended = recognition_register.application_recognition(ws, KUNSHAN)
    assert ended is not None and (ended.status, ended.ended_reason) == ("revoked", "成效评估未达标，予以摘牌")
    last = history(ws, KUNSHAN).events[-1]
    assert (last.event, last.to, last.account, last.reason) == ("revoke", "revoked", "cnipa", data["reason"])
    from engine.store.registers import RecognitionChange

    with ws.transaction() as s:  # the register's own audit row, as `recognitions revoke` writes it
        (change,) = s.scalars(select(RecognitionChange).where(RecognitionChange.recognition_id == unit)).all()
        assert (change.from_status, change.to_status, change.evaluation_id, change.reason, change.actor) == (
            "valid",
            "revoked",
            evaluation.id,
            data["reason"],
            "national",
        )
    page = client.get(f"/applications/{KUNSHAN}").text
    assert 'data-status="revoked"' in page and 'action="/applications/1/revoke"' not in page
    r = client.post(f"/applications/{KUNSHAN}/revoke", data={**data, "confirm": "yes"})
    assert r.status_code == 409 and "[B9]" in r.text  # revoked already


def test_score_entry_is_refused_where_no_evaluation_is_held(site: tuple) -> None:
    ws, _clock, client = site
    csrf = national(client)
    assert "当前阶段不进行评审评分" in client.get("/applications/2").text  # 江阴, still in provincial review
    r = client.post("/applications/2/scores", data={"csrf": csrf, "reviewer": "王专家", "score_I1": "80"})
    assert r.status_code == 400 and "该阶段不评审" in r.text


@pytest.mark.parametrize("form", ["scores", "effectiveness", "revoke"])
def test_the_national_forms_need_the_session_s_csrf_token(site: tuple, tmp_path: Path, form: str) -> None:
    ws, clock, client = site
    unit = recognise_kunshan(ws, clock, tmp_path)
    before = (
        history(ws, KUNSHAN),
        score_records.unit_evaluations(ws, unit),
        score_records.application_evaluation(ws, KUNSHAN),
    )
    national(client)
    for token in ("", "forged"):
        data = {"csrf": token, "reviewer": "专家", "score_I1": "30", "reason": "摘牌", "confirm": "yes"}
        r = client.post(f"/applications/{KUNSHAN}/{form}", data=data)
        assert r.status_code == 403 and "表单已失效" in r.text
    after = (
        history(ws, KUNSHAN),
        score_records.unit_evaluations(ws, unit),
        score_records.application_evaluation(ws, KUNSHAN),
    )
    assert after == before
