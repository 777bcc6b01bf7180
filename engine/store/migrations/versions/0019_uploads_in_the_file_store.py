"""the other files in the file store: objection evidence and stamped scans, provinces' letters, published lists

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import hashlib
import io

import sqlalchemy as sa
from alembic import op

from engine.store.filestore import FileStore, store_root

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# (table, bytes column, its sha256 column): each row's bytes move to the store and the column is emptied
MOVED = (
    ("objection_file", "content", "sha256"),
    ("report_package", "letter", "letter_sha256"),
    ("published_list", "docx", "docx_sha256"),
    ("published_list", "xlsx", "xlsx_sha256"),
)


def upgrade() -> None:
    with op.batch_alter_table("objection_file", schema=None) as batch_op:
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)
    with op.batch_alter_table("published_list", schema=None) as batch_op:
        batch_op.alter_column("docx", existing_type=sa.LargeBinary(), nullable=True)
        batch_op.alter_column("xlsx", existing_type=sa.LargeBinary(), nullable=True)
        batch_op.add_column(sa.Column("docx_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("xlsx_sha256", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    for column in ("docx", "xlsx"):  # a published list's files get the hash they are found by
        ids = [r[0] for r in bind.execute(sa.text(f"SELECT id FROM published_list WHERE {column} IS NOT NULL"))]
        for row_id in ids:
            data = bind.execute(sa.text(f"SELECT {column} FROM published_list WHERE id = :id"), {"id": row_id}).one()[0]
            bind.execute(
                sa.text(f"UPDATE published_list SET {column}_sha256 = :sha WHERE id = :id"),
                {"sha": hashlib.sha256(data).hexdigest(), "id": row_id},
            )
    root = store_root(bind.engine.url.render_as_string(hide_password=False))
    if root is None:  # PostgreSQL without IPCYCLE_FILES: the files stay in the rows until one is set
        return
    store = FileStore(root)
    for table, column, sha_column in MOVED:
        select_ids = f"SELECT id FROM {table} WHERE {column} IS NOT NULL AND {sha_column} IS NOT NULL ORDER BY id"
        for row_id in [r[0] for r in bind.execute(sa.text(select_ids))]:  # one row's bytes in memory at a time
            sha, data = bind.execute(
                sa.text(f"SELECT {sha_column}, {column} FROM {table} WHERE id = :id"), {"id": row_id}
            ).one()
            if not data:
                continue
            with store.staged(io.BytesIO(data), len(data), f"{table} {row_id}") as staged:
                if staged.sha256 != sha:
                    continue  # bytes that do not match their hash stay in the row, for someone to look at
                store.keep(staged)
            bind.execute(sa.text(f"UPDATE {table} SET {column} = NULL WHERE id = :id"), {"id": row_id})


def downgrade() -> None:
    bind = op.get_bind()
    root = store_root(bind.engine.url.render_as_string(hide_password=False))
    if root is not None:
        store = FileStore(root)
        for table, column, sha_column in MOVED:
            rows = bind.execute(
                sa.text(f"SELECT id, {sha_column} FROM {table} WHERE {column} IS NULL AND {sha_column} IS NOT NULL")
            ).all()
            for row_id, sha in rows:
                data = store.path_of(sha).read_bytes()
                bind.execute(sa.text(f"UPDATE {table} SET {column} = :c WHERE id = :id"), {"c": data, "id": row_id})
    with op.batch_alter_table("published_list", schema=None) as batch_op:
        batch_op.drop_column("xlsx_sha256")
        batch_op.drop_column("docx_sha256")
        batch_op.alter_column("xlsx", existing_type=sa.LargeBinary(), nullable=False)
        batch_op.alter_column("docx", existing_type=sa.LargeBinary(), nullable=False)
    with op.batch_alter_table("objection_file", schema=None) as batch_op:
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
