"""One writer at a time per key: a read-then-write service takes its key's lock before it reads.

SQLite needs nothing more: a write transaction (``ws.transaction(write=True)``) holds the whole database from
its first statement. PostgreSQL runs writers side by side, so two identical requests at once would both read
"not there yet" and both write (two audit rows, two scores); there the key's transaction-level advisory lock
queues the second until the first commits, and PostgreSQL's READ COMMITTED then shows it the first one's rows.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

KeyPart = str | int


def hold(s: Session, domain: str, *key: KeyPart) -> None:
    """Lock ``domain`` (what is written, e.g. ``"evaluation"``) for ``key`` (e.g. a cycle id) until the end of
    the transaction. Call it first, before reading anything the write depends on; every service writing that
    domain for that key takes the same lock, so they take turns. Two keys hashing alike only wait for each other."""
    if s.get_bind().dialect.name != "postgresql":
        return
    name = ":".join([domain, *map(str, key)])
    s.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(name, 0))))
