"""Portal accounts: who may log in, in which role, their sessions, API tokens and log-in attempts.

Secrets are never stored as given: passwords as argon2 hashes, session ids and tokens as SHA-256
digests, so a copy of the database opens no account.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.store.core import Base


class UserAccount(Base):
    """A person's log-in: one role (``national``, ``province``, ``applicant``) and whom it stands for."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str | None] = mapped_column(String(20))  # province code or organisation id
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime)
    # an office set the password (a new account, a reset): the person chooses their own at the next log-in
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())


class PortalSession(Base):
    """A logged-in browser: the cookie carries the id, the table keeps its digest and the CSRF token."""

    __tablename__ = "portal_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    user: Mapped[UserAccount] = relationship()


class ApiToken(Base):
    """A bearer token for a province's own systems; shown once when created, kept as its digest."""

    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    label: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    user: Mapped[UserAccount] = relationship()


class LoginAttempt(Base):
    """One try at logging in, kept so repeated failures per account and per address can be slowed."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_login", "login", "at"),
        Index("ix_login_attempt_address", "address", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
    ok: Mapped[bool] = mapped_column(default=False)


class LoginThrottle(Base):
    """A counter of log-in tries under one key (an account, an account from one address, an address) in a window.

    Counted with one upsert before the password is checked, so a burst of guesses cannot all pass the check
    before any of them is counted; a success gives its count back.
    """

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime)
    tries: Mapped[int] = mapped_column(Integer, default=0)


class ViewAsRecord(Base):
    """A national officer looking at the portal as a province or an applicant sees it (read-only)."""

    __tablename__ = "view_as"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(20))
    path: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime)
