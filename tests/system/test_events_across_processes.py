"""Two real server processes on one Redis: an event published through one reaches a
subscriber of the other, and a subscriber who may not see the object receives nothing."""

from __future__ import annotations

import base64

import httpx
import pytest
from system_servers import REDIS_URL, WAIT, Server, Subscriber, redis_reachable, seeded_region


@pytest.fixture
def two_servers(tmp_path):
    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    with seeded_region(tmp_path, REDIS_URL=REDIS_URL) as (env, tokens):
        servers = []
        try:
            for name in ("a", "b"):
                servers.append(Server(env, tmp_path / f"server-{name}.log"))
            for server in servers:
                server.wait_until_healthy()
            yield servers[0], servers[1], tokens
        finally:
            for server in servers:
                server.stop()


def public_key() -> str:
    raw = bytes.fromhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
    return base64.b64encode(raw).decode()


@pytest.mark.redis
def test_an_event_through_one_server_reaches_the_other_only_for_those_who_may_see_it(
    two_servers,
):
    server_a, server_b, tokens = two_servers
    same_state = Subscriber(server_b, tokens["qza-delegate"])
    other_state = Subscriber(server_b, tokens["qzb-delegate"])
    try:
        named = httpx.put(
            f"{server_a.url}/api/v1/members/QZA/delegation",
            json={"vote_delegate": "qza-delegate"},
            headers={"Authorization": f"Bearer {tokens['qza-head']}"},
            timeout=WAIT,
        )
        assert named.status_code == 200
        assert named.json() == {"state": "QZA", "vote_delegate": "qza-delegate"}

        def is_naming(event: dict) -> bool:
            return (
                event["kind"] == "delegation.vote_delegate_named"
                and event["data"].get("state") == "QZA"
            )

        seen = same_state.until(is_naming)
        assert seen[-1]["data"] == {"state": "QZA", "delegate": "qza-delegate"}
        assert seen[-1]["object_type"] == "members.delegation"

        # A public write afterwards: the other state sees it, and never the first.
        registered = httpx.post(
            f"{server_a.url}/api/v1/members/QZB/keys",
            json={"public_key": public_key()},
            headers={"Authorization": f"Bearer {tokens['secretariat']}"},
            timeout=WAIT,
        )
        assert registered.status_code == 201
        fingerprint = registered.json()["fingerprint"]

        def is_key(event: dict) -> bool:
            return (
                event["kind"] == "key.registered"
                and event["data"].get("fingerprint") == fingerprint
            )

        other_seen = other_state.until(is_key)
        # Redis delivers one channel in order, so the naming (published first) would have
        # arrived before the key if it had been sent to this subscriber at all.
        assert [e for e in other_seen if is_naming(e)] == []
        assert other_seen[-1]["id"] > seen[-1]["id"]
        assert same_state.until(is_key)[-1]["data"]["state"] == "QZB"
    finally:
        same_state.close()
        other_state.close()
