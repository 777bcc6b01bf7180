"""What kind of file a scan or piece of evidence is, judged by its first bytes, never by its name."""

from __future__ import annotations

from enum import StrEnum


class ScanType(StrEnum):
    """The files accepted as evidence, a stamped scan or a provincial letter: PDF or an image."""

    PDF = "application/pdf"
    PNG = "image/png"
    JPEG = "image/jpeg"
    GIF = "image/gif"
    TIFF = "image/tiff"
    WEBP = "image/webp"


SUFFIX = {
    ScanType.PDF: ".pdf",
    ScanType.PNG: ".png",
    ScanType.JPEG: ".jpg",
    ScanType.GIF: ".gif",
    ScanType.TIFF: ".tif",
    ScanType.WEBP: ".webp",
}


def sniff(data: bytes) -> ScanType | None:
    """The type the content says it is (its magic bytes), or None for anything else."""
    if data.startswith(b"%PDF-"):
        return ScanType.PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ScanType.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return ScanType.JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return ScanType.GIF
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return ScanType.TIFF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ScanType.WEBP
    return None
