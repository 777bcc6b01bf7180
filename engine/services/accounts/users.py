"""Portal accounts: users with one role each, log-in with argon2 and rate limits, sessions and API tokens.

An account turns into the same :class:`Actor` the CLI's ``--as`` gives, with its log-in attached, so the
rules that decide a move never depend on how someone reached them; the audit row names the account.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from datetime import datetime, timedelta
from functools import lru_cache

from pwdlib import PasswordHash
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from engine.definition.model import Role
from engine.kernel.errors import BadInput, ConcurrentChange, Refused
from engine.kernel.text import free_text
from engine.machine.machine import Actor
from engine.services.accounts import login_limits
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.accounts import ApiToken, LoginAttempt, LoginThrottle, PortalSession, UserAccount, ViewAsRecord
from engine.store.core import Organisation
from engine.store.workspace import Workspace
from policies.reference.provinces import is_province, province_name
from policies.verdict import Verdict

SESSION_HOURS = 8  # a working day; the clerk logs in again the next morning
MIN_PASSWORD = 12
LOGIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")


@lru_cache(maxsize=1)
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()


# argon2 as recommended takes 64 MiB while a check runs: one at a time per process bounds a portal worker's memory
# (a burst of log-ins at the deadline-day rush took one past 300 MB), and on a few cores two at once end no sooner
_ARGON2_AT_ONCE = threading.Lock()


def _password_hash(password: str) -> str:
    with _ARGON2_AT_ONCE:
        return _hasher().hash(password)


def _password_matches(password: str, hashed: str) -> bool:
    with _ARGON2_AT_ONCE:
        return _hasher().verify(password, hashed)


def digest(secret: str) -> str:
    """What is stored of a session id or token: its SHA-256, never the secret itself."""
    return hashlib.sha256(secret.encode()).hexdigest()


class UserRecord(ServiceResult):
    """An account as listed: its log-in, role, whom it stands for, and whether it may log in."""

    id: int
    login: str
    role: str
    scope: str | None
    scope_name: str | None
    disabled: bool
    created_at: IsoDatetime
    must_change_password: bool = False

    def actor(self) -> Actor:
        """The role this account acts in, carrying the log-in into the audit trail."""
        return Actor(Role(self.role), self.scope, account=self.login)


class SessionView(ServiceResult):
    """A live portal session: whose it is and the CSRF token its forms must carry."""

    user: UserRecord
    csrf_token: str
    expires_at: IsoDatetime


class SessionStarted(ServiceResult):
    """A new session: the secret id for the cookie (never stored) and its CSRF token."""

    session_id: str
    csrf_token: str
    user: UserRecord


class TokenCreated(ServiceResult):
    """A new API token, shown once; only its digest is kept."""

    login: str
    label: str
    token: str


def _record(s_user: UserAccount, names: dict[int, str] | None = None) -> UserRecord:
    scope_name = None
    if s_user.role == Role.PROVINCE and s_user.scope:
        scope_name = province_name(s_user.scope)
    elif s_user.role == Role.APPLICANT and s_user.scope and names is not None:
        scope_name = names.get(int(s_user.scope))
    return UserRecord(
        id=s_user.id,
        login=s_user.login,
        role=s_user.role,
        scope=s_user.scope,
        scope_name=scope_name,
        disabled=s_user.disabled,
        created_at=s_user.created_at,
        must_change_password=s_user.must_change_password,
    )


def parse_role(text: str) -> tuple[Role, str | None]:
    """``national``, ``province:CODE`` or ``applicant:ORG_ID``, as ``--as`` takes them."""
    role, _, scope = text.strip().partition(":")
    if role == Role.NATIONAL and not scope:
        return Role.NATIONAL, None
    if role == Role.PROVINCE and is_province(scope):
        return Role.PROVINCE, scope
    if role == Role.APPLICANT and scope.isdigit():
        return Role.APPLICANT, str(int(scope))
    raise BadInput(f"{text!r} 不是可选的角色", field="role")


# Bases that lists of leaked passwords open with; a password that is one of them once digits, punctuation and
# repeats are taken off (``Password2025!``, ``qwerty123456``, ``woaini1314520``) is refused.
COMMON_BASES = frozenset(
    "password passwort passw0rd admin administrator root welcome letmein iloveyou woaini qwerty qwertyuiop "
    "asdfgh asdfghjkl zxcvbn zxcvbnm abc abcd abcdef abcdefg abcdefgh abcdefghijkl qazwsx qwe qweasd 1qaz2wsx "
    "monkey dragon master football baseball sunshine princess shadow superman trustno1 changeme secret login "
    "user test guest default ipcycle cnipa demo".split()
)


def _is_run(text: str) -> bool:
    """One character repeated, or a run up or down the alphabet or digits (``aaaaaaaaaaaa``, ``123456789012``)."""
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)}
    return len(steps) <= 1 and steps <= {-1, 0, 1} or len(set(text)) <= 3


def check_password(password: str, login: str | None = None) -> str:
    """At least :data:`MIN_PASSWORD` characters, not the log-in, not a common password or a run of one key."""
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"password: 密码至少 {MIN_PASSWORD} 位")
    if password.strip() != password or "\n" in password:
        raise BadInput("password: 密码首尾不能有空格，不能换行")
    lowered = password.lower()
    if login and login.strip().lower() in lowered:
        raise BadInput("password: 密码不能包含登录名")
    base = "".join(ch for ch in lowered if ch.isalpha())
    simple = password.isdigit() or _is_run(lowered) or _is_run(base or lowered) or base in COMMON_BASES
    if simple:
        raise BadInput("password: 密码过于常见或简单，请另选")
    return password


def temporary_password() -> str:
    """A password an office hands over once (shown, never stored in clear); the person replaces it at log-in."""
    while True:
        candidate = secrets.token_urlsafe(12)
        try:
            return check_password(candidate)
        except BadInput:
            continue


def _check_login(login: str) -> str:
    login = login.strip().lower()
    if not 2 <= len(login) <= 80 or not set(login) <= LOGIN_CHARS:
        raise BadInput(f"{login!r} 不可用：登录名为 2–80 个小写字母、数字及 . _ - @", field="login")
    return login


def _user(s: Session, login: str) -> UserAccount:
    user = s.scalar(select(UserAccount).where(UserAccount.login == login.strip().lower()))
    if user is None:
        raise BadInput(f"没有账号 {login!r}", field="login")
    return user


def create_user(ws: Workspace, login: str, role: str, password: str, temporary: bool = False) -> UserRecord:
    """A new account in one role; an applicant's organisation must exist. ``temporary``: an office chose the
    password, so the person sets their own at the first log-in."""
    login = _check_login(login)
    r, scope = parse_role(role)
    check_password(password, login)
    hashed = _password_hash(password)
    now = ws.clock.now()
    with ws.transaction(write=True) as s:
        if s.scalar(select(UserAccount.id).where(UserAccount.login == login)) is not None:
            raise BadInput(f"登录名 {login!r} 已被使用", field="login")
        names: dict[int, str] = {}
        if r is Role.APPLICANT:
            org = s.get(Organisation, int(scope or 0))
            if org is None:
                raise BadInput("没有这个申报单位", field="role")
            names[org.id] = org.name
        user = UserAccount(
            login=login,
            role=r.value,
            scope=scope,
            password_hash=hashed,
            created_at=now,
            password_changed_at=now,
            must_change_password=temporary,
        )
        s.add(user)
        s.flush()
        return _record(user, names)


def _org_names(s: Session, user: UserAccount | None = None) -> dict[int, str]:
    """Organisation names of applicant accounts (of ``user`` alone when given)."""
    if user is not None:
        ids = {int(user.scope)} if user.role == Role.APPLICANT and user.scope else set()
    else:
        ids = {int(x) for x in s.scalars(select(UserAccount.scope).where(UserAccount.role == Role.APPLICANT)) if x}
    if not ids:
        return {}
    return {i: n for i, n in s.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids)))}


def applicant_organisations(ws: Workspace) -> list[tuple[int, str]]:
    """The organisations an applicant account stands for, as (id, name) by name: whom the national office may
    look at the portal as."""
    with ws.transaction() as s:
        return sorted(_org_names(s).items(), key=lambda item: item[1])


def list_users(ws: Workspace) -> list[UserRecord]:
    with ws.transaction() as s:
        names = _org_names(s)
        return [_record(u, names) for u in s.scalars(select(UserAccount).order_by(UserAccount.login))]


def disable_user(ws: Workspace, login: str) -> UserRecord:
    """The account can no longer log in, and its sessions and tokens stop working now."""
    now = ws.clock.now()
    with ws.transaction(write=True) as s:
        user = _user(s, login)
        user.disabled = True
        _end_access(s, user.id, now)
        s.flush()
        return _record(user, _org_names(s, user))


def _end_access(s: Session, user_id: int, now: datetime, keep_session: str | None = None) -> None:
    """End every session of the account (but the one that asked, when given) and revoke every token."""
    keep = digest(keep_session) if keep_session else None
    for session in s.scalars(select(PortalSession).where(PortalSession.user_id == user_id)):
        if session.digest != keep:
            session.ended_at = session.ended_at or now
    for token in s.scalars(select(ApiToken).where(ApiToken.user_id == user_id)):
        token.revoked_at = token.revoked_at or now


def change_password(
    ws: Workspace,
    login: str,
    password: str,
    current: str | None = None,
    keep_session: str | None = None,
    temporary: bool = False,
) -> UserRecord:
    """A new password; every other session of the account ends and every token is revoked (a stolen one too).

    ``current``: the account changing its own password proves it first (the office resetting one does not);
    ``keep_session``: the session it is changed from stays open; ``temporary``: an office reset it, so the person
    sets their own at the next log-in (their own change clears that)."""
    with ws.transaction() as s:
        known = _user(s, login)
        user_login, old_hash = known.login, known.password_hash
    check_password(password, user_login)
    if current is not None and not _password_matches(current, old_hash):
        raise BadInput("current_password: 当前密码不正确")
    hashed = _password_hash(password)  # outside the write lock, as every argon2 call
    now = ws.clock.now()
    with ws.transaction(write=True) as s:
        user = _user(s, login)
        if user.password_hash != old_hash:
            raise ConcurrentChange("密码刚被修改过，本次未作任何变更")
        user.password_hash = hashed
        user.password_changed_at = now
        user.must_change_password = temporary
        _end_access(s, user.id, now, keep_session)
        s.flush()
        return _record(user, _org_names(s, user))


WRONG = Verdict(
    False, "LOGIN", "登录名或密码不正确，或账号已停用", "wrong log-in or password, or the account is disabled"
)


def log_in(ws: Workspace, login: str, password: str, address: str) -> SessionStarted:
    """Check the password (argon2) and open a session; too many failures per account and address, per account
    or per address are refused (:mod:`engine.services.accounts.login_limits`: counted before the check, atomically)."""
    login = login.strip().lower()[:80]
    address = address[:64]
    login_limits.take_try(ws, login, address)
    with ws.transaction() as s:
        user = s.scalar(select(UserAccount).where(UserAccount.login == login))
        known = None if user is None or user.disabled else (user.id, user.password_hash)
    # argon2 outside any transaction: a check costs ~50 ms of CPU and must not hold the write lock meanwhile
    ok = known is not None and _password_matches(password, known[1])
    if known is None:
        _password_hash(password)  # the same work as a real check, so timing does not tell which logins exist
    now = ws.clock.now()
    with ws.transaction(write=True) as s:
        s.add(LoginAttempt(login=login, address=address, at=now, ok=ok))
        user = s.get(UserAccount, known[0]) if ok and known is not None else None
        if user is None or user.disabled or known is None or user.password_hash != known[1]:
            started = None  # a wrong password, or the account was disabled or its password changed meanwhile
        else:
            login_limits.give_back(s, login, address, now)
            session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            s.add(
                PortalSession(
                    digest=digest(session_id),
                    user_id=user.id,
                    csrf_token=csrf,
                    created_at=now,
                    expires_at=now + timedelta(hours=SESSION_HOURS),
                )
            )
            s.flush()
            started = SessionStarted(session_id=session_id, csrf_token=csrf, user=_record(user, _org_names(s, user)))
    if started is None:  # the attempt is committed above, so the count grows even though the log-in is refused
        raise Refused("log-in refused", [WRONG])
    return started


def session_of(ws: Workspace, session_id: str) -> SessionView | None:
    """The live session behind a cookie, or None (unknown, ended, expired or its account disabled)."""
    now = ws.clock.now()
    with ws.transaction() as s:
        row = s.scalar(select(PortalSession).where(PortalSession.digest == digest(session_id)))
        if row is None or row.ended_at is not None or row.user.disabled:
            return None
        if not row.created_at - timedelta(minutes=5) <= now < row.expires_at:  # a clock moved back: log in anew
            return None
        return SessionView(
            user=_record(row.user, _org_names(s, row.user)), csrf_token=row.csrf_token, expires_at=row.expires_at
        )


def log_out(ws: Workspace, session_id: str) -> bool:
    """End the session on the server, so the cookie is worthless even if kept."""
    with ws.transaction(write=True) as s:
        row = s.scalar(select(PortalSession).where(PortalSession.digest == digest(session_id)))
        if row is None or row.ended_at is not None:
            return False
        row.ended_at = ws.clock.now()
        return True


def create_token(ws: Workspace, login: str, label: str = "api") -> TokenCreated:
    """A bearer token for the account; the caller shows it once."""
    label = free_text(label, "label", 80, multiline=False) or "api"
    token = "ipc_" + secrets.token_urlsafe(32)
    with ws.transaction(write=True) as s:
        user = _user(s, login)
        if user.disabled:
            raise BadInput(f"账号 {user.login} 已停用", field="login")
        s.add(ApiToken(digest=digest(token), user_id=user.id, label=label[:80], created_at=ws.clock.now()))
        return TokenCreated(login=user.login, label=label[:80], token=token)


class TokenRecord(ServiceResult):
    """An API token as its account sees it: what it is for and since when; never the token itself."""

    id: int
    label: str
    created_at: IsoDatetime
    revoked_at: IsoDatetime | None


def list_tokens(ws: Workspace, login: str) -> list[TokenRecord]:
    """The account's own tokens, newest first, revoked ones included (so it sees what it revoked, and when)."""
    with ws.transaction() as s:
        user = _user(s, login)
        rows = s.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc()))
        return [TokenRecord(id=t.id, label=t.label, created_at=t.created_at, revoked_at=t.revoked_at) for t in rows]


def revoke_token(ws: Workspace, login: str, token_id: int) -> TokenRecord:
    """Revoke one of the account's own tokens (another account's answers as unknown); revoking twice is a no-op."""
    with ws.transaction(write=True) as s:
        user = _user(s, login)
        row = s.get(ApiToken, token_id)
        if row is None or row.user_id != user.id:
            raise BadInput("token: 没有这个令牌")
        row.revoked_at = row.revoked_at or ws.clock.now()
        return TokenRecord(id=row.id, label=row.label, created_at=row.created_at, revoked_at=row.revoked_at)


def unlock(ws: Workspace, login: str) -> UserRecord:
    """Let an account log in again at once after too many failed tries (the office, once it knows who asks)."""
    with ws.transaction() as s:
        user = _user(s, login)
        record = _record(user, _org_names(s, user))
    login_limits.unlock(ws, record.login)
    return record


def token_user(ws: Workspace, token: str) -> UserRecord | None:
    """The account a bearer token stands for, or None (unknown, revoked, or its account disabled)."""
    with ws.transaction() as s:
        row = s.scalar(select(ApiToken).where(ApiToken.digest == digest(token)))
        if row is None or row.revoked_at is not None or row.user.disabled:
            return None
        return _record(row.user, _org_names(s, row.user))


class ViewAsEntry(ServiceResult):
    """A national officer looking as a province or applicant: who, as whom, which page, when."""

    login: str
    role: str
    scope: str
    path: str
    at: IsoDatetime


def record_view_as(ws: Workspace, login: str, role: Role, scope: str, path: str) -> ViewAsEntry:
    """Audit one read-only look at the portal as ``role:scope`` sees it; only the national office may look."""
    if role not in (Role.PROVINCE, Role.APPLICANT):
        raise BadInput("只能以省级知识产权局或申报单位身份查看", field="role")
    with ws.transaction(write=True) as s:
        user = s.scalar(select(UserAccount).where(UserAccount.login == login))
        if user is None or Role(user.role) is not Role.NATIONAL:
            raise Refused(
                f"{login} may not view as another role",
                [
                    Verdict(
                        False,
                        "ROLE",
                        "只有国家知识产权局可以查看其他角色的页面",
                        "only the national office may view as",
                    )
                ],
            )
        row = ViewAsRecord(login=login, role=role.value, scope=scope[:20], path=path[:300], at=ws.clock.now())
        s.add(row)
        s.flush()
        return ViewAsEntry(login=row.login, role=row.role, scope=row.scope, path=row.path, at=row.at)


def view_as_log(ws: Workspace, limit: int = 200) -> list[ViewAsEntry]:
    """The latest looks-as, newest first."""
    with ws.transaction() as s:
        rows = s.scalars(select(ViewAsRecord).order_by(ViewAsRecord.id.desc()).limit(limit))
        return [ViewAsEntry(login=r.login, role=r.role, scope=r.scope, path=r.path, at=r.at) for r in rows]


class Purged(ServiceResult):
    """What a retention pass deleted or emptied."""

    sessions: int = 0
    login_attempts: int = 0
    login_throttles: int = 0
    mail_bodies: int = 0


def purge_expired(ws: Workspace, keep_attempts: timedelta) -> Purged:
    """Delete sessions that ended or expired (a day ago: a clock moved back does not revive one), log-in
    attempts older than ``keep_attempts`` and throttle windows long closed; the scheduler runs it each pass."""
    now = ws.clock.now()
    day_ago = now - timedelta(days=1)
    with ws.transaction() as s:
        gone = s.execute(
            delete(PortalSession).where((PortalSession.expires_at < day_ago) | (PortalSession.ended_at < day_ago))
        )
        attempts = s.execute(delete(LoginAttempt).where(LoginAttempt.at < now - keep_attempts))
        throttles = s.execute(delete(LoginThrottle).where(LoginThrottle.window_start < day_ago))
    return Purged(sessions=_count(gone), login_attempts=_count(attempts), login_throttles=_count(throttles))


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
