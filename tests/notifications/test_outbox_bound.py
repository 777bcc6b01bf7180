"""The pipelined marks keep the duplicate bound: a sender SIGKILLed at any step of a batch repeats at
most the message in flight (the server took it, its mark was not committed yet), and nothing is lost.

The sender process kills itself at an exact step, so each case is one point of the kill window: just
after the server accepted message k, just after the outbox heard of it, and just after the next
message's claim (with k's mark) was committed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from notifications.outbox import delivery_log, dispatch
from notifications.planning.audiences import STILL_OWED
from notifications.planning.reminders import plan_due
from tests.support.paths import REPO
from tests.support.reminders_support import FROM, RecordingSender, creation_workspace, open_creation_2025, with_offices

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import datetime
    from engine.kernel.clock import FixedClock
    from engine.store.workspace import Workspace
    from notifications.outbox import delivery_log, dispatch
    from notifications.delivery.sender import SendResult
    from notifications.planning.audiences import STILL_OWED

    url, delivered, point, k = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    n = 0

    def die(step):
        if step == point and n == k:
            os.kill(os.getpid(), signal.SIGKILL)

    class Server:  # the mail server's side: what it accepted, in a file that outlives this process
        def send(self, messages, on_result=None, before=None):
            global n
            for i, m in enumerate(messages):
                if before is not None and not before(i):
                    on_result(i, SendResult.skip())
                    continue
                die("renewed")  # message n's mark and message n+1's claim are committed
                with open(delivered, "a") as f:
                    f.write(m["X-Ipcycle-Key"] + "\\n")
                n += 1
                die("accepted")
                on_result(i, SendResult.success("250 queued"))
                die("reported")
            return []

    ws = Workspace(url, FixedClock(datetime(2025, 9, 12, 9, 0)))
    outbox.send_due(ws, Server(), sys.argv[5], STILL_OWED, batch=10)
    print("not killed")
    """
)


@pytest.mark.parametrize(
    ("point", "k", "repeated"),
    [
        ("accepted", 1, 1),  # the first message taken, not yet reported: it is the one in flight
        ("reported", 4, 4),  # reported, its mark waiting for the next claim
        ("reported", 10, 10),  # the last of a batch: its mark waits for the end of the batch
        ("renewed", 4, None),  # message 4 marked with message 5's claim: nothing is repeated
        ("renewed", 10, None),  # message 10 marked at the end of its batch, 11 claimed: nothing repeated
    ],
)
@pytest.mark.system  # a real process
def test_a_sigkill_repeats_at_most_the_message_in_flight(
    tmp_path: Path, point: str, k: int, repeated: int | None
) -> None:
    with creation_workspace(tmp_path, datetime(2025, 9, 12, 9, 0)) as (ws, clock):
        with_offices(ws)
        open_creation_2025(ws)
        plan_due(ws)
        delivered = tmp_path / "delivered.txt"
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        args = [sys.executable, "-c", CHILD, ws.url, str(delivered), point, str(k), FROM]
        child = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
        assert child.returncode == -9, child.stdout + child.stderr  # killed where the case says
        first = delivered.read_text().split()
        assert len(first) == k  # the server has k messages; for "renewed", k+1 was claimed but not sent

        clock.advance(timedelta(minutes=10))  # past the dead sender's claim: another sender takes over
        again = RecordingSender()
        dispatch.send_due(ws, again, FROM, STILL_OWED, batch=10)
        rows = {r.key: r.status for r in delivery_log.log(ws, 1)}

    counts = Counter(first + [str(m["X-Ipcycle-Key"]) for m in again.sent])
    assert len(rows) == 32 and set(rows.values()) == {"sent"}  # nothing lost
    assert set(counts) == set(rows)  # every reminder reached the server
    twice = [key for key, n in counts.items() if n > 1]
    assert twice == ([] if repeated is None else [first[repeated - 1]])  # only the one in flight
