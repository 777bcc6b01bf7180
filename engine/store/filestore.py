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
import io
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

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
        # one buffer for the whole copy: a fresh 1 MB bytes per chunk, in a worker thread, left the allocator's
        # per-thread arenas holding tens of MB after a few 20 MB uploads (a portal's peak memory, issue 23)
        buffer = bytearray(CHUNK)
        view = memoryview(buffer)
        try:
            with staged.path.open("wb", buffering=0) as out:
                while n := source.readinto(view):  # type: ignore[attr-defined]  # every file object and BytesIO has it
                    staged.size += n
                    if staged.size > limit:
                        raise BadInput(f"{where}: more than the {limit} bytes a file may have")
                    staged.digest.update(view[:n])
                    out.write(view[:n])
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


def session_url(s: Session) -> str:
    """The URL of the database a session works on (for :func:`store_root`), password included: never shown."""
    return s.get_bind().engine.url.render_as_string(hide_password=False)


def keep_bytes(url: str, data: bytes, where: str) -> bytes | None:
    """``data`` kept as a file of the store of the database at ``url`` (named by its sha256, synced), for a row
    whose bytes are already in memory (an objection's evidence, a letter, a published list's files). Returns what
    the row's bytes column keeps: None when the store has them, the bytes themselves where there is no store.
    Named before the row commits: a transaction that fails leaves a file nobody names, never a row without one."""
    root = store_root(url)
    if root is None:
        return data
    store = FileStore(root)
    with store.staged(io.BytesIO(data), len(data), where) as staged:
        store.keep(staged)
    return None


@dataclass(frozen=True)
class Kept:
    """A row's file: its bytes where the row still holds them, else where the store has it on disk, so a download
    can be streamed from there instead of being read into memory whole."""

    content: bytes | None = None
    path: Path | None = None

    def read(self) -> bytes:
        """The whole file, for a caller that needs it in memory (a document read back, a file written by the CLI)."""
        return self.content if self.content is not None else Path(self.path or "").read_bytes()


def kept_file(url: str, sha256: str, content: bytes | None, where: str) -> Kept:
    """A row's file: its column's bytes where it still has them, else the store's file under ``sha256``, which
    must be there (bad input naming ``where`` otherwise)."""
    if content is not None:
        return Kept(content=content)
    root = store_root(url)
    if root is None:
        raise BadInput(f"{where} is kept in the file store: set IPCYCLE_FILES to its directory")
    path = FileStore(root).path_of(sha256)
    try:
        if not path.is_file():
            raise FileNotFoundError(2, "No such file")
    except OSError as exc:
        raise BadInput(f"{where}: its kept file cannot be read: {exc.strerror or exc}") from None
    return Kept(path=path)
