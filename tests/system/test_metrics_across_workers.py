"""`GET /metrics` under `accord serve --workers 2` adds up every worker's samples
(prometheus-client's multiprocess mode): requests answered by either worker all count, and
the streams open on both are counted once each."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from system_servers import WAIT, Server, Subscriber, seeded_region, worker_pids


@pytest.fixture
def region(tmp_path):
    with seeded_region(tmp_path, ACCORD_METRICS_ALLOW="127.0.0.1") as prepared:
        yield prepared


def value(text: str, line_start: str) -> float:
    for line in text.splitlines():
        if line.startswith(line_start + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_add_up_the_requests_and_streams_of_every_worker(region, tmp_path):
    env, tokens = region
    server = Server(env, tmp_path / "server.log", workers=2)
    streams: list[Subscriber] = []
    try:
        server.wait_until_healthy()
        deadline = time.monotonic() + WAIT
        while len(worker_pids(server.process.pid)) != 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        me = 'accord_request_seconds_count{method="GET",route="/api/v1/me",status="200"}'
        # 40 requests, each on its own connection, which either worker may accept.
        answered_by = set()
        for _ in range(40):
            with httpx.Client() as client:
                response = client.get(
                    f"{server.url}/api/v1/me",
                    headers={"Authorization": f"Bearer {tokens['qza-delegate']}"},
                    timeout=WAIT,
                )
            assert response.status_code == 200
            answered_by.add(response.headers["X-Request-Id"])
        assert len(answered_by) == 40
        for name in ("qza-head", "qzb-head", "qzb-delegate"):
            streams.append(Subscriber(server, tokens[name]))
        text = httpx.get(f"{server.url}/metrics", timeout=WAIT).text
        assert value(text, me) == 40, re.findall(r"accord_request_seconds_count\{.*me.*", text)
        assert value(text, "accord_event_streams_open") == 3
        # Relayed by the proxy on this host for a client elsewhere: that client is refused.
        refused = httpx.get(
            f"{server.url}/metrics", headers={"X-Forwarded-For": "10.0.0.1"}, timeout=WAIT
        )
        assert refused.status_code == 403
        assert "accord_" not in refused.text
    finally:
        for stream in streams:
            stream.close()
        server.stop()
    assert server.process.returncode == 0
