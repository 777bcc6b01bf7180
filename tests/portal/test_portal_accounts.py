"""Accounts under attack and in daily use: log-in tries counted atomically per account and address with a slower
per-account ceiling the office can clear; argon2 never under the write lock; a read never refused for a write's
lock; tokens listed and revoked one by one; a password change or a disable ends every other session and token;
passwords of 12+ characters, not the log-in, not common. SQLite, and PostgreSQL with IPCYCLE_TEST_DB."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from engine.kernel.errors import BadInput, Refused
from engine.services.accounts import login_limits, users
from engine.store.accounts import LoginAttempt
from engine.store.workspace import Workspace
from portal.demo import demo_password
from tests.support.portal_support import csrf_of, demo_site_on, log_in

NEW_PASSWORD = "江苏省局-新密码-2025秋"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Workspace, TestClient]]:
    ws, _demo, client = demo_site_on(tmp_path)
    yield ws, client
    ws.dispose()


def _checked(ws: Workspace, login: str) -> int:
    """How many tries at ``login`` got as far as the password check (each leaves a log-in attempt row)."""
    with ws.transaction() as s:
        return int(s.scalar(select(func.count(LoginAttempt.id)).where(LoginAttempt.login == login)) or 0)


def test_sixteen_guesses_at_once_are_counted_before_any_is_checked(site: tuple) -> None:
    ws, _client = site
    gate = threading.Barrier(16)
    outcomes: list[str] = []

    def guess(i: int) -> None:
        gate.wait()
        try:
            users.log_in(ws, "zhejiang", f"wrong-guess-{i:04d}", "203.0.113.9")
            outcomes.append("in")
        except Refused as exc:
            outcomes.append(exc.failed()[0].rule_id)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["LOGIN"] * login_limits.PER_PAIR + ["LOGIN-RATE"] * (16 - login_limits.PER_PAIR)
    assert _checked(ws, "zhejiang") == login_limits.PER_PAIR  # only those were checked against the hash


def test_failures_from_one_address_do_not_lock_the_real_user_out_at_another(site: tuple) -> None:
    ws, _client = site
    for i in range(login_limits.PER_PAIR + 3):
        with pytest.raises(Refused):
            users.log_in(ws, "zhejiang", f"wrong-guess-{i:04d}", "203.0.113.9")
    with pytest.raises(Refused) as refused:  # the guesser's own address is slowed
        users.log_in(ws, "zhejiang", demo_password("zhejiang"), "203.0.113.9")
    assert refused.value.failed()[0].rule_id == "LOGIN-RATE"
    assert users.log_in(ws, "zhejiang", demo_password("zhejiang"), "10.1.2.3").user.login == "zhejiang"


def test_guesses_from_many_addresses_reach_the_account_ceiling_and_the_office_unlocks(site: tuple) -> None:
    ws, client = site
    for i in range(login_limits.PER_ACCOUNT):
        with pytest.raises(Refused):
            users.log_in(ws, "zhejiang", f"wrong-guess-{i:04d}", f"198.51.100.{i % 200}")
    with pytest.raises(Refused) as refused:
        users.log_in(ws, "zhejiang", demo_password("zhejiang"), "10.1.2.3")
    assert refused.value.failed()[0].rule_id == "LOGIN-RATE" and "解除" in refused.value.failed()[0].reason_zh
    csrf = log_in(client, "cnipa")
    page = client.post("/national/accounts/unlock", data={"csrf": csrf, "login": "zhejiang"})
    assert page.status_code == 200 and "已解除登录锁定" in page.text
    assert users.log_in(ws, "zhejiang", demo_password("zhejiang"), "10.1.2.3").user.login == "zhejiang"


def test_a_province_cannot_unlock_accounts(site: tuple) -> None:
    _ws, client = site
    csrf = log_in(client, "jiangsu")
    assert client.post("/national/accounts/unlock", data={"csrf": csrf, "login": "zhejiang"}).status_code == 403


def test_the_password_is_checked_outside_the_write_lock(site: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    ws, _client = site
    if ws.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's database-wide write lock; PostgreSQL locks rows, and the check holds none")
    seen: list[bool] = []
    hasher = users._hasher()
    real_verify = hasher.verify

    def verify(password: str, hashed: str) -> bool:
        other = sqlite3.connect(ws.engine.url.database or "", timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once if this log-in held the write lock
            other.rollback()
            seen.append(True)
        except sqlite3.OperationalError:
            seen.append(False)
        finally:
            other.close()
        return bool(real_verify(password, hashed))

    monkeypatch.setattr(hasher, "verify", verify)
    users.log_in(ws, "jiangsu", demo_password("jiangsu"), "10.1.2.3")
    assert seen == [True]


def test_a_read_is_not_refused_while_a_write_holds_its_lock(site: tuple) -> None:
    ws, client = site
    token = users.create_token(ws, "jiangsu", "省局业务系统").token
    csrf = log_in(client, "jiangsu")
    assert csrf
    if ws.engine.dialect.name == "sqlite":
        holder = sqlite3.connect(ws.engine.url.database or "", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the database's write lock, held by "another request"
        holder.execute("UPDATE user_account SET disabled = disabled")
    else:
        conn = ws.engine.connect()
        conn.execute(text("LOCK TABLE api_token, portal_session, user_account IN EXCLUSIVE MODE"))
    try:
        api = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        page = client.get("/province")
    finally:
        if ws.engine.dialect.name == "sqlite":
            holder.rollback()
            holder.close()
        else:
            conn.rollback()
            conn.close()
    assert api.status_code == 200 and api.json()["login"] == "jiangsu"
    assert page.status_code == 200


def test_an_account_lists_and_revokes_its_own_tokens_one_by_one(site: tuple) -> None:
    ws, client = site
    first = users.create_token(ws, "jiangsu", "省局业务系统").token
    second = users.create_token(ws, "jiangsu", "备用").token
    theirs = users.create_token(ws, "zhejiang", "浙江").token
    bearer = {"Authorization": f"Bearer {first}"}
    listed = client.get("/api/v1/me/tokens", headers=bearer).json()
    assert [(t["label"], t["revoked_at"]) for t in listed] == [("备用", None), ("省局业务系统", None)]
    assert "token" not in listed[0] and second not in str(listed)
    zhejiang_id = next(t.id for t in users.list_tokens(ws, "zhejiang"))
    assert client.delete(f"/api/v1/me/tokens/{zhejiang_id}", headers=bearer).status_code == 404
    assert users.token_user(ws, theirs) is not None  # another account's token is untouched
    gone = client.delete(f"/api/v1/me/tokens/{listed[0]['id']}", headers=bearer)
    assert gone.status_code == 200 and gone.json()["revoked_at"]
    assert users.token_user(ws, second) is None and users.token_user(ws, first) is not None
    # the page: the same list, a revoke button per live token, and a new token shown once
    csrf = log_in(client, "jiangsu")
    page = client.get("/account")
    assert "省局业务系统" in page.text and "吊销" in page.text and first not in page.text
    made = client.post("/account/tokens", data={"csrf": csrf, "label": "数据交换"})
    assert made.status_code == 201 and "ipc_" in made.text
    again = client.get("/account")
    assert "数据交换" in again.text and "ipc_" not in again.text
    revoke = client.post(f"/account/tokens/{listed[1]['id']}/revoke", data={"csrf": csrf})
    assert revoke.status_code == 200 and users.token_user(ws, first) is None


def test_a_password_change_ends_every_other_session_and_every_token(site: tuple) -> None:
    ws, client = site
    other = TestClient(client.app, follow_redirects=False)
    log_in(other, "jiangsu")  # another browser
    token = users.create_token(ws, "jiangsu", "省局业务系统").token
    csrf = log_in(client, "jiangsu")
    wrong = client.post(
        "/account/password", data={"csrf": csrf, "current_password": "not-the-password", "new_password": NEW_PASSWORD}
    )
    assert wrong.status_code == 400 and "当前密码不正确" in wrong.text
    assert other.get("/province").status_code == 200
    done = client.post(
        "/account/password",
        data={"csrf": csrf, "current_password": demo_password("jiangsu"), "new_password": NEW_PASSWORD},
    )
    assert done.status_code == 200 and "密码已修改" in done.text
    assert client.get("/province").status_code == 200  # this session stays
    assert other.get("/province").status_code == 303  # the other browser is sent to log in
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert users.log_in(ws, "jiangsu", NEW_PASSWORD, "10.1.2.3").user.login == "jiangsu"


def test_the_api_changes_a_password_with_the_current_one_and_names_the_field_when_wrong(site: tuple) -> None:
    ws, client = site
    token = users.create_token(ws, "jiangsu", "省局业务系统").token
    bearer = {"Authorization": f"Bearer {token}"}
    r = client.post(
        "/api/v1/me/password", json={"current_password": "nope-nope-nope", "new_password": NEW_PASSWORD}, headers=bearer
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "/current_password"
    assert "当前密码不正确" in r.json()["message"]
    r = client.post(
        "/api/v1/me/password",
        json={"current_password": demo_password("jiangsu"), "new_password": NEW_PASSWORD},
        headers=bearer,
    )
    assert r.status_code == 200
    assert client.get("/api/v1/me", headers=bearer).status_code == 401  # every token ends with the old password


def test_disabling_an_account_ends_its_sessions_and_tokens(site: tuple) -> None:
    ws, client = site
    token = users.create_token(ws, "jiangsu", "省局业务系统").token
    log_in(client, "jiangsu")
    users.disable_user(ws, "jiangsu")
    assert client.get("/province").status_code == 303
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize(
    "password",
    ["aaaaaaaaaaaa", "123456789012", "Password2025!", "qwerty123456", "woaini1314520", "jiangsu-2025-ok", "short-1"],
)
def test_weak_passwords_are_refused_everywhere(site: tuple, password: str) -> None:
    ws, client = site
    with pytest.raises(BadInput, match="password"):
        users.change_password(ws, "jiangsu", password)
    csrf = log_in(client, "jiangsu")
    page = client.post(
        "/account/password", data={"csrf": csrf, "current_password": demo_password("jiangsu"), "new_password": password}
    )
    assert page.status_code == 400 and "密码" in page.text
    assert users.log_in(ws, "jiangsu", demo_password("jiangsu"), "10.9.9.9")  # unchanged


def test_the_log_in_form_still_works_and_a_wrong_password_says_so(site: tuple) -> None:
    _ws, client = site
    page = client.get("/login")
    r = client.post("/login", data={"login": "jiangsu", "password": "wrong-password!", "csrf": csrf_of(page.text)})
    assert r.status_code == 401 and "[LOGIN]" in r.text
