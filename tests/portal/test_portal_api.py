"""The API against its own OpenAPI document (schemathesis, in-process): no server error, no undocumented status."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from engine.services import accounts
from tests.support.portal_support import demo_site

_site = demo_site(Path(__import__("tempfile").mkdtemp(prefix="ipcycle-schemathesis-")))
WS, _clock, _demo, CLIENT = _site
TOKENS = {login: accounts.create_token(WS, login).token for login in ("jiangsu", "kunshan", "cnipa")}
schema = schemathesis.openapi.from_asgi("/api/openapi.json", CLIENT.app)


@pytest.mark.parametrize("login", sorted(TOKENS))
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_as_documented(case: schemathesis.Case, login: str) -> None:
    """Every check but positive_data_acceptance: a schema-valid body may still be bad input for the rules
    (an unknown category, an event this stage has not), which is a documented 400, not a fault."""
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKENS[login]}"},
        excluded_checks=[checks.positive_data_acceptance, checks.ignored_auth],
    )
