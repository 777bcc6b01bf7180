"""The tables of the reminders work, imported together so ``create_all`` sees them."""

import engine.calendar_years  # noqa: F401
import engine.liaison  # noqa: F401
import notifications.outbox  # noqa: F401
