"""Passkeys as the second factor at sign-in (issue 12), through the pages: after the
password a person with a passkey is asked for it; a real assertion (software authenticator,
`fixtures.passkeys`, verified by py_webauthn) signs them in. The attacker's answers — a
replayed challenge, another person's credential, a lower sign count — are refused and nobody
is signed in. Codes stay a fallback unless the state's head turns them off."""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from accord.domain.errors import NotPermitted
from accord.ledger.models import LedgerEntry
from accord.members import passkeys
from accord.members.models import Passkey
from accord.members.sign_in import SESSION_VERIFIED_KEY
from fixtures.passkeys import SoftAuthenticator

PASSWORD = "correct horse battery staple"  # the region fixture's password
ORIGIN = "http://testserver"


def with_passkey(user) -> SoftAuthenticator:
    authenticator = SoftAuthenticator()
    options = passkeys.registration_options(user=user)
    passkeys.register_passkey(
        user=user, credential=authenticator.register(options, ORIGIN), name="Key", origins=[ORIGIN]
    )
    return authenticator


def with_totp(user) -> pyotp.TOTP:
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    return pyotp.TOTP(user.totp_secret)


def password_step(client: Client, username: str) -> dict:
    """Give the password; the answer must be the passkey step, whose options are returned."""
    response = client.post("/sign-in/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/sign-in/passkey/"
    page = client.get("/sign-in/passkey/")
    assert page.status_code == 200
    return page.context["options"]


def answer(client: Client, credential: dict):
    import json

    return client.post("/sign-in/passkey/", {"credential": json.dumps(credential)})


def pages_of(user) -> Client:
    """A browser signed in with every factor given."""
    client = Client()
    client.force_login(user, backend="accord.members.backends.AccordBackend")
    session = client.session
    session[SESSION_VERIFIED_KEY] = True
    session.save()
    return client


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session and bool(client.session.get(SESSION_VERIFIED_KEY))


def test_a_head_signs_in_with_password_and_passkey(region):
    head = region.head("KAZ")
    with_totp(head)
    authenticator = with_passkey(head)
    client = Client()
    options = password_step(client, "kaz-head")
    assert [c["id"] for c in options["allowCredentials"]] == [Passkey.objects.get().credential_id]
    response = answer(client, authenticator.assert_(options, ORIGIN))
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in(client)
    key = Passkey.objects.get()
    assert key.sign_count == 1 and key.last_used_at is not None
    assert client.get("/api/v1/me").json()["username"] == "kaz-head"


def test_a_delegate_with_a_passkey_is_asked_for_it_too(region):
    authenticator = with_passkey(region.delegate("KGZ"))
    client = Client()
    options = password_step(client, "kgz-delegate")
    assert not signed_in(client) and "_auth_user_id" not in client.session
    assert answer(client, authenticator.assert_(options, ORIGIN))["Location"] == "/"


def test_a_replayed_assertion_is_refused(region):
    head = region.head("KAZ")
    authenticator = with_passkey(head)
    first = Client()
    options = password_step(first, "kaz-head")
    credential = authenticator.assert_(options, ORIGIN)
    assert answer(first, credential).status_code == 302
    thief = Client()
    password_step(thief, "kaz-head")
    response = answer(thief, credential)  # the same bytes again: its challenge is spent
    assert response.status_code == 200 and "Those sign-in details are not valid." in response.text
    assert not signed_in(thief) and "_auth_user_id" not in thief.session
    assert Passkey.objects.get().sign_count == 1


def test_an_assertion_by_another_persons_passkey_is_refused(region):
    with_passkey(region.head("KAZ"))
    other = with_passkey(region.head("KGZ"))
    client = Client()
    options = password_step(client, "kaz-head")
    response = answer(client, other.assert_(options, ORIGIN))  # KGZ's key, KAZ's challenge
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert Passkey.objects.get(user__username="kgz-head").sign_count == 0


@pytest.mark.parametrize("count", [3, 2])
def test_a_sign_count_that_does_not_grow_is_refused(region, count):
    """A cloned authenticator shows itself by a count at or below the one last seen."""
    authenticator = with_passkey(region.head("KAZ"))
    Passkey.objects.update(sign_count=3)
    client = Client()
    options = password_step(client, "kaz-head")
    response = answer(client, authenticator.assert_(options, ORIGIN, count=count))
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert Passkey.objects.get().sign_count == 3


@pytest.mark.parametrize("spoil", ["other origin", "garbage"])
def test_a_phished_or_malformed_assertion_is_refused(region, spoil):
    authenticator = with_passkey(region.head("KAZ"))
    client = Client()
    options = password_step(client, "kaz-head")
    if spoil == "garbage":
        response = client.post("/sign-in/passkey/", {"credential": "{not json"})
    else:
        response = answer(client, authenticator.assert_(options, "https://accord.example.evil"))
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert Passkey.objects.get().last_used_at is None


def test_codes_stay_a_fallback_until_the_head_turns_them_off(region):
    head = region.head("KAZ")
    totp = with_totp(head)
    with_passkey(head)
    client = Client()
    password_step(client, "kaz-head")
    assert 'id="use-code"' in client.get("/sign-in/passkey/").text
    assert client.post("/sign-in/code/", {"code": totp.now()})["Location"] == "/"

    before = LedgerEntry.objects.count()
    with pytest.raises(NotPermitted):
        passkeys.set_totp_fallback(actor=region.delegate("KAZ"), allowed=False)
    assert LedgerEntry.objects.count() == before
    head_page = pages_of(head)
    assert head_page.post("/account/passkeys-fallback/", {"allowed": "0"}).status_code == 302
    entry = LedgerEntry.objects.get(action="state.totp_fallback_changed")
    assert entry.owner_state == "KAZ" and entry.payload == {"state": "KAZ", "totp_fallback": False}

    later = Client()
    password_step(later, "kaz-head")
    assert 'id="use-code"' not in later.get("/sign-in/passkey/").text
    refused = later.post("/sign-in/code/", {"code": totp.at(timezone.now().timestamp() + 30)})
    assert refused["Location"] == "/sign-in/passkey/"
    assert "_auth_user_id" not in later.session


def test_someone_elses_passkey_cannot_be_removed_from_the_account_page(region):
    with_passkey(region.head("KAZ"))
    key = Passkey.objects.get()
    intruder = pages_of(region.head("TJK"))
    assert intruder.post(f"/account/passkeys/{key.public_id}/remove/").status_code == 404
    assert Passkey.objects.filter(pk=key.pk).exists()
    owner = pages_of(region.head("KAZ"))
    page = owner.get("/account/")
    assert "Passkeys" in page.text and key.name in page.text
    assert owner.post(f"/account/passkeys/{key.public_id}/remove/").status_code == 302
    assert not Passkey.objects.exists()
