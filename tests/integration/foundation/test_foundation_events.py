"""The in-process event bus and `GET /api/v1/events` within one process: each subscriber
receives what it may see, in order, and nothing else."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient

from accord.domain.visibility import PUBLIC, Audience, Visibility
from accord.events.bus import Event, InProcessBroker, get_broker
from accord.ledger.models import LedgerHead
from accord.members import services

KAZ_ONLY = Audience(Visibility.DELEGATION, owner_state="KAZ")


def event(n: int, audience: Audience = PUBLIC, kind: str = "test.happened") -> Event:
    return Event(n, kind, "test.object", str(n), audience, {"n": n})


def test_an_event_survives_its_json_form():
    original = Event(7, "key.registered", "members.signingkey", "3", KAZ_ONLY, {"a": [1, "b"]})
    assert Event.from_json(original.to_json()) == original


def test_the_in_process_broker_delivers_to_every_subscriber_from_any_thread():
    broker = InProcessBroker()

    async def scenario():
        first, second = broker.subscribe(), broker.subscribe()
        publisher = threading.Thread(target=broker.publish, args=(event(1),))
        publisher.start()
        got = [await first.get(timeout=5), await second.get(timeout=5)]
        publisher.join()
        second.close()
        broker.publish(event(2))
        after_close = [await first.get(timeout=5), len(broker.local)]
        first.close()
        return got, after_close

    got, after_close = asyncio.run(scenario())
    assert got == [event(1), event(1)]
    assert after_close == [event(2), 1]
    assert len(broker.local) == 0


def test_a_subscriber_with_nothing_published_gets_nothing():
    broker = InProcessBroker()

    async def scenario():
        subscription = broker.subscribe()
        try:
            return await subscription.get(timeout=0.05)
        finally:
            subscription.close()

    assert asyncio.run(scenario()) is None


def parse(chunk: bytes | str) -> dict:
    text = chunk.decode() if isinstance(chunk, bytes) else chunk
    lines = dict(line.split(": ", 1) for line in text.strip().splitlines())
    return {"id": int(lines["id"]), **json.loads(lines["data"])}


def test_the_stream_sends_each_subscriber_only_what_its_state_may_see(region, api):
    tokens = {}
    for name in ("kaz-delegate", "tjk-delegate"):
        _, tokens[name] = services.issue_api_token(user=region.people[name])

    async def scenario():
        streams = {}
        for name, token in tokens.items():
            response = await AsyncClient().get(
                "/api/v1/events", headers={"Authorization": f"Bearer {token}"}
            )
            assert response.status_code == 200
            assert response["Content-Type"] == "text/event-stream"
            streams[name] = aiter(response.streaming_content)
            assert await anext(streams[name]) == b"retry: 3000\n: connected\n\n"
        broker = get_broker()
        broker.publish(event(101, KAZ_ONLY, "delegation.vote_delegate_named"))
        broker.publish(event(102, PUBLIC, "key.registered"))
        received = {}
        for name, stream in streams.items():
            chunks = [await asyncio.wait_for(anext(stream), 5)]
            if name == "kaz-delegate":
                chunks.append(await asyncio.wait_for(anext(stream), 5))
            received[name] = [parse(chunk) for chunk in chunks]
        for stream in streams.values():
            await stream.aclose()
        return received

    received = async_to_sync(scenario)()
    assert [(e["id"], e["kind"]) for e in received["kaz-delegate"]] == [
        (101, "delegation.vote_delegate_named"),
        (102, "key.registered"),
    ]
    # TJK's next event after connecting is the public one: the KAZ-only one never came.
    assert received["tjk-delegate"] == [
        {
            "id": 102,
            "kind": "key.registered",
            "object_type": "test.object",
            "object_id": "102",
            "data": {"n": 102},
        }
    ]


def test_a_reconnecting_client_catches_up_only_on_what_it_may_see(region):
    last_seen = LedgerHead.objects.get(id=1).seq
    services.name_vote_delegate(actor=region.head("KAZ"), delegate=region.delegate("KAZ"))
    services.change_state_status(actor=region.secretariat, code="MNG", status="member")
    _, token = services.issue_api_token(user=region.delegate("TJK"))

    async def first_two():
        response = await AsyncClient().get(
            "/api/v1/events",
            headers={"Authorization": f"Bearer {token}", "Last-Event-ID": str(last_seen)},
        )
        stream = aiter(response.streaming_content)
        chunks = [await asyncio.wait_for(anext(stream), 5) for _ in range(3)]
        await stream.aclose()
        return chunks

    chunks = async_to_sync(first_two)()
    assert chunks[0] == b"retry: 3000\n: connected\n\n"
    replayed = [parse(chunks[1]), parse(chunks[2])]
    assert [e["kind"] for e in replayed] == ["state.status_changed", "token.issued"]
    assert replayed[0]["data"] == {"code": "MNG", "from": "observer", "to": "member"}
    assert replayed[0]["id"] == last_seen + 2


def test_the_stream_needs_a_signed_in_caller(db):
    async def ask():
        return await AsyncClient().get("/api/v1/events")

    response = async_to_sync(ask)()
    assert (response.status_code, json.loads(response.content)) == (
        401,
        {"detail": "Not signed in.", "code": "not_signed_in"},
    )


@pytest.mark.parametrize("token", ["acc_unknown", ""])
def test_the_stream_refuses_an_unknown_token(db, token):
    async def ask():
        return await AsyncClient().get(
            "/api/v1/events", headers={"Authorization": f"Bearer {token}"}
        )

    assert async_to_sync(ask)().status_code == 401
