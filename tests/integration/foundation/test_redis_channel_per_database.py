"""Redis pub/sub ignores the database number: two sites sharing one Redis server, each on
its own database, must not hear each other's events (nor two test suites side by side)."""

from __future__ import annotations

import asyncio
import os
import secrets

import pytest

from accord.domain.visibility import PUBLIC
from accord.events.bus import Event, RedisBroker

REDIS_URL = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")

pytestmark = pytest.mark.redis


def other_database(url: str) -> str:
    """The same Redis server, the database next to `url`'s."""
    base, _, number = url.rpartition("/")
    db = int(number) if number.isdigit() else 0
    return f"{base}/{(db + 1) % 16}"


def test_a_site_on_another_redis_database_does_not_hear_this_ones_events() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    here, neighbour = RedisBroker(REDIS_URL), RedisBroker(other_database(REDIS_URL))
    # This run's own ids: another process may be publishing on either database meanwhile.
    theirs = 10**9 + secrets.randbelow(10**9)
    ours = theirs + 1

    async def first_heard_here() -> list[int]:
        subscription = here.subscribe()
        try:
            await subscription.ready()
            # One thread publishes the neighbour's event, then this site's: Redis delivers in
            # that order, so had the first reached this site it would arrive first.
            neighbour.publish(Event(theirs, "test.happened", "test.object", "1", PUBLIC))
            here.publish(Event(ours, "test.happened", "test.object", "2", PUBLIC))
            heard = []
            while not heard or heard[-1] != ours:
                event = await subscription.get(timeout=30)
                assert event is not None, f"this site's own event never came; heard {heard}"
                heard.append(event.id)
            return [n for n in heard if n in (theirs, ours)]
        finally:
            subscription.close()

    assert asyncio.run(first_heard_here()) == [ours]
    assert here.channel != neighbour.channel
