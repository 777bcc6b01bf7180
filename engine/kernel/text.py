"""Text a person types into a field: one normaliser for every name and text, whichever edge it came through.

A line break inside a name or a header value splits mail headers and spreadsheet rows; Unicode has
more of them than ``\\n`` (NEL U+0085, LINE/PARAGRAPH SEPARATOR), and C0/C1 controls are invisible.
Format characters are invisible too (zero-width spaces and joiners, word joiners, the BOM, bidirectional
overrides that make a name read backwards), and the Hangul fillers are letters that show nothing: a name of
them alone looks blank on every page and list. :func:`normalise` composes (NFC) and removes them all;
:func:`person_or_unit_name` also asks that a letter (or a digit) remains, so a name is never empty to the eye.
"""

from __future__ import annotations

import re
import unicodedata

from engine.kernel.errors import BadInput

_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# letters (category Lo) that draw nothing: the Hangul choseong/jungseong fillers, the compatibility and half-width
# Hangul fillers, and the braille blank
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_SPACES = re.compile(r"\s+")
# an address as mail servers take it without quoting: ASCII local part and domain, a dot in the domain
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+")
EMAIL_LIMIT = 200


def is_one_line(text: str) -> bool:
    """Whether ``text`` holds no line break and no control character of any kind."""
    return _NOT_ONE_LINE.search(text) is None


def _kept(ch: str, multiline: bool) -> bool:
    if ch in _BLANK_LETTERS:
        return False
    if multiline and ch in "\n\t":
        return True
    category = unicodedata.category(ch)
    return category not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def normalise(text: str | None, multiline: bool = False) -> str:
    """NFC, without control, format, private-use or unassigned characters and invisible letters, trimmed; one
    line (runs of white space made one space) unless ``multiline``, which keeps line breaks and tabs."""
    composed = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    kept = "".join(ch for ch in composed if _kept(ch, multiline))
    if not multiline:
        kept = _SPACES.sub(" ", kept)
    return kept.strip()


def has_letter(text: str) -> bool:
    """Whether a letter or digit of any script remains (so the text is visible, not only punctuation or space)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def person_or_unit_name(text: str | None, field: str, limit: int) -> str:
    """A name as it is kept: normalised, a letter remaining, at most ``limit`` characters; else bad input on
    ``field``."""
    name = normalise(text)
    if not name:
        raise BadInput("请填写名称（不可见字符不算名称）", field=field, code="required")
    if not has_letter(name):
        raise BadInput("名称须包含文字", field=field, code="no_letter")
    if len(name) > limit:
        raise BadInput(f"名称不超过 {limit} 个字", field=field, code="too_long")
    return name


def free_text(text: str | None, field: str, limit: int = 2000, multiline: bool = True) -> str:
    """A reason, note, subject or body as it is kept: normalised (line breaks kept when ``multiline``), at most
    ``limit`` characters, else bad input on ``field``; empty when nothing visible was given (whether that is allowed
    is the caller's rule)."""
    kept = normalise(text, multiline)
    if len(kept) > limit:
        raise BadInput(f"内容不超过 {limit} 个字（at most {limit} characters）", field=field, code="too_long")
    return kept


def email_address(text: str | None, field: str = "email") -> str:
    """An e-mail address as it is kept: trimmed, invisible characters removed (a zero-width space pasted from a
    web page), then checked; empty when none was given (whether that is allowed is the caller's rule). A line
    break is refused, not cleaned: in an address it is an attempt at another mail header."""
    raw = (text or "").strip()
    if not is_one_line(raw):
        raise BadInput("电子邮箱不能含换行或控制字符", field=field, code="one_line")
    address = normalise(raw)
    if len(address) > EMAIL_LIMIT:
        raise BadInput(f"电子邮箱至多 {EMAIL_LIMIT} 个字符", field=field, code="too_long")
    if address and not EMAIL.fullmatch(address):
        raise BadInput(f"“{address}”不是电子邮件地址", field=field, code="invalid_email")
    return address
