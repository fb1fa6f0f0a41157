"""Each request observed: its id (`X-Request-Id`, honoured or made), its latency in the
route's histogram, one access-log line; and `GET /metrics` for the configured addresses.

`/metrics` answers only clients whose address (as `members.throttle.client_address` reads
it, proxies included) is in `ACCORD_METRICS_ALLOW` (addresses or networks; empty, the
default: nobody); everyone else gets 403 and nothing is counted or read.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from accord.members.throttle import client_address
from accord.observability import logs, metrics

access_log = logging.getLogger("accord.request")

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_of(request: HttpRequest) -> str:
    """The URL pattern that answered (`api/v1/meetings/<id>/interventions`), never the
    path itself: the histograms' labels stay few whatever the clients ask for."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.route:
        return "unmatched"
    return "/" + str(match.route)


class ObserveRequests:
    """First in the middleware: sees every request and every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = logs.accept_request_id(request.headers.get("X-Request-Id"))
        token = logs.request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            method = request.method if request.method in _METHODS else "OTHER"
            route = route_of(request)
            status = response.status_code
            metrics.REQUEST_SECONDS.labels(route, method, str(status)).observe(elapsed)
            response["X-Request-Id"] = rid
            access_log.info(
                "%s %s %s %.1f ms",
                method,
                request.path,
                status,
                elapsed * 1000,
                extra={
                    "method": method,
                    "path": request.path[:200],
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            return response
        finally:
            logs.request_id.reset(token)


def allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(network, strict=False)
        for network in settings.ACCORD_METRICS_ALLOW
    )


def metrics_view(request: HttpRequest) -> HttpResponse:
    """`GET /metrics`: the Prometheus text format, to the configured addresses only."""
    if not allowed(client_address(request.META)):
        return JsonResponse(
            {
                "detail": "Metrics are served only to the addresses configured for them.",
                "code": "metrics_not_allowed",
            },
            status=403,
        )
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    _read_queues()
    return HttpResponse(generate_latest(metrics.registry()), content_type=CONTENT_TYPE_LATEST)


def _read_queues() -> None:
    from accord.alerts.models import Alert
    from accord.consultations.recompute import stale_changes

    queued = Alert.objects.filter(status=Alert.Status.QUEUED).count()
    metrics.QUEUE_DEPTH.labels("alerts").set(queued)
    metrics.QUEUE_DEPTH.labels("analysis").set(len(stale_changes()))
