"""The national office's actions in Debian's Chromium against a live server: a bulk selection from the list; a
member of the public objects during a national notice, gets a receipt, the national office resolves it and the
objector looks the outcome up; score entry and 摘牌 on the application page, by keyboard alone; axe finds no
critical or serious violation on any of these pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from engine.kernel.clock import FixedClock
from engine.services.applications import stage_moves
from engine.services.applications.trail import history
from engine.services.national import recognition_register
from engine.store.workspace import Workspace
from tests.support.browser import dismiss_open_objection, log_in, needs_chromium, no_serious_axe_violations, serve
from tests.support.lifecycle import NATIONAL, evaluate
from tests.support.portal_support import KUNSHAN, recognise_kunshan, reviewed_demo_site

pytestmark = needs_chromium

expect = pytest.importorskip("playwright.sync_api").expect
PDF = b"%PDF-1.4\n% evidence\n"
PHONE = "13912345678"


@pytest.fixture
def reviewed(tmp_path: Path) -> Iterator[tuple[str, Workspace, FixedClock]]:
    """The demo on 2025-10-23 with 昆山 and 成都 in national review, 昆山 scored 90, served live."""
    ws, clock, _client = reviewed_demo_site(tmp_path)
    evaluate(ws, KUNSHAN, 90)
    for base in serve(ws):
        yield base, ws, clock
    ws.dispose()


def test_the_national_officer_selects_from_the_list_in_bulk(page, reviewed) -> None:  # noqa: ANN001
    base, ws, _clock = reviewed
    log_in(page, base, "cnipa")
    page.goto(f"{base}/province/applications?stage=national_review")
    expect(page.locator("tr.application")).to_have_count(2)
    no_serious_axe_violations(page)
    page.get_by_label("选择昆山市人民政府", exact=True).check()  # chosen by name, not by id
    page.get_by_label("操作").select_option("select")
    page.locator("fieldset.bulk").get_by_label("理由").fill("专家评审择优")
    page.get_by_role("button", name="办理所选").click()
    expect(page.locator(f"tr.result.ok[data-id='{KUNSHAN}']")).to_contain_text("创建对象公示")
    expect(page.locator(f"tr.result.ok[data-id='{KUNSHAN}']")).to_contain_text("昆山市人民政府")  # outcome by name
    no_serious_axe_violations(page)
    assert history(ws, KUNSHAN).stage == "selection_notice"


def test_the_public_objects_to_a_national_notice_and_sees_the_national_office_s_outcome(page, reviewed) -> None:  # noqa: ANN001
    base, ws, clock = reviewed
    stage_moves.fire(ws, KUNSHAN, "select", NATIONAL)
    page.goto(f"{base}/notices")
    notice = page.locator("section.notice", has_text="创建对象公示")
    expect(notice.locator(".days-left")).to_have_text("还剩 5 个工作日")
    no_serious_axe_violations(page)
    notice.get_by_role("link", name="查看公示并提出异议").click()
    no_serious_axe_violations(page)
    page.get_by_role("textbox", name="真实姓名").fill("王五")
    page.get_by_label("联系电话").fill(PHONE)
    page.get_by_label("异议内容").fill("创建对象申报的专利数据与实际不符。")
    page.get_by_label("证明材料", exact=False).set_input_files(
        files=[{"name": "证据.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="提交异议").click()
    expect(page.locator("main")).to_contain_text("由国家知识产权局核实处理")
    receipt = page.locator(".receipt-number").inner_text()
    assert receipt.startswith("YY20251023-")
    no_serious_axe_violations(page)

    dismiss_open_objection(page, base, "cnipa", "李处长")
    assert history(ws, KUNSHAN).stage == "selection_notice"

    page.get_by_role("link", name="查询处理结果").click()
    expect(page.locator(".outcome-result")).to_have_text("异议不成立")
    expect(page.locator(".reasons")).to_contain_text("经核实，专利数据无误。")
    expect(page.locator("main")).not_to_contain_text(PHONE)
    no_serious_axe_violations(page)


def _tab_to(page, locator, presses: int = 120) -> None:  # noqa: ANN001
    for _ in range(presses):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_score_entry_and_revocation_on_the_application_page_by_keyboard_alone(page, tmp_path: Path) -> None:  # noqa: ANN001
    ws, clock, _client = reviewed_demo_site(tmp_path)
    for base in serve(ws):
        log_in(page, base, "cnipa")
        page.goto(f"{base}/applications/{KUNSHAN}")
        no_serious_axe_violations(page)
        form = page.locator("form.scores")
        _tab_to(page, form.get_by_label("评审专家"))
        page.keyboard.type("王专家")
        _tab_to(page, form.get_by_label("I1 综合评价 评分"))
        page.keyboard.type("88")
        page.keyboard.press("Enter")
        expect(page.locator("section.evaluation .total")).to_have_text("88")

        recognise_kunshan(ws, clock, tmp_path)  # 昆山 goes on to recognition (a month on: a new session)
        clock.advance(timedelta(hours=1))
        page.context.clear_cookies()
        log_in(page, base, "cnipa")
        page.goto(f"{base}/applications/{KUNSHAN}")
        no_serious_axe_violations(page)
        evaluation = page.locator("form.effectiveness")
        _tab_to(page, evaluation.get_by_label("成效评估专家"))
        page.keyboard.type("成效专家")
        _tab_to(page, evaluation.get_by_label("I1 综合评价", exact=False))
        page.keyboard.type("30")
        page.keyboard.press("Enter")
        expect(page.locator("table.unit-evaluations")).to_contain_text("未达标")
        revoke = page.locator("form.revoke")
        _tab_to(page, revoke.get_by_label("摘牌理由", exact=False))
        page.keyboard.type("成效评估未达标，予以摘牌")
        _tab_to(page, revoke.get_by_label("确认取消其示范单位资格并摘牌", exact=False))
        page.keyboard.press("Space")
        _tab_to(page, revoke.get_by_role("button", name="摘牌"))
        page.keyboard.press("Enter")
        expect(page.locator(".recognition-status")).to_have_text("已摘牌")
        expect(page.locator(".current-stage")).to_have_text("取消资格并摘牌")
        no_serious_axe_violations(page)
        assert recognition_register.application_recognition(ws, KUNSHAN).status == "revoked"  # type: ignore[union-attr]
    ws.dispose()
