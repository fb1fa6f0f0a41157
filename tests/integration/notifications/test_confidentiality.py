"""Rule 5 walked as every role: a third state, the secretariat, an observer and a dialogue
partner never see a hotline message or a restricted notification — in lists, search,
reads, boards, the duty view, exports, the ledger, or events (live and replayed)."""

from __future__ import annotations

import asyncio
import json

import pytest

from accord.domain.errors import NotFound
from accord.domain.visibility import can_see
from accord.events.bus import get_broker
from accord.events.grants import granted_to
from accord.events.opening import missed
from accord.ledger.selectors import recent_entries
from accord.notifications import exports, hotline, selectors, services

PARTIES = {"kaz-head", "kaz-delegate", "kgz-head", "kgz-delegate", "chair"}  # the chair is KAZ's


def _events_during(capture, action):
    loop = asyncio.new_event_loop()

    async def subscribe():
        return get_broker().subscribe()

    subscription = loop.run_until_complete(subscribe())
    with capture(execute=True):
        action()

    async def drain():
        got = []
        while (event := await subscription.get(timeout=0.05)) is not None:
            got.append(event)
        return got

    try:
        return loop.run_until_complete(drain())
    finally:
        subscription.close()
        loop.close()


@pytest.fixture
def secrets(region, exercise, django_capture_on_commit_callbacks):
    """A restricted KAZ→KGZ notice, acknowledged, and a KAZ→KGZ hotline exchange."""
    made = {}

    def write():
        notice = services.send_notification(
            actor=region.delegate("KAZ"),
            type_key="exercise_notice",
            content=exercise(exercise_name="Secret Steppe"),
            recipients=["KGZ"],
        )
        services.acknowledge(actor=region.delegate("KGZ"), notification_id=notice.pk)
        message = hotline.send_hotline_message(
            actor=region.delegate("KAZ"), to_state="KGZ", body="Hotline: Secret Steppe starts early"
        )
        hotline.give_receipt(actor=region.delegate("KGZ"), message_id=message.pk, receipt="read")
        made.update(notice=notice, message=message)

    made["events"] = _events_during(django_capture_on_commit_callbacks, write)
    return made


def test_the_live_events_cover_the_four_writes(secrets):
    assert [e.kind for e in secrets["events"]] == [
        "notification.sent",
        "notification.acknowledged",
        "hotline.message_sent",
        "hotline.message_read",
    ]


def test_every_role_sees_the_secrets_exactly_when_it_is_a_party(region, secrets):
    notice, message = secrets["notice"], secrets["message"]
    for username, user in region.people.items():
        party = username in PARTIES
        viewer = user.viewer()
        listed = [n.pk for n in selectors.list_notifications(user)]
        searched = [n.pk for n in selectors.list_notifications(user, q="Secret Steppe")]
        lines = [m.pk for m in selectors.hotline_messages(user)]
        exported = json.dumps(exports.as_json(selectors.list_notifications(user)))
        calendar = exports.as_icalendar(selectors.list_notifications(user)).decode()
        ledger = [e.object_type for e in recent_entries(viewer=viewer, limit=100)]
        replayed = [e.kind for e in missed(viewer, granted_to(user), 0)]
        live = [e.kind for e in secrets["events"] if can_see(viewer, e.audience)]
        waiting = selectors.awaiting_state(user)
        assert (notice.pk in listed) is party, username
        assert (notice.pk in searched) is party, username
        assert (message.pk in lines) is party, username
        assert ("Secret Steppe" in exported) is party, username
        assert ("Secret Steppe" in calendar) is party, username
        assert ("notifications.hotlinemessage" in ledger) is party, username
        assert ("notifications.notification" in ledger) is party, username
        assert ("hotline.message_sent" in replayed) is party, username
        assert ("notification.sent" in replayed) is party, username
        assert (len(live) == 4) is party and (len(live) in (0, 4)), username
        assert message.pk not in [m.pk for m in waiting.hotline_unread], username
        if not party:
            with pytest.raises(NotFound):
                selectors.get_notification(user, notice.pk)
            with pytest.raises(NotFound):
                selectors.board(user, notice.pk, now=notice.sent_at)
            with pytest.raises(NotFound):
                selectors.get_hotline_message(user, message.pk)


def test_a_members_notice_reaches_the_secretariat_but_never_an_observer(region, exercise):
    notice = services.send_notification(
        actor=region.delegate("KAZ"), type_key="exercise_notice", content=exercise()
    )
    assert selectors.get_notification(region.secretariat, notice.pk).pk == notice.pk
    assert [
        r.state for r in selectors.board(region.secretariat, notice.pk, now=notice.sent_at)
    ] == [
        "KGZ",
        "TJK",
        "UZB",
    ]
    for who in ("mng-head", "mng-delegate", "uno-head", "uno-delegate"):
        assert list(selectors.list_notifications(region.people[who])) == []
        with pytest.raises(NotFound):
            selectors.get_notification(region.people[who], notice.pk)
