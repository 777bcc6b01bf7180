"""argon2id at its cheapest in the test processes (one pass over 1 MiB, one lane) instead of the product's
64 MiB × 3 passes × 4 lanes, which cost ~0.17 s of CPU per hash and per log-in: a third of the fast loop.

What the tests check (an argon2 hash is kept, never the password; tries counted before the check; the check
outside the write lock) does not depend on the cost, and a hash names its own parameters, so a real server a
system test starts verifies these too. ``test_accounts`` checks the product's parameters through
:func:`product_hasher`.
"""

from __future__ import annotations

from collections.abc import Callable

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from engine.services.accounts import users

_product: Callable[[], PasswordHash] = users._hasher
CHEAP = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))


def use_cheap_password_hashes() -> None:
    """Replace the product's cached hasher for the whole test process (pytest_configure calls this)."""
    setattr(users, "_hasher", lambda: CHEAP)  # noqa: B010  (a module function replaced on purpose)


def product_hasher() -> PasswordHash:
    """The hasher the product uses, as it was before the tests replaced it."""
    return _product()
