"""What operators see (issue 18): `GET /metrics` only for the configured addresses, the
route's latency histogram and the ledger's append time counted, and every request logged as
one JSON line carrying its request id, which the response echoes."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.test import Client, override_settings

from accord.observability.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def scrape(client: Client, **extra: str) -> str:
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in the Prometheus text format (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        metric, _, value = line.rpartition(" ")
        found = re.fullmatch(r"([^{]+)(?:\{(.*)\})?", metric)
        assert found is not None, line
        if found.group(1) != name:
            continue
        have = ",".join(sorted(part for part in (found.group(2) or "").split(",") if part))
        if have == wanted:
            return float(value)
    return 0.0


def test_metrics_are_refused_when_no_address_is_configured():
    response = Client().get("/metrics")
    assert response.status_code == 403
    assert response.json()["code"] == "metrics_not_allowed"
    assert b"accord_request_seconds" not in response.content


@override_settings(ACCORD_METRICS_ALLOW=["10.20.0.0/16"])
def test_metrics_are_refused_to_an_address_outside_the_configured_networks():
    response = Client(REMOTE_ADDR="10.21.0.5").get("/metrics")
    assert response.status_code == 403
    assert b"accord_" not in response.content


@override_settings(ACCORD_METRICS_ALLOW=["10.20.0.0/16"], ACCORD_BEHIND_PROXY_FLAG=False)
def test_a_forged_forwarded_for_header_does_not_open_the_metrics():
    # The attacker writes an allowed address into X-Forwarded-For; no trusted proxy is
    # configured in front, so the socket's peer is the client.
    response = Client(REMOTE_ADDR="203.0.113.9").get("/metrics", HTTP_X_FORWARDED_FOR="10.20.0.1")
    assert response.status_code == 403


@override_settings(ACCORD_METRICS_ALLOW=["10.20.0.0/16"])
def test_each_request_counts_in_its_routes_histogram(region, api):
    operator = Client(REMOTE_ADDR="10.20.3.4")
    delegate = api(region.delegate("UZB"))
    before = scrape(operator)
    for _ in range(3):
        assert delegate.get("/api/v1/me").status_code == 200
    assert Client().get("/no/such/page/").status_code == 404
    after = scrape(operator)
    labels = {"route": "/api/v1/me", "method": "GET", "status": "200"}
    count = "accord_request_seconds_count"
    assert sample(after, count, **labels) - sample(before, count, **labels) == 3
    missing = {"route": "unmatched", "method": "GET", "status": "404"}
    assert sample(after, count, **missing) - sample(before, count, **missing) == 1
    # The label is the pattern, never the path a client chose.
    assert "/no/such/page" not in after


@override_settings(ACCORD_METRICS_ALLOW=["10.20.0.0/16"])
def test_a_write_counts_one_ledger_append_and_the_queues_are_read(region, api):
    operator = Client(REMOTE_ADDR="10.20.3.4")
    delegate = api(region.delegate("UZB"))  # issuing its token is on the ledger too
    before = scrape(operator)
    raised = delegate.post(
        "/api/v1/concerns",
        data={"title": "Water sharing", "summary": "Upstream dams.", "category": "terrorism",
              "visibility": "members"},
        content_type="application/json",
    )  # fmt: skip
    assert raised.status_code == 201, raised.content
    after = scrape(operator)
    appended = sample(after, "accord_ledger_append_seconds_count") - sample(
        before, "accord_ledger_append_seconds_count"
    )
    assert appended == 1
    assert sample(after, "accord_queue_depth", queue="analysis") == 0
    assert 'accord_queue_depth{queue="alerts"}' in after


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def access_log():
    logger = logging.getLogger("accord.request")
    handler = Captured()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_request_id_sent_by_the_proxy_is_echoed_and_logged(region, api, access_log):
    response = api(region.delegate("UZB")).get("/api/v1/me", HTTP_X_REQUEST_ID="edge-42.a:b")
    assert response["X-Request-Id"] == "edge-42.a:b"
    (line,) = (json.loads(text) for text in access_log.lines)
    assert line["request_id"] == "edge-42.a:b"
    assert line["logger"] == "accord.request"
    assert line["level"] == "INFO"
    assert (line["method"], line["route"], line["status"]) == ("GET", "/api/v1/me", 200)
    assert line["path"] == "/api/v1/me"


@pytest.mark.parametrize("sent", [None, "", "x" * 65, "a b", "id\r\nSet-Cookie: x=1", "<script>"])
def test_a_missing_or_unacceptable_request_id_is_replaced_by_a_new_one(access_log, sent):
    headers = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
    response = Client().get("/healthz", **headers)
    made = response["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert json.loads(access_log.lines[-1])["request_id"] == made


def test_two_requests_get_different_ids():
    assert Client().get("/healthz")["X-Request-Id"] != Client().get("/healthz")["X-Request-Id"]


def test_a_log_record_outside_a_request_has_no_request_id_and_keeps_its_extra_fields():
    handler = Captured()
    record = logging.LogRecord("accord.tick", logging.WARNING, __file__, 1, "tick: %s", ("x",),
                               None)  # fmt: skip
    record.consultation = 7
    handler.filter(record)
    line = json.loads(handler.format(record))
    assert line["message"] == "tick: x"
    assert line["consultation"] == 7
    assert "request_id" not in line
    assert line["time"].endswith("Z")
