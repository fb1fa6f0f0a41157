"""Acknowledging receipt: once per recipient state, by a recipient state only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.domain.errors import NotFound, NotPermitted, RuleViolation
from accord.ledger.models import LedgerEntry
from accord.notifications import selectors, services


@pytest.fixture
def notice(region, exercise):
    return services.send_notification(
        actor=region.delegate("KAZ"), type_key="exercise_notice", content=exercise()
    )


@pytest.fixture
def bilateral_notice(region, exercise):
    return services.send_notification(
        actor=region.delegate("KAZ"),
        type_key="exercise_notice",
        content=exercise(),
        recipients=["KGZ"],
    )


def test_a_recipient_acknowledges_for_its_state(region, notice):
    at = notice.sent_at + timedelta(hours=1)
    delivery = services.acknowledge(actor=region.head("KGZ"), notification_id=notice.pk, now=at)
    assert (delivery.state_id, delivery.acknowledged_at, delivery.acknowledged_by) == (
        "KGZ",
        at,
        region.head("KGZ"),
    )
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.actor_state, entry.payload) == (
        "notification.acknowledged",
        "KGZ",
        {"notification": notice.public_id, "state": "KGZ", "late": False},
    )


def test_a_second_acknowledgement_is_refused_and_changes_nothing(region, notice, changes):
    at = notice.sent_at + timedelta(hours=2)
    services.acknowledge(actor=region.delegate("KGZ"), notification_id=notice.pk, now=at)
    before = changes()
    with pytest.raises(RuleViolation) as caught:
        services.acknowledge(actor=region.head("KGZ"), notification_id=notice.pk)
    assert caught.value.message == (
        f"KGZ already acknowledged notification {notice.public_id} on {at:%Y-%m-%d %H:%M} UTC"
    )
    assert changes() == before


def test_the_sending_state_is_not_a_recipient(region, notice, changes):
    before = changes()
    with pytest.raises(NotPermitted) as caught:
        services.acknowledge(actor=region.head("KAZ"), notification_id=notice.pk)
    assert caught.value.message == (
        f"KAZ is not a recipient of notification {notice.public_id}; "
        "only the states it was sent to acknowledge it"
    )
    assert changes() == before


def test_the_secretariat_sees_a_members_notice_but_cannot_acknowledge_it(region, notice, changes):
    before = changes()
    with pytest.raises(NotPermitted) as caught:
        services.acknowledge(actor=region.secretariat, notification_id=notice.pk)
    assert caught.value.message.startswith("the secretariat is not a recipient")
    assert changes() == before


@pytest.mark.parametrize("who", ["tjk-delegate", "uzb-head", "secretariat", "mng-head", "uno-head"])
def test_a_state_a_restricted_notice_was_not_sent_to_is_told_it_does_not_exist(
    region, bilateral_notice, changes, who
):
    before = changes()
    with pytest.raises(NotFound) as hidden:
        services.acknowledge(actor=region.people[who], notification_id=bilateral_notice.pk)
    with pytest.raises(NotFound) as absent:
        services.acknowledge(actor=region.people[who], notification_id=bilateral_notice.pk + 1000)
    assert hidden.value.message == "no such notification"
    assert absent.value.message == "no such notification"
    assert changes() == before


def test_the_board_shows_acknowledged_pending_and_overdue(region, notice):
    services.acknowledge(
        actor=region.delegate("KGZ"),
        notification_id=notice.pk,
        now=notice.sent_at + timedelta(hours=1),
    )
    late = notice.ack_due_at + timedelta(minutes=1)
    services.acknowledge(actor=region.delegate("UZB"), notification_id=notice.pk, now=late)
    rows = selectors.board(region.delegate("KAZ"), notice.pk, now=late)
    assert [(r.state, r.status, r.acknowledged_by) for r in rows] == [
        ("KGZ", "acknowledged", "kgz-delegate"),
        ("TJK", "overdue", None),
        ("UZB", "acknowledged", "uzb-delegate"),
    ]
    before_deadline = selectors.board(region.secretariat, notice.pk, now=notice.sent_at)
    assert [r.status for r in before_deadline] == ["acknowledged", "pending", "acknowledged"]


def test_a_recipient_may_not_read_the_board(region, notice):
    with pytest.raises(NotPermitted) as caught:
        selectors.board(region.delegate("KGZ"), notice.pk, now=timezone.now())
    assert caught.value.message == "only the sending state and the secretariat see the board"


def test_the_duty_view_lists_what_awaits_the_state_until_acknowledged(region, notice):
    waiting = selectors.awaiting_state(region.delegate("TJK"))
    assert [n.pk for n in waiting.to_acknowledge] == [notice.pk]
    services.acknowledge(actor=region.delegate("TJK"), notification_id=notice.pk)
    assert selectors.awaiting_state(region.delegate("TJK")).to_acknowledge == []
    assert selectors.awaiting_state(region.delegate("KAZ")).to_acknowledge == []
