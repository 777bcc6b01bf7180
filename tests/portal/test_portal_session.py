"""An expired session on a form: the log-in page says the session expired, keeps the user's place (``next``),
and after log-in returns to that page; a form that was being sent is said to be lost, never silently dropped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from engine.services.accounts import users
from portal.demo import demo_password
from tests.support.browser import needs_chromium, serve
from tests.support.portal_support import csrf_of, demo_site, log_in

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple]:
    ws, clock, demo, client = demo_site(tmp_path)
    yield ws, clock, demo, client
    ws.dispose()


def test_after_an_expired_session_log_in_returns_to_the_page_and_says_a_form_was_lost(site: tuple) -> None:
    _ws, clock, demo, client = site
    csrf = log_in(client, "jiangsu")
    clock.advance(timedelta(hours=users.SESSION_HOURS + 1))
    page = f"/province/liaison?cycle={demo.cycle}"
    r = client.get(page)
    assert r.status_code == 303
    where = urlsplit(r.headers["location"])
    assert where.path == "/login" and parse_qs(where.query) == {"next": [page], "expired": ["1"]}
    shown = client.get(r.headers["location"]).text
    assert "登录已超时" in shown and f'name="next" value="{page.replace("&", "&amp;")}"' in shown
    assert "未能保存" not in shown
    form = {"csrf": csrf, "name": "张三", "title": "处长", "phone": "025-83271234", "mobile": "13800000000",
            "email": "zs@js.example"}  # fmt: skip
    r = client.post("/province/liaison", data=form, headers={"referer": f"http://testserver{page}"})
    assert r.status_code == 303
    login_page = client.get(r.headers["location"])
    assert "刚才提交的内容未能保存" in login_page.text
    r = client.post("/login", data={"login": "jiangsu", "password": demo_password("jiangsu"),
                                    "csrf": csrf_of(login_page.text), "next": page})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == page
    assert client.get(page).status_code == 200


def test_log_in_never_sends_the_user_to_another_site(site: tuple) -> None:
    *_, client = site
    for bad in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        page = client.get("/login", params={"next": bad})
        assert "evil" not in page.text
        r = client.post("/login", data={"login": "jiangsu", "password": demo_password("jiangsu"),
                                        "csrf": csrf_of(page.text), "next": bad})  # fmt: skip
        assert r.status_code == 303 and r.headers["location"] == "/province"
        client.cookies.clear()


@needs_chromium
def test_in_the_browser_an_expired_session_on_the_receipt_form_comes_back_to_it(page, site) -> None:  # noqa: ANN001
    ws, clock, demo, _client = site
    server = serve(ws)
    base = next(server)
    try:
        page.goto(f"{base}/login")
        page.get_by_label("登录名").fill("jiangsu")
        page.get_by_label("密码").fill(demo_password("jiangsu"))
        page.get_by_role("button", name="登录").click()
        page.goto(f"{base}/province/liaison")
        for label, value in (("姓名", "张三"), ("职务", "处长"), ("办公电话", "025-83271234"), ("手机", "13800000000"),
                             ("电子邮箱", "zs@js.example")):  # fmt: skip
            page.get_by_label(label).fill(value)
        clock.advance(timedelta(hours=users.SESSION_HOURS + 1))
        page.get_by_role("button", name="报送回执").click()
        expect(page.locator(".session-expired")).to_contain_text("登录已超时")
        page.get_by_label("登录名").fill("jiangsu")
        page.get_by_label("密码").fill(demo_password("jiangsu"))
        page.get_by_role("button", name="登录").click()
        expect(page).to_have_url(f"{base}/province/liaison")
        expect(page.get_by_role("heading", level=1)).to_have_text("工作联络员回执")
    finally:
        next(server, None)
