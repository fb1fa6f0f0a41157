"""The Prometheus metrics every process records (the `prometheus-client` package).

With several workers (`accord serve --workers N`) each process writes its samples to files
in `PROMETHEUS_MULTIPROC_DIR`, which `accord serve` makes before the workers start, and
`GET /metrics` adds them up (`multiprocess` mode); with one process, or in tests, the
samples stay in memory. Gauges name how they add up across processes.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"

# Seconds; finer at the bottom, where most requests are.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_SECONDS = Histogram(
    "accord_request_seconds",
    "Time to answer a request, until the response (or a stream's first byte) is ready.",
    ["route", "method", "status"],
    buckets=LATENCY_BUCKETS,
)
OPEN_STREAMS = Gauge(
    "accord_event_streams_open",
    "Event streams (GET /api/v1/events) open now.",
    multiprocess_mode="livesum",
)
EVENTS_DELIVERED = Counter(
    "accord_events_delivered",
    "Events written to event streams (one per stream that may see the event).",
)
FANOUT_LAG_SECONDS = Histogram(
    "accord_event_fanout_lag_seconds",
    "From an event's publication (just after its write committed) until a stream wrote it "
    "(served by `accord serve`: once per turn of a worker's loop, for the last stream it wrote).",
    buckets=LATENCY_BUCKETS,
)
LEDGER_APPEND_SECONDS = Histogram(
    "accord_ledger_append_seconds",
    "Time of one ledger append, the head lock included.",
    buckets=LATENCY_BUCKETS,
)
QUEUE_DEPTH = Gauge(
    "accord_queue_depth",
    "Work waiting: alerts queued for sending, consultations whose opinion map is behind.",
    ["queue"],
    multiprocess_mode="mostrecent",  # read from the database at each scrape
)


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROCESS_ENV))


def registry() -> CollectorRegistry:
    """What a scrape reads: every process's samples in multiprocess mode, else this one's."""
    if not multiprocess():
        from prometheus_client import REGISTRY

        return REGISTRY
    from prometheus_client import multiprocess as mp

    collected = CollectorRegistry()
    mp.MultiProcessCollector(collected)  # type: ignore[no-untyped-call]
    return collected


def forget_process(pid: int) -> None:
    """A worker that exited: its live gauges (open streams) stop counting."""
    if multiprocess():
        from prometheus_client import multiprocess as mp

        mp.mark_process_dead(pid)  # type: ignore[no-untyped-call]
