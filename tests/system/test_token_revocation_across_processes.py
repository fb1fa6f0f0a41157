"""Two real server processes on one Redis, each keeping the tokens it has read: a token
revoked through one is refused by both on the very next request."""

from __future__ import annotations

import httpx
import pytest
from system_servers import REDIS_URL, WAIT, Server, redis_reachable, seeded_region


@pytest.fixture
def two_servers(tmp_path):
    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    with seeded_region(tmp_path, REDIS_URL=REDIS_URL) as (env, tokens):
        servers = [Server(env, tmp_path / f"server-{name}.log") for name in ("a", "b")]
        try:
            for server in servers:
                server.wait_until_healthy()
            yield servers[0], servers[1], tokens
        finally:
            for server in servers:
                server.stop()


def me(server: Server, token: str) -> httpx.Response:
    return httpx.get(
        f"{server.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=WAIT
    )


@pytest.mark.redis
def test_a_token_revoked_through_one_server_is_refused_by_both_at_once(two_servers):
    server_a, server_b, tokens = two_servers
    token = tokens["qza-delegate"]
    for _ in range(3):  # read, then kept, by both processes
        for server in (server_a, server_b):
            answered = me(server, token)
            assert answered.status_code == 200
            assert answered.json()["username"] == "qza-delegate"

    prefix = httpx.get(
        f"{server_a.url}/api/v1/auth/tokens",
        headers={"Authorization": f"Bearer {token}"},
        timeout=WAIT,
    ).json()["items"][0]["prefix"]
    revoked = httpx.delete(
        f"{server_a.url}/api/v1/auth/tokens/{prefix}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=WAIT,
    )
    assert revoked.status_code == 204

    assert me(server_b, token).status_code == 401
    assert me(server_a, token).status_code == 401
    # Everyone else is still let in by both.
    assert me(server_b, tokens["qzb-delegate"]).json()["username"] == "qzb-delegate"
