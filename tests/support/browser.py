"""What the browser tests share: where Chromium is, where failure screenshots go, and logging in as a user does."""

from __future__ import annotations

import shutil

import pytest

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
