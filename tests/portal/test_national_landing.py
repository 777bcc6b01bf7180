"""The national office's landing page starts with its to-do (what waits for it, by when), then a search box and
the board; the all-applications list filters by province; a case call's board shows submissions, minimums and
deadlines, not liaison receipts and quotas it does not have."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import select

from engine.services.programmes import cycles
from engine.store.core import Timer, TimerStatus
from portal.demo import NATIONAL
from tests.support.portal_support import demo_site, log_in, reviewed_demo_site


def _task(html: str, kind: str) -> int | None:
    found = re.search(rf'data-kind="{kind}"><a [^>]*>[^<]*</a>：<strong class="count">(\d+)<', html)
    return int(found.group(1)) if found else None


def test_the_landing_page_starts_with_what_waits_for_the_office(tmp_path: Path) -> None:
    ws, _clock, client = reviewed_demo_site(tmp_path)
    log_in(client, "cnipa")
    page = client.get("/national").text
    assert page.index('class="todo"') < page.index('role="search"') < page.index("h-heat")
    assert _task(page, "applications") == 2  # 昆山 and 成都 in national review
    assert _task(page, "reports") == 2  # Jiangsu and Sichuan reported
    assert _task(page, "timers-failed") is None
    with ws.transaction() as s:
        timer = s.scalars(select(Timer).where(Timer.status == TimerStatus.PENDING).limit(1)).one()
        timer.status = TimerStatus.FAILED
    assert _task(client.get("/national").text, "timers-failed") == 1


def test_the_office_searches_across_cycles_and_filters_the_list_by_province(tmp_path: Path) -> None:
    _ws, _clock, _demo, client = demo_site(tmp_path)
    log_in(client, "cnipa")
    found = client.get("/national/search", params={"q": "昆山"})
    assert found.status_code == 200 and "昆山市人民政府" in found.text and 'href="/applications/1"' in found.text
    by_uscc = client.get("/national/search", params={"q": "320583"})  # 昆山's division
    assert "昆山市人民政府" in by_uscc.text
    jiangsu = client.get("/province/applications", params={"province": "320000"}).text
    assert '<option value="320000" selected>' in jiangsu
    assert "昆山市人民政府" in jiangsu and "宁波" not in jiangsu and "成都" not in jiangsu
    everyone = client.get("/province/applications").text
    assert "成都" in everyone


def test_a_case_call_board_shows_minimums_and_deadlines_not_receipts_or_quotas(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    dates = {"call-issued": date(2026, 3, 11), "phase-1": date(2026, 3, 26), "phase-2": date(2026, 6, 25)}
    call = cycles.open_cycle(ws, "tisc-cases", 2026, dates, NATIONAL).id
    log_in(client, "cnipa")
    board = client.get(f"/national?cycle={call}")
    assert board.status_code == 200
    assert "最低报送数与截止日期" in board.text and "第一阶段案例征集截止" in board.text
    assert "receipts-missing" not in board.text and "名额调整" not in board.text and "回执" not in board.text
    assert _task(board.text, "minimums") and 'href="/cases?cycle=' in board.text


def test_the_office_looks_as_an_applicant_chosen_by_name_not_by_its_number(tmp_path: Path) -> None:
    """以申报单位身份查看 offers the applicant organisations by name; choosing 昆山 opens the desk 昆山's account
    sees, and the form asks for no internal number; so does the national office's form for a new applicant account."""
    import lxml.html

    _ws, _clock, _demo, client = demo_site(tmp_path)
    log_in(client, "cnipa")
    tree = lxml.html.fromstring(client.get("/national").text)
    (form,) = tree.xpath("//form[@action='/national/view-as']")
    assert not form.xpath(".//input[@name='scope']") and "编号" not in form.text_content()
    options = {
        o.text_content(): o.get("value") for o in form.xpath(".//select[@name='scope']/option") if o.get("value")
    }
    kunshan = next(v for name, v in options.items() if name.startswith("昆山"))
    assert len(options) >= 2 and all(not name.isdigit() for name in options)
    fields = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    page = client.get("/national/view-as", params={**fields, "scope": kunshan})
    assert page.status_code == 200 and "昆山" in page.text
    accounts = lxml.html.fromstring(client.get("/accounts").text)
    (new,) = accounts.xpath("//form[@class='account-new']")
    assert not new.xpath(".//input[@name='organisation']") and "编号" not in new.text_content()
    assert any(o.text_content().startswith("昆山") for o in new.xpath(".//select[@name='organisation']/option"))
