"""The attacker at the event stream's doors (issue 18): through Django's view and through
the ASGI app `accord serve` answers the stream with, a stream carries only what its caller
may see, and a forged, mixed or missing credential opens nothing."""

from __future__ import annotations

import asyncio
from typing import Any

from asgiref.sync import async_to_sync
from django.test import AsyncClient

from accord.domain.visibility import PUBLIC, Audience, Visibility
from accord.events.bus import Event, get_broker
from accord.members import services

MARK = 990000  # a public event published last: everything before it has been handed out
WAIT = 30.0  # seconds: the bound on every wait, never a measured duration


def secrets() -> list[Event]:
    """One event for each audience short of public, then the public mark."""
    audiences = [
        Audience(Visibility.MEMBERS),
        Audience(Visibility.PARTICIPANTS),
        Audience(Visibility.RESTRICTED, states=frozenset({"KAZ", "KGZ"})),
        Audience(Visibility.DELEGATION, owner_state="KAZ"),
        PUBLIC,
    ]
    return [
        Event(MARK - 4 + n, "test.happened", "test.object", str(n), audience, {"n": n})
        for n, audience in enumerate(audiences)
    ]


def received_by(door: Any, headers_of: dict[str, dict[str, str]]) -> dict[str, list[int]]:
    """Open a stream per caller, publish `secrets()`, read each stream up to the mark."""

    async def scenario() -> dict[str, list[int]]:
        opened = {who: await door.open(AsyncClient(), h) for who, h in headers_of.items()}
        for response in opened.values():
            assert response.status == 200
            assert await anext(response.messages) == b"retry: 3000\n: connected\n\n"
        for event in secrets():
            get_broker().publish(event)
        got: dict[str, list[int]] = {}
        for who, response in opened.items():
            ids: list[int] = []
            while MARK not in ids:
                message = await asyncio.wait_for(anext(response.messages), WAIT)
                if message.startswith(b"id: "):
                    ids.append(int(message.split(b"\n", 1)[0][4:]))
            got[who] = ids
            await response.close()
        return got

    return async_to_sync(scenario)()


def bearer(person: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {services.issue_api_token(user=person)[1]}"}


def test_each_stream_carries_only_its_callers_audience(region, stream_door):
    members, participants = MARK - 4, MARK - 3
    restricted, delegation = MARK - 2, MARK - 1
    got = received_by(
        stream_door,
        {
            "KAZ delegate": bearer(region.delegate("KAZ")),
            "KGZ delegate": bearer(region.delegate("KGZ")),
            "UZB delegate": bearer(region.delegate("UZB")),
            "observer": bearer(region.observer),
            "secretariat": bearer(region.secretariat),
        },
    )
    assert got == {
        "KAZ delegate": [members, participants, restricted, delegation, MARK],
        "KGZ delegate": [members, participants, restricted, MARK],
        "UZB delegate": [members, participants, MARK],
        "observer": [participants, MARK],
        "secretariat": [members, participants, MARK],
    }


def status_of(door: Any, client: AsyncClient, headers: dict[str, str]) -> tuple[int, bytes]:
    async def scenario() -> tuple[int, bytes]:
        response = await door.open(client, headers)
        body = b"".join([message async for message in response.messages])
        return response.status, body

    return async_to_sync(scenario)()


def test_a_forged_or_missing_credential_opens_nothing(region, stream_door):
    _, raw = services.issue_api_token(user=region.delegate("KAZ"))
    forged = raw[:-4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")
    signed_in = AsyncClient()
    signed_in.force_login(region.delegate("KAZ"))
    stale = AsyncClient()
    stale.cookies["sessionid"] = "x" * 32  # no such session
    refused = [
        status_of(stream_door, AsyncClient(), {}),
        status_of(stream_door, AsyncClient(), {"Authorization": f"Bearer {forged}"}),
        status_of(stream_door, AsyncClient(), {"Authorization": "Bearer "}),
        status_of(stream_door, stale, {}),
        # A bad token is not made good by a session beside it: the token is what is asked.
        status_of(stream_door, signed_in, {"Authorization": f"Bearer {forged}"}),
    ]
    assert refused == [(401, b"")] * 5


def test_a_revoked_token_opens_nothing(region, stream_door):
    person = region.delegate("KGZ")
    token, raw = services.issue_api_token(user=person)
    services.revoke_api_token(actor=person, token=token)
    assert status_of(stream_door, AsyncClient(), {"Authorization": f"Bearer {raw}"}) == (401, b"")
