"""Signed webhooks to a real HTTP receiver on loopback: the challenge, the Standard
Webhooks signature, retries after a 500 and after a timeout, and a wrong secret."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from accord.alerts import services, worker
from accord.alerts.models import Alert, Channel
from accord.domain.alerts import SignatureMismatch, new_secret, verify
from accord.domain.errors import RuleViolation
from accord.notifications.hotline import send_hotline_message
from fixtures.alerts import WebhookReceiver, verified_webhook


def _hotline(region) -> None:
    send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body="Hold fire.")


def _drain_later(seconds: float) -> None:
    worker.drain(now=worker.timezone.now() + timedelta(seconds=seconds))


def test_a_webhook_is_verified_by_echoing_the_signed_challenge(region, receiver: WebhookReceiver):
    channel, secret = verified_webhook(region.head("KGZ"), receiver.url, for_state=True)
    assert channel.verified_at is not None
    [challenge] = receiver.deliveries
    verify(secret, challenge.headers, challenge.body, now=int(time.time()))
    assert challenge.json["type"] == "accord.challenge"


def test_an_endpoint_that_does_not_echo_stays_unverified(region, receiver: WebhookReceiver):
    channel, _ = services.add_channel(
        actor=region.head("KGZ"), kind="webhook", address=receiver.url, for_state=True
    )
    receiver.answers = [500]
    with pytest.raises(RuleViolation, match="HTTP 500"):
        services.verify_webhook(actor=region.head("KGZ"), channel_id=channel.public_id)
    channel.refresh_from_db()
    assert channel.verified_at is None
    _hotline(region)
    assert not Alert.objects.filter(channel=channel).exists()  # nothing to an unproven hook


def test_delivery_is_signed_and_verifies_with_the_channel_secret(region, receiver: WebhookReceiver):
    _, secret = verified_webhook(region.head("KGZ"), receiver.url, for_state=True, clearance="full")
    _hotline(region)
    assert worker.drain() == 1
    [delivery] = receiver.alerts()
    verify(secret, delivery.headers, delivery.body, now=int(time.time()))
    alert = Alert.objects.get(trigger="hotline")
    assert delivery.headers["webhook-id"] == alert.public_id
    assert delivery.headers["webhook-signature"].startswith("v1,")
    [item] = delivery.json["alerts"]
    assert item["trigger"] == "hotline"
    assert item["facts"]["text"] == "Hold fire."
    assert item["url"] == "http://127.0.0.1:8000/hotline/"
    assert alert.status == "delivered"


def test_a_wrong_secret_fails_verification(region, receiver: WebhookReceiver):
    verified_webhook(region.head("KGZ"), receiver.url, for_state=True)
    _hotline(region)
    worker.drain()
    [delivery] = receiver.alerts()
    with pytest.raises(SignatureMismatch):
        verify(new_secret(), delivery.headers, delivery.body, now=int(time.time()))
    # A replay long after the timestamp fails too, even with the right secret.
    channel = Channel.objects.get(kind="webhook")
    with pytest.raises(SignatureMismatch):
        verify(channel.secret, delivery.headers, delivery.body, now=int(time.time()) + 3600)


def test_a_500_is_retried_with_backoff_until_delivered(region, receiver: WebhookReceiver, settings):
    settings.ACCORD_ALERTS_RETRY_BASE_SECONDS = 30
    verified_webhook(region.head("KGZ"), receiver.url, for_state=True)
    _hotline(region)
    receiver.answers = [500, 503]
    worker.drain()
    alert = Alert.objects.get(trigger="hotline")
    assert (alert.status, alert.attempts, alert.last_error) == ("queued", 1, "webhook: HTTP 500")
    first_wait = alert.next_attempt_at - alert.first_attempt_at
    assert worker.drain() == 0  # not due yet
    _drain_later(31)
    alert.refresh_from_db()
    assert (alert.status, alert.attempts, alert.last_error) == ("queued", 2, "webhook: HTTP 503")
    assert alert.next_attempt_at - alert.first_attempt_at > first_wait * 2  # doubled
    _drain_later(200)
    alert.refresh_from_db()
    assert alert.status == "delivered"
    assert [a.outcome for a in alert.attempt_log.all()] == ["error", "error", "delivered"]
    ids = {d.headers["webhook-id"] for d in receiver.alerts()}
    assert ids == {alert.public_id}  # every retry carries the same idempotency key


def test_a_timeout_is_retried(region, receiver: WebhookReceiver):
    verified_webhook(region.head("KGZ"), receiver.url, for_state=True)
    _hotline(region)
    receiver.answers = ["slow"]
    worker.drain()
    alert = Alert.objects.get(trigger="hotline")
    assert alert.status == "queued"
    assert alert.last_error == "webhook: no answer within 0.5 s"
    _drain_later(120)
    alert.refresh_from_db()
    assert alert.status == "delivered"


def test_retries_stop_after_24_hours_with_the_reason(region, receiver: WebhookReceiver):
    verified_webhook(region.head("KGZ"), receiver.url, for_state=True)
    _hotline(region)
    receiver.answers = [500] * 100
    moment = worker.timezone.now()
    for _ in range(40):
        worker.drain(now=moment)
        moment += timedelta(hours=1)
    alert = Alert.objects.get(trigger="hotline")
    assert alert.status == "failed"
    assert alert.last_error == "webhook: HTTP 500"
    assert alert.attempts < 40


def test_a_removed_channel_gets_nothing_more(region, receiver: WebhookReceiver):
    channel, _ = verified_webhook(region.head("KGZ"), receiver.url, for_state=True)
    _hotline(region)
    services.remove_channel(actor=region.head("KGZ"), channel_id=channel.public_id)
    worker.drain()
    alert = Alert.objects.get(trigger="hotline")
    assert (alert.status, alert.last_error) == ("failed", "the channel was removed")
    assert receiver.alerts() == []
