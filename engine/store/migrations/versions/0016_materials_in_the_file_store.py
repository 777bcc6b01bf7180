"""materials in the file store: material.content may be empty, the bytes kept as a file named by their sha256

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import io

import sqlalchemy as sa
from alembic import op

from engine.store.filestore import FileStore, store_root

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)
    bind = op.get_bind()
    root = store_root(bind.engine.url.render_as_string(hide_password=False))
    if root is None:  # PostgreSQL without IPCYCLE_FILES: the files stay in the rows until one is set
        return
    store = FileStore(root)
    ids = [r[0] for r in bind.execute(sa.text("SELECT id FROM material WHERE content IS NOT NULL ORDER BY id"))]
    for row_id in ids:  # one row in memory at a time
        sha, content = bind.execute(
            sa.text("SELECT sha256, content FROM material WHERE id = :id"), {"id": row_id}
        ).one()
        with store.staged(io.BytesIO(content), len(content) + 1, f"material {row_id}") as staged:
            if staged.sha256 != sha:
                continue  # a row whose bytes do not match its hash stays as it is, for someone to look at
            store.keep(staged)
        bind.execute(sa.text("UPDATE material SET content = NULL WHERE id = :id"), {"id": row_id})


def downgrade() -> None:
    bind = op.get_bind()
    root = store_root(bind.engine.url.render_as_string(hide_password=False))
    if root is not None:
        store = FileStore(root)
        rows = bind.execute(sa.text("SELECT id, sha256 FROM material WHERE content IS NULL")).all()
        for row_id, sha in rows:
            data = store.path_of(sha).read_bytes()
            bind.execute(sa.text("UPDATE material SET content = :c WHERE id = :id"), {"c": data, "id": row_id})
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
