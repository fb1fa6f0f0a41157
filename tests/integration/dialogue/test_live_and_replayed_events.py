"""An event reads the same live and replayed (issue 16): what a subscriber receives when a
write commits and what a client reconnecting with `Last-Event-ID` receives from the ledger
are the same bytes, for a kind that streams its whole payload and for the two that stream
less of it than the ledger keeps (an intervention's text, a hotline message's digest)."""

from __future__ import annotations

import asyncio

from asgiref.sync import async_to_sync
from django.test import AsyncClient

from accord.dialogue import services
from accord.events.bus import Event
from accord.ledger.models import LedgerEntry, LedgerHead
from accord.members.services import issue_api_token
from accord.notifications import hotline


def _replayed(token: str, after: int, count: int) -> list[bytes]:
    async def read() -> list[bytes]:
        response = await AsyncClient().get(
            "/api/v1/events",
            headers={"Authorization": f"Bearer {token}", "Last-Event-ID": str(after)},
        )
        stream = aiter(response.streaming_content)
        chunks = [await asyncio.wait_for(anext(stream), 5) for _ in range(count + 1)]
        await stream.aclose()
        return chunks[1:]  # after "retry: 3000\n: connected"

    return async_to_sync(read)()


def test_an_event_is_the_same_bytes_live_and_replayed(region, plenary, captured_events):
    after = LedgerHead.objects.get(id=1).seq
    spoken = services.deliver_intervention(
        actor=region.head("KGZ"),
        meeting_id=plenary.pk,
        kind="statement",
        text="We welcome the draft.",
        language="en",
    )
    services.add_agenda_item(actor=region.chair, meeting_id=plenary.pk, title="Opening")
    message = hotline.send_hotline_message(
        actor=region.delegate("KGZ"), to_state="KAZ", body="Flight near the border."
    )
    live = captured_events()
    assert [event.kind for event in live] == [
        "intervention.delivered",
        "agenda.item_added",
        "hotline.message_sent",
    ]
    _, token = issue_api_token(user=region.head("KGZ"))

    replayed = _replayed(token, after, 3)
    assert replayed == [event.sse.encode() for event in live]
    # The live event as Redis carries it between workers, and as the ledger gives it back.
    entries = LedgerEntry.objects.filter(seq__in=[event.id for event in live]).order_by("seq")
    assert [Event.from_entry(entry).sse for entry in entries] == [event.sse for event in live]
    assert [Event.from_json(event.to_json()).sse for event in live] == [e.sse for e in live]
    assert live[0].data == {
        "meeting": plenary.public_id,
        "kind": "statement",
        "state": "KGZ",
        "intervention": spoken.public_id,
    }
    assert live[2].data == {"from": "KGZ", "to": "KAZ", "message": message.public_id}
    assert "We welcome" not in replayed[0].decode() and "Flight" not in replayed[2].decode()


def test_every_kind_an_app_reacts_to_is_in_the_catalogue():
    from accord.alerts.causes import RULES
    from accord.consultations.grants import FOLLOWED
    from accord.domain import events
    from accord.site.feed import SENTENCES

    named = set(RULES) | set(FOLLOWED) | set(SENTENCES)
    assert len(named) > 20
    assert sorted(named - set(events.KINDS)) == []
