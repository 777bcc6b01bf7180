"""stage counts kept by the moves, filled from the applications already there

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stage_count",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("province_code", sa.String(length=6), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"]),
        sa.PrimaryKeyConstraint("cycle_id", "province_code", "category", "stage"),
    )
    # a database with applications already in it starts with their counts (plain SQL: the models may move on)
    op.execute(
        "INSERT INTO stage_count (cycle_id, province_code, category, stage, n) "
        "SELECT cycle_id, province_code, category, stage, COUNT(*) FROM application "
        "GROUP BY cycle_id, province_code, category, stage"
    )


def downgrade() -> None:
    op.drop_table("stage_count")
