"""The national office's search box across cycles."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import JSONResponse

from engine.services.national import search as finding
from portal.routes.api import answer
from portal.routes.national_api.access import (
    NationalReader,
    national_router,
    workspace_of,
)

router = national_router()


@router.get(
    "/search",
    response_model=None,
    responses={200: {"model": finding.SearchResults}},
    summary="Applications, organisations and cases by name, USCC or division, across cycles",
)
def search(
    request: Request, caller: NationalReader, q: Annotated[str, Query(min_length=1, max_length=100)]
) -> JSONResponse:
    return answer(finding.search(workspace_of(request), q))
