"""Limits on what a file given to the system may cost to read, checked before the work starts.

Every input is a file a clerk picked; a tiny one can still exhaust the machine (a device that never
ends, a FIFO that never opens, a zip that unpacks a thousandfold). Each limit is named here with the
reason for its value, and each refusal is a :class:`BadInput` naming the file (exit 2, nothing changed).
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from engine.kernel.errors import BadInput

MIB = 1024 * 1024

# A 100,000-row roster is about 15 MB as CSV and 5 MB as XLSX; four times that leaves room for long names.
MAX_TABLE_BYTES = 64 * MIB
# The bundled definitions are under 40 KB; an overlay, a dates or a calendar file is a few KB.
MAX_YAML_BYTES = 1 * MIB
# A case is at most 1,500 字 (about 5 KB as UTF-8); a published list of a few hundred cases is under 1 MB.
MAX_TEXT_BYTES = 2 * MIB
# A case .docx with pictures or a published list is a few MB; Word documents rarely exceed 20 MB.
MAX_DOCX_BYTES = 20 * MIB
# What a .docx may unpack to: its XML and pictures; a real case document unpacks to well under 10 MB.
MAX_DOCX_UNPACKED = 64 * MIB
# What an .xlsx may unpack to: a 100,000-row, nine-column sheet is about 40 MB of XML.
MAX_XLSX_UNPACKED = 256 * MIB
# Office XML compresses 5–20×; a zip bomb compresses 1,000× or more. Only members over 1 MiB are judged,
# since a small run of repeated bytes compresses far better than any document and harms nobody.
MAX_COMPRESSION_RATIO = 100
RATIO_FLOOR_BYTES = 1 * MIB


def regular_file(path: Path) -> int:
    """The size of ``path`` if it is a regular file; refuses a directory, FIFO, socket or device before it is opened."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file (a FIFO, socket or device)"
        raise BadInput(f"{path}: {kind}; give a regular file")
    return st.st_size


def check_size(path: Path, limit: int, what: str = "file") -> int:
    """The size of a regular file at most ``limit`` bytes, else a refusal saying both sizes."""
    size = regular_file(path)
    if size > limit:
        raise BadInput(f"{path}: the {what} is {size:,} bytes; at most {limit:,} are accepted")
    return size


def read_limited(path: Path, limit: int, what: str = "file") -> bytes:
    """A regular file's bytes, at most ``limit``; reads one byte more so a file that grew meanwhile is refused too."""
    check_size(path, limit, what)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise BadInput(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise BadInput(f"{path}: the {what} is more than {limit:,} bytes; at most {limit:,} are accepted")
    return data


def check_zip(path: Path, max_bytes: int, max_unpacked: int, what: str) -> None:
    """Refuse an Office file (a zip) that is too large, or whose members declare too much or compress too well.

    Only the central directory is read, so a bomb is refused before a byte of it is inflated; zipfile itself
    stops inflating a member at its declared size, so a member that lies about its size cannot get past either.
    """
    check_size(path, max_bytes, what)
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: nothing to inflate, and the format's reader says what is wrong with it
    total = 0
    for m in members:
        total += m.file_size
        if total > max_unpacked:
            raise BadInput(f"{path}: the {what} unpacks to more than {max_unpacked:,} bytes; at most that is accepted")
        if m.file_size > RATIO_FLOOR_BYTES and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1):
            ratio = m.file_size // max(m.compress_size, 1)
            raise BadInput(
                f"{path}: member {m.filename} is compressed {ratio:,}:1 (at most {MAX_COMPRESSION_RATIO}:1 is accepted)"
            )
