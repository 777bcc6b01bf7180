"""Accounts from the shell: passwords from stdin (never argv), argon2 hashes, disabling, new passwords, tokens."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from engine.services.accounts import users
from engine.store.accounts import ApiToken, UserAccount
from engine.store.workspace import Workspace
from tests.support.cli import run_cli
from tests.support.hashes import product_hasher


def _env(tmp_path: Path) -> dict[str, str]:
    return {"IPCYCLE_DB": str(tmp_path / "cli.db"), "IPCYCLE_NOW": "2025-09-15T10:00"}


def test_user_add_reads_the_password_from_stdin_and_keeps_only_an_argon2_hash(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert run_cli("init", env=env).returncode == 0
    ran = run_cli(
        "user", "add", "--login", "JiangSu", "--role", "province:320000", "--json", env=env, stdin="s3cret-pass-1\n"
    )
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["login"] == "jiangsu"
    assert "s3cret" not in ran.stdout + ran.stderr
    ws = Workspace(env["IPCYCLE_DB"])
    with ws.transaction() as s:
        stored = s.scalar(select(UserAccount.password_hash))
    assert stored is not None and stored.startswith("$argon2") and "s3cret" not in stored
    assert users.log_in(ws, "jiangsu", "s3cret-pass-1", "127.0.0.1").user.scope == "320000"
    ws.dispose()
    # argv has no password option at all
    ran = run_cli("user", "add", "--login", "x1", "--role", "national", "--password", "abc", env=env)
    assert ran.returncode == 2 and "No such option" in ran.stderr


def test_the_product_hashes_passwords_with_argon2id_at_64_mib_three_passes_four_lanes() -> None:
    """The tests hash cheaply (tests/support/hashes.py); the product keeps argon2id at its recommended cost."""
    stored = product_hasher().hash("s3cret-pass-1")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert product_hasher().verify("s3cret-pass-1", stored) and not product_hasher().verify("s3cret-pass-2", stored)


def test_bad_roles_short_passwords_and_unknown_organisations_change_nothing(tmp_path: Path) -> None:
    env = _env(tmp_path)
    run_cli("init", env=env)
    assert (
        run_cli(
            "user", "add", "--login", "a1", "--role", "province:999999", env=env, stdin="long-enough-1\n"
        ).returncode
        == 2
    )
    assert (
        run_cli("user", "add", "--login", "a1", "--role", "applicant:999", env=env, stdin="long-enough-1\n").returncode
        == 2
    )
    ran = run_cli("user", "add", "--login", "a1", "--role", "national", env=env, stdin="short\n")
    assert ran.returncode == 2 and "密码至少 12 位" in ran.stderr
    assert json.loads(run_cli("user", "list", "--json", env=env).stdout) == []


def test_disable_and_passwd_end_sessions_and_tokens(tmp_path: Path) -> None:
    env = _env(tmp_path)
    run_cli("init", env=env)
    run_cli("user", "add", "--login", "cnipa", "--role", "national", env=env, stdin="first-password\n")
    ws = Workspace(env["IPCYCLE_DB"])
    session = users.log_in(ws, "cnipa", "first-password", "10.0.0.1")
    token = run_cli("token", "create", "--login", "cnipa", "--json", env=env)
    raw = json.loads(token.stdout)["token"]
    assert users.token_user(ws, raw) is not None
    with ws.transaction() as s:
        assert s.scalar(select(ApiToken.digest)) == users.digest(raw)  # the token itself is not kept
    assert run_cli("user", "passwd", "--login", "cnipa", env=env, stdin="second-password\n").returncode == 0
    assert users.session_of(ws, session.session_id) is None
    second = users.log_in(ws, "cnipa", "second-password", "10.0.0.1")
    assert run_cli("user", "disable", "--login", "cnipa", env=env).returncode == 0
    assert users.session_of(ws, second.session_id) is None
    assert users.token_user(ws, raw) is None
    listed = json.loads(run_cli("user", "list", "--json", env=env).stdout)
    assert [(u["login"], u["disabled"]) for u in listed] == [("cnipa", True)]
    ws.dispose()
