"""database identity: a random name the database gives itself once, for calendar UIDs

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "database_identity",
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("database_identity")
