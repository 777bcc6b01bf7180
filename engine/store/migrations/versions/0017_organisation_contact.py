"""an organisation's own contact: its phone and contact person beside its e-mail address

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("contact_person", sa.String(length=80), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN on both databases (SQLite ≥ 3.35): a batch copy of the table would be dropped
    # under the foreign keys that point at it
    op.drop_column("organisation", "contact_person")
    op.drop_column("organisation", "phone")
