"""Alembic's entry: migrate the database of the given connection (or URL) to the models in engine/store.

SQLite alters tables by copying them (``render_as_batch``); the same migrations run on PostgreSQL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

import engine.store.schema  # noqa: F401  (registers every table)
from engine.store.core import Base
from engine.store.workspace import database_url

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # the alembic command line: --db's environment variable, as the CLI reads it
    db = create_engine(config.get_main_option("sqlalchemy.url") or database_url())  # not `engine`: the package's name
    with db.connect() as conn:
        _run(conn)
    db.dispose()
