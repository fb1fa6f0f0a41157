"""Every event of the dialogue is for its object's audience, and no further (issue 16).

The services publish typed events whose audience the ledger checks against the object's:
the entry, the live event and the object share one audience. Played as the attacker, TJK
(at the plenary, party to none of the secrets) replays the stream and exports the ledger
while the secrets are made: it receives the open events and nothing of a secret, and the
secrets' entries reach it without their bodies. A service that published a write to
another audience than its object's is refused, with nothing written or published.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from asgiref.sync import async_to_sync
from dialogue_api_fixtures import SECRETS, build
from django.apps import apps
from django.db import transaction
from django.test import AsyncClient

from accord.dialogue import services
from accord.domain import published
from accord.domain.visibility import Audience, Visibility, can_see
from accord.ledger.models import LedgerEntry, LedgerHead
from accord.ledger.services import AudienceMismatch, record
from accord.members.access import Audienced
from accord.members.services import issue_api_token

MARKER = "Glaciers MARKER"  # a public concern raised last: the end of what TJK replays


def _object_of(entry: LedgerEntry):
    app_label, model_name = entry.object_type.split(".")
    return apps.get_model(app_label, model_name).objects.get(public_id=entry.object_id)


def _audience_it_belongs_to(obj) -> Audience:
    """The object's own audience, or its meeting's (an agenda item, a floor request)."""
    if isinstance(obj, Audienced):
        return obj.audience
    meeting = getattr(obj, "meeting", None) or obj.item.meeting
    return meeting.audience


def _replayed_until_marker(token: str, after: int) -> list[dict]:
    """What `GET /api/v1/events` replays to `token` after `after`, up to the marker."""

    async def read() -> list[dict]:
        response = await AsyncClient().get(
            "/api/v1/events",
            headers={"Authorization": f"Bearer {token}", "Last-Event-ID": str(after)},
        )
        stream = aiter(response.streaming_content)
        await asyncio.wait_for(anext(stream), 5)  # "retry: 3000\n: connected"
        received = []
        while not received or received[-1]["data"].get("title") != MARKER:
            chunk = (await asyncio.wait_for(anext(stream), 5)).decode()
            received.append(json.loads(chunk.split("data: ", 1)[1]))
        await stream.aclose()
        return received

    return async_to_sync(read)()


def _raise_marker(region) -> None:
    services.raise_concern(
        actor=region.head("KGZ"),
        title=MARKER,
        summary="The last write.",
        category="climate",
        visibility="public",
    )


def test_every_event_entry_and_object_share_one_audience(region, captured_events):
    build(region)
    _raise_marker(region)
    live = captured_events()
    assert len(live) == 16
    entries = {
        entry.seq: entry for entry in LedgerEntry.objects.filter(seq__in=[e.id for e in live])
    }
    for event in live:
        entry = entries[event.id]
        assert entry.audience == event.audience, event.kind
        assert _audience_it_belongs_to(_object_of(entry)) == event.audience, event.kind
    restricted = [e for e in live if e.audience.visibility is Visibility.RESTRICTED]
    assert {e.kind for e in restricted} == {
        "concern.raised",
        "meeting.convened",
        "intervention.delivered",
        "bilateral.requested",
        "bilateral.accepted",
    }


def test_a_third_state_receives_no_event_of_a_secret_and_reads_no_entry_of_one(
    region, api, captured_events
):
    after = LedgerHead.objects.get(id=1).seq
    world = build(region)
    _raise_marker(region)
    live = captured_events()
    tjk = region.head("TJK")
    assert not any(tjk.state_id in states for states in SECRETS.values())
    secret_ids = {
        world.secret_concern.public_id,
        world.secret_meeting.public_id,
        world.secret_meeting_intervention.public_id,
        world.bilateral.public_id,
        world.bilateral.session.public_id,
        world.bilateral_intervention.public_id,
    }
    secret = [e for e in live if e.object_id in secret_ids]
    assert len(secret) == 6
    assert not any(can_see(tjk.viewer(), e.audience) for e in secret)

    _, token = issue_api_token(user=tjk)
    received = _replayed_until_marker(token, after)
    # Exactly the open events, in order, and not a word of a secret.
    assert [(r["kind"], r["object_id"]) for r in received] == [
        (e.kind, e.object_id) for e in live if e.object_id not in secret_ids
    ]
    text = json.dumps(received)
    assert not any(word in text for word in SECRETS)
    assert not any(oid in text for oid in secret_ids)

    lines = [json.loads(line) for line in api(tjk).get("/api/v1/ledger/export").streaming_content]
    redacted = {seq for low, high in lines[-1]["redacted"] for seq in range(low, high + 1)}
    assert {e.id for e in secret} <= redacted
    exported = json.dumps(lines)
    assert not any(word in exported for word in SECRETS)


def test_an_event_for_another_audience_than_its_object_is_refused(region, captured_events):
    world = build(region)
    published_before = len(captured_events())
    concern = world.secret_concern  # restricted to KAZ and UZB
    before = LedgerHead.objects.get(id=1).seq
    widened = published.ConcernCoSponsored(
        audience=Audience(Visibility.MEMBERS), concern=concern.public_id, state="UZB"
    )
    with pytest.raises(AudienceMismatch), transaction.atomic():
        record(actor=region.head("UZB"), obj=concern, event=widened)
    assert LedgerHead.objects.get(id=1).seq == before
    assert LedgerEntry.objects.filter(seq__gt=before).count() == 0
    assert len(captured_events()) == published_before
    # The same event for the object's own audience is recorded.
    with transaction.atomic():
        entry = record(
            actor=region.head("UZB"),
            obj=concern,
            event=published.ConcernCoSponsored(
                audience=concern.audience, concern=concern.public_id, state="UZB"
            ),
        )
    assert entry.audience == concern.audience
    assert [e.audience for e in captured_events()[published_before:]] == [concern.audience]
