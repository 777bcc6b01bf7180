"""The one result type every eligibility rule returns, so refusals always carry a reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Verdict:
    """Outcome of one rule: which rule (e.g. ``B2``), and why, in Chinese and English."""

    ok: bool
    rule_id: str
    reason_zh: str
    reason_en: str

    def as_json(self) -> dict[str, object]:
        """The shape the CLI and history print: ``rule`` rather than ``rule_id``."""
        data = asdict(self)
        return {"rule": data.pop("rule_id"), **data}
