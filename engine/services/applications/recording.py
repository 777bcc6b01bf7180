"""What a move records beside its audit row: the register entry (B5), an approved pilot (A7) and the evaluation
a decision rests on.

Called by the audit listener in the move's transaction, so a recognition, or the rank an
application was selected at, commits with the stage change or not at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.model import Programme
from engine.services.evaluation.computation import purpose_of_decision, record_decision
from engine.store.core import Application, Event
from engine.store.registers import PilotDesignation, Recognition, RecognitionOrigin, RecognitionStatus


def after_move(s: Session, p: Programme, app: Application, event: Event, now: datetime) -> None:
    """Record the decision's evaluation (select, pass, fail) and the recognition the new stage may be."""
    if event.from_stage is not None:
        purpose = purpose_of_decision(p, app.category, event.event, event.from_stage)
        if purpose is not None:
            s.flush()
            record_decision(s, app, purpose, event, now)
    record_recognition(s, p, app, now)
    record_pilot(s, p, app, now)


def record_pilot(s: Session, p: Programme, app: Application, now: datetime) -> PilotDesignation | None:
    """An approved pilot (A7) joins the national pilot list its category names, under the cycle's year, so the
    next round's A2/A4 find it as they find an imported one."""
    reg = p.pilot_register
    kind = reg.lists.get(app.category) if reg is not None else None
    division = app.organisation.division_code
    if reg is None or kind is None or app.stage != reg.stage or division is None:
        return None
    year = app.cycle.edition
    key = (
        PilotDesignation.division_code == division,
        PilotDesignation.pilot_list == kind,
        PilotDesignation.year == year,
    )
    if s.scalar(select(PilotDesignation.id).where(*key)):
        return None
    source = f"cycle {app.cycle_id}: {app.cycle.programme_id} {year}, application {app.id}"
    row = PilotDesignation(division_code=division, pilot_list=kind, year=year, imported_at=now, source=source)
    s.add(row)
    return row


def record_recognition(s: Session, p: Programme, app: Application, now: datetime) -> Recognition | None:
    """Called as an application enters a stage: a row when it is the programme's register stage."""
    reg = p.unit_register
    if reg is None or app.stage != reg.stage or (reg.categories is not None and app.category not in reg.categories):
        return None
    if s.scalar(select(Recognition.id).where(Recognition.application_id == app.id)):
        return None
    cycle = app.cycle
    row = Recognition(
        organisation_id=app.organisation_id,
        programme_id=cycle.programme_id,
        category=app.category,
        year=now.year,
        imported_at=now,
        source=f"cycle {cycle.id}: {cycle.programme_id} {cycle.edition}",
        origin=RecognitionOrigin.CYCLE,
        cycle_id=cycle.id,
        application_id=app.id,
        status=RecognitionStatus.VALID,
    )
    s.add(row)
    return row
