"""Text length as Word/WPS count it, because the notices set their limits in Word's 字数 (C3, C4, D3);
and how alike two texts are, for telling a resubmitted case (D2) from a new one.

Two counts are offered; ``count_zi`` is the one the limits use unless a programme says otherwise.

``count_zi`` — Word's 字数 (= 中文字符和朝鲜语单词 + 非中文单词):

* 1 per East Asian character: every CJK ideograph (basic block, extensions A–H, compatibility
  ideographs, radicals, strokes), kana, and every full-width mark — the CJK symbols block
  U+3000–303F (。、《》【】), the full-width forms U+FF00–FFEF (，；：？！（）０Ａ), the CJK
  compatibility/vertical forms, enclosed numbers (①, ⑴, ㈠), Roman numerals (Ⅳ), and the quotes
  and dashes Chinese text uses though Unicode files them elsewhere: “ ” ‘ ’ — ― … ·.
  Any other wide symbol, and any ambiguous-width *symbol* (℃, ×, ※), counts 1 too, since
  Chinese fonts set it full-width;
* 1 per run of other non-space characters holding at least one letter or digit, whatever
  half-width punctuation is inside it: "WIPO", "2024", "5G", "3.5", "10%", "A+B", "e-mail",
  "2020–2024" are one word each, as in Word. A Hangul run is one word (Word's 朝鲜语单词);
* 0 for half-width punctuation standing alone — the "+" in "良种+技术", a half-width "(" next
  to a Chinese character. Word counts half-width punctuation as 字符 but not as 字. This is our
  reading of Word's rule; it moves a 200-字 abstract by a few 字 at most;
* 0 for white space (incl. the ideographic space U+3000, tabs, line breaks, NBSP) and for
  invisible characters (zero-width space, BOM, variation selectors, combining marks).

``count_chars`` — Word's 字符数(不计空格): every visible character counts 1, white space and
invisible format characters count 0, so "3.5" is 3 and "知识产权" is 4.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Bound",
    "CountMode",
    "Violation",
    "check_limits",
    "count_chars",
    "count_zi",
    "normalise_title",
    "plain_text",
    "text_similarity",
]

CountMode = Literal["zi", "chars"]
Bound = Literal["max", "min"]

# Ideographs and scripts Word counts one per character (start, end inclusive).
_EAST_ASIAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x2160, 0x217F),  # Roman numerals Ⅰ–Ⅻ as Chinese documents number with them
    (0x2460, 0x24FF),  # circled and parenthesised numbers ①, ⑴, ⒈
    (0x2776, 0x2793),  # dingbat circled numbers ❶
    (0x2E80, 0x2FDF),  # CJK radicals supplement, Kangxi radicals
    (0x2FF0, 0x2FFF),  # ideographic description characters
    (0x3000, 0x303F),  # CJK symbols and punctuation (U+3000 itself is white space, handled first)
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x3190, 0x31FF),  # kanbun, bopomofo ext., CJK strokes, katakana ext.
    (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility (㈠, ㎡)
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFE50, 0xFE6F),  # small form variants
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x20000, 0x3FFFF),  # CJK extensions B–H, compatibility supplement
)

# Outside the blocks above but full-width in Chinese typesetting: quotes, dashes, ellipsis, middle dot.
_FULL_WIDTH_PUNCTUATION = frozenset("“”‘’—―…·‧⸺⸻")

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def _is_east_asian(ch: str) -> bool:
    """True for a character Word counts as one 中文字符 on its own."""
    code = ord(ch)
    if ch in _FULL_WIDTH_PUNCTUATION:
        return True
    for start, end in _EAST_ASIAN_RANGES:
        if start <= code <= end:
            return True
    category = unicodedata.category(ch)
    if code < 0x80 or category[0] == "L" or category == "Nd":
        return False
    # A wide symbol, or an ambiguous-width one Chinese fonts set full-width (℃, ×, ※).
    width = unicodedata.east_asian_width(ch)
    return width in ("W", "F") or (width == "A" and category in ("So", "Sm"))


def _is_invisible(ch: str) -> bool:
    """Format characters and combining marks: neither counted nor breaking a word."""
    return ch in _ZERO_WIDTH or unicodedata.category(ch) in ("Cf", "Mn", "Me")


def count_zi(text: str) -> int:
    """Word/WPS 字数 of ``text`` (see the module docstring for the rule and its edge cases)."""
    total = 0
    in_run = False  # inside a run of non-East-Asian, non-space characters
    run_has_word = False  # that run holds a letter or digit, so it counts
    for ch in text:
        if _is_invisible(ch):
            continue
        if ch.isspace() or _is_east_asian(ch):
            if in_run and run_has_word:
                total += 1
            in_run = run_has_word = False
            if not ch.isspace():
                total += 1
            continue
        in_run = True
        if unicodedata.category(ch)[0] in "LN":
            run_has_word = True
    if in_run and run_has_word:
        total += 1
    return total


def count_chars(text: str) -> int:
    """Word's 字符数(不计空格): visible characters, one each, white space and invisibles excluded."""
    return sum(1 for ch in text if not ch.isspace() and not _is_invisible(ch))


_COUNTERS = {"zi": count_zi, "chars": count_chars}


@dataclass(frozen=True, slots=True)
class Violation:
    """One field outside one bound; ``limit`` is the bound's value, ``count`` what was found."""

    field: str
    limit: int
    count: int
    bound: Bound


def check_limits(
    fields: Mapping[str, str],
    limits: Mapping[str, Mapping[str, int]],
    count: CountMode = "zi",
) -> list[Violation]:
    """Check each limited field's length; limits are data (``{"basic": {"max": 200}}``) from a workflow.

    A field that is absent counts as empty, so it fails a ``min`` but never a ``max``. Violations come
    in the order of ``limits``, ``min`` before ``max`` for a field.
    """
    try:
        counter = _COUNTERS[count]
    except KeyError:
        raise ValueError(f"unknown count mode {count!r}; expected 'zi' or 'chars'") from None
    violations: list[Violation] = []
    for field, bounds in limits.items():
        unknown = set(bounds) - {"min", "max"}
        if unknown:
            raise ValueError(f"limit for {field!r} has unknown keys {sorted(unknown)}; expected min/max")
        n = counter(fields.get(field, "") or "")
        low, high = bounds.get("min"), bounds.get("max")
        if low is not None and n < low:
            violations.append(Violation(field, low, n, "min"))
        if high is not None and n > high:
            violations.append(Violation(field, high, n, "max"))
    return violations


_NOT_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")
MIN_SHINGLES = 50  # texts shorter than this many 3-character runs are too short to call copies


def plain_text(text: str, keep_spaces: bool = False) -> str:
    """``text`` as a reader compares it: full-width folded (NFKC), trimmed, white space dropped or collapsed."""
    folded = unicodedata.normalize("NFKC", text).strip()
    return _SPACES.sub(" " if keep_spaces else "", folded)


def normalise_title(text: str) -> str:
    """A title reduced to what identifies it: full-width folded, no spaces or punctuation, lower case."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text)).lower()


def _shingles(text: str, n: int = 3) -> set[str]:
    s = normalise_title(text)
    return {s[i : i + n] for i in range(len(s) - n + 1)}


def text_similarity(a: str, b: str) -> float:
    """Share of the shorter text's 3-character runs that the other text has too (containment).

    An edited copy keeps most of its runs (one character in 20 changed still leaves ~85%), while two
    cases on the same topic share only their common phrases; 0.0 when either text is very short.
    """
    sa, sb = _shingles(a), _shingles(b)
    smaller = min(len(sa), len(sb))
    return len(sa & sb) / smaller if smaller >= MIN_SHINGLES else 0.0
