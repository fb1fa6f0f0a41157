"""A request for explanation: a reply deadline, replies, and the meeting asked of the chair."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.ledger.models import LedgerEntry
from accord.notifications import selectors, services


@pytest.fixture
def request_to_two(region, request_for_explanation):
    return services.send_notification(
        actor=region.delegate("KGZ"),
        type_key="explanation_request",
        content=request_for_explanation(),
        recipients=["UZB", "TJK"],
    )


def test_a_reply_goes_to_the_requester_with_the_requests_audience(region, request_to_two):
    answer = services.reply(
        actor=region.delegate("UZB"),
        notification_id=request_to_two.pk,
        content={"explanation": "A scheduled readiness check; it ended on 3 July."},
    )
    assert (answer.type.key, answer.sender_state_id, answer.in_reply_to_id) == (
        "explanation_reply",
        "UZB",
        request_to_two.pk,
    )
    assert answer.visibility == "restricted"
    assert answer.audience.states == frozenset({"KGZ", "TJK", "UZB"})
    assert list(answer.deliveries.values_list("state_id", flat=True)) == ["KGZ"]
    delivery = request_to_two.deliveries.get(state_id="UZB")
    assert delivery.reply_id == answer.pk and delivery.acknowledged_at == delivery.replied_at
    assert LedgerEntry.objects.order_by("-seq").first().action == "notification.replied"
    rows = selectors.board(region.delegate("KGZ"), request_to_two.pk, now=answer.sent_at)
    assert [(r.state, r.replied_at is not None) for r in rows] == [("TJK", False), ("UZB", True)]


def test_a_reply_that_fails_its_schema_changes_nothing(region, request_to_two, changes):
    before = changes()
    with pytest.raises(InvalidInput) as caught:
        services.reply(actor=region.delegate("UZB"), notification_id=request_to_two.pk, content={})
    assert caught.value.message == (
        "The explanation_reply notification is not valid: explanation: required"
    )
    assert changes() == before


def test_a_second_reply_and_a_reply_by_the_requester_are_refused(region, request_to_two, changes):
    services.reply(
        actor=region.delegate("UZB"),
        notification_id=request_to_two.pk,
        content={"explanation": "x"},
    )
    before = changes()
    with pytest.raises(RuleViolation, match="UZB already replied"):
        services.reply(
            actor=region.head("UZB"),
            notification_id=request_to_two.pk,
            content={"explanation": "y"},
        )
    with pytest.raises(NotPermitted, match="KGZ is not a recipient"):
        services.reply(
            actor=region.head("KGZ"),
            notification_id=request_to_two.pk,
            content={"explanation": "y"},
        )
    assert changes() == before


def test_a_notice_that_expects_no_reply_cannot_be_replied_to(region, exercise, changes):
    notice = services.send_notification(
        actor=region.delegate("KAZ"), type_key="exercise_notice", content=exercise()
    )
    before = changes()
    with pytest.raises(RuleViolation) as caught:
        services.reply(
            actor=region.delegate("UZB"), notification_id=notice.pk, content={"explanation": "x"}
        )
    assert (
        caught.value.message
        == f"notification {notice.public_id} is not a request that expects a reply"
    )
    assert changes() == before


def test_no_meeting_can_be_asked_for_before_the_reply_deadline(region, request_to_two, changes):
    before = changes()
    with pytest.raises(RuleViolation, match="has not passed"):
        services.request_meeting(
            actor=region.delegate("KGZ"),
            notification_id=request_to_two.pk,
            now=request_to_two.reply_due_at,
        )
    assert changes() == before


def test_after_the_deadline_the_requester_asks_the_chair_who_then_sees_the_request(
    region, request_to_two
):
    chair = region.chair  # of KAZ, which was not party to the request
    assert request_to_two.pk not in [n.pk for n in selectors.list_notifications(chair)]
    services.reply(
        actor=region.delegate("UZB"),
        notification_id=request_to_two.pk,
        content={"explanation": "x"},
    )
    after = request_to_two.reply_due_at + timedelta(minutes=5)
    asked = services.request_meeting(
        actor=region.delegate("KGZ"), notification_id=request_to_two.pk, now=after
    )
    assert asked.meeting_requested_at == after
    assert asked.audience.states == frozenset({"KAZ", "KGZ", "TJK", "UZB"})
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.payload) == (
        "notification.meeting_requested",
        {"notification": request_to_two.public_id, "chair_state": "KAZ", "without_reply": ["TJK"]},
    )
    assert selectors.get_notification(chair, request_to_two.pk).meeting_requested_at == after


def test_only_the_requester_asks_and_only_once(region, request_to_two, changes):
    after = request_to_two.reply_due_at + timedelta(minutes=5)
    before = changes()
    with pytest.raises(NotPermitted):
        services.request_meeting(
            actor=region.delegate("UZB"), notification_id=request_to_two.pk, now=after
        )
    assert changes() == before
    services.request_meeting(
        actor=region.delegate("KGZ"), notification_id=request_to_two.pk, now=after
    )
    before = changes()
    with pytest.raises(RuleViolation, match="already asked for"):
        services.request_meeting(
            actor=region.head("KGZ"), notification_id=request_to_two.pk, now=after
        )
    assert changes() == before


def test_no_meeting_when_every_recipient_replied(region, request_to_two, changes):
    for code in ("UZB", "TJK"):
        services.reply(
            actor=region.delegate(code),
            notification_id=request_to_two.pk,
            content={"explanation": "x"},
        )
    before = changes()
    with pytest.raises(RuleViolation, match="every recipient replied"):
        services.request_meeting(
            actor=region.delegate("KGZ"),
            notification_id=request_to_two.pk,
            now=request_to_two.reply_due_at + timedelta(hours=1),
        )
    assert changes() == before


def test_the_chair_convenes_a_meeting_with_the_request_on_its_agenda_in_one_step(
    region, request_to_two, changes
):
    from accord.dialogue.models import Meeting
    from accord.notifications.meetings import convene_meeting_on_request

    after = request_to_two.reply_due_at + timedelta(minutes=5)
    starts = after + timedelta(days=2)
    before = changes()
    with pytest.raises(NotFound):  # until asked, the chair's state is not party to it
        convene_meeting_on_request(
            actor=region.chair,
            notification_id=request_to_two.pk,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue="Tashkent",
        )
    assert changes() == before
    services.request_meeting(
        actor=region.delegate("KGZ"), notification_id=request_to_two.pk, now=after
    )
    with pytest.raises(NotPermitted):
        convene_meeting_on_request(
            actor=region.delegate("KGZ"),
            notification_id=request_to_two.pk,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue="Tashkent",
        )
    meeting_id = convene_meeting_on_request(
        actor=region.chair,
        notification_id=request_to_two.pk,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue="Tashkent",
    )
    meeting = Meeting.objects.get(pk=meeting_id)
    assert meeting.visibility == "restricted"
    assert sorted(meeting.participants.values_list("code", flat=True)) == [
        "KAZ",
        "KGZ",
        "TJK",
        "UZB",
    ]
    assert [i.title for i in meeting.agenda_items.all()] == [
        f"Troop concentration near the border (notification {request_to_two.public_id}, KGZ)"
    ]
    request_to_two.refresh_from_db()
    assert request_to_two.meeting_reference == meeting.public_id
    assert LedgerEntry.objects.order_by("-seq").first().action == "notification.meeting_convened"
