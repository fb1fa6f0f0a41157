"""Time-based alerts with an explicit clock: silence reminders at 48 h, 6 h and 1 h for
the states that have not acted, ad referendum reminders, and escalation to the head."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accord.alerts import tick
from accord.alerts.models import Alert
from accord.negotiation import services as negotiation
from accord.notifications import services as notifications
from fixtures.alerts import settle_verifications, verified_email


def _reminders() -> list[tuple[str, str]]:
    """(recipient, reminder) of every silence reminder queued, in order."""
    return sorted(
        (alert.person.username, alert.cause.rsplit(":", 1)[1])
        for alert in Alert.objects.filter(trigger="silence_reminder").select_related("person")
    )


def test_silence_reminders_fire_at_48_6_and_1_hours_and_stop_once_the_state_acted(
    region, draft: Any, keys: Any
):
    verified_email(region.head("KGZ"), "head@kgz.example.org")
    verified_email(region.head("UZB"), "head@uzb.example.org")
    settle_verifications()
    opened = timezone.now()
    deadline = opened + timedelta(hours=72)
    document = draft()
    negotiation.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence", deadline=deadline, now=opened
    )
    assert tick.run(opened + timedelta(hours=23)) == []
    assert _reminders() == []

    tick.run(deadline - timedelta(hours=48))
    assert _reminders() == [("kgz-head", "48h"), ("uzb-head", "48h")]
    assert tick.run(deadline - timedelta(hours=47)) == []  # once per moment, however often

    negotiation.attach_explanation(
        actor=region.head("KGZ"),
        document_id=document.pk,
        text="Kyrgyzstan joins consensus and attaches this explanation.",
        now=deadline - timedelta(hours=30),
    )
    tick.run(deadline - timedelta(hours=6))
    tick.run(deadline - timedelta(hours=1))
    tick.run(deadline - timedelta(minutes=30))
    assert _reminders() == [
        ("kgz-head", "48h"),
        ("uzb-head", "1h"),
        ("uzb-head", "48h"),
        ("uzb-head", "6h"),
    ]
    assert tick.run(deadline + timedelta(minutes=1)) == []


def test_a_short_silence_gets_only_the_reminders_still_ahead(region, draft: Any, keys: Any):
    verified_email(region.head("UZB"), "head@uzb.example.org")
    opened = timezone.now()
    deadline = opened + timedelta(hours=5)
    negotiation.open_adoption(
        actor=region.chair, document_id=draft().pk, kind="silence", deadline=deadline, now=opened
    )
    tick.run(opened + timedelta(minutes=5))
    tick.run(deadline - timedelta(hours=1))
    assert _reminders() == [("uzb-head", "1h")]


def test_an_unacknowledged_notification_escalates_to_the_head_after_the_delay(
    region, exercise: Any, settings
):
    settings.ACCORD_ALERTS_ESCALATION_MINUTES = 120
    for code in ("KGZ", "UZB"):
        verified_email(region.delegate(code), f"duty@{code.lower()}.example.org")
        verified_email(region.head(code), f"head@{code.lower()}.example.org")
    settle_verifications()
    sent = timezone.now()
    notice = notifications.send_notification(
        actor=region.delegate("KAZ"), type_key="exercise_notice", content=exercise(), now=sent
    )
    received = Alert.objects.filter(trigger="notification_received")
    assert sorted(a.person.username for a in received) == ["kgz-delegate", "uzb-delegate"]
    notifications.acknowledge(actor=region.delegate("UZB"), notification_id=notice.pk)

    notifications.flag_overdue(now=notice.ack_due_at + timedelta(minutes=1))
    overdue = Alert.objects.filter(trigger="acknowledgement_overdue")
    assert [a.person.username for a in overdue] == ["kgz-delegate"]  # the duty officer at once

    assert tick.run(notice.ack_due_at + timedelta(minutes=119)) == []
    assert tick.run(notice.ack_due_at + timedelta(minutes=120)) == [
        f"acknowledgement of notification {notice.pk} by KGZ escalated to its head"
    ]
    assert tick.run(notice.ack_due_at + timedelta(minutes=180)) == []
    escalated = Alert.objects.filter(trigger="escalation")
    assert [a.person.username for a in escalated] == ["kgz-head"]


def test_an_ad_referendum_approval_is_alerted_and_reminded_before_its_deadline(
    region, draft: Any, keys: Any
):
    verified_email(region.head("KGZ"), "head@kgz.example.org")
    settle_verifications()
    document = draft()
    negotiation.open_adoption(actor=region.chair, document_id=document.pk, kind="consensus")
    acted = timezone.now()
    confirm_by = acted + timedelta(hours=10)
    negotiation.approve_ad_referendum(
        actor=region.head("KGZ"), document_id=document.pk, confirm_by=confirm_by, now=acted
    )
    assert Alert.objects.filter(trigger="ad_referendum", person=region.head("KGZ")).count() == 1
    tick.run(confirm_by - timedelta(hours=6))
    negotiation.confirm_ad_referendum(
        actor=region.head("KGZ"), document_id=document.pk, now=confirm_by - timedelta(hours=3)
    )
    tick.run(confirm_by - timedelta(hours=1))
    causes = sorted(a.cause.split(":", 1)[0] for a in Alert.objects.filter(trigger="ad_referendum"))
    assert causes == ["ledger", "reminder"]  # the 1-hour reminder never came: it was confirmed


def test_silence_cannot_open_while_a_member_has_no_verified_channel(
    region, draft: Any, keys: Any, settings
):
    import pytest

    from accord.domain.errors import RuleViolation
    from accord.ledger.models import LedgerEntry
    from accord.negotiation.models import AdoptionProcedure

    settings.ACCORD_SILENCE_NEEDS_CHANNELS = True
    for code in ("KAZ", "KGZ"):
        verified_email(region.delegate(code), f"duty@{code.lower()}.example.org")
    document = draft()
    entries = LedgerEntry.objects.count()
    deadline = timezone.now() + timedelta(hours=72)
    with pytest.raises(RuleViolation, match="no verified alert channel: TJK, UZB"):
        negotiation.open_adoption(
            actor=region.chair, document_id=document.pk, kind="silence", deadline=deadline
        )
    assert not AdoptionProcedure.objects.exists()
    assert LedgerEntry.objects.count() == entries
    document.refresh_from_db()
    assert document.status == "negotiation"
    verified_email(region.head("TJK"), "head@tjk.example.org")
    verified_email(region.delegate("UZB"), "duty@uzb.example.org")
    negotiation.open_adoption(
        actor=region.chair, document_id=document.pk, kind="silence", deadline=deadline
    )
    assert AdoptionProcedure.objects.count() == 1
