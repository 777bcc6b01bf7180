"""How many log-in tries an account, an account from one address, and an address get, counted atomically.

Each try is counted *before* its password is checked, with one upsert per counter that returns the new count,
so sixteen guesses sent at once are sixteen counts and only the first few are checked (counting in one
transaction and checking in another let a burst through). The password check (argon2, ~50 ms of CPU) runs
outside any write lock; a success gives its counts back.

The limits, and why:
- an account from one address: :data:`PER_PAIR` failures per :data:`PAIR_WINDOW`: a mistyped password a few
  times is normal; the guesser is slowed to a handful of tries a quarter hour;
- an account from anywhere: :data:`PER_ACCOUNT` per :data:`ACCOUNT_WINDOW`, the slower ceiling against guessing
  from many addresses; so failures from one address never lock the real user out at another before that;
- an address over every account: :data:`PER_ADDRESS` per :data:`PAIR_WINDOW` (one machine trying many logins).
The office can clear an account's counters (:func:`unlock`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Table, case, delete, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.kernel.errors import Refused
from engine.store.accounts import LoginThrottle
from engine.store.workspace import Workspace
from policies.verdict import Verdict

PAIR_WINDOW = timedelta(minutes=15)
PER_PAIR = 5
ACCOUNT_WINDOW = timedelta(hours=6)
PER_ACCOUNT = 40
PER_ADDRESS = 30

TOO_MANY = Verdict(False, "LOGIN-RATE", "登录失败次数过多，请15分钟后再试", "too many failed log-ins; wait 15 minutes")
LOCKED = Verdict(
    False,
    "LOGIN-RATE",
    "该账号登录失败次数过多，已暂停登录；请稍后再试，或请管理部门解除锁定",
    "too many failed log-ins for this account from several addresses; wait, or ask the office to unlock it",
)


def counters(login: str, address: str) -> list[tuple[str, int, timedelta, Verdict]]:
    """The counters one try at ``login`` from ``address`` counts against: key, limit, window, the refusal."""
    return [
        (f"pair:{login}|{address}"[:160], PER_PAIR, PAIR_WINDOW, TOO_MANY),
        (f"login:{login}", PER_ACCOUNT, ACCOUNT_WINDOW, LOCKED),
        (f"address:{address}", PER_ADDRESS, PAIR_WINDOW, TOO_MANY),
    ]


def _count(s: Session, key: str, now: datetime, window: timedelta, step: int = 1) -> int:
    """Add ``step`` to a counter (starting it anew when its window is over) and return its new value, in one
    statement: the database serialises two at once on the row, so each sees the other's count."""
    t = LoginThrottle.__table__
    assert isinstance(t, Table)
    insert = postgresql.insert if s.get_bind().dialect.name == "postgresql" else sqlite.insert
    stale = t.c.window_start < now - window  # in DO UPDATE, the columns are the row as it was
    stmt = (
        insert(t)
        .values(key=key, window_start=now, tries=max(step, 0))
        .on_conflict_do_update(
            index_elements=[t.c.key],
            set_={
                "tries": case((stale, max(step, 0)), else_=t.c.tries + step),
                "window_start": case((stale, now), else_=t.c.window_start),
            },
        )
        .returning(t.c.tries)
    )
    return int(s.execute(stmt).scalar_one())


def take_try(ws: Workspace, login: str, address: str) -> None:
    """Count one try at ``login`` from ``address``; refused (counted all the same) once a counter is over."""
    now = ws.clock.now()
    with ws.transaction(write=True) as s:
        counts = [(_count(s, k, now, window), limit, verdict) for k, limit, window, verdict in counters(login, address)]
    over = [verdict for count, limit, verdict in counts if count > limit]
    if over:
        raise Refused("too many failed log-ins", [over[0]])


def give_back(s: Session, login: str, address: str, now: datetime) -> None:
    """A try that succeeded was no failure: its counts are returned (in the session that opens the session)."""
    for key, _limit, window, _verdict in counters(login, address):
        _count(s, key, now, window, -1)


def unlock(ws: Workspace, login: str) -> int:
    """Clear an account's counters, from every address (the office, after checking who asks); how many were set."""
    with ws.transaction(write=True) as s:
        gone = s.execute(
            delete(LoginThrottle).where(
                or_(
                    LoginThrottle.key == f"login:{login}",
                    LoginThrottle.key.startswith(f"pair:{login}|", autoescape=True),
                )
            )
        )
        return int(getattr(gone, "rowcount", 0) or 0)
