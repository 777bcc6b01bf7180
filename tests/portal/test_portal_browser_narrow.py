"""A phone's width (375 px) in a real Chromium: the main pages of each role (the public's included) fit without
scrolling sideways, and axe finds no serious or critical violation on any of them.

A wide table may scroll inside itself; the page never does. A failing test leaves a screenshot under
test-output/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import log_in, needs_chromium, no_serious_axe_violations, serve
from tests.support.portal_support import demo_copy

pytestmark = needs_chromium
PHONE = {"width": 375, "height": 812}
MAIN_PAGES = {
    None: ["/notices", "/lists", "/objections/outcome", "/guide", "/login"],
    "cnipa": ["/national", "/province/applications", "/objections", "/national/outbox", "/applications/1", "/guide"],
    "jiangsu": ["/province", "/province/applications", "/province/liaison", "/province/report", "/applications/1"],
    "kunshan": ["/applicant", "/applications/1", "/messages"],
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    ws, _clock, _demo = demo_copy(Path(tmp_path_factory.mktemp("narrow")) / "demo.db")
    yield from serve(ws)
    ws.dispose()


@pytest.mark.parametrize("login", list(MAIN_PAGES), ids=[a or "public" for a in MAIN_PAGES])
def test_the_main_pages_fit_a_phone_and_pass_axe(chromium, base: str, login: str | None) -> None:  # noqa: ANN001
    context = chromium.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    try:
        if login:
            log_in(page, base, login)
        wide = []
        for path in MAIN_PAGES[login]:
            response = page.goto(base + path)
            assert response is not None and response.ok, (path, response and response.status)
            scroll, width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > width:
                wide.append(f"{path}: {scroll} px wide in {width}")
            no_serious_axe_violations(page)
        assert not wide, wide
    finally:
        context.close()
