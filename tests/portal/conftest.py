"""Browser fixtures for the portal's journeys: Debian's Chromium, a page per test, a screenshot when one fails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.browser import CHROMIUM, SHOTS


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """Debian's Chromium, headless (`playwright install` cannot download a browser here).

    Started and stopped by this module, not pytest-playwright's session-wide browser: Playwright's sync API keeps
    an event loop running in the main thread while it is open, which later asyncio-using tests would trip on."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(chromium) -> Iterator[object]:  # noqa: ANN001
    context = chromium.new_context(locale="zh-CN", accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def screenshot_on_failure(request: pytest.FixtureRequest) -> Iterator[None]:
    # taken before the test runs, so this fixture is torn down (and shoots) while the page still lives
    page = request.getfixturevalue("page") if "page" in request.fixturenames else None
    yield
    call = getattr(request.node, "rep_call", None)
    if call is not None and call.failed and page is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{request.node.name}.png"), full_page=True)
