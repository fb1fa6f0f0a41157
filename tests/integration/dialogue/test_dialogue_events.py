"""The live stream: what each state receives about a bilateral and about the plenary."""

from __future__ import annotations

import asyncio

from dialogue_fixtures import at

from accord.dialogue import services
from accord.domain.visibility import can_see
from accord.events.bus import get_broker
from accord.events.grants import granted_to
from accord.events.opening import missed


def _drain(loop, subscription):
    async def collect():
        found = []
        while (event := await subscription.get(timeout=0.05)) is not None:
            found.append(event)
        return found

    return loop.run_until_complete(collect())


def test_a_third_state_receives_nothing_about_a_bilateral(
    region, plenary, django_capture_on_commit_callbacks
):
    loop = asyncio.new_event_loop()

    async def subscribe():
        return get_broker().subscribe()

    subscription = loop.run_until_complete(subscribe())
    try:
        with django_capture_on_commit_callbacks(execute=True):
            bilateral = services.request_bilateral(
                actor=region.head("KGZ"),
                meeting_id=plenary.pk,
                counterpart="UZB",
                subject="SECRET talks",
                slots=[(at(12), at(13))],
            )
        with django_capture_on_commit_callbacks(execute=True):
            services.accept_bilateral(
                actor=region.head("UZB"),
                bilateral_id=bilateral.pk,
                slot_id=bilateral.slots.get().pk,
            )
        bilateral.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            services.deliver_intervention(
                actor=region.head("KGZ"),
                meeting_id=bilateral.session_id,
                kind="statement",
                text="SECRET words",
                language="en",
            )
        with django_capture_on_commit_callbacks(execute=True):
            services.add_agenda_item(actor=region.chair, meeting_id=plenary.pk, title="Opening")
        events = _drain(loop, subscription)
    finally:
        subscription.close()
        loop.close()

    assert [e.kind for e in events] == [
        "bilateral.requested",
        "bilateral.accepted",
        "intervention.delivered",
        "agenda.item_added",
    ]
    # The SSE view passes on exactly the events `can_see` allows; so do we here.
    for user in (region.head("TJK"), region.secretariat, region.chair, region.observer):
        received = [e for e in events if can_see(user.viewer(), e.audience)]
        assert [e.kind for e in received] == ["agenda.item_added"], user.username
        assert all("SECRET" not in e.to_json() for e in received)
        replay = missed(user.viewer(), granted_to(user), 0)
        assert all("SECRET" not in str(e.data) for e in replay)
        assert not any(e.kind.startswith("bilateral.") for e in replay)
    for user in (region.head("KGZ"), region.delegate("UZB")):
        received = [e for e in events if can_see(user.viewer(), e.audience)]
        assert len(received) == 4
