"""Text a clerk types into one field: one line, no control characters.

A line break inside a name or a header value splits mail headers and spreadsheet rows; Unicode has
more of them than ``\\n`` (NEL U+0085, LINE/PARAGRAPH SEPARATOR), and C0/C1 controls are invisible.
"""

from __future__ import annotations

import re

_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def is_one_line(text: str) -> bool:
    """Whether ``text`` holds no line break and no control character of any kind."""
    return _NOT_ONE_LINE.search(text) is None
