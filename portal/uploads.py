"""What an upload is, judged by its bytes as well as its name; anything else is refused before it is kept.

Materials are checked where the form parser spooled them and streamed into the file store (never a served
folder); a roster is spooled to a private temporary file under a generated name for the import, then removed.
"""

from __future__ import annotations

import base64
import binascii
import io
import secrets
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from fastapi import UploadFile

from engine.kernel.errors import BadInput, FieldError

MAX_MATERIAL_BYTES = 20 * 1024 * 1024
MAX_ROSTER_BYTES = 5 * 1024 * 1024
MATERIAL_TYPES = {".pdf": "PDF", ".docx": "Word (docx)", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
ROSTER_TYPES = {".csv": "CSV", ".xlsx": "Excel (xlsx)"}
YAML_SUFFIXES = (".yaml", ".yml")


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return set(z.namelist())
    except (zipfile.BadZipFile, ValueError):
        return set()


def kind_by_content(data: bytes) -> str | None:
    """The file's type from its first bytes (and, for Office files, the parts inside the zip)."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(_zip_names(data))
    head = data[:2048].lstrip(b"\xef\xbb\xbf").lower()
    if (
        b"\x00" in data[:8192]
        or head.lstrip().startswith((b"<", b"<!doctype"))
        or b"<script" in head
        or b"<html" in head
    ):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return ".csv"


def safe_name(name: str) -> str:
    """The upload's own name, kept for display only: no folders, no control characters, not too long."""
    base = Path(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/|?*')
    return cleaned[-120:] or "file"


async def read_upload(upload: UploadFile, allowed: dict[str, str], limit: int) -> tuple[str, bytes]:
    """The upload's bytes and name when its name and its content agree on an allowed type; else bad input."""
    name = safe_name(upload.filename or "")
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise BadInput(f"{name}: 只接受 {', '.join(sorted(set(allowed.values())))}（accepted: {', '.join(allowed)}）")
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise BadInput(f"{name}: 文件超过 {limit // (1024 * 1024)} MB 上限（larger than {limit} bytes）")
    if not data:
        raise BadInput(f"{name}: 文件为空（the file is empty）")
    found = kind_by_content(data)
    if suffix in YAML_SUFFIXES and found == ".csv":  # text that is not HTML: YAML if it parses as such
        found = suffix if yaml_problem(data) is None else None
    same = found == suffix or (found == ".jpg" and suffix == ".jpeg")
    if not same:
        why = yaml_problem(data) if suffix in YAML_SUFFIXES and found is None else None
        detail = f"{allowed[suffix]}: {why}" if why else allowed[suffix]
        raise BadInput(f"{name}: 文件内容与扩展名 {suffix} 不符（the content is not {detail}）")
    return name, data


def yaml_problem(data: bytes) -> str | None:
    """Why ``data`` is not a plain YAML document the loaders can read, or None. Parsed with the safe loader after
    its events are read: an anchor or alias (a document that grows as it is read) or a tag is refused."""
    try:
        text = data.decode("utf-8-sig")
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return "anchors and aliases (&, *) are not accepted"
            if getattr(event, "tag", None):
                return "tags (!) are not accepted"
        loaded = yaml.safe_load(text)
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        return f"not YAML ({str(exc).splitlines()[0][:120]})"
    if not isinstance(loaded, (dict, list)):
        return "not a YAML mapping or list"
    return None


HEAD_BYTES = 64 * 1024  # what the type check reads of a streamed upload (a docx is opened as a zip in place)


def checked_upload(upload: UploadFile, allowed: dict[str, str], limit: int) -> str:
    """The upload's name when its name and its content agree on an allowed type and it is within ``limit``;
    the upload stays where the form parser spooled it, read only in part here, and is rewound for the service."""
    name = safe_name(upload.filename or "")
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise BadInput(f"{name}: 只接受 {', '.join(sorted(set(allowed.values())))}（accepted: {', '.join(allowed)}）")
    fh = upload.file
    fh.seek(0, 2)
    size = fh.tell()
    fh.seek(0)
    if size > limit:
        raise BadInput(f"{name}: 文件超过 {limit // (1024 * 1024)} MB 上限（larger than {limit} bytes）")
    if not size:
        raise BadInput(f"{name}: 文件为空（the file is empty）")
    head = fh.read(HEAD_BYTES)
    found = kind_by_content(head)
    if head.startswith(b"PK\x03\x04"):  # an Office file: its parts are listed from the zip's directory, in place
        fh.seek(0)
        try:
            with zipfile.ZipFile(fh) as z:
                found = _office_kind(set(z.namelist()))
        except (zipfile.BadZipFile, ValueError):
            found = None
    fh.seek(0)
    same = found == suffix or (found == ".jpg" and suffix == ".jpeg")
    if not same:
        raise BadInput(f"{name}: 文件内容与扩展名 {suffix} 不符（the content is not {allowed[suffix]}）")
    return name


def _office_kind(names: set[str]) -> str | None:
    if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
        return ".docx"
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return ".xlsx"
    return None


@contextmanager
def spooled(data: bytes, suffix: str, name: str = "上传的文件") -> Iterator[Path]:
    """The bytes in a private temporary folder under a generated name, removed afterwards. Bad input found meanwhile
    names the upload (``name``), never where the server kept it, and is about the form's ``file`` field when it
    names no other."""
    with tempfile.TemporaryDirectory(prefix="ipcycle-upload-") as folder:
        path = Path(folder) / f"{secrets.token_hex(12)}{suffix}"
        path.write_bytes(data)
        try:
            yield path
        except BadInput as exc:
            shown = [FieldError(e.field, e.code, as_named(e.message, path, name)) for e in exc.errors]
            message = as_named(str(exc), path, name)
            raise BadInput(message, errors=shown or [FieldError("file", exc.code, message)], code=exc.code) from None


def as_named(value: Any, path: Path, name: str) -> Any:
    """``value`` (a message, or a result as JSON) with the spooled file's path, and its folder, shown as ``name``."""
    if isinstance(value, str):
        return value.replace(str(path), name).replace(str(path.parent), name)
    if isinstance(value, list):
        return [as_named(v, path, name) for v in value]
    if isinstance(value, dict):
        return {k: as_named(v, path, name) for k, v in value.items()}
    return value


def carry(data: bytes) -> str:
    """An upload carried from its preview to its confirmation inside the form (no server-side state)."""
    return base64.b64encode(data).decode()


def carried(text: str, name: str, allowed: dict[str, str]) -> bytes:
    """The bytes a confirmation form carried back, checked again by name and content like a fresh upload."""
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BadInput("file: 预览的文件未完整提交，请重新上传（upload it again）") from None
    suffix = Path(name).suffix.lower()
    if not data or suffix not in allowed or kind_by_content(data) is None:
        raise BadInput("file: 请重新上传文件（upload it again）")
    if suffix in YAML_SUFFIXES and yaml_problem(data) is not None:
        raise BadInput("file: 请重新上传文件（upload it again）")
    return data
