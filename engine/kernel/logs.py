"""Logs an operator can search: one JSON object per line, with its time, level, logger and the request id.

The portal sets :data:`request_id` for each request (from ``X-Request-ID`` or a new one), so every line written
while a request is handled, the access line included, carries it; a traceback rides in the same line as ``exc``.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id: ContextVar[str | None] = ContextVar("ipcycle_request_id", default=None)

# LogRecord's own attributes: whatever else a record carries came as ``extra=`` and is written as a field
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime", "taskName"}
_STANDARD.add("color_message")  # uvicorn's message with terminal colours
_PASSWORD_IN_URL = re.compile(r"(://[^/:@\s]*:)[^@/\s]+@")


# an absolute path of two parts or more (/tmp/ipcycle-upload-x/y.csv, /var/lib/ipcycle/sink): its folders are the
# server's business; a message shown to a person keeps only the file's own name
_FOLDERS = re.compile(r"(?<![\w.:/~-])(?:/[\w.@+~-]+)+/(?=[\w.@+~-])")


def without_folders(text: str) -> str:
    """``text`` as it may be shown on a page or in mail: every absolute path cut to its last part (…/name)."""
    return _FOLDERS.sub("…/", text)


def masked_url(url: str) -> str:
    """A database or mail URL as it may be shown: the password replaced by ``***`` (works on unparsable text too)."""
    return _PASSWORD_IN_URL.sub(r"\1***@", url)


class JsonLines(logging.Formatter):
    """One JSON object per record: ``ts`` (UTC, milliseconds), ``level``, ``logger``, ``msg``, ``request_id``,
    the record's extra fields, and ``exc`` with the whole traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": masked_url(record.getMessage()),
        }
        rid = request_id.get()
        if rid:
            line["request_id"] = rid
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exc"] = masked_url(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_json_logs(level: int = logging.INFO) -> None:
    """Every logger (ours, uvicorn's, APScheduler's) writes JSON lines to stderr: journald or the container keeps
    them. Replaces the root's handlers, so calling it twice does not double the lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        uv = logging.getLogger(name)
        uv.handlers[:] = []
        uv.propagate = name != "uvicorn.access"  # the portal writes its own access line (route, ms, request id)
