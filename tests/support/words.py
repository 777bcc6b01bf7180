"""What a reader of the portal or of a mail must never see: a CLI flag, an ``ipcycle`` command, an internal id
where a name belongs, an English code of an event, stage, status or role, or a scheduler's "timed:" trail.

``problems(text)`` is the one check; the page crawl (tests/portal/test_portal_words.py) and the walkthrough's
mails use it alike. ``codes`` is every English code the definitions and the vocabulary know.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from enum import StrEnum

FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]+")
COMMAND = re.compile(r"\bipcycle\s+[a-z]")
TIMED = re.compile(r"timed:")
ACTOR_ID = re.compile(
    r"\b(?:national|province|applicant|system):\S*|申报单位（\d+）|（\d+）\s*may not|\bfor application \d+"
)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)*")
URL = re.compile(r"https?://[^\s（）<>\"']+")  # a link's path is an address, not a word to read
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LOWER_WORD = re.compile(r"(?<![\w.-])[a-z]{2,}(?:[_-][a-z0-9]+)*(?![\w-])")


@functools.cache  # the bundled definitions do not change while the tests run; reading them is most of the cost
def _programme_codes() -> frozenset[str]:
    """The bundled programmes' stage, event, category and milestone ids."""
    from engine.definition.loader import bundled_definition_files, load_definition_file

    out: set[str] = set()
    for path in bundled_definition_files():
        _, p = load_definition_file(path)
        out |= {s.id for s in p.stages} | {t.event for t in p.transitions} | {c.id for c in p.categories}
        out |= {m.id for m in p.milestones}
        out.add(p.entry.event)
    return frozenset(out)


def known_codes(enums: Iterable[type[StrEnum]] = (), extra: Iterable[str] = ()) -> set[str]:
    """Every English code a reader could be shown by mistake: the programmes' stage, event and category ids,
    their milestone ids, and the values of the given enums."""
    out: set[str] = set(extra) | _programme_codes()
    for enum in enums:
        out |= {str(m.value) for m in enum}
    return out


def problems(text: str, codes: set[str]) -> list[str]:
    """Each thing in ``text`` a reader must not see, quoted with a little of its context."""
    found: list[str] = []

    def quote(m: re.Match[str], what: str) -> None:
        context = " ".join(text[max(0, m.start() - 30) : m.end() + 30].split())
        found.append(f"{what}: …{context}…")

    for pattern, what in (
        (FLAG, "CLI flag"),
        (COMMAND, "ipcycle command"),
        (TIMED, "timed:"),
        (ACTOR_ID, "internal id"),
    ):
        for m in pattern.finditer(text):
            quote(m, what)
    for m in WORD.finditer(URL.sub(lambda u: " " * len(u.group(0)), text)):
        if m.group(0) in codes:
            quote(m, "English code")
    return found


def english_words(text: str) -> list[str]:
    """Each lowercase English word in a file a reader downloads (a template's ``province_code`` header, a
    ``total`` line), where every word should be Chinese; addresses (links, e-mail) are not words."""
    text = EMAIL.sub(" ", URL.sub(" ", text))
    return [
        f"English word: …{' '.join(text[max(0, m.start() - 20) : m.end() + 20].split())}…"
        for m in LOWER_WORD.finditer(text)
    ]
