"""The outbox under several senders: claims never overlap, a cause queues once, and digest
alerts go out together at the digest hour."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accord.alerts import services, worker
from accord.alerts.models import Alert
from accord.alerts.outbox import Cause, enqueue
from accord.domain.alerts import Trigger, next_digest
from accord.domain.visibility import Audience, Visibility
from concurrent_writers import run_at_once
from fixtures.alerts import SmtpServer, settle_verifications, verified_email


def _queue(people, count: int, trigger: Trigger = Trigger.REVISION_ISSUED) -> None:
    with transaction.atomic():
        for n in range(count):
            cause = Cause(
                key=f"test:{trigger}:{n}",
                trigger=trigger,
                audience=Audience(Visibility.MEMBERS),
                object_type="negotiation.document",
                object_id=str(n + 1),
                caused_at=timezone.now(),
                full={"title": f"Document {n}", "revision": 2},
            )
            enqueue(cause, people=people)


def test_a_cause_queued_twice_is_one_alert_per_channel(region):
    verified_email(region.head("KGZ"), "head@kgz.example.org")
    settle_verifications()
    _queue([region.head("KGZ")], 3)
    _queue([region.head("KGZ")], 3)
    assert Alert.objects.filter(trigger="revision_issued").count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_senders_claim_disjoint_alerts(region):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises claims on its file lock")
    verified_email(region.head("KGZ"), "head@kgz.example.org")
    settle_verifications()
    _queue([region.head("KGZ")], 40)
    claimed: list[list[int]] = [[], []]
    now = timezone.now()

    def sender(index: int):
        def job() -> None:
            while ids := worker.claim(now=now, limit=3):
                claimed[index].extend(ids)

        return job

    assert run_at_once([sender(0), sender(1)]) == []
    assert not set(claimed[0]) & set(claimed[1])
    assert len(claimed[0]) + len(claimed[1]) == 40


def test_digest_alerts_go_out_together_at_seven(region, smtp: SmtpServer):
    head = region.head("UZB")
    verified_email(head, "head@uzb.example.org", time_zone="Asia/Tashkent")
    settle_verifications()
    worker.drain()
    services.set_preference(actor=head, trigger="revision_issued", mode="digest")
    _queue([head], 3)
    assert worker.drain() == 0  # held for the digest
    digest_at = next_digest(timezone.now(), "Asia/Tashkent")
    assert worker.drain(now=digest_at - timedelta(seconds=1)) == 0
    assert worker.drain(now=digest_at) == 3
    [mail] = smtp.wait_for(1)
    assert mail.message["Subject"].strip() == "Accord: your daily digest (3 alerts)"
    text = mail.part("text/plain")
    assert all(f"“Document {n}”" in text for n in range(3))
    assert set(
        Alert.objects.filter(trigger="revision_issued").values_list("status", flat=True)
    ) == {"delivered"}
