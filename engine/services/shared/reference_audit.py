"""Reference lists are the national office's: the role check, the difference a load makes, and its audit.

Pilot lists, earlier recognitions, indicator sets and acceptance standards gate A2, A4, B5, B6 and
B7, so only ``--as national`` changes them, every change is a ``reference_change`` row (who, when,
what, from which file) and a load shows its difference first; ``dry_run`` shows it and changes nothing.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import SerializeAsAny
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.model import Role
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.registers import ReferenceChange
from engine.store.workspace import Workspace
from policies.labels import Labelled
from policies.verdict import Verdict

Rows = dict[str, dict[str, Any]]  # key -> the row's values
NATIONAL_OFFICE = Actor(Role.NATIONAL)  # who changes these lists when a caller names no one (tests, set-up)


class ChangeKind(Labelled):
    """What a line of a reference list's difference is: a row added, removed or changed."""

    ADDED = "added", "新增"
    REMOVED = "removed", "删除"
    CHANGED = "changed", "修改"


class ReferenceLine(ServiceResult):
    """One line of a difference: a row added, removed or changed (before and after)."""

    change: str  # a ChangeKind
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def text(self) -> str:
        mark = {"added": "+", "removed": "-", "changed": "~"}[self.change]
        shown = (
            f"{_values(self.before)} -> {_values(self.after)}"
            if self.change == "changed"
            else _values(self.after or self.before)
        )
        return f"{mark} {self.key}: {shown}"


class ReferenceDiff(ServiceResult):
    """What a load of a reference list changes (or, with ``dry_run``, would change)."""

    reference: str
    cycle: int | None
    source: str
    dry_run: bool
    rows: int
    lines: list[ReferenceLine]
    unchanged: int
    created: list[SerializeAsAny[ServiceResult]] = []  # the rows an import added, as its list defines them
    category: str | None = None  # an indicator set's or standard's category, when it is that category's own (B6)
    set_title: str | None = None  # the set it was loaded into, in words

    def text(self) -> str:
        counts: dict[str, int] = {}
        for line in self.lines:
            counts[line.change] = counts.get(line.change, 0) + 1
        summary = ", ".join(f"{n} {c}" for c, n in counts.items()) or "no change"
        verb = "would change (dry run, nothing changed)" if self.dry_run else "changed"
        head = f"{self.source}: {self.reference}: {self.rows} row(s); {verb}: {summary}; {self.unchanged} unchanged"
        return "\n".join([head, *(f"  {line.text()}" for line in self.lines)])


def _values(row: dict[str, Any] | None) -> str:
    return ", ".join(f"{k}={v}" for k, v in (row or {}).items())


def national_only(actor: Actor, what_zh: str, what_en: str) -> None:
    """Refuse anyone but the national office (ROLE), naming the list it keeps."""
    if actor.role is not Role.NATIONAL:
        raise Refused(
            f"only the national office changes {what_en}",
            [
                Verdict(
                    False, "ROLE", f"{what_zh}由国家知识产权局确定", f"{what_en} are the national office's, not {actor}"
                )
            ],
        )


def file_source(path: Path, name: str | None = None) -> str:
    """What an audit row says a list was loaded from: the file's own name (an upload's, not where the server
    spooled it) and its SHA-256, so the very file can be recognised later; never a server path."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return f"{Path(name).name if name else path.name} sha256:{digest}"


def source_name(source: str) -> str:
    """The file name an audit row or a register row records, without its hash (older rows: a path's last part)."""
    return Path(source.split(" sha256:")[0]).name


def difference(before: Rows, after: Rows, replace: bool) -> tuple[list[ReferenceLine], int]:
    """Lines from ``before`` to ``after``; an additive list (``replace`` False) never removes a row."""
    lines: list[ReferenceLine] = []
    unchanged = 0
    for key, row in after.items():
        old = before.get(key)
        if old is None:
            lines.append(ReferenceLine(change="added", key=key, before=None, after=row))
        elif old != row:
            lines.append(ReferenceLine(change="changed", key=key, before=old, after=row))
        else:
            unchanged += 1
    if replace:
        lines += [
            ReferenceLine(change="removed", key=k, before=v, after=None) for k, v in before.items() if k not in after
        ]
    return lines, unchanged


def audit(
    s: Session,
    reference: str,
    cycle_id: int | None,
    lines: list[ReferenceLine],
    source: str,
    actor: Actor,
    at: datetime,
) -> None:
    """One audit row per line, in the caller's transaction (so the change and its record commit together)."""
    s.add_all(
        ReferenceChange(
            reference=reference,
            cycle_id=cycle_id,
            change=line.change,
            key=line.key,
            before=line.before,
            after=line.after,
            source=source,
            at=at,
            actor=str(actor),
        )
        for line in lines
    )


class ReferenceList(Labelled):
    """The lists whose changes are audited here: the reference lists, and what decides who is mailed or may apply."""

    PILOTS = "pilots", "试点名单"
    RECOGNITIONS = "recognitions", "已认定单位"
    INDICATORS = "indicators", "评价指标"
    STANDARD = "standard", "验收标准"
    CYCLES = "cycles", "申报周期"
    ADDRESSES = "addresses", "联系邮箱"
    ORGANISATIONS = "organisations", "单位名录"
    CALENDAR = "calendar", "工作日历"
    ACCOUNTS = "accounts", "账号"


REFERENCES = tuple(r.value for r in ReferenceList)


class ReferenceImport(Labelled):
    """The lists the national office imports from a file on its reference page (previewed, then confirmed)."""

    ROSTER = "roster", "单位名册"
    PILOTS = "pilots", "试点城市、试点县名单"
    RECOGNITIONS = "recognitions", "已认定的示范单位"


class ReferenceLogEntry(ServiceResult):
    """One audited change to a reference list."""

    at: IsoDatetime
    by: str
    reference: str
    cycle: int | None
    source: str
    line: ReferenceLine


def reference_log(ws: Workspace, reference: str | None = None) -> list[ReferenceLogEntry]:
    """Every change to the reference lists, oldest first (optionally of one list)."""
    with ws.transaction() as s:
        q = select(ReferenceChange).order_by(ReferenceChange.id)
        if reference is not None:
            q = q.where(ReferenceChange.reference == reference)
        return [
            ReferenceLogEntry(
                at=r.at,
                by=r.actor,
                reference=r.reference,
                cycle=r.cycle_id,
                source=r.source,
                line=ReferenceLine(change=r.change, key=r.key, before=r.before, after=r.after),
            )
            for r in s.scalars(q)
        ]
