"""/api/v1/ for the national office's jobs (and a province's own accounts), one module per resource as the pages
are: the same services as the pages and the CLI, each operation's ``operationId`` its function's name. A
file-borne load (indicators, standard, roster, pilots, recognitions) takes the file as multipart and
``dry_run`` for the difference it would make.
"""

from __future__ import annotations

from fastapi import APIRouter

from portal.routes.national_api import (
    accounts,
    cycles,
    evaluation,
    mail,
    organisations,
    progress,
    promotion,
    reference_lists,
    register,
    search,
    timers,
)

ROUTERS: list[APIRouter] = [
    cycles.router,
    evaluation.router,
    register.router,
    accounts.router,
    organisations.router,
    reference_lists.router,
    mail.router,
    timers.router,
    search.router,
    progress.router,
    promotion.router,
]
