"""The hotline: two states, delivery and read receipts, nobody else."""

from __future__ import annotations

import pytest

from accord.domain.errors import InvalidInput, NotFound, NotPermitted
from accord.ledger.models import LedgerEntry
from accord.members.services import add_person
from accord.notifications import hotline, selectors


@pytest.fixture
def message(region):
    return hotline.send_hotline_message(
        actor=region.delegate("KAZ"),
        to_state="KGZ",
        body="Unscheduled flight near the border at 04:10 UTC.",
    )


def test_a_duty_officer_sends_to_another_state_restricted_to_the_two(region, message):
    assert (message.from_state_id, message.to_state_id, message.audience.states) == (
        "KAZ",
        "KGZ",
        frozenset({"KAZ", "KGZ"}),
    )
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.visibility, entry.audience_states) == (
        "hotline.message_sent",
        "restricted",
        ",KAZ,KGZ,",
    )
    assert "body" not in entry.payload and len(entry.payload["body_sha256"]) == 64


def test_a_hotline_message_to_oneself_is_refused_and_changes_nothing(region, changes):
    before = changes()
    with pytest.raises(InvalidInput) as caught:
        hotline.send_hotline_message(actor=region.delegate("KAZ"), to_state="kaz", body="test")
    assert caught.value.message == "to: KAZ cannot send a hotline message to itself"
    assert changes() == before


@pytest.mark.parametrize(
    ("who", "to", "body", "error", "message"),
    [
        ("kaz-delegate", "MNG", "x", InvalidInput, "to: MNG is not a member state"),
        ("kaz-delegate", "KGZ", "  ", InvalidInput, "body: the message is empty"),
        (
            "secretariat",
            "KGZ",
            "x",
            NotPermitted,
            "only a member state's delegation may use the hotline",
        ),
        (
            "mng-delegate",
            "KGZ",
            "x",
            NotPermitted,
            "only a member state's delegation may use the hotline",
        ),
        (
            "kaz-expert",
            "KGZ",
            "x",
            NotPermitted,
            "only a duty officer or the head of delegation sends on the hotline",
        ),
    ],
)
def test_bad_hotline_messages_are_refused_and_change_nothing(
    region, changes, who, to, body, error, message
):
    region.people["kaz-expert"] = add_person(
        actor=region.secretariat,
        username="kaz-expert",
        password="x" * 12,
        role="expert",
        state_code="KAZ",
    )
    before = changes()
    with pytest.raises(error) as caught:
        hotline.send_hotline_message(actor=region.people[who], to_state=to, body=body)
    assert caught.value.message == message
    assert changes() == before


def test_receipts_are_given_by_the_receiving_state_once(region, message):
    delivered = hotline.give_receipt(
        actor=region.delegate("KGZ"), message_id=message.pk, receipt="delivered"
    )
    assert delivered.delivered_to == region.delegate("KGZ") and delivered.read_at is None
    entries = LedgerEntry.objects.count()
    hotline.give_receipt(actor=region.head("KGZ"), message_id=message.pk, receipt="delivered")
    assert LedgerEntry.objects.count() == entries  # a repeated receipt changes nothing
    read = hotline.give_receipt(actor=region.head("KGZ"), message_id=message.pk, receipt="read")
    assert read.read_by == region.head("KGZ") and read.delivered_to == region.delegate("KGZ")
    assert LedgerEntry.objects.order_by("-seq").first().action == "hotline.message_read"


def test_the_sender_gives_no_receipt_and_others_are_told_it_does_not_exist(
    region, message, changes
):
    before = changes()
    with pytest.raises(NotPermitted):
        hotline.give_receipt(actor=region.delegate("KAZ"), message_id=message.pk, receipt="read")
    for who in ("tjk-delegate", "secretariat", "mng-head", "uno-head"):
        with pytest.raises(NotFound) as caught:
            hotline.give_receipt(actor=region.people[who], message_id=message.pk, receipt="read")
        assert caught.value.message == "no such hotline message"
    assert changes() == before


def test_the_duty_screen_marks_shown_messages_delivered(region, message):
    waiting = selectors.awaiting_state(region.delegate("KGZ"))
    assert [m.pk for m in waiting.hotline_unread] == [message.pk]
    hotline.deliver_pending(
        actor=region.head("KGZ"), messages=waiting.hotline_unread
    )  # not on duty
    message.refresh_from_db()
    assert message.delivered_at is None
    hotline.deliver_pending(actor=region.delegate("KGZ"), messages=waiting.hotline_unread)
    message.refresh_from_db()
    assert message.delivered_to == region.delegate("KGZ")
