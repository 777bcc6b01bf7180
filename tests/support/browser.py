"""What the browser tests share: where Chromium is, where failure screenshots go, and logging in as a user does."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from engine.store.workspace import Workspace
from portal.demo import demo_password
from tests.support.paths import REPO

CHROMIUM = "/usr/bin/chromium"
SHOTS = REPO / "test-output" / "screenshots"
needs_chromium = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian's chromium (.ci/run installs it)")


def log_in(page, base: str, login: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/login")
    page.get_by_label("登录名").fill(login)
    page.get_by_label("密码").fill(demo_password(login))
    page.get_by_role("button", name="登录").click()


def serve(ws: Workspace) -> Iterator[str]:
    """The portal over ``ws`` on a free local port in a thread, for as long as the generator is open."""
    import uvicorn

    from portal.app import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(ws, secret="browser2"), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=5)


def no_serious_axe_violations(page) -> None:  # noqa: ANN001
    """axe-core on the page as it stands: no critical or serious violation (each one found is listed)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("critical", "serious")]
    assert not bad, (
        page.url + "\n" + "\n".join(f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}" for v in bad)
    )


def dismiss_open_objection(page, base: str, login: str, handler: str) -> object:  # noqa: ANN001
    """As ``login``, find the one open objection (filed through the public form by 王五) in the queue, check the
    page with axe, and record it as not upheld; returns the office's page, showing the outcome."""
    expect = pytest.importorskip("playwright.sync_api").expect
    office = page.context.new_page()
    log_in(office, base, login)
    office.goto(f"{base}/objections")
    objection = office.locator("section.objection.open")
    expect(objection).to_contain_text("王五")
    expect(objection).to_contain_text("公开异议表")
    no_serious_axe_violations(office)
    objection.get_by_label("核实情况与理由").fill("经核实，专利数据无误。")
    objection.get_by_label("经办人").fill(handler)
    objection.get_by_label("异议不成立").check()  # no outcome is chosen in advance
    objection.get_by_label("确认处理结果", exact=False).check()
    objection.get_by_role("button", name="记录处理结果").click()
    expect(office.locator("section.objection.resolved .outcome")).to_contain_text("异议不成立")
    return office
