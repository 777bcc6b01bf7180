"""Limits on what a file given to the system may cost to read, checked before the work starts.

Every input is a file a clerk picked; a tiny one can still exhaust the machine (a device that never
ends, a FIFO that never opens, a zip that unpacks a thousandfold). Each limit is named here with the
reason for its value, and each refusal is a :class:`BadInput` naming the file (exit 2, nothing changed).
"""

from __future__ import annotations

import os
import re
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
# The XML a .docx holds (its text, styles and settings, not its pictures): a 1,500-字 case is about 100 KB of it and a
# published list of a few hundred cases under 2 MB; parsed, XML takes ten to twenty times its size in memory.
MAX_DOCX_XML = 8 * MIB
# Elements in all of a .docx's XML: a case is a few thousand, a list of a few hundred cases under 50,000. An element
# costs about 500 bytes parsed, so this bounds a document's tree near 100 MB however small its elements are.
MAX_DOCX_ELEMENTS = 200_000
_COUNT_CHUNK = 1 << 20
# One XML part of a workbook that is read whole (shared strings, styles; its sheets are streamed): the shared strings
# of a 100,000-row roster are about 10 MB.
MAX_XLSX_WHOLE_PART = 16 * MIB
# Cells read from a workbook's sheet, empty ones included: a 100,000-row, nine-column roster is 900,000.
MAX_TABLE_CELLS = 1_000_000
# Office XML compresses 5–20×; a zip bomb compresses 1,000× or more. Only members over 1 MiB are judged,
# since a small run of repeated bytes compresses far better than any document and harms nobody.
MAX_COMPRESSION_RATIO = 100
RATIO_FLOOR_BYTES = 1 * MIB


def regular_file(path: Path) -> int:
    """The size of ``path`` if it is a regular file; refuses a directory, FIFO, socket or device before it is opened."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise BadInput(f"{path}：没有这个文件") from None
    except OSError as exc:
        raise BadInput(f"{path}：无法读取文件（{exc.strerror or exc}）") from None
    if not stat.S_ISREG(st.st_mode):
        raise BadInput(f"{path}：{'是文件夹' if stat.S_ISDIR(st.st_mode) else '不是普通文件'}，请给出文件")
    return st.st_size


def check_size(path: Path, limit: int, what: str = "file") -> int:
    """The size of a regular file at most ``limit`` bytes, else a refusal saying both sizes."""
    size = regular_file(path)
    if size > limit:
        raise BadInput(f"{path}：文件大小 {size:,} 字节，超过上限 {limit:,} 字节")
    return size


def read_limited(path: Path, limit: int, what: str = "file") -> bytes:
    """A regular file's bytes, at most ``limit``; reads one byte more so a file that grew meanwhile is refused too."""
    check_size(path, limit, what)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise BadInput(f"{path}：无法读取文件（{exc.strerror or exc}）") from None
    if len(data) > limit:
        raise BadInput(f"{path}：文件超过上限 {limit:,} 字节")
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
            raise BadInput(f"{path}：文件解压后超过 {max_unpacked:,} 字节，不予接受")
        if m.file_size > RATIO_FLOOR_BYTES and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1):
            ratio = m.file_size // max(m.compress_size, 1)
            raise BadInput(f"{path}：其中 {m.filename} 的压缩比为 {ratio:,}:1，超过上限 {MAX_COMPRESSION_RATIO}:1")


def _xml_members(members: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    return [m for m in members if m.filename.lower().endswith((".xml", ".rels"))]


def check_xml_parts(
    path: Path, what: str, max_xml: int | None = None, max_elements: int | None = None,
    whole: int | None = None, streamed: str = "\0",
) -> None:  # fmt: skip
    """Refuse an Office file whose XML would cost too much to parse, before any of it is parsed: more than
    ``max_xml`` bytes of XML in all (declared sizes, which zipfile holds a member to), more than ``max_elements``
    elements (counted by streaming each part, its tree never built), or a part its reader reads whole larger than
    ``whole`` bytes (every part but those under ``streamed``, e.g. a workbook's sheets, which are read row by row)."""
    try:
        with zipfile.ZipFile(path) as zf:
            parts = _xml_members(zf.infolist())
            if max_xml is not None and sum(m.file_size for m in parts) > max_xml:
                raise BadInput(f"{path}：文件所含 XML 超过 {max_xml // MIB} MB，不予接受")
            for m in parts:
                if whole is not None and not m.filename.startswith(streamed) and m.file_size > whole:
                    raise BadInput(f"{path}：其中 {m.filename} 为 {m.file_size:,} 字节，超过上限 {whole:,} 字节")
            if max_elements is not None:
                _count_elements(zf, parts, max_elements, path, what)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: its reader says what is wrong with it


def _count_elements(zf: zipfile.ZipFile, parts: list[zipfile.ZipInfo], limit: int, path: Path, what: str) -> None:
    """Count the elements of every part, streamed a chunk at a time; stop at ``limit``.

    A part in UTF-8 (what Word writes) is counted by its start tags: every element has one, ``<`` then a name;
    ``</``, ``<?`` and ``<!`` are not elements, and a ``<`` inside a comment or CDATA counts too, so the count can
    only err high. That costs a seventh of parsing the part (a 3,000-paragraph .docx: 5 ms against 37 ms, most of
    it unzipping). Any other encoding is parsed to count it: in UTF-16BE a name's first byte can read as ``/``."""
    seen = 0
    for m in parts:
        with zf.open(m) as fh:
            chunk = fh.read(_COUNT_CHUNK)
            if not _utf8_xml(chunk):
                seen = _parsed_elements(zf, m, seen, limit, path)
                continue
            carried = b""  # a "<" that ended the last chunk: what follows it decides
            while chunk:
                data = carried + chunk
                carried = b"<" if data.endswith(b"<") else b""
                body = data[: len(data) - len(carried)]
                seen += body.count(b"<") - body.count(b"</") - body.count(b"<?") - body.count(b"<!")
                if seen > limit:
                    raise _too_many_elements(path, limit)
                chunk = fh.read(_COUNT_CHUNK)


def _too_many_elements(path: Path, limit: int) -> BadInput:
    return BadInput(f"{path}：文件所含 XML 元素超过 {limit:,} 个，不予接受")


_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _utf8_xml(head: bytes) -> bool:
    """Whether a part's first bytes say UTF-8 (or ASCII): a ``<`` first, a byte other than NUL after it (UTF-16LE),
    and no other encoding declared."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if not head.startswith(b"<") or head[1:2] == b"\x00":
        return False
    declared = _DECLARED_ENCODING.match(head)
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8", b"us-ascii", b"ascii")


def _parsed_elements(zf: zipfile.ZipFile, m: zipfile.ZipInfo, seen: int, limit: int, path: Path) -> int:
    """``seen`` plus the elements of one part, counted by streaming it through the parser (each element dropped
    once seen); a broken part counts what was read before the break (its reader refuses it)."""
    from lxml import etree

    with zf.open(m) as fh:
        try:
            for _event, element in etree.iterparse(fh, events=("end",), resolve_entities=False, no_network=True):
                seen += 1
                if seen > limit:
                    raise _too_many_elements(path, limit)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
        except etree.XMLSyntaxError:
            pass
    return seen
