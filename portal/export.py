"""Files the portal hands out (lists, stored documents): as attachments only."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi.responses import FileResponse, Response

from engine.store.filestore import Kept


def _disposition(filename: str) -> str:
    ascii_name = "".join(ch if ch.isascii() and ch.isalnum() or ch in "._-" else "_" for ch in filename) or "file"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def attachment_file(path: Path, filename: str) -> Response:
    """A kept file streamed from disk as a download (never read whole), with the same headers as :func:`attachment`."""
    return FileResponse(
        path, media_type="application/octet-stream", headers={"Content-Disposition": _disposition(filename)}
    )


def attachment_kept(kept: Kept, filename: str) -> Response:
    """A row's file as a download: streamed from the file store where it is kept there, else from the row."""
    if kept.content is not None:
        return attachment(kept.content, filename)
    return attachment_file(Path(kept.path or ""), filename)


def attachment(content: bytes, filename: str) -> Response:
    """Served as a download whatever it holds: octet-stream, attachment, nosniff (set for every answer)."""
    disposition = _disposition(filename)
    return Response(
        content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": disposition},  # its sandbox CSP: portal.security, for every download
    )
