"""Service functions for cycles: open an edition with its dated milestones, list, show."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.loader import programme_from_snapshot
from engine.definition.model import Programme
from engine.kernel.errors import BadInput
from engine.kernel.yamlread import YamlInputError, read_yaml
from engine.machine.machine import Actor
from engine.services.programmes.programme_definitions import latest_version
from engine.services.shared.reference_audit import NATIONAL_OFFICE, ReferenceLine, audit, national_only
from engine.services.shared.results import ServiceResult
from engine.store.core import (
    Cycle,
    CycleMilestone,
    DatabaseIdentity,
    MilestoneSource,
    PinnedCycle,
    ProgrammeVersion,
    Timer,
)
from engine.store.workspace import Workspace


class MilestoneDate(ServiceResult):
    """A milestone of a cycle, its date, and whether the date was given or came from the definition."""

    id: str
    title: str
    due: date
    source: str


class CycleSummary(ServiceResult):
    """An opened edition of a programme: its pinned definition and its dated milestones."""

    id: int
    programme: str
    title: str
    edition: int
    status: str
    visibility: str
    definition_hash: str
    milestones: list[MilestoneDate]


def read_dates_file(path: Path) -> dict[str, date]:
    """A YAML mapping of milestone id to date; anything else is bad input naming the entry."""
    try:
        _, data, _ = read_yaml(path)  # bounded; a duplicate key is refused with its line, not silently kept
    except YamlInputError as exc:
        raise BadInput("cannot read dates: " + "; ".join(exc.problems)) from None
    if not isinstance(data, dict):
        raise BadInput(f"{path}: expected a mapping of milestone id to date, e.g. `recommendation: 2028-10-24`")
    out: dict[str, date] = {}
    for key, value in data.items():
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            try:
                value = date.fromisoformat(str(value))
            except ValueError:
                raise BadInput(f"{path}: {key}: {value!r} is not a date (YYYY-MM-DD)") from None
        out[str(key)] = value
    return out


# Dates a cycle of edition E may have: a call can be announced the year before, and a three-year creation
# edition (2025–2027) runs its acceptance and effectiveness evaluation a few years after it ends.
DATE_SPAN_BEFORE, DATE_SPAN_AFTER = 1, 6


def check_date_span(edition: int, dates: dict[str, tuple[date, str]]) -> None:
    """Refuse a milestone outside edition−1 … edition+6: year 0001 or 9999 is a typo, not a plan."""
    first, last = edition - DATE_SPAN_BEFORE, edition + DATE_SPAN_AFTER
    wrong = [f"{key}: {due}" for key, (due, _) in dates.items() if not first <= due.year <= last]
    if wrong:
        raise BadInput(
            f"{'、'.join(wrong)} 不在第{edition}届的日期范围（{first}年1月1日至{last}年12月31日）内",
            field="dates",
        )


def check_edition(p: Programme, edition: int, given: dict[str, date] | None = None) -> None:
    """An edition the programme knows, or (``later_editions``) a later one opened with every date given, as the
    office opens the next batch of a case call under its year (notice 000 gave its dates when it was issued)."""
    if p.later_editions and p.editions and edition > max(p.editions):
        missing = [m.title for m in p.milestones if m.id not in (given or {})]
        if missing:
            raise BadInput(
                f"第{edition}届是已知第{max(p.editions)}届之后的新一批次，须在开启时给出全部日期：{'、'.join(missing)}",
                field="dates",
            )
        return
    if p.recurrence:
        r = p.recurrence
        if edition < r.first_edition or (edition - r.first_edition) % r.every_years:
            raise BadInput(
                f"该项目自{r.first_edition}年起每{r.every_years}年一届，没有{edition}年这一届次", field="edition"
            )
    elif p.editions and edition not in p.editions:
        later = "；之后的新一批次须在开启时给出全部日期" if p.later_editions else ""
        raise BadInput(
            f"该项目没有{edition}年这一届次（已知：{'、'.join(map(str, p.editions))}）{later}",
            field="edition",
        )


def milestone_dates(p: Programme, edition: int, given: dict[str, date]) -> dict[str, tuple[date, str]]:
    """Each milestone's date and where it came from; given dates win over the definition's rules."""
    unknown = sorted(set(given) - {m.id for m in p.milestones})
    if unknown:
        raise BadInput(f"本项目没有这些日期事项：{'、'.join(unknown)}", field="dates")
    out: dict[str, tuple[date, str]] = {}
    missing = []
    for m in p.milestones:
        if m.id in given:
            out[m.id] = (given[m.id], MilestoneSource.GIVEN)
        elif m.due is not None:
            try:
                out[m.id] = (m.due.for_edition(edition), MilestoneSource.DEFINITION)
            except ValueError:
                raise BadInput(f"{m.title}：按通知的规则推算不出第{edition}届的日期，请填写", field="dates") from None
        else:
            missing.append(m.title)
    if missing:
        raise BadInput(
            f"通知没有给出第{edition}届以下日期，请逐一填写：{'、'.join(missing)}",
            field="dates",
        )
    return out


class ProposedDate(ServiceResult):
    """A milestone's date as the definition derives it for an edition (None: the notice gives none)."""

    id: str
    title: str
    due: date | None


def proposed_dates(ws: Workspace, programme_id: str, edition: int) -> list[ProposedDate]:
    """The dates ``cycle open`` would give each milestone of an edition, for a form to show and edit."""
    with ws.transaction() as s:
        p = programme_from_snapshot(latest_version(s, programme_id).text)
    later = p.later_editions and bool(p.editions) and edition > max(p.editions)
    if not later:
        check_edition(p, edition)
    out = []
    for m in p.milestones:
        try:
            due = m.due.for_edition(edition) if m.due is not None and not later else None
        except ValueError:
            due = None
        out.append(ProposedDate(id=m.id, title=m.title, due=due))
    return out


def check_windows(p: Programme, dates: dict[str, tuple[date, str]]) -> None:
    """Given dates must leave every window open for at least its closing day."""
    for name, w in p.windows.items():
        if w.opens and dates[w.opens][0] > dates[w.closes][0]:
            raise BadInput(
                f"{name}的开始日期（{dates[w.opens][0]}）晚于截止日期（{dates[w.closes][0]}），请核对日期",
                field="dates",
            )


def check_order(p: Programme, dates: dict[str, date], where: str = "") -> None:
    """Milestones keep the notice's order (a liaison receipt is not due after the recommendation deadline)."""
    listed = [m for m in p.milestones if m.id in dates]
    for earlier, later in zip(listed, listed[1:], strict=False):
        if dates[earlier.id] > dates[later.id]:
            raise BadInput(
                f"due: {earlier.title}（{dates[earlier.id]}）不能晚于{later.title}（{dates[later.id]}）{where}"
            )


def end_of_day(day: date) -> datetime:
    """A deadline "by day D" lasts until midnight at the end of D."""
    return datetime.combine(day + timedelta(days=1), time())


def day_of_deadline(due: datetime) -> date:
    """The last day a deadline at ``due`` leaves (midnight after D is D's), the inverse of :func:`end_of_day`."""
    return (due - timedelta(microseconds=1)).date()


def open_cycle(
    ws: Workspace,
    programme_id: str,
    edition: int,
    given: dict[str, date] | None = None,
    actor: Actor = NATIONAL_OFFICE,
) -> CycleSummary:
    """Open an edition: pin the current definition, date its milestones and arm their timers (audited)."""
    national_only(actor, "项目届次", "cycles")
    with ws.transaction() as s:
        version = latest_version(s, programme_id)
        p = programme_from_snapshot(version.text)
        check_edition(p, edition, given)
        if s.scalar(select(Cycle.id).where(Cycle.programme_id == p.id, Cycle.edition == edition)):
            raise BadInput(f"{p.title}第{edition}届已经开启", field="edition")
        dates = milestone_dates(p, edition, given or {})
        check_date_span(edition, dates)
        check_windows(p, dates)
        check_order(p, {key: due for key, (due, _) in dates.items()})
        cycle = Cycle(
            programme_id=p.id,
            edition=edition,
            programme_version_id=version.id,
            opened_at=ws.clock.now(),
            opened_by=str(actor),
        )
        s.add(cycle)
        s.flush()
        for m in p.milestones:
            due, source = dates[m.id]
            s.add(CycleMilestone(cycle_id=cycle.id, key=m.id, title=m.title, due=due, source=source))
            for te in m.on_due:
                s.add(
                    Timer(
                        key=f"cycle:{cycle.id}:milestone:{m.id}:{te.event}",
                        cycle_id=cycle.id,
                        due_at=end_of_day(due),
                        event=te.event,
                        stages=list(te.from_),
                    )
                )
        s.flush()
        opened = {m: due.isoformat() for m, (due, _) in sorted(dates.items())}
        line = ReferenceLine(change="added", key=f"{p.id} {edition}", before=None, after={"milestones": opened})
        audit(s, "cycles", cycle.id, [line], "cycle open", actor, ws.clock.now())
        return cycle_summary(s, cycle)


def get_cycle(s: Session, cycle_id: int) -> Cycle:
    cycle = s.get(Cycle, cycle_id)
    if cycle is None:
        raise BadInput(f"没有第{cycle_id}号申报周期", field="cycle")
    return cycle


def cycle_programme(cycle: Cycle | PinnedCycle) -> Programme:
    """The definition pinned when the cycle was opened (never the file as it is now)."""
    return programme_from_snapshot(cycle.text if isinstance(cycle, PinnedCycle) else cycle.version.text)


def programme_of(ws: Workspace, s: Session, cycle_id: int) -> Programme:
    """The definition a stored cycle pinned, by way of :func:`pinned_cycle`: a Cycle row's ``version`` would load
    the whole definition text (and hash it for the parse cache) on every page that reads the cycle."""
    return cycle_programme(pinned_cycle(ws, s, cycle_id))


def pinned_cycle(ws: Workspace, s: Session, cycle_id: int) -> PinnedCycle:
    """The cycle's unchanging part (id, programme, edition, pinned text), from the database once per process."""
    pin = ws.pinned_cycles.get(cycle_id)
    if pin is None:
        row = s.execute(
            select(Cycle.programme_id, Cycle.edition, ProgrammeVersion.text)
            .join(ProgrammeVersion, Cycle.programme_version_id == ProgrammeVersion.id)
            .where(Cycle.id == cycle_id)
        ).first()
        if row is None:
            raise BadInput(f"没有第{cycle_id}号申报周期", field="cycle")
        pin = ws.pinned_cycles[cycle_id] = PinnedCycle(cycle_id, row.programme_id, row.edition, row.text)
    return pin


def cycle_summary(s: Session, cycle: Cycle) -> CycleSummary:
    """A cycle with its milestones in date order."""
    p = cycle_programme(cycle)
    milestones = s.scalars(
        select(CycleMilestone).where(CycleMilestone.cycle_id == cycle.id).order_by(CycleMilestone.due)
    )
    return CycleSummary(
        id=cycle.id,
        programme=p.id,
        title=p.title,
        edition=cycle.edition,
        status=cycle.status,
        visibility=p.visibility.value,
        definition_hash=cycle.version.content_hash[:12],
        milestones=[MilestoneDate(id=m.key, title=m.title, due=m.due, source=m.source) for m in milestones],
    )


def show_cycle(ws: Workspace, cycle_id: int) -> CycleSummary:
    with ws.transaction() as s:
        return cycle_summary(s, get_cycle(s, cycle_id))


def list_cycles(ws: Workspace) -> list[CycleSummary]:
    with ws.transaction() as s:
        return [cycle_summary(s, c) for c in s.scalars(select(Cycle).order_by(Cycle.id))]


def database_identity(ws: Workspace) -> str:
    """This database's random name, made on first use; two callers at once agree on the one that was stored."""
    from sqlalchemy.exc import IntegrityError

    with ws.transaction() as s:
        row = s.get(DatabaseIdentity, "calendar")
        if row is not None:
            return row.value
    try:
        with ws.transaction(write=True) as s:
            if s.get(DatabaseIdentity, "calendar") is None:
                s.add(DatabaseIdentity(key="calendar", value=str(uuid.uuid4())))
    except IntegrityError:  # another process stored its own a moment earlier: that one stands
        pass
    with ws.transaction() as s:
        row = s.get(DatabaseIdentity, "calendar")
        assert row is not None  # stored above, by this call or the one that won
        return row.value
