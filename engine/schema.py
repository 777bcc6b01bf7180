"""Imports every module that defines tables, so ``create_all`` sees the whole schema."""

import engine.casestore  # noqa: F401  (case texts, published lists)
import engine.db  # noqa: F401
import engine.registers  # noqa: F401  (pilots, recognitions, quotas, overlays, dossier records)
import notifications.schema  # noqa: F401  (outbox, liaison receipts, calendar years)
