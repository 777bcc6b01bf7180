"""The vocabulary: every labelled value a reader may meet, gathered for the edges (pages, mails, documents).

Each enum keeps its Chinese label beside its own definition (policies.labels.Labelled); this module only names
them in one place, so a template says ``{{ r.status | label(OutboxStatus) }}`` and never carries a label of its own.
"""

from __future__ import annotations

from engine.definition.model import Role
from engine.services.shared.reference_audit import ChangeKind, ReferenceImport, ReferenceList
from engine.store.core import CycleStatus, MilestoneSource, TimerStatus, WindowEffect
from engine.store.evaluation import Purpose
from engine.store.outbox import OutboxStatus
from engine.store.registers import RecognitionOrigin, RecognitionStatus
from engine.store.round import NoticeStatus, ObjectionOutcome, ObjectionStatus, ObjectorKind, RoundState
from policies.facts import OrganisationKind
from policies.labels import Labelled

VOCABULARY: dict[str, type[Labelled]] = {
    e.__name__: e
    for e in (
        Role, OrganisationKind, CycleStatus, TimerStatus, OutboxStatus, RecognitionStatus, RecognitionOrigin,
        NoticeStatus, ObjectionStatus, ObjectionOutcome, ObjectorKind, Purpose, RoundState, MilestoneSource,
        ChangeKind, WindowEffect, ReferenceList, ReferenceImport,
    )
}  # fmt: skip
