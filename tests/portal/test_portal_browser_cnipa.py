"""The national part of the 2025 cycle in Debian's Chromium with the demo's ``cnipa`` account alone (the clock moved
only by ``tick``; the provinces' own acts, a package reported, through their services): a case call opened from the
form with no quota table, the recommendation deadline extended for Jiangsu with its reminders seen to move,
indicators and a standard loaded from xlsx with a preview, scores entered and shown back, selection by rank, the
创建对象 list published after its notice, acceptance, recognition, an effectiveness evaluation and 摘牌."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from engine.kernel.clock import FixedClock
from engine.services.applications import worklists
from engine.services.applications.timers import tick
from engine.services.applications.trail import history
from engine.services.national import recognition_register as register
from engine.store.workspace import Workspace
from portal.demo import demo_workspace
from tests.support.browser import log_in, needs_chromium, serve
from tests.support.lifecycle import report_package

pytestmark = needs_chromium

expect = pytest.importorskip("playwright.sync_api").expect
KUNSHAN = 1


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[str, Workspace, FixedClock]]:
    ws, clock, _demo = demo_workspace(tmp_path / "demo.db")
    for base in serve(ws):
        yield base, ws, clock
    ws.dispose()


def sheet(path: Path, *rows: tuple[object, ...]) -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def days_shown(page) -> list[str]:  # noqa: ANN001
    return [
        t.strip() for t in page.locator("tr.reminder[data-milestone='recommendation'] td.send-on").all_inner_texts()
    ]


def load(page, base: str, which: str, path: Path) -> None:  # noqa: ANN001
    page.goto(f"{base}/national/cycles/1/indicators")
    page.locator(f"form.load-{which} input[type=file]").set_input_files(str(path))
    page.locator(f"form.load-{which} button").click()
    expect(page.locator(".reference-preview h2")).to_contain_text("尚未生效")
    page.get_by_role("button", name=re.compile("确认载入")).click()
    expect(page.locator("p.done")).to_contain_text("已载入")


def fire(page, base: str, event: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/applications/{KUNSHAN}")
    form = page.locator(f"form.action[data-event='{event}']")
    if form.locator("input[name=confirm]").count():  # a national decision is ticked as confirmed first
        form.locator("input[name=confirm]").check()
    form.locator("button").click()


def score(page, base: str, reviewer: str, value: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/applications/{KUNSHAN}")
    form = page.locator("form.scores")
    form.get_by_label("评审专家").fill(reviewer)
    form.locator("input[name=score_I1]").fill(value)
    form.get_by_role("button", name="记录评分").click()


def test_the_national_office_runs_its_part_of_the_2025_cycle_in_the_browser(page, demo, tmp_path: Path) -> None:  # noqa: ANN001, PLR0915
    base, ws, clock = demo
    log_in(page, base, "cnipa")

    # a case call opens from the form with no quota table
    page.goto(f"{base}/national/cycles/new?programme=typical-cases&edition=2024")
    expect(page.locator("input[name=quota]")).to_have_count(0)
    page.get_by_role("button", name="预览").click()
    page.get_by_role("button", name="确认开启周期").click()
    assert {c[1] for c in worklists.open_cycles(ws)} >= {"typical-cases"}

    # the recommendation deadline extended for Jiangsu: previewed, confirmed, its reminders move
    page.goto(f"{base}/national/cycles/1/dates?province=320000")
    before = days_shown(page)
    assert before
    page.get_by_label("节点").select_option("recommendation")
    page.get_by_label("新日期").fill("2025-10-31")
    page.get_by_label("范围").select_option("320000")
    page.get_by_label(re.compile("理由")).fill("补充通知：江苏省延期一周")
    page.get_by_role("button", name="预览调整").click()
    expect(page.locator(".amend-preview .after")).to_contain_text("2025年10月31日")
    expect(page.locator(".amend-preview table.reminder-moves")).to_be_visible()
    page.get_by_role("button", name="确认调整").click()
    expect(page.locator("p.done")).to_contain_text("日期已调整")
    expect(page.locator("table.extensions tr[data-province='320000'] .due")).to_contain_text("2025年10月31日")
    page.goto(f"{base}/national/cycles/1/dates?province=320000")
    after = days_shown(page)
    assert after and max(after) > max(before)

    # a fortnight on Jiangsu has reported its package (the province's act); indicators from xlsx
    clock.advance(timedelta(days=14))
    tick(ws)
    assert KUNSHAN in report_package(ws, 1, "320000")
    log_in(page, base, "cnipa")
    page.goto(f"{base}/national/cycles/1/indicators")
    with page.expect_download() as got:
        page.get_by_role("link", name=re.compile("下载评价指标模板")).click()
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    template = load_workbook(saved)
    assert [c.value for c in template.active[1]] == ["指标代码", "指标名称", "权重", "满分"]  # type: ignore[index]
    load(page, base, "indicators", sheet(tmp_path / "指标.xlsx", ("指标代码", "指标名称", "权重", "满分"),
                                         ("I1", "综合评价", 100, 100)))  # fmt: skip
    expect(page.locator("table.indicators tr[data-indicator='I1']")).to_contain_text("综合评价")

    # scores: a bad one keeps nothing and says which; a good one is shown back
    score(page, base, "专家甲", "120")
    expect(page.locator("body")).to_contain_text("I1")
    score(page, base, "专家甲", "90")
    expect(page.locator("#evaluation")).to_contain_text("90")

    # selection by rank, the notice, the 创建对象 list published from the board
    page.goto(f"{base}/national")
    page.get_by_label("类别").select_option("county")
    page.get_by_role("button", name="按排名确定创建对象").click()
    expect(page.locator("table.bulk-preview")).to_contain_text("昆山市人民政府")
    page.locator("form.confirm button").click()
    assert history(ws, KUNSHAN).stage == "selection_notice"
    clock.advance(timedelta(days=15))
    tick(ws)
    log_in(page, base, "cnipa")
    page.goto(f"{base}/national")
    page.locator("select[name=kind]").select_option("creation-objects")
    page.get_by_role("button", name="在公开页面公布").click()
    expect(page.locator("h1")).to_contain_text("公布前预览")
    page.get_by_role("button", name="确认公布").click()
    expect(page.locator("body")).to_contain_text("昆山市人民政府")

    # acceptance: refused before the creation period's last year (B7), then against a standard from xlsx; recognised
    # when its notice ends
    page.goto(f"{base}/applications/{KUNSHAN}")
    expect(page.locator("form.action[data-event='start_acceptance']")).to_have_count(0)  # not offered before 2027
    assert history(ws, KUNSHAN).stage == "in_creation"
    clock.set(datetime(2027, 1, 4, 10))
    log_in(page, base, "cnipa")
    fire(page, base, "start_acceptance")
    load(page, base, "standard", sheet(tmp_path / "验收标准.xlsx", ("指标", "最低分"), ("总分", 60)))
    score(page, base, "专家乙", "80")
    fire(page, base, "pass")
    clock.advance(timedelta(days=15))
    tick(ws)
    assert history(ws, KUNSHAN).stage == "recognised"

    # 成效评估 that falls short, then 摘牌 citing it, confirmed
    log_in(page, base, "cnipa")
    page.goto(f"{base}/applications/{KUNSHAN}")
    form = page.locator("form.effectiveness")
    form.get_by_label("成效评估专家").fill("专家丙")
    form.locator("input[name=score_I1]").fill("40")
    form.get_by_role("button", name="记录成效评估").click()
    revoke = page.locator("form.revoke")
    revoke.get_by_label(re.compile("摘牌理由")).fill("成效评估未达到验收标准")
    revoke.get_by_label(re.compile("确认取消")).check()
    revoke.get_by_role("button", name="摘牌").click()
    unit = register.application_recognition(ws, KUNSHAN)
    assert unit is not None and unit.status == "revoked"
