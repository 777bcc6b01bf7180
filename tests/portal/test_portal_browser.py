"""The main journey of each role in a real Chromium (Debian's, headless) against a live server on 127.0.0.1.

A failing test leaves a screenshot under test-output/screenshots/.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services.applications import stage_moves, trail
from engine.store.workspace import Workspace
from portal.app import create_app
from portal.demo import Demo
from tests.support.browser import log_in, needs_chromium
from tests.support.portal_support import demo_copy

pytestmark = needs_chromium
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Workspace, Demo]]:
    """The demonstration served by uvicorn in a daemon thread on 127.0.0.1, a free port."""
    ws, _clock, demo = demo_copy(tmp_path / "demo.db")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(ws, secret="browser"), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", ws, demo
    server.should_exit = True
    thread.join(timeout=5)
    ws.dispose()


def test_a_province_files_its_receipt_recommends_within_quota_is_refused_beyond_it_and_exports(
    page, site, tmp_path
) -> None:  # noqa: ANN001
    base, ws, _demo = site
    log_in(page, base, "jiangsu")
    expect(page.locator("h1")).to_contain_text("江苏省知识产权局")
    todo = page.locator("tr.todo-item")
    expect(todo.filter(has_text="报送工作联络员回执")).to_contain_text("2025年9月19日（星期五）")
    expect(todo.filter(has_text="报送工作联络员回执")).to_contain_text("已逾期")

    page.get_by_role("link", name="填写回执").click()
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("职务").fill("处长")
    page.get_by_label("办公电话").fill("025-12345678")
    page.get_by_label("手机").fill("13800000000")
    page.get_by_label("电子邮箱").fill("liaison@js.example")
    page.get_by_role("button", name="报送回执").click()
    expect(page.locator("p.filed")).to_contain_text("已报送：张三（处长）")

    page.goto(f"{base}/province/applications?stage=provincial_review")
    expect(page.locator("tr.application")).to_have_count(3)
    page.get_by_role("link", name="2", exact=True).click()
    expect(page.locator(".current-stage")).to_have_text("省级审核")
    expect(page.locator("tr[data-category=county] .used")).to_have_text("1 / 2")
    page.locator("form[data-event=recommend]").get_by_role("button").click()
    expect(page.locator(".current-stage")).to_have_text("省级公示")
    expect(page.locator("ol.stages li.current")).to_have_text("省级公示")
    expect(page.locator("tr[data-category=county] .used")).to_have_text("2 / 2")
    expect(page.locator("section.history")).to_contain_text("（jiangsu）")

    page.goto(f"{base}/applications/3")  # the quota is used up: no button that could only be refused
    blocked = page.locator(".blocked-move[data-event=recommend]")
    expect(blocked).to_contain_text("目前还不能办理")
    expect(blocked).to_contain_text("（B4）")
    expect(page.locator("form[data-event=recommend]")).to_have_count(0)
    blocked.get_by_role("link", name="去查看本省名额和申报").click()
    expect(page.locator("h1")).to_have_text("申报列表")
    assert trail.history(ws, 3).stage == "provincial_review"

    page.goto(f"{base}/province/applications")
    with page.expect_download() as got:
        page.get_by_role("link", name="导出 Excel").click()
    saved = tmp_path / "export.xlsx"
    got.value.save_as(saved)
    from openpyxl import load_workbook

    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert "江苏省申报清单" in rows[0][0]  # the title names the province, never a database id
    assert rows[2][:3] == ("序号", "申报单位", "类别")
    assert {r[1] for r in rows[3:]} >= {"江阴市人民政府", "昆山市人民政府"}
    assert all(r[3] == "江苏省" for r in rows[3:])  # its own applications only


def test_an_applicant_applies_attests_uploads_submits_and_sees_its_history(page, site, tmp_path) -> None:  # noqa: ANN001
    base, ws, _demo = site
    log_in(page, base, "taicang")
    expect(page.locator("h1")).to_contain_text("太仓市人民政府")
    page.get_by_label("申报类别").select_option("county")
    page.get_by_role("button", name="创建申报").click()
    expect(page.locator(".current-stage")).to_have_text("填写申报书")
    blocked = page.locator(".blocked-move[data-event=submit]")  # conditions and the 申报书 missing: said, no button
    expect(blocked).to_contain_text("目前还不能办理")
    expect(blocked.get_by_role("link", name="去声明申报条件")).to_have_attribute("href", "#declarations")
    expect(blocked.get_by_role("link", name="去上传申报材料")).to_have_attribute("href", "#materials")
    expect(page.locator("form[data-event=submit]")).to_have_count(0)

    for box in page.locator("section.declarations input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="声明所选条件").click()
    expect(page.locator("li.declaration .state").first).to_contain_text("已声明")

    form = tmp_path / "太仓申报书.pdf"
    form.write_bytes(b"%PDF-1.4\n% the application form\n")
    page.get_by_label(re.compile("文件")).set_input_files(str(form))
    page.get_by_role("button", name="上传").click()
    expect(page.locator("li.material.present")).to_contain_text("太仓申报书.pdf")

    page.locator("form[data-event=submit]").get_by_role("button").click()
    expect(page.locator("h1")).to_have_text("申报回执")  # what was sent, when, and a reference to quote
    expect(page.locator("table.receipt-materials")).to_contain_text("太仓申报书.pdf")
    page.get_by_role("link", name="返回申报页面").click()
    expect(page.locator(".current-stage")).to_have_text("省级审核")
    history = page.locator("section.history tr.event")
    expect(history).to_have_count(2)
    expect(history.last).to_contain_text("提交申报")
    expect(history.last).to_contain_text("（taicang）")

    page.get_by_role("link", name="本单位申报").click()
    row = page.locator("tr.application")
    expect(row).to_contain_text("省级审核")


def test_a_national_officer_watches_the_cycle_s_counts_move(page, site) -> None:  # noqa: ANN001
    base, ws, demo = site
    log_in(page, base, "cnipa")
    review = page.locator("tr[data-stage=provincial_review] .count")
    expect(review).to_have_text("5")
    expect(page.locator(".receipts-missing")).to_have_text("31")
    zju = demo.organisations["zju"]
    from tests.support.lifecycle import prepare

    app_id = next(a.id for a in reports_list(ws) if a.organisation_id == zju)
    prepare(ws, app_id, zju)
    stage_moves.fire(ws, app_id, "submit", Actor(Role.APPLICANT, str(zju)))
    page.reload()
    expect(review).to_have_text("6")
    expect(page.locator(".total")).to_have_text("9")


def reports_list(ws: Workspace) -> list:
    from engine.services.applications.worklists import list_applications

    return list_applications(ws, 1, Role.NATIONAL).items
