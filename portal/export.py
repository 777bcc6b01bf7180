"""Files the portal hands out (lists, stored documents): as attachments only."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response


def attachment(content: bytes, filename: str) -> Response:
    """Served as a download whatever it holds: octet-stream, attachment, nosniff (set for every answer)."""
    ascii_name = "".join(ch if ch.isascii() and ch.isalnum() or ch in "._-" else "_" for ch in filename) or "file"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": disposition},  # its sandbox CSP: portal.security, for every download
    )
