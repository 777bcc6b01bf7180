"""The 32 provincial units (31 provinces and the XPCC) and the questions every layer asks about them.

One home for these, so a province's name, code and the province a division belongs to are worked
out the same way in guards, services, mail and the CLI.
"""

from __future__ import annotations

from functools import cache

from policies.reference.divisions import Division, provinces, registry

XPCC = "660000"  # 新疆生产建设兵团: a provincial unit with its own office, though not a province


@cache
def _province_pairs() -> tuple[tuple[str, str], ...]:
    return tuple((d.code, d.name) for d in provinces())  # the shipped registry is loaded once and never changes


def province_codes() -> dict[str, str]:
    """Division code → name of every unit with a provincial IP office (31 + XPCC 660000)."""
    return dict(_province_pairs())


def is_province(code: str) -> bool:
    return code in province_codes()


def province_name(code: str | None, unknown: str | None = None) -> str:
    """The unit's standard name; ``unknown`` (else the code itself) for a code that names no division."""
    division = registry().get(code) if code else None
    if division is not None:
        return division.name
    return unknown if unknown is not None else str(code)


def province_of(division_code: str | None) -> str | None:
    """The provincial office's code: 兵团 660000 for its cities (6590xx), else the code's first two digits."""
    if not division_code:
        return None
    division = registry().get(division_code)
    return division.province_code if division else f"{division_code[:2]}0000"


def province_from(text: str) -> Division | None:
    """A provincial unit by code (32, 320000) or by name (江苏, 江苏省, 兵团 is 新疆生产建设兵团)."""
    text = text.strip()
    reg = registry()
    div = reg.get(text) if text.isdigit() else reg.normalise_name("新疆生产建设兵团" if text == "兵团" else text)
    return div if div is not None and div.tier == 0 else None
