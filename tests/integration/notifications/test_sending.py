"""Sending a notification: to all members or named states, validated by its type."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.domain.errors import InvalidInput, NotPermitted
from accord.ledger.models import LedgerEntry
from accord.notifications import services
from accord.notifications.models import Notification


def test_a_notice_to_all_members_is_delivered_to_every_other_member(region, exercise):
    now = timezone.now()
    sent = services.send_notification(
        actor=region.delegate("KAZ"), type_key="exercise_notice", content=exercise(), now=now
    )
    assert sent.visibility == "members"
    assert sorted(sent.deliveries.values_list("state_id", flat=True)) == ["KGZ", "TJK", "UZB"]
    assert sent.subject == "Peace Mission 2021"
    assert sent.ack_due_at == now + timedelta(hours=72)
    assert sent.reply_due_at is None
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_id, entry.visibility) == (
        "notification.sent",
        sent.public_id,
        "members",
    )
    assert entry.payload["recipients"] == ["KGZ", "TJK", "UZB"]
    assert entry.payload["type"] == "exercise_notice" and entry.payload["version"] == 1


def test_a_notice_to_named_states_is_restricted_to_them_and_the_sender(region, exercise):
    sent = services.send_notification(
        actor=region.delegate("KAZ"),
        type_key="exercise_notice",
        content=exercise(),
        recipients=["kgz"],
    )
    assert sent.visibility == "restricted"
    assert sent.audience.states == frozenset({"KAZ", "KGZ"})
    assert list(sent.deliveries.values_list("state_id", flat=True)) == ["KGZ"]
    assert LedgerEntry.objects.order_by("-seq").first().audience_states == ",KAZ,KGZ,"


def test_a_request_for_explanation_is_due_a_reply_in_48_hours(region, request_for_explanation):
    now = timezone.now()
    sent = services.send_notification(
        actor=region.delegate("KAZ"),
        type_key="explanation_request",
        content=request_for_explanation(),
        recipients=["UZB"],
        now=now,
    )
    assert sent.reply_due_at == now + timedelta(hours=48)
    assert sent.ack_due_at == now + timedelta(hours=24)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"starts_on": "2021-09-25", "ends_on": "2021-09-11"},
            "The exercise_notice notification is not valid: "
            "ends_on: 2021-09-11 is before starts_on (2021-09-25): dates reversed",
        ),
        (
            {"area": [{"lat": 91, "lon": 61.4}]},
            "The exercise_notice notification is not valid: "
            "area[0].lat: 91 is out of range (-90 to 90)",
        ),
        (
            {"forces": {"personnel": 10, "war_elephants": 3}},
            "The exercise_notice notification is not valid: forces: unknown force category "
            "war_elephants (known: personnel, battle_tanks, armoured_combat_vehicles, artillery, "
            "combat_aircraft, helicopters, warships, submarines, missile_systems)",
        ),
    ],
    ids=["dates-reversed", "coordinates-out-of-range", "unknown-force-category"],
)
def test_content_that_fails_its_schema_is_refused_and_changes_nothing(
    region, exercise, changes, message, fields
):
    before = changes()
    with pytest.raises(InvalidInput) as caught:
        services.send_notification(
            actor=region.delegate("KAZ"), type_key="exercise_notice", content=exercise(**fields)
        )
    assert caught.value.message == message
    assert changes() == before


@pytest.mark.parametrize(
    ("type_key", "recipients", "message"),
    [
        ("no_such_type", None, "type: no notification type 'no_such_type'"),
        (
            "explanation_reply",
            None,
            "type: explanation_reply is sent as the reply to a request, not on its own",
        ),
        ("exercise_notice", ["MNG"], "recipients: MNG is not a member state"),
        ("exercise_notice", ["KAZ", "KGZ"], "recipients: KAZ is the sender, not a recipient"),
        ("exercise_notice", [], "recipients: name at least one state, or send to all members"),
    ],
)
def test_a_bad_type_or_recipient_is_refused_and_changes_nothing(
    region, exercise, changes, type_key, recipients, message
):
    before = changes()
    with pytest.raises(InvalidInput) as caught:
        services.send_notification(
            actor=region.delegate("KAZ"),
            type_key=type_key,
            content=exercise(),
            recipients=recipients,
        )
    assert caught.value.message == message
    assert changes() == before


@pytest.mark.parametrize("who", ["secretariat", "mng-head", "uno-delegate"])
def test_only_member_states_send_notifications(region, exercise, changes, who):
    before = changes()
    with pytest.raises(NotPermitted) as caught:
        services.send_notification(
            actor=region.people[who], type_key="exercise_notice", content=exercise()
        )
    assert caught.value.message == "only a member state's delegation may send a notification"
    assert changes() == before
    assert Notification.objects.count() == 0
