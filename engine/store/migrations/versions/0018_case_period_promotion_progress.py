"""a case's period (D2: 2020 on), the promotion record (B8, D7) and yearly progress reports (B6)

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_text", schema=None) as batch_op:
        batch_op.add_column(sa.Column("period", sa.String(length=40), nullable=True))
    op.create_table(
        "promotion_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("recognition_id", sa.Integer(), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"]),
        sa.ForeignKeyConstraint(["recognition_id"], ["recognition.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("promotion_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_promotion_record_application_id"), ["application_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_promotion_record_recognition_id"), ["recognition_id"], unique=False)
    op.create_table(
        "progress_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("filed_at", sa.DateTime(), nullable=False),
        sa.Column("filed_by", sa.String(length=80), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id", "year"),
    )
    with op.batch_alter_table("progress_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_progress_report_application_id"), ["application_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("progress_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_report_application_id"))
    op.drop_table("progress_report")
    with op.batch_alter_table("promotion_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_promotion_record_recognition_id"))
        batch_op.drop_index(batch_op.f("ix_promotion_record_application_id"))
    op.drop_table("promotion_record")
    with op.batch_alter_table("case_text", schema=None) as batch_op:
        batch_op.drop_column("period")
