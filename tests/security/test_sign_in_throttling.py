"""Sign-in throttling as an attacker tries it (issue 11).

- Behind a proxy, the address is the one the trusted proxy appended to `X-Forwarded-For`:
  an attacker who writes his own entries to the left does not escape the count.
- An attacker's failures from one address do not lock the account's owner out: the owner
  signs in from another, slowed down a bounded time, never refused — on the API's token
  endpoint and on the web sign-in page alike.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from accord.members.models import ApiToken, SignInFailure
from accord.members.throttle import client_address

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.2"
ATTACKER = "203.0.113.9"
OWNER = "198.51.100.20"
THROTTLED = {
    "detail": "Too many failed sign-ins. Wait a few minutes and try again.",
    "code": "throttled",
}


@pytest.fixture
def behind_proxy(settings: Any) -> Any:
    settings.ACCORD_BEHIND_PROXY_FLAG = True
    settings.ACCORD_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/24"]
    settings.ACCORD_SIGN_IN_SLOWDOWN_SECONDS = 0.01
    return settings


def ask_token(client: Client, username: str, password: str = PASSWORD, **meta: str) -> Any:
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        **meta,
    )


def sign_in_page(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("members:sign-in"), {"username": username, "password": password})


def test_the_address_is_the_one_the_trusted_proxy_appended(behind_proxy):
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"1.2.3.4, 127.0.0.1, {ATTACKER}"}
    assert client_address(meta) == ATTACKER
    # Two trusted proxies in a row: the client is left of both.
    meta["HTTP_X_FORWARDED_FOR"] = f"6.6.6.6, {ATTACKER}, 10.0.0.7"
    assert client_address(meta) == ATTACKER
    # A peer that is no trusted proxy is the client, whatever it writes in the header.
    assert client_address({"REMOTE_ADDR": ATTACKER, "HTTP_X_FORWARDED_FOR": "10.0.0.9"}) == (
        ATTACKER
    )
    behind_proxy.ACCORD_BEHIND_PROXY_FLAG = False
    assert client_address({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ATTACKER}) == PROXY


def test_a_spoofed_forwarded_for_does_not_escape_the_address_limit(region, behind_proxy):
    behind_proxy.ACCORD_SIGN_IN_MAX_FAILURES = 2  # an address over all accounts: 8
    proxy = Client(REMOTE_ADDR=PROXY)
    victims = [u for u in region.people if u != "uzb-delegate"][:8]
    for number, username in enumerate(victims):
        forged = f"192.0.2.{number}, {ATTACKER}"  # the client's own entry, then the proxy's
        response = ask_token(proxy, username, "wrong", HTTP_X_FORWARDED_FOR=forged)
        assert response.status_code == 401
    assert set(SignInFailure.objects.values_list("address", flat=True)) == {ATTACKER}
    tokens = ApiToken.objects.count()
    response = ask_token(proxy, "uzb-delegate", HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ATTACKER}")
    assert (response.status_code, response.json()) == (429, THROTTLED)
    assert ApiToken.objects.count() == tokens


def test_an_attackers_failures_do_not_lock_the_owner_out_of_the_api(region, behind_proxy):
    attacker, owner = Client(REMOTE_ADDR=ATTACKER), Client(REMOTE_ADDR=OWNER)
    for _ in range(5):
        assert ask_token(attacker, "kgz-delegate", "wrong").status_code == 401
    # The attacker is refused from his address, even with the right password …
    response = ask_token(attacker, "kgz-delegate")
    assert (response.status_code, response.json()) == (429, THROTTLED)
    assert ApiToken.objects.filter(user__username="kgz-delegate").count() == 0
    # … and the owner signs in from hers.
    assert ask_token(owner, "kgz-delegate").status_code == 201
    # Her sign-in does not wipe the attacker's count: he is still refused.
    assert ask_token(attacker, "kgz-delegate").status_code == 429


def test_an_attackers_failures_do_not_lock_the_owner_out_of_the_web(region, behind_proxy):
    attacker, owner = Client(REMOTE_ADDR=ATTACKER), Client(REMOTE_ADDR=OWNER)
    for _ in range(5):
        assert sign_in_page(attacker, "kgz-delegate", "wrong").status_code == 200
    refused = sign_in_page(attacker, "kgz-delegate")
    assert refused.status_code == 200
    assert "Too many failed sign-ins" in refused.content.decode()
    assert "_auth_user_id" not in attacker.session
    signed_in = sign_in_page(owner, "kgz-delegate")
    assert signed_in.status_code == 302
    assert owner.session["_auth_user_id"] == str(region.delegate("KGZ").pk)


def test_failures_from_many_addresses_slow_the_account_down_within_a_bound(region, settings):
    from accord.members.throttle import account_delay

    settings.ACCORD_SIGN_IN_SLOWDOWN_SECONDS = 0.25
    settings.ACCORD_SIGN_IN_MAX_DELAY_SECONDS = 1.0
    for number in range(5):
        ask_token(Client(REMOTE_ADDR=f"203.0.113.{number}"), "kgz-delegate", "wrong")
    assert account_delay("kgz-delegate") == 0.25
    for number in range(5, 12):
        ask_token(Client(REMOTE_ADDR=f"203.0.113.{number}"), "kgz-delegate", "wrong")
    assert account_delay("kgz-delegate") == 1.0  # bounded, however many failures
    assert account_delay("tjk-delegate") == 0.0  # other accounts are not slowed
    started = time.monotonic()
    assert ask_token(Client(REMOTE_ADDR=OWNER), "kgz-delegate").status_code == 201
    assert time.monotonic() - started >= 1.0


def test_a_trusted_proxy_that_is_not_an_address_stops_start_up(monkeypatch):
    from accord.site import config

    monkeypatch.setenv("ACCORD_TRUSTED_PROXIES", "10.0.0.0/24,proxy.internal")
    with pytest.raises(ImproperlyConfigured, match=r"ACCORD_TRUSTED_PROXIES: 'proxy\.internal'"):
        config.networks("ACCORD_TRUSTED_PROXIES", [])
