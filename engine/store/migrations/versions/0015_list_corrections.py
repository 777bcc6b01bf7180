"""published lists keep their corrections (what each version struck off, and why); an application's track

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("published_list", schema=None) as batch_op:
        batch_op.add_column(sa.Column("changes", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.add_column(sa.Column("track", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_column("track")
    with op.batch_alter_table("published_list", schema=None) as batch_op:
        batch_op.drop_column("changes")
