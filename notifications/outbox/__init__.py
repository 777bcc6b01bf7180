"""The outbox: every e-mail is a row with a unique key before it is a message, and the log after.

A row is written in the transaction that decided it is owed, so deciding and recording cannot
part. Senders claim rows with one conditional UPDATE (two workers never share a row), mark each
row sent as soon as the server accepted it, retry temporary failures with exponential backoff and
record permanent ones; a claim whose sender died expires and the row is taken up again.

Marks are pipelined with claims: the transaction that renews the next message's claim, just
before it goes out, also marks the previous one sent (two plain UPDATEs, one commit per mail
instead of two). So a message is marked before the next one is handed to the server, and a
sender killed at any point repeats at most the message in flight (accepted, mark not yet
committed). Chosen over batch commits because the bound must not depend on where a sender runs:
every mark is in the database before the next send, where any sender on any host sees it, with no
side journal to replay. What it costs is one commit per mail, so its speed is the database's
commit speed (cheap in SQLite's WAL mode or on PostgreSQL). On SQLite the marks and renewals commit
relaxed (no fsync; the claim before them is synced): a power cut can undo the marks of the batch in
flight, so repeat at most one batch, never the rows or moves a sent mail was about (``_sqlite_pragmas``).

What a mail costs besides (issue 13): each row becomes the bytes the server gets once, in
``notifications.delivery.mime`` (no message object for the SMTP client to flatten again), whether
a claimed batch is still owed is asked once per kind of mail in it, not once per row, and the
per-mail commit is a Core transaction rather than an ORM session. None of it moves a commit, so
the duplicate bound above is unchanged.


The package: ``mail_queue`` puts mail in, ``dispatch`` claims and sends it, ``delivery_log`` reports and requeues.
"""
