"""Part 2's journeys in Debian's Chromium against a live server: the national office opens the 2025 cycle with a
quota upload and watches the board fill; a member of the public objects during a provincial notice, gets a
receipt and sees the outcome once the province resolves it; a late objection is refused; a TISC centre is
shown its 字 counts; axe finds no critical or serious violation on the main pages; the forms are reachable
by keyboard alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.accounts import users
from engine.services.applications import stage_moves, worklists
from engine.services.programmes import programme_definitions
from engine.services.province import liaison
from engine.services.reference import organisations
from engine.store.workspace import Workspace
from tests.support.browser import dismiss_open_objection, log_in, needs_chromium, no_serious_axe_violations, serve
from tests.support.casehelpers import open_tisc, write_case
from tests.support.portal_support import demo_copy

pytestmark = needs_chromium

expect = pytest.importorskip("playwright.sync_api").expect
JIANGSU = Actor(Role.PROVINCE, "320000")
PASSWORD = "browser-password-1"
PDF = b"%PDF-1.4\n% evidence\n"


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[str, Workspace, FixedClock]]:
    """The demonstration, with 江阴 (application 2) just put under Jiangsu's notice of 2025-10-09."""
    ws, clock, _demo = demo_copy(tmp_path / "demo.db")
    stage_moves.fire(ws, 2, "recommend", JIANGSU, "择优推荐")
    for base in serve(ws):
        yield base, ws, clock
    ws.dispose()


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[tuple[str, Workspace, FixedClock]]:
    """No cycle yet: the national office, Jiangsu's office and an applicant have accounts."""
    clock = FixedClock(datetime(2025, 9, 12, 9, 0))
    ws = Workspace(f"sqlite:///{tmp_path / 'empty.db'}", clock)
    ws.create_schema()
    programme_definitions.load_programmes(ws)
    liaison.ensure_provincial_offices(ws)
    users.create_user(ws, "cnipa", "national", PASSWORD)
    for base in serve(ws):
        yield base, ws, clock
    ws.dispose()


def enter(page, base: str, login: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    page.goto(f"{base}/login")
    page.get_by_label("登录名").fill(login)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_the_national_officer_opens_2025_with_a_quota_upload_and_sees_the_board_fill(page, empty, tmp_path) -> None:  # noqa: ANN001
    base, ws, clock = empty
    book = Workbook()
    sheet = book.active
    sheet.append(["province_code", "category", "quota"])
    sheet.append(["320000", "county", 2])
    sheet.append(["330000", "county", 1])
    quota = tmp_path / "名额分配表.xlsx"
    book.save(quota)

    enter(page, base, "cnipa")
    expect(page.locator("h1")).to_have_text("开启申报周期")  # no cycle yet: the board sends here
    expect(page.locator("table.dates input[type=date]").first).not_to_have_value("")  # derived from the definition
    page.get_by_label("名额分配表", exact=False).set_input_files(str(quota))
    page.get_by_role("button", name="预览").click()
    rows = page.locator("tr.quota-row")
    expect(rows).to_have_count(2)
    expect(page.locator("tr.quota-row[data-province='320000'] .places")).to_have_text("2")
    assert worklists.open_cycles(ws) == []  # the preview changed nothing
    page.get_by_role("button", name="确认开启周期并应用名额表").click()
    expect(page.locator("h1")).to_contain_text("知识产权强国建设示范创建 2025 · 周期概况")
    expect(page.locator(".total")).to_have_text("0")
    expect(page.locator(".receipts-missing")).to_have_text("32")
    expect(page.locator("svg.timeline line.today")).to_have_count(1)

    # the provinces work: Jiangsu files its receipt, 昆山 applies and submits
    liaison.file_receipt(ws, 1, JIANGSU, "张三", "处长", "025-12345678", "13800000000", "a@js.example")
    org = organisations.add_organisation(ws, name="昆山市人民政府", kind="government", division_code="320583")
    from tests.support.lifecycle import prepare

    clock.set(datetime(2025, 9, 22, 10, 0))
    me = Actor(Role.APPLICANT, str(org.id))
    app_id = stage_moves.apply(ws, 1, "county", org.id, me).id
    prepare(ws, app_id, org.id)
    stage_moves.fire(ws, app_id, "submit", me)
    enter(page, base, "cnipa")  # ten days on, the session of the 12th has ended
    expect(page.locator(".total")).to_have_text("1")
    expect(page.locator(".receipts-missing")).to_have_text("31")
    cell = page.locator("svg.heat-map a.cell[data-province='320000'][data-stage='provincial_review']")
    expect(cell).to_have_attribute("aria-label", "江苏省 省级审核 1 件")
    expect(page.locator("tr.province[data-province='320000'] .receipt")).to_contain_text("已报送")
    expect(page.locator("tr.province[data-province='320000'] .quota[data-category='county'] .used")).to_have_text(
        "0 / 2"
    )
    no_serious_axe_violations(page)
    cell.click()
    expect(page.locator("tr.application")).to_have_count(1)
    expect(page.locator("tr.application .org")).to_have_text("昆山市人民政府")


def test_the_public_objects_gets_a_receipt_and_sees_the_outcome_after_the_province_resolves(page, demo) -> None:  # noqa: ANN001
    base, ws, clock = demo
    page.goto(f"{base}/notices")
    no_serious_axe_violations(page)
    notice = page.locator("section.notice", has_text="江苏省")
    expect(notice.locator(".days-left")).to_have_text("还剩 5 个工作日")
    notice.get_by_role("link", name="查看公示并提出异议").click()
    no_serious_axe_violations(page)
    page.get_by_role("textbox", name="真实姓名").fill("王五")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("异议内容").fill("申报材料中的专利数据与实际不符。")
    page.get_by_label("证明材料", exact=False).set_input_files(
        files=[{"name": "证据.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="提交异议").click()
    receipt = page.locator(".receipt-number").inner_text()
    assert receipt.startswith("YY20251009-")

    dismiss_open_objection(page, base, "jiangsu", "张处长")

    page.get_by_role("link", name="查询处理结果").click()
    expect(page.locator(".outcome-result")).to_have_text("异议不成立")
    expect(page.locator(".reasons")).to_contain_text("经核实，专利数据无误。")
    expect(page.locator("main")).not_to_contain_text("13912345678")
    no_serious_axe_violations(page)


def test_a_late_objection_is_refused(page, demo) -> None:  # noqa: ANN001
    base, ws, clock = demo
    page.goto(f"{base}/notices")
    page.locator("section.notice", has_text="江苏省").get_by_role("link", name="查看公示并提出异议").click()
    page.get_by_role("textbox", name="真实姓名").fill("王五")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("异议内容").fill("逾期提出的异议。")
    page.get_by_label("证明材料", exact=False).set_input_files(
        files=[{"name": "证据.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    clock.advance(timedelta(days=7))  # the form stayed open past the notice's last day (14 October)
    page.get_by_role("button", name="提交异议").click()
    expect(page.locator("h1")).to_have_text("异议未予受理")
    expect(page.locator(".verdict .rule")).to_have_text("[B4]")
    expect(page.locator(".verdict .zh")).to_contain_text("不在公示期内")
    from engine.services.publicity import objections

    assert objections.list_objections(ws, 1) == []


def test_a_tisc_centre_submits_a_case_and_is_shown_its_counts(page, tmp_path: Path) -> None:  # noqa: ANN001
    clock = FixedClock(datetime(2021, 3, 15, 9))
    ws = Workspace(f"sqlite:///{tmp_path / 'tisc.db'}", clock)
    ws.create_schema()
    programme_definitions.load_programmes(ws)
    cycle = open_tisc(ws, clock)
    org = organisations.add_organisation(ws, "南京理工大学国家知识产权信息服务中心", "university-centre", "320102")
    users.create_user(ws, "njust", f"applicant:{org.id}", PASSWORD)
    case = write_case(tmp_path, 1, ".docx", name="助力中小企业专利导航", region=None, abstract=None, contact=None)
    from engine.services.cases.check import check_case

    expected = {line.field: line.zi for line in check_case(ws, cycle, case, 1).lengths}
    for base in serve(ws):
        enter(page, base, "njust")
        page.goto(f"{base}/cases")
        no_serious_axe_violations(page)
        page.get_by_label("案例文件（docx）").set_input_files(str(case))
        page.get_by_role("button", name="检查字数").click()
        for field, zi in expected.items():
            expect(page.locator(f"tr.section[data-field='{field}'] .zi")).to_have_text(str(zi))
        expect(page.locator("tr.section.violation")).to_have_count(0)
        no_serious_axe_violations(page)
        page.get_by_role("button", name="报送该案例").click()
        expect(page.get_by_role("status")).to_contain_text("案例已报送")  # back on the call's page, with its list
        mine = page.get_by_role("region", name="本单位报送的案例")
        expect(mine).to_contain_text("助力中小企业专利导航")
        mine.get_by_role("link", name="1", exact=True).click()
        expect(page.locator(".current-stage")).not_to_have_text("")
        expect(page.locator("ol.stages li.current[aria-current=step]")).to_have_count(1)  # one step indicator
    ws.dispose()


def test_axe_finds_nothing_serious_on_the_main_pages_and_forms_are_reachable_by_keyboard(page, demo) -> None:  # noqa: ANN001
    base, ws, clock = demo
    for url in ("/login", "/lists", "/objections/outcome"):
        page.goto(base + url)
        no_serious_axe_violations(page)
    for login, urls in (
        ("cnipa", ["/national", "/national/cycles/new", "/province/applications", "/applications/1", "/objections",
                   "/national/outbox", "/national/view-as?role=province&scope=320000"]),
        ("jiangsu", ["/province", "/province/applications", "/applications/2", "/province/liaison", "/objections"]),
        ("kunshan", ["/applicant", "/applications/1"]),
    ):  # fmt: skip
        page.context.clear_cookies()
        log_in(page, base, login)
        for url in urls:
            page.goto(base + url)
            no_serious_axe_violations(page)
    # keyboard only: Tab reaches every control of the objection form, and Enter on the link opens it
    page.context.clear_cookies()
    page.goto(f"{base}/notices")
    link = page.locator("section.notice", has_text="江苏省").get_by_role("link", name="查看公示并提出异议")
    for _ in range(30):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Enter")
    expect(page.locator("section.objection-form")).to_be_visible()
    form = page.locator("section.objection-form")
    controls = form.locator(
        "input:not([type=hidden]):not([type=radio]), input[type=radio]:checked, select, textarea, button"
    )
    wanted = controls.count()
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.name + ':' + (document.activeElement.value || '')"))
    names = {c.evaluate("el => el.name + ':' + (el.value || '')") for c in controls.all()}
    assert names <= reached, (wanted, names - reached)
