"""Across real server processes on one Redis: a stream held open on one server ends within
seconds when its credential ends through the other — a token revoked, a session signed
out, a person deactivated. The stream checks its credential again itself, so this holds
whichever worker the change went through."""

from __future__ import annotations

import contextlib
import re
import threading

import httpx
import pytest
from system_servers import (
    REDIS_URL,
    WAIT,
    Server,
    redis_reachable,
    run_accord,
    seeded_region,
)

PERSON = "qza-delegate"


@pytest.fixture
def two_servers(tmp_path):
    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    environment = {"REDIS_URL": REDIS_URL, "ACCORD_EVENTS_RECHECK_SECONDS": "1"}
    with seeded_region(tmp_path, **environment) as (env, tokens):
        servers = [Server(env, tmp_path / f"server-{name}.log") for name in ("a", "b")]
        try:
            for server in servers:
                server.wait_until_healthy()
            yield env, servers, tokens
        finally:
            for server in servers:
                server.stop()


class Stream:
    """An open `/api/v1/events` in a thread; `ended` is set when the server closes it."""

    def __init__(self, client: httpx.Client, url: str, **headers: str) -> None:
        self.connected, self.ended = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._follow, args=(client, url, headers))
        self.thread.daemon = True
        self.thread.start()
        assert self.connected.wait(WAIT), "the event stream did not open"

    def _follow(self, client: httpx.Client, url: str, headers: dict[str, str]) -> None:
        with contextlib.suppress(httpx.HTTPError), client.stream("GET", url, headers=headers) as r:
            assert r.status_code == 200
            for line in r.iter_lines():
                if line == ": connected":
                    self.connected.set()
        self.ended.set()


def signed_in(server: Server) -> httpx.Client:
    """A browser signed in on the web page as PERSON (no second factor for a delegate)."""
    browser = httpx.Client(base_url=server.url, timeout=httpx.Timeout(WAIT, read=60))
    page = browser.get("/sign-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    form = {"csrfmiddlewaretoken": token.group(1), "username": PERSON, "password": "pw-" + PERSON}
    assert browser.post("/sign-in/", data=form).status_code == 302
    return browser


def csrf_post(browser: httpx.Client, path: str) -> httpx.Response:
    page = browser.get("/account/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    return browser.post(path, data={"csrfmiddlewaretoken": token.group(1)})


@pytest.mark.redis
@pytest.mark.parametrize("cut", ["token revoked", "signed out", "deactivated"])
def test_a_stream_ends_when_its_credential_ends_through_the_other_server(two_servers, cut):
    env, (server_a, server_b), tokens = two_servers
    token = tokens[PERSON]
    bystander_client = httpx.Client(timeout=httpx.Timeout(WAIT, read=60))
    bystander = Stream(
        bystander_client,
        f"{server_b.url}/api/v1/events",
        Authorization=f"Bearer {tokens['qzb-delegate']}",
    )
    elsewhere = httpx.Client()
    if cut == "signed out":
        browser = signed_in(server_b)
        stream = Stream(browser, f"{server_b.url}/api/v1/events")
        elsewhere.close()
        elsewhere = httpx.Client(base_url=server_a.url, cookies=browser.cookies, timeout=WAIT)
    else:
        browser = httpx.Client(timeout=httpx.Timeout(WAIT, read=60))
        stream = Stream(browser, f"{server_b.url}/api/v1/events", Authorization=f"Bearer {token}")
    try:
        assert not stream.ended.wait(2.5), "the stream ended before its credential did"
        if cut == "token revoked":
            revoked = httpx.delete(
                f"{server_a.url}/api/v1/auth/tokens/{token[:10]}",
                headers={"Authorization": f"Bearer {token}"},
                timeout=WAIT,
            )
            assert revoked.status_code == 204
        elif cut == "signed out":
            assert csrf_post(elsewhere, "/sign-out/").status_code == 302
        else:
            run_accord(
                env,
                "manage",
                "shell",
                "-c",
                "from accord.members.models import User; "
                f"User.objects.filter(username='{PERSON}').update(is_active=False)",
            )
        assert stream.ended.wait(WAIT), f"the stream stayed open after its {cut}"
        assert not bystander.ended.is_set()
    finally:
        for client in (browser, elsewhere, bystander_client):
            client.close()
        stream.thread.join(timeout=WAIT)
        bystander.thread.join(timeout=WAIT)
