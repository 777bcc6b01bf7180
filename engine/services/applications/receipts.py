"""The applicant's receipt (回执) for a submission: what was submitted, when, and a reference to quote.

Built from the audit row of the submit move and the files on record then, so it reads the same later.
"""

from __future__ import annotations

from sqlalchemy import select

from engine.services.applications.dossier import MaterialFileRef, checklist
from engine.services.applications.stage_moves import get_application
from engine.services.programmes.cycles import cycle_programme
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import Event
from engine.store.registers import Attestation
from engine.store.workspace import Workspace

SUBMIT = "submit"


class ReceiptMaterial(ServiceResult):
    """One checklist item and the file submitted for it (None: nothing was on file)."""

    title: str
    file: MaterialFileRef | None


class SubmissionReceipt(ServiceResult):
    """A submission as the applicant keeps it: the reference, the moment, the organisation and the dossier."""

    reference: str
    application: int
    programme: str
    edition: int
    category: str
    organisation: str
    submitted_at: IsoDatetime
    submitted_by: str
    stage: str
    materials: list[ReceiptMaterial]
    declarations_attested: int


def submission_receipt(ws: Workspace, app_id: int) -> SubmissionReceipt | None:
    """The receipt of the application's last submission, or None when it was never submitted."""
    with ws.transaction() as s:
        app = get_application(s, app_id)
        event = s.scalars(
            select(Event)
            .where(Event.application_id == app.id, Event.event == SUBMIT)
            .order_by(Event.id.desc())
            .limit(1)
        ).first()
        if event is None:
            return None
        p = cycle_programme(app.cycle)
        category = p.category(app.category)
        attested = s.scalars(select(Attestation.number).where(Attestation.application_id == app.id)).all()
        return SubmissionReceipt(
            # edition, province and the application's number, and which move it was: unique and quotable by phone
            reference=f"{app.cycle.edition}-{app.province_code}-{app.id:06d}-{event.id}",
            application=app.id,
            programme=p.title,
            edition=app.cycle.edition,
            category=category.name if category else app.category,
            organisation=app.organisation.name,
            submitted_at=event.at,
            submitted_by=event.account or app.organisation.name,
            stage=p.stage(app.stage).title,
            materials=[ReceiptMaterial(title=m.title, file=m.file) for m in checklist(s, app)],
            declarations_attested=len(attested),
        )
