"""Portal accounts from the shell: user add|list|disable|passwd and token create.

Passwords are read from standard input (one line) or a hidden prompt, never from argv, so they stay
out of shell history and process lists.
"""

from __future__ import annotations

import sys

import click

from engine.cli.common import emit, json_option, with_workspace
from engine.services.accounts import users
from engine.store.workspace import Workspace


def read_password() -> str:
    """One line from a pipe, or asked twice at a terminal without echo."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("password", hide_input=True, confirmation_prompt=True))


def _user_text(u: users.UserRecord) -> str:
    role = u.role if u.scope is None else f"{u.role}:{u.scope}"
    state = "  (disabled)" if u.disabled else ""
    return f"{u.login:24} {role:20} {u.scope_name or ''}{state}"


@click.group("user")
def user_group() -> None:
    """Portal accounts: one role each (national, province:CODE, applicant:ORG_ID)."""


@user_group.command("add")
@click.option("--login", required=True)
@click.option("--role", required=True, metavar="ROLE", help="national | province:CODE | applicant:ORG_ID")
@with_workspace
@json_option
def user_add(ws: Workspace, login: str, role: str, as_json: bool) -> None:
    """Create an account; the password comes from stdin or a prompt (12+ characters, not the log-in, not common)."""
    emit(users.create_user(ws, login, role, read_password()), as_json, lambda u: "created " + _user_text(u))


@user_group.command("list")
@with_workspace
@json_option
def user_list(ws: Workspace, as_json: bool) -> None:
    """Every account with its role and whether it is disabled."""
    emit(users.list_users(ws), as_json, lambda rows: "\n".join(_user_text(u) for u in rows) or "no accounts")


@user_group.command("disable")
@click.option("--login", required=True)
@with_workspace
@json_option
def user_disable(ws: Workspace, login: str, as_json: bool) -> None:
    """Stop an account: it cannot log in, and its sessions and tokens end now."""
    emit(users.disable_user(ws, login), as_json, lambda u: "disabled " + _user_text(u))


@user_group.command("passwd")
@click.option("--login", required=True)
@with_workspace
@json_option
def user_passwd(ws: Workspace, login: str, as_json: bool) -> None:
    """Set a new password (from stdin or a prompt); the account's open sessions end."""
    emit(users.change_password(ws, login, read_password()), as_json, lambda u: "password changed: " + u.login)


@click.group("token")
def token_group() -> None:
    """API tokens for /api/v1/ (bearer), shown once and stored hashed."""


@token_group.command("create")
@click.option("--login", required=True)
@click.option("--label", default="api", help="what the token is for (kept with it)")
@with_workspace
@json_option
def token_create(ws: Workspace, login: str, label: str, as_json: bool) -> None:
    """Create a bearer token for the account; it is printed once and only its digest is kept."""
    emit(
        users.create_token(ws, login, label),
        as_json,
        lambda t: f"{t.token}\n(for {t.login}, {t.label}: keep it now; it is not shown again)",
    )


@user_group.command("unlock")
@click.option("--login", required=True)
@with_workspace
@json_option
def user_unlock(ws: Workspace, login: str, as_json: bool) -> None:
    """Let an account log in again at once after too many failed log-ins (from every address)."""
    emit(users.unlock(ws, login), as_json, lambda u: "unlocked " + _user_text(u))
