"""Bearer tokens kept per process (`members.token_cache`): a kept token costs no query, and a
revocation, a deactivation or a state's new status is honoured on the very next request by
every process, each with its own cache, through the credentials epoch in Redis."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.members import services, token_cache
from accord.members.token_auth import user_for_token

REDIS_URL = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def redis_settings(settings: Any) -> Iterator[None]:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    settings.REDIS_URL = REDIS_URL
    token_cache.tokens.clear()
    yield
    token_cache.tokens.clear()


@pytest.fixture
def processes(monkeypatch: pytest.MonkeyPatch, redis_settings: None) -> Any:
    """`processes(n)` makes this test process play worker n, with worker n's own cache."""
    caches = {1: token_cache.tokens, 2: token_cache.TokenCache()}

    def be(worker: int) -> None:
        monkeypatch.setattr(token_cache, "tokens", caches[worker])

    return be


def lookups(raw: str) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as queries:
        user = user_for_token(raw)
    return user, len(queries)


def test_a_kept_token_is_answered_without_the_database(region, redis_settings):
    _, raw = services.issue_api_token(user=region.delegate("KGZ"))
    first, first_queries = lookups(raw)
    again, again_queries = lookups(raw)
    assert first_queries >= 1 and again_queries == 0
    assert (again.username, again.state.code, again.role) == ("kgz-delegate", "KGZ", "delegate")
    assert again is not first  # a new object per request: nothing cached on one leaks


def test_a_token_revoked_by_one_worker_is_refused_by_the_other_on_its_next_request(
    region, processes, django_capture_on_commit_callbacks
):
    delegate = region.delegate("KGZ")
    token, raw = services.issue_api_token(user=delegate)
    for worker in (1, 2):  # both have it kept
        processes(worker)
        assert user_for_token(raw) is not None
        assert lookups(raw)[1] == 0

    processes(1)
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_api_token(actor=delegate, token=token)

    for worker in (2, 1):
        processes(worker)
        assert lookups(raw) == (None, 1)


def test_a_person_deactivated_is_refused_at_once(
    region, processes, django_capture_on_commit_callbacks
):
    delegate = region.delegate("TJK")
    _, raw = services.issue_api_token(user=delegate)
    processes(2)
    assert user_for_token(raw) is not None
    processes(1)
    delegate.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        delegate.save(update_fields=["is_active"])
    processes(2)
    assert user_for_token(raw) is None


def test_a_states_new_status_is_seen_on_the_next_request(
    region, processes, django_capture_on_commit_callbacks
):
    _, raw = services.issue_api_token(user=region.delegate("UZB"))
    processes(2)
    assert user_for_token(raw).viewer().state_status.value == "member"
    processes(1)
    state = region.states["UZB"]
    state.status = "observer"
    with django_capture_on_commit_callbacks(execute=True):
        state.save(update_fields=["status"])
    processes(2)
    assert user_for_token(raw).viewer().state_status.value == "observer"


def test_without_redis_nothing_is_kept(region, settings):
    settings.REDIS_URL = None
    _, raw = services.issue_api_token(user=region.delegate("KGZ"))
    user_for_token(raw)
    assert lookups(raw)[1] >= 1
