"""The provincial round of the 2025 cycle in Chromium with the demo's accounts only (the clock moved and the scheduler's
tick run between days, as `ipcycle tick` would): apply, attest, upload, submit, findings, recommend within the quota,
an objection received by letter recorded, its scan opened and the objection dismissed, the notice ended by the tick,
the package reported with a letter, and a second province's nil return. And the case calls by the accounts the
notices name: a typical case and a TISC case submitted, the TISC case reviewed, its 汇总表 filed and forwarded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from engine.kernel.clock import FixedClock
from engine.services.applications.timers import tick
from engine.store.workspace import Workspace
from portal.demo import Demo
from tests.support.browser import log_in, needs_chromium, serve
from tests.support.casehelpers import SME_CASE, write_case
from tests.support.portal_support import demo_copy

pytestmark = needs_chromium
expect = pytest.importorskip("playwright.sync_api").expect
PDF = b"%PDF-1.4\n% a scanned, stamped page\n"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Workspace, FixedClock, Demo]]:
    ws, clock, demo = demo_copy(tmp_path / "demo.db")
    for base in serve(ws):
        yield base, ws, clock, demo
    ws.dispose()


def _as(page, base: str, login: str) -> None:  # noqa: ANN001
    page.context.clear_cookies()
    log_in(page, base, login)


def _file(folder: Path, name: str, data: bytes = PDF) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


def test_a_provincial_round_from_application_to_the_report_package(page, site, tmp_path: Path) -> None:  # noqa: ANN001
    base, ws, clock, _demo = site
    _as(page, base, "taicang")
    page.get_by_label("申报类别").select_option("county")
    page.get_by_role("button", name="创建申报").click()
    app = int(page.url.rsplit("/", 1)[1])
    for box in page.locator("section.declarations input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="声明所选条件").click()
    page.get_by_label(re.compile("文件")).set_input_files(_file(tmp_path, "太仓申报书.pdf"))
    page.get_by_role("button", name="上传").click()
    page.locator("form[data-event=submit]").get_by_role("button").click()
    expect(page.locator("h1")).to_have_text("申报回执")
    expect(page.locator(".receipt-number")).to_contain_text(f"2025-320000-{app:06d}-")

    _as(page, base, "jiangsu")  # the province's findings, then the recommendation within its quota
    page.goto(f"{base}/applications/{app}")
    for box in page.locator("section.declarations input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="记录审核意见").click()
    expect(page.locator("li.declaration .state").first).to_contain_text("省级审核：符合")
    expect(page.locator("tr[data-category=county] .used")).to_have_text("1 / 2")
    page.locator("form[data-event=recommend]").get_by_role("button").click()
    expect(page.locator(".current-stage")).to_have_text("省级公示")
    expect(page.locator("tr[data-category=county] .used")).to_have_text("2 / 2")

    page.goto(f"{base}/objections")  # a letter came by post: recorded with the unit's stamped scan
    record = page.locator("section.record-objection")
    record.get_by_label("被异议的申报").select_option(str(app))
    record.get_by_label(re.compile("单位（须附盖章扫描件）")).check()
    record.get_by_label("异议人姓名").fill("赵六")
    record.get_by_label("所在单位").fill("苏州某科技有限公司")
    record.get_by_label("联系电话").fill("0512-66668888")
    record.get_by_label("异议内容").fill("申报书所列专利数据与实际不符。")
    record.get_by_label("盖章扫描件（PDF或图片）").set_input_files(_file(tmp_path, "异议函.pdf"))
    record.get_by_role("button", name="登记异议").click()
    objection = page.locator("section.objection.open")
    expect(objection).to_contain_text("赵六")
    with page.expect_download() as opened:  # the scan is opened before judging
        objection.get_by_role("link", name="异议函.pdf").click()
    assert Path(opened.value.path()).read_bytes() == PDF
    objection.get_by_label("异议不成立").check()
    objection.get_by_label("核实情况与理由").fill("经核实，专利数据无误。")
    objection.get_by_label("经办人").fill("李处长")
    objection.get_by_label("确认处理结果", exact=False).check()
    objection.get_by_role("button", name="记录处理结果").click()
    expect(page.locator("section.objection.resolved .outcome")).to_contain_text("异议不成立")

    clock.set(datetime(2025, 10, 21, 9, 0))  # the notice's days have run: the scheduler's tick ends it
    tick(ws)
    _as(page, base, "jiangsu")  # twelve days on: the session has lapsed, as it would have
    page.goto(f"{base}/province/report")
    page.get_by_label(re.compile("推荐函（PDF或图片")).set_input_files(_file(tmp_path, "推荐函.pdf"))
    page.get_by_label(re.compile("确认连同")).check()
    page.get_by_role("button", name="确认报送").click()
    expect(page.locator("main")).to_contain_text("已报送（第1版）")
    expect(page.locator("main")).to_contain_text("太仓市人民政府")
    expect(page.locator("main")).to_contain_text("2项申报")  # 昆山 and 太仓, Jiangsu's two county places

    _as(page, base, "jiangsu")
    page.goto(f"{base}/applications/{app}")
    expect(page.locator(".current-stage")).to_have_text("国家知识产权局评审")

    _as(page, base, "zhejiang")  # nobody worth recommending: a nil return with its reason
    page.goto(f"{base}/province/report")
    page.get_by_label("理由（宁缺毋滥）").fill("本省申报单位均未达到示范县条件，宁缺毋滥。")
    page.get_by_label("确认本届不推荐", exact=False).check()
    page.get_by_role("button", name=re.compile("本届不推荐")).click()
    expect(page.locator("main")).to_contain_text("宁缺毋滥")


def test_a_typical_case_and_a_tisc_case_are_submitted_and_forwarded_by_their_accounts(
    page, site, tmp_path: Path
) -> None:  # noqa: ANN001
    base, _ws, _clock, demo = site
    typical, tisc = demo.case_calls["typical-cases"], demo.case_calls["tisc-cases"]
    _as(page, base, "miit")  # a member unit of the joint conference (C1)
    page.goto(f"{base}/cases?cycle={typical}")
    page.get_by_label("案例文件（docx）").set_input_files(str(write_case(tmp_path, 4, ".docx", contact=None)))
    page.get_by_role("button", name="检查字数").click()
    expect(page.get_by_label("案例名称")).to_have_value("昆山市打造知识产权强县建设样板")  # from its 附件2 table
    page.get_by_label("案例联系人及联系方式").fill("刘洋 010-68205555")
    page.get_by_role("button", name="报送该案例").click()
    expect(page.locator("tr.case .stage")).to_have_text("已报送联席会议办公室")

    import docx

    document = docx.Document()
    for text in ("专利信息服务助力中小企业创新", SME_CASE):
        document.add_paragraph(text)
    case = tmp_path / "tisc.docx"
    document.save(str(case))
    _as(page, base, "njust-tisc")  # a TISC, through its province (D1, D6)
    page.goto(f"{base}/cases?cycle={tisc}")
    page.get_by_label(re.compile("案例时间")).fill("2021年至今")  # D2: a case from 2020 on
    page.get_by_label("案例文件（docx）").set_input_files(str(case))
    page.get_by_role("button", name="检查字数").click()
    page.get_by_role("button", name="报送该案例").click()
    expect(page.locator("tr.case .stage")).to_have_text("已报送省级知识产权局")
    page.locator("tr.case td a").first.click()  # its stamped 案例报送表 (D6), on the case's own page
    page.get_by_label("材料").select_option("case-form")
    page.get_by_label(re.compile("文件")).set_input_files(_file(tmp_path, "案例报送表.pdf"))
    page.get_by_role("button", name="上传").click()
    expect(page.locator("li.material.present")).to_contain_text("案例报送表.pdf")

    _as(page, base, "jiangsu")
    page.get_by_role("link", name="办理案例").first.click()
    expect(page.locator("tr.case")).to_contain_text("南京理工大学技术与创新支持中心")
    page.locator("tr.case form[data-event=review]").get_by_role("button").click()
    page.get_by_label(re.compile("盖章的案例汇总表")).set_input_files(_file(tmp_path, "案例汇总表.pdf"))
    page.get_by_role("button", name="报送汇总表").click()
    expect(page.locator("tr.case .stage")).to_contain_text("汇总表已报送")
    page.locator("tr.case form[data-event=forward]").get_by_role("button").click()
    expect(page.locator("tr.case .stage")).to_contain_text("已报送国家知识产权局")
