"""objections to national notices: no shared notice row, the notice's stage and period kept on the objection

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("objection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_stage", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("notice_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("notice_last_day", sa.Date(), nullable=True))
        batch_op.alter_column("notice_id", existing_type=sa.INTEGER(), nullable=True)


def downgrade() -> None:
    # objections to national notices have no shared notice to point at: they cannot survive the downgrade
    op.execute("DELETE FROM objection_file WHERE objection_id IN (SELECT id FROM objection WHERE notice_id IS NULL)")
    op.execute("DELETE FROM objection WHERE notice_id IS NULL")
    with op.batch_alter_table("objection", schema=None) as batch_op:
        batch_op.alter_column("notice_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("notice_last_day")
        batch_op.drop_column("notice_from")
        batch_op.drop_column("notice_stage")
