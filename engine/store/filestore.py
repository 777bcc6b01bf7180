"""Uploaded documents as content-addressed files beside the database, not in it: a 20 MB upload written into a
row blocked its instance for over a second and every backup carried it. The row keeps hash, size and name.

Where: ``IPCYCLE_FILES``, else a folder beside an SQLite file (``ipcycle.db`` -> ``ipcycle.db.files/``). A
PostgreSQL deployment sets ``IPCYCLE_FILES`` (one directory every portal process can reach); without it files stay
in the database as before. A file is written to a temporary name in the store, synced, then renamed to its hash
(``ab/cd/abcd….bin``) just before the row that names it commits: a request that dies midway leaves at most a
file nobody names, never a row naming a file that is not whole.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.engine import make_url

from engine.kernel.errors import BadInput

CHUNK = 1 << 20  # bytes read and written at a time: a 20 MB upload never sits in memory whole


def store_root(url: str, environ: dict[str, str] | None = None) -> Path | None:
    """The store's folder for the database at ``url``; None when the database keeps the files itself."""
    env = os.environ if environ is None else environ
    given = env.get("IPCYCLE_FILES", "").strip()
    if given:
        return Path(given)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(f"{parsed.database}.files")
    return None


@dataclass
class Staged:
    """A file being received: its temporary path, its hash so far and its size."""

    path: Path
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)
    size: int = 0

    @property
    def sha256(self) -> str:
        return self.digest.hexdigest()


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.bin"

    @contextmanager
    def staged(self, source: BinaryIO, limit: int, where: str) -> Iterator[Staged]:
        """Copy ``source`` into a temporary file of the store, hashing as it goes; removed unless :meth:`keep`
        moved it. More than ``limit`` bytes is bad input (read stops there)."""
        tmp = self.root / "tmp"
        try:
            tmp.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BadInput(f"IPCYCLE_FILES: cannot use {self.root}: {exc}") from None
        staged = Staged(tmp / f"{secrets.token_hex(12)}.part")
        try:
            with staged.path.open("wb") as out:
                while chunk := source.read(CHUNK):
                    staged.size += len(chunk)
                    if staged.size > limit:
                        raise BadInput(f"{where}: more than the {limit} bytes a file may have")
                    staged.digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if not staged.size:
                raise BadInput(f"{where}: the file is empty")
            yield staged
        finally:
            with suppress(FileNotFoundError):
                staged.path.unlink()

    def keep(self, staged: Staged) -> Path:
        """Give the synced file its name (its hash); the same content kept before is simply there already."""
        final = self.path_of(staged.sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            return final
        os.replace(staged.path, final)  # atomic: a reader sees no file or the whole file
        fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(fd)  # the new name survives a power cut before the row's commit does
        finally:
            os.close(fd)
        return final
