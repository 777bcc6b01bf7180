"""One vocabulary: each value a reader may meet (a role, a status, an outcome …) keeps its one Chinese label beside
its definition, so pages, mails and documents say the same word and never show the code.

``class Role(Labelled): NATIONAL = "national", "国家知识产权局"`` — the member is still the string ``"national"``
(stored, compared and sent as JSON as before); ``Role.NATIONAL.label`` is what a reader sees.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Labelled(StrEnum):
    """A StrEnum whose members carry their Chinese label."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member


def label_of(enum: type[Labelled], value: object, default: str | None = None) -> str:
    """The label of ``value`` (a member or its code) in ``enum``; an unknown code gives ``default`` (else itself)."""
    try:
        return enum(str(value)).label
    except ValueError:
        return str(value) if default is None else default
