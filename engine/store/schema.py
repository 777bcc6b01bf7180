"""Imports every module that defines tables, so ``create_all`` sees the whole schema."""

import engine.store.cases  # noqa: F401  (case texts, published lists)
import engine.store.core  # noqa: F401
import engine.store.registers  # noqa: F401  (pilots, recognitions, quotas, overlays, dossier records)
import notifications.schema  # noqa: F401  (outbox, liaison receipts, calendar years)
