"""The portal's routes, one module per resource; ``ROUTERS`` is the order the app includes them in."""

from __future__ import annotations

from fastapi import APIRouter

from portal.routes import (
    account,
    api,
    applicant,
    applications,
    board,
    cases,
    cycles,
    decisions,
    evaluations,
    liaison,
    lists,
    messages,
    notices,
    objections,
    outbox,
    probes,
    province,
    report,
    roster,
    session,
    view_as,
)

ROUTERS: list[APIRouter] = [
    session.router,
    province.router,
    liaison.router,
    report.router,
    roster.router,
    applicant.router,
    applications.router,
    api.docs_router,
    notices.router,
    lists.router,
    objections.router,
    board.router,
    cycles.router,
    decisions.router,
    evaluations.router,
    outbox.router,
    view_as.router,
    cases.router,
    messages.router,
    api.router,
    account.router,
    account.api_router,
    probes.router,
]
