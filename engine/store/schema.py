"""Imports every module that defines tables, so ``create_all`` sees the whole schema."""

import engine.store.accounts  # noqa: F401  (portal accounts, sessions, tokens)
import engine.store.calendar  # noqa: F401  (holiday schedules)
import engine.store.cases  # noqa: F401  (case texts, published lists)
import engine.store.core  # noqa: F401
import engine.store.counts  # noqa: F401  (applications by cycle, province, category and stage)
import engine.store.evaluation  # noqa: F401  (indicators, standards, scores, evaluation records)
import engine.store.liaison  # noqa: F401  (liaison receipts)
import engine.store.messages  # noqa: F401  (the message centre)
import engine.store.operations  # noqa: F401  (the scheduler loops' last passes)
import engine.store.outbox  # noqa: F401  (every e-mail)
import engine.store.registers  # noqa: F401  (pilots, recognitions, quotas, overlays, dossier records)
import engine.store.round  # noqa: F401  (public notices, objections, report packages)
