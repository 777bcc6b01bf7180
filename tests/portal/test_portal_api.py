"""The API against its own OpenAPI document (schemathesis, in-process): no server error, no undocumented status.

Nothing is built or imported while the suite is collected: the demonstration, its app, schemathesis and
hypothesis are made when a test of this module first runs (the suite runs with schemathesis' and hypothesis'
pytest plugins off, see pyproject.toml). Each operation gets positive and negative generated requests; the
fast loop sends a few per operation as the national office, the property sweep (``slow``) many, each as three
roles (generating a request costs more than answering it, so each is generated once).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from engine.services.accounts import users
from engine.store.workspace import Workspace
from tests.support.portal_support import demo_site

LOGINS = ("cnipa", "jiangsu", "kunshan")
FAST_EXAMPLES = 2  # generated requests per operation in the fast loop (one of each mode, about)
SWEEP_EXAMPLES = 15  # per operation in the sweep, each sent as every role


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, TestClient]]:
    """The demonstration and its app, shared by this module's tests (each takes tokens of its own: a generated
    request may revoke the token it was sent with)."""
    ws, _clock, _demo, client = demo_site(Path(tmp_path_factory.mktemp("api")))
    yield ws, client
    ws.dispose()


def _answers_as_documented(client: TestClient, tokens: dict[str, str], max_examples: int) -> list[str]:
    """Send generated requests to every operation, each as every login in ``tokens``; what failed, one line per
    operation (empty if none did).

    Every check but positive_data_acceptance: a schema-valid body may still be bad input for the rules (an unknown
    category, an event this stage has not), which is a documented 400, not a fault. The timeout only catches a
    hang: schemathesis' own 10 s is a wall-clock limit a loaded machine (load 40 on 2 cores) misses."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from schemathesis import GenerationMode, checks

    schema = schemathesis.openapi.from_asgi("/api/openapi.json", client.app)
    failed: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        cases = st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in GenerationMode))

        @given(case=cases)
        @settings(
            max_examples=max_examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers(case: Any) -> None:
            for login, token in tokens.items():
                try:
                    case.call_and_validate(
                        headers={"Authorization": f"Bearer {token}"},
                        excluded_checks=[checks.positive_data_acceptance, checks.ignored_auth],
                        timeout=600,
                    )
                except (Exception, BaseExceptionGroup) as exc:  # schemathesis' failures are a BaseExceptionGroup
                    exc.add_note(f"sent as {login}")
                    raise

        try:
            answers()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001  (every operation is tried; all are reported)
            notes = "\n".join(getattr(exc, "__notes__", ()))  # the role it was sent as, hypothesis' example
            failed.append(f"{operation.label}: {exc}\n{notes}")
    return failed


def test_the_api_answers_a_few_generated_requests_to_every_operation_as_documented(
    site: tuple[Workspace, TestClient], request: pytest.FixtureRequest
) -> None:
    """The stand-in for the sweep where ``slow`` tests are left out; where the sweep runs, this adds nothing."""
    if any(
        item.name == test_the_api_answers_every_generated_request_as_documented.__name__
        for item in request.session.items
    ):
        pytest.skip("the sweep runs in this session: many more generated requests to every operation, as three roles")
    ws, client = site
    failed = _answers_as_documented(client, {"cnipa": users.create_token(ws, "cnipa").token}, FAST_EXAMPLES)
    assert not failed, "\n\n".join(failed)


@pytest.mark.slow  # a schemathesis property sweep: every operation, many generated requests, three roles
def test_the_api_answers_every_generated_request_as_documented(site: tuple[Workspace, TestClient]) -> None:
    ws, client = site
    tokens = {login: users.create_token(ws, login).token for login in LOGINS}
    failed = _answers_as_documented(client, tokens, SWEEP_EXAMPLES)
    assert not failed, "\n\n".join(failed)


@pytest.mark.parametrize("path", ["/api/v1/messages", "/api/v1/me", "/api/v1/me/tokens", "/api/v1/search?q=昆山"])
def test_a_query_parameter_the_operation_does_not_take_is_named_and_refused(
    site: tuple[Workspace, TestClient], path: str
) -> None:
    """A typo in a parameter (``unred=1``) must not be silently ignored: 400 naming it, in the one error shape."""
    ws, client = site
    joiner = "&" if "?" in path else "?"
    bearer = {"Authorization": f"Bearer {users.create_token(ws, 'cnipa').token}"}
    answer = client.get(f"{path}{joiner}unred=1", headers=bearer)
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["errors"][0]["field"] == "/unred", body
    assert "unred" in body["message"]
    known = client.get(path, headers=bearer)
    assert known.status_code == 200, known.text


@pytest.mark.parametrize("query", ["page=1&page=3", "unread=false&unread=true&per_page=5"])
def test_a_value_given_twice_is_named_and_refused(site: tuple[Workspace, TestClient], query: str) -> None:
    """``?page=1&page=3``: which page was meant? Taking the last would answer a question not asked (the sweep
    found ``page`` given eleven times answered 200): 400 naming the parameter, nothing else read."""
    ws, client = site
    bearer = {"Authorization": f"Bearer {users.create_token(ws, 'cnipa').token}"}
    answer = client.get(f"/api/v1/messages?{query}", headers=bearer)
    assert answer.status_code == 400, answer.text
    body = answer.json()
    name = query.split("=")[0]
    assert body["errors"][0]["field"] == f"/{name}", body
    assert name in body["message"] and "一次" in body["message"]
    once = client.get("/api/v1/messages?page=1&per_page=5&unread=false", headers=bearer)
    assert once.status_code == 200, once.text
