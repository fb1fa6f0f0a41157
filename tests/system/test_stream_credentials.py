"""Across real server processes: a token revoked through one server ends the stream it
holds open on another within seconds (the stream checks its credential again itself, so
this holds whichever worker the revocation went through)."""

from __future__ import annotations

import httpx
import pytest
from system_servers import REDIS_URL, WAIT, Server, Subscriber, redis_reachable, seeded_region


@pytest.mark.redis
def test_a_token_revoked_through_one_server_ends_its_stream_on_the_other(tmp_path):
    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    environment = {"REDIS_URL": REDIS_URL, "ACCORD_EVENTS_RECHECK_SECONDS": "1"}
    with seeded_region(tmp_path, **environment) as (env, tokens):
        servers = [Server(env, tmp_path / f"server-{name}.log") for name in ("a", "b")]
        try:
            for server in servers:
                server.wait_until_healthy()
            token = tokens["qza-delegate"]
            follower = Subscriber(servers[1], token)
            bystander = Subscriber(servers[1], tokens["qzb-delegate"])
            try:
                revoked = httpx.delete(
                    f"{servers[0].url}/api/v1/auth/tokens/{token[:10]}",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=WAIT,
                )
                assert revoked.status_code == 204
                follower.thread.join(timeout=5)
                assert not follower.thread.is_alive(), "the revoked token's stream stayed open"
                assert bystander.thread.is_alive()
                again = httpx.get(
                    f"{servers[1].url}/api/v1/events",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=WAIT,
                )
                assert again.status_code == 401
            finally:
                follower.close()
                bystander.close()
        finally:
            for server in servers:
                server.stop()
