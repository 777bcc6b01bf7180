"""The tables of the reminders work, imported together so ``create_all`` sees them."""

import engine.services.calendar_years  # noqa: F401
import engine.services.liaison  # noqa: F401
import notifications.outbox  # noqa: F401
