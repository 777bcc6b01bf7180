"""milestone amendments: a province's own later date for a milestone, and that province's timer

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "milestone_extension",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("province_code", sa.String(length=6), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cycle_id", "key", "province_code"),
    )
    with op.batch_alter_table("timer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("province_code", sa.String(length=6), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM timer WHERE province_code IS NOT NULL")  # extensions cannot survive the downgrade
    with op.batch_alter_table("timer", schema=None) as batch_op:
        batch_op.drop_column("province_code")
    op.drop_table("milestone_extension")
