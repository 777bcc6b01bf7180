"""Case calls (D5): provinces and centres still short of a minimum number of cases before a deadline.

The counting is the case-call service's (``case_minimums``); this only turns its shortfalls for one
deadline into recipients. A minimum never refuses a move: it is reported and reminded about.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from engine.definition.model import Programme
from engine.services.cases.minimums import ProvinceShortfall, Shortfall, case_minimums
from engine.services.province.liaison import offices, province_addressee, receipts
from engine.store.core import Cycle
from engine.store.outbox import OutboxMessage
from engine.store.workspace import Workspace
from notifications.planning.owing import Audience, Owing
from policies.reference.provinces import province_codes


def _shortfalls(ws: Workspace, p: Programme, cycle_id: int, milestone: str) -> list[Shortfall]:
    if p.cases is None:
        return []
    report = case_minimums(ws, cycle_id)
    return [r for r in report.shortfalls if r.milestone == milestone and r.open]


def _recipient(r: Shortfall) -> str:
    return f"province:{r.province}" if isinstance(r, ProvinceShortfall) else f"org:{r.organisation}"


def _line(r: Shortfall) -> str:
    scope = f"第{r.phase}阶段" if r.phase else "各阶段合计"
    who = "本省（区、市）" if isinstance(r, ProvinceShortfall) else "本单位"
    return f"{who}{scope}应报送不少于{r.at_least}个案例（{r.rule}），现有{r.count}个，尚差{r.missing}个"


def _owing(ws: Workspace, s: Session, p: Programme, cycle: Cycle, milestone: str) -> list[Owing]:
    by_recipient: dict[str, list[Shortfall]] = defaultdict(list)
    for r in _shortfalls(ws, p, cycle.id, milestone):
        by_recipient[_recipient(r)].append(r)
    filed, office_rows, names = receipts(s, cycle.id), offices(s), province_codes()
    groups = [g.id for g in p.contact_groups]
    out = []
    for recipient, rows in by_recipient.items():
        first = rows[0]
        if isinstance(first, ProvinceShortfall):
            code = first.province
            name, address = province_addressee(office_rows.get(code), filed.get(code), names.get(code, code))
        else:
            code = first.division_code[:2] + "0000" if first.division_code else ""
            name, address = first.name, first.email
        missing = [_line(r) for r in rows]
        total = sum(r.missing for r in rows)
        out.append(Owing(recipient, name, address, missing, total, f"尚差{total}个案例", groups, code))
    return out


def _still_owed(ws: Workspace, s: Session, p: Programme, cycle: Cycle, rows: list[OutboxMessage]) -> set[int]:
    owed = set()
    for milestone in {r.milestone or "" for r in rows}:
        short = {_recipient(r) for r in _shortfalls(ws, p, cycle.id, milestone)}
        owed |= {r.id for r in rows if (r.milestone or "") == milestone and r.recipient in short}
    return owed


CASE_MINIMUM_SHORTFALLS = Audience(
    "case-minimum-shortfalls",
    "case-minimum",
    "案例报送数量未达最低要求的单位",
    _owing,
    _still_owed,
)
