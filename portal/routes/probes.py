"""The operator's probes: ``/healthz`` (the process answers), ``/readyz`` (database, schema, scheduler) and
``/metrics`` in Prometheus' text format, kept to its token or to loopback.

The gauges (outbox, failed timers, scheduler passes, log-in failures) are read from the database at each scrape,
so any worker answers them for all; request latency comes from portal/observe.py.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from engine.services.operations import health
from portal.context import portal_of

router = APIRouter(include_in_schema=False)
DEFAULT_BEAT_MINUTES = 5


def _registry() -> Any:
    """The process's registry, or one that gathers every worker's files when several share a directory."""
    from prometheus_client import REGISTRY, CollectorRegistry, multiprocess

    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


@router.get("/healthz")
def healthz() -> JSONResponse:
    """The process answers (a liveness probe): nothing else is asked, so a slow database cannot fail it."""
    return JSONResponse({"status": "ok"})


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """The database answers, its schema is the code's newest, a scheduler passed lately: 200, else 503."""
    minutes = float(os.environ.get("IPCYCLE_READY_BEAT_MINUTES") or DEFAULT_BEAT_MINUTES)
    found = health.readiness(portal_of(request).ws, timedelta(minutes=minutes))
    body = {"status": "ready" if found.ready else "not ready", "checks": found.model_dump(mode="json")["checks"]}
    return JSONResponse(body, status_code=200 if found.ready else 503)


def _may_scrape(request: Request) -> bool:
    """The metrics token as a bearer token, or a direct caller on loopback (nothing forwarded it: through nginx
    every request comes from loopback but carries X-Forwarded-For)."""
    expected = os.environ.get("IPCYCLE_METRICS_TOKEN", "")
    given = request.headers.get("authorization", "")
    if expected and given.lower().startswith("bearer ") and hmac.compare_digest(given[7:].strip(), expected):
        return True
    if "x-forwarded-for" in request.headers or request.client is None:
        return False
    try:
        return ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:
        return False


class _Gauges:
    """The database's figures as Prometheus gauges, read at each scrape."""

    def __init__(self, request: Request) -> None:
        self.request = request

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import GaugeMetricFamily

        found = health.figures(portal_of(self.request).ws)
        outbox = GaugeMetricFamily("ipcycle_outbox_messages", "Mails in the outbox by status", labels=["status"])
        for status, n in sorted(found.outbox.items()):
            outbox.add_metric([status], n)
        yield outbox
        yield GaugeMetricFamily("ipcycle_timers_failed", "Timed moves that failed 3 times", value=found.failed_timers)
        beat = GaugeMetricFamily(
            "ipcycle_scheduler_last_pass_age_seconds", "Seconds since a scheduler loop last passed", labels=["loop"]
        )
        for loop, age in sorted(found.beat_age_seconds.items()):
            beat.add_metric([loop], age)
        yield beat
        yield GaugeMetricFamily(
            "ipcycle_login_failures_recent", "Failed log-ins in the last 15 minutes", value=found.login_failures
        )


def _families(registry: Any, request: Request) -> Iterable[Any]:
    yield from registry.collect()
    yield from _Gauges(request).collect()


@router.get("/metrics")
def metrics(request: Request) -> Response:
    """Prometheus' text format; 404 to anyone without the token off loopback (nothing says it is here)."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    if not _may_scrape(request):
        return JSONResponse({"status": 404, "code": "not_found", "message": "no such object", "verdicts": []}, 404)

    class _Once:
        def collect(self) -> Iterable[Any]:
            return _families(_registry(), request)

    return Response(generate_latest(_Once()), media_type=CONTENT_TYPE_LATEST)
