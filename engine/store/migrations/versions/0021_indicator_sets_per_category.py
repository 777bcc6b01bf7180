"""indicator sets per category (B6): an indicator and a standard line belong to the cycle's set ("") or to one
category's own set, which then applies to that category instead

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

TABLES = ("indicator", "threshold")
# SQLite keeps the baseline's (cycle_id, code) constraint unnamed: this names it as the table is copied
SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _unnamed_unique(table: str, columns: list[str]) -> str | None:
    """The name the server gave a unique constraint the baseline left unnamed (PostgreSQL: ``…_key``)."""
    for found in sa.inspect(op.get_bind()).get_unique_constraints(table):
        if list(found["column_names"]) == columns:
            return found["name"]
    return None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        column = sa.Column("category", sa.String(length=40), nullable=False, server_default="")
        if sqlite:  # no foreign key points at these tables: copying them is safe
            with op.batch_alter_table(table, recreate="always", naming_convention=SQLITE_NAMES) as batch_op:
                batch_op.add_column(column)
                batch_op.drop_constraint(f"uq_{table}_cycle_id", type_="unique")
                batch_op.create_unique_constraint(f"uq_{table}_cycle_category_code", ["cycle_id", "category", "code"])
            continue
        op.add_column(table, column)
        old = _unnamed_unique(table, ["cycle_id", "code"])
        if old:
            op.drop_constraint(old, table, type_="unique")
        op.create_unique_constraint(f"uq_{table}_cycle_category_code", table, ["cycle_id", "category", "code"])


def downgrade() -> None:
    for table in TABLES:
        op.execute(sa.text(f"DELETE FROM {table} WHERE category <> ''"))  # a category's own set has no place before
        with op.batch_alter_table(table, recreate="auto") as batch_op:
            batch_op.drop_constraint(f"uq_{table}_cycle_category_code", type_="unique")
            batch_op.create_unique_constraint(f"uq_{table}_cycle_id", ["cycle_id", "code"])
            batch_op.drop_column("category")
