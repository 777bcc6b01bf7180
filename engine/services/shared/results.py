"""What every typed service result shares, so the CLI's ``--json`` and the HTTP API print one shape."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer
from typing_extensions import TypedDict

from policies.verdict import Verdict


class ServiceResult(BaseModel):
    """Base of what services return: frozen (a result is a fact); ``from_`` fields print as "from"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def as_json(self) -> dict[str, Any]:
        """The shape ``--json`` has always printed; dates and datetimes stay objects for the printer to render."""
        return self.model_dump(mode="python", by_alias=True)


class VerdictJson(TypedDict):
    """A verdict as printed: ``rule`` rather than ``rule_id`` (see :meth:`Verdict.as_json`)."""

    rule: str
    ok: bool
    reason_zh: str
    reason_en: str


def _verdict_json(v: Verdict) -> VerdictJson:
    return VerdictJson(rule=v.rule_id, ok=v.ok, reason_zh=v.reason_zh, reason_en=v.reason_en)


# The verdict type itself, printed the way history and refusals always printed it.
VerdictField = Annotated[Verdict, PlainSerializer(_verdict_json, return_type=VerdictJson)]
# A moment that earlier printed through ``isoformat()`` ("2025-09-15T10:00:00"), not ``str()``.
IsoDatetime = Annotated[datetime, PlainSerializer(lambda d: d.isoformat(), return_type=str)]


def verdict_from_json(data: dict[str, Any]) -> Verdict:
    """A verdict stored as :meth:`Verdict.as_json` wrote it (the event log keeps them so)."""
    return Verdict(bool(data["ok"]), str(data["rule"]), str(data["reason_zh"]), str(data["reason_en"]))


# A moment that earlier reached the printer as an object, so printed by ``str()`` ("2025-09-15 10:00:00").
StrDatetime = Annotated[datetime, PlainSerializer(str, return_type=str)]
