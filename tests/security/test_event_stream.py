"""`GET /api/v1/events` holds only while its credential does, and loses nothing between
the replay and the live stream (issue 11, issue 16).

Real streams through both doors (`stream_door`): Django's in-process ASGI handler
(`AsyncClient`) and the stream's own ASGI app that `accord serve` runs in front of Django.
A revoked token, a signed-out session and a deactivated person each see their open stream
end within seconds; a reconnecting client gets an event that commits while its replay is
read exactly once.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient
from django.urls import reverse

from accord.events import opening
from accord.events.bus import Event, get_broker
from accord.ledger.models import LedgerEntry, LedgerHead
from accord.members import services
from accord.members.models import ApiToken, User

RECHECK = 0.2
WAIT = 30.0  # seconds: the bound on every wait, never a measured duration
# The id of the event that closes a replay test's reading: this process's own, as another
# process on a shared Redis publishes its markers too.
MARKER = 10**9 + secrets.randbelow(10**9)


REDIS_URL = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/13")


@pytest.fixture(autouse=True)
def _quick_recheck(settings: Any) -> None:
    settings.ACCORD_EVENTS_RECHECK_SECONDS = RECHECK


@pytest.fixture(params=["in-process", "redis"])
def broker(request: Any, settings: Any) -> Any:
    """Each stream test runs on the in-process broker and, when Redis answers, on Redis."""
    from accord.events.bus import reset_broker

    if request.param == "redis":
        import redis

        try:
            redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
        except Exception:
            pytest.skip(f"Redis is not reachable at {REDIS_URL}")
        settings.REDIS_URL = REDIS_URL
    reset_broker()
    yield request.param
    reset_broker()


def parse(chunk: bytes) -> dict[str, Any]:
    lines = dict(line.split(": ", 1) for line in chunk.decode().strip().splitlines())
    return {"id": int(lines["id"]), **json.loads(lines["data"])}


async def next_event(stream: AsyncIterator[bytes], timeout: float = WAIT) -> bytes:
    """The next chunk that is not a heartbeat; StopAsyncIteration when the stream ended."""
    while True:
        chunk = await asyncio.wait_for(anext(stream), timeout)
        if not chunk.startswith(b": heartbeat"):
            return chunk


async def ended_within(stream: AsyncIterator[bytes], seconds: float) -> bool:
    loop = asyncio.get_running_loop()
    until = loop.time() + seconds  # however many events arrive meanwhile
    try:
        while (left := until - loop.time()) > 0:
            await next_event(stream, timeout=left)
    except StopAsyncIteration:
        return True
    except TimeoutError:
        pass
    return False


def public_event(n: int) -> Event:
    from accord.domain.visibility import PUBLIC

    return Event(n, "test.happened", "test.object", str(n), PUBLIC, {"n": n})


def open_and_cut(
    door: Any, client: AsyncClient, headers: dict[str, str], cut: Callable[[], Any]
) -> Any:
    """Open a stream, see it carry an event past a few re-checks, cut the credential, and
    say whether the stream ended (within WAIT: the stream ends at the next re-check, every
    RECHECK seconds, and a loaded machine may be slow to run it)."""

    async def scenario() -> tuple[int, int, bool]:
        response = await door.open(client, headers)
        stream = response.messages
        assert await next_event(stream) == b"retry: 3000\n: connected\n\n"
        await asyncio.sleep(RECHECK * 3)  # the credential holds through several checks
        get_broker().publish(public_event(900001))
        carried = parse(await next_event(stream))["id"]
        while carried != 900001:  # on a shared Redis, another process's event may come first
            carried = parse(await next_event(stream))["id"]
        await sync_to_async(cut)()
        ended = await ended_within(stream, WAIT)
        await response.close()
        return response.status, carried, ended

    return async_to_sync(scenario)()


def test_a_revoked_token_ends_its_open_stream(region, broker, stream_door):
    person = region.delegate("KGZ")
    token, raw = services.issue_api_token(user=person, label="stream")
    status, carried, ended = open_and_cut(
        stream_door,
        AsyncClient(),
        {"Authorization": f"Bearer {raw}"},
        lambda: services.revoke_api_token(actor=person, token=ApiToken.objects.get(pk=token.pk)),
    )
    assert (status, carried, ended) == (200, 900001, True)


def test_a_signed_out_session_ends_its_open_stream(region, broker, stream_door):
    client = AsyncClient()
    client.force_login(region.delegate("KGZ"))

    def sign_out() -> None:
        # The real sign-out page, with the stream's own cookie.
        from django.test import Client

        browser = Client()
        browser.cookies = client.cookies
        assert browser.post(reverse("members:sign-out")).status_code == 302

    status, carried, ended = open_and_cut(stream_door, client, {}, sign_out)
    assert (status, carried, ended) == (200, 900001, True)


@pytest.mark.parametrize("signed_in_with", ["token", "session"])
def test_a_deactivated_person_loses_the_open_stream(region, broker, signed_in_with, stream_door):
    person = region.delegate("KGZ")
    client, headers = AsyncClient(), {}
    if signed_in_with == "token":
        _, raw = services.issue_api_token(user=person, label="stream")
        headers = {"Authorization": f"Bearer {raw}"}
    else:
        client.force_login(person)
    status, carried, ended = open_and_cut(
        stream_door,
        client,
        headers,
        lambda: User.objects.filter(pk=person.pk).update(is_active=False),
    )
    assert (status, carried, ended) == (200, 900001, True)


def replay_with(
    door: Any,
    monkeypatch: Any,
    token: str,
    last_seen: int,
    commit: Callable[[], Any],
    *,
    before_read: bool,
) -> list[dict[str, Any]]:
    """Reconnect with Last-Event-ID while `commit` commits an event during the replay: just
    before the replay reads the ledger, or just after; the events the client receives."""
    original = opening.missed

    def replay_with_a_commit(*args: Any) -> list[Event]:
        if before_read:
            commit()
            return original(*args)
        missed = original(*args)
        commit()
        return missed

    monkeypatch.setattr(opening, "missed", replay_with_a_commit)

    async def scenario() -> list[dict[str, Any]]:
        response = await door.open(
            AsyncClient(), {"Authorization": f"Bearer {token}", "Last-Event-ID": str(last_seen)}
        )
        stream = response.messages
        assert await next_event(stream) == b"retry: 3000\n: connected\n\n"
        # The replay and its commit are done once the stream is open: a marker published
        # now comes after anything they sent, the live copy of the commit's event included.
        get_broker().publish(public_event(MARKER))
        received = []
        while not received or received[-1]["id"] != MARKER:
            received.append(parse(await next_event(stream, timeout=WAIT)))
        await response.close()
        return received

    return async_to_sync(scenario)()


@pytest.mark.parametrize("before_read", [False, True], ids=["after-the-read", "before-the-read"])
def test_an_event_committed_during_the_replay_arrives_exactly_once(
    region, broker, monkeypatch, django_capture_on_commit_callbacks, before_read, stream_door
):
    last_seen = LedgerHead.objects.get(id=1).seq
    services.change_state_status(actor=region.secretariat, code="MNG", status="member")
    _, token = services.issue_api_token(user=region.delegate("TJK"))

    def commit() -> None:
        # A write committing while the replay runs: its event is published on commit.
        with django_capture_on_commit_callbacks(execute=True):
            services.change_state_status(actor=region.secretariat, code="UNO", status="observer")

    received = replay_with(
        stream_door, monkeypatch, token, last_seen, commit, before_read=before_read
    )
    # Only this test's own events: on a shared Redis other processes publish too.
    ours = set(LedgerEntry.objects.values_list("seq", "action", "object_id"))
    received = [e for e in received if (e["id"], e["kind"], e["object_id"]) in ours]
    changed = [(e["kind"], e["data"].get("code")) for e in received]
    assert changed == [
        ("state.status_changed", "MNG"),
        ("token.issued", None),
        ("state.status_changed", "UNO"),
    ]
    assert len({e["id"] for e in received}) == 3
