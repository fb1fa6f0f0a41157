"""`/api/v1/auth/passkeys` (issue 12, DESIGN §5): registering, listing and removing a
person's passkeys, with real attestation bytes from a software authenticator
(`fixtures.passkeys`) verified by py_webauthn — and what an attacker's answers get: 400 or
404, and nothing stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accord.ledger.models import LedgerEntry
from accord.members.models import Passkey, PasskeyChallenge
from accord.members.sign_in import SESSION_VERIFIED_KEY
from fixtures.passkeys import SoftAuthenticator

ORIGIN = "http://testserver"  # the test client's origin: the expected one by default
NO_CHALLENGE = (
    "That passkey answer is not for a challenge this site gave you, or the challenge was "
    "already used or has expired. Try again."
)


def browser(user) -> Client:
    """A signed-in browser session whose second factor was given."""
    client = Client()
    client.force_login(user, backend="accord.members.backends.AccordBackend")
    session = client.session
    session[SESSION_VERIFIED_KEY] = True
    session.save()
    return client


def options(client: Client) -> dict:
    response = client.post("/api/v1/auth/passkeys/options")
    assert response.status_code == 200, response.content
    return response.json()["public_key"]


def register(client: Client, credential: dict, name: str = "Laptop"):
    return client.post(
        "/api/v1/auth/passkeys", {"name": name, "credential": credential},
        content_type="application/json",
    )  # fmt: skip


def stored() -> tuple[int, int]:
    return Passkey.objects.count(), LedgerEntry.objects.count()


def test_a_head_registers_a_passkey_and_lists_it(region):
    head = region.head("KAZ")
    client = browser(head)
    opts = options(client)
    assert opts["rp"] == {"id": "localhost", "name": "Accord"}
    assert opts["user"]["name"] == "kaz-head"
    authenticator = SoftAuthenticator()
    response = register(client, authenticator.register(opts, ORIGIN))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Laptop" and body["id"].startswith("pkey_")
    assert body["transports"] == ["internal"] and body["last_used_at"] is None
    key = Passkey.objects.get()
    assert key.user == head and key.sign_count == 0 and key.public_id == body["id"]
    assert bytes(key.public_key) == authenticator.cose_key()
    entry = LedgerEntry.objects.filter(action="passkey.registered").get()
    assert entry.owner_state == "KAZ" and entry.visibility == "delegation"
    assert entry.payload == {"user": "kaz-head", "passkey": body["id"], "name": "Laptop"}
    listed = client.get("/api/v1/auth/passkeys").json()["items"]
    assert [p["id"] for p in listed] == [body["id"]]
    challenge = PasskeyChallenge.objects.get()
    assert challenge.used_at is not None and challenge.purpose == "register"
    # The next options exclude the passkey already registered.
    assert [c["id"] for c in options(client)["excludeCredentials"]] == [key.credential_id]


def test_the_list_is_the_callers_own_even_with_a_bearer_token(region, api):
    client = browser(region.head("KAZ"))
    register(client, SoftAuthenticator().register(options(client), ORIGIN))
    assert len(api(region.head("KAZ")).get("/api/v1/auth/passkeys").json()["items"]) == 1
    assert api(region.delegate("KAZ")).get("/api/v1/auth/passkeys").json()["items"] == []
    assert api(region.head("TJK")).get("/api/v1/auth/passkeys").json()["items"] == []


def test_a_replayed_challenge_is_refused_and_nothing_is_stored(region):
    client = browser(region.head("KAZ"))
    opts = options(client)
    assert register(client, SoftAuthenticator().register(opts, ORIGIN)).status_code == 201
    before = stored()
    response = register(client, SoftAuthenticator().register(opts, ORIGIN))
    assert response.status_code == 400
    assert response.json() == {"detail": NO_CHALLENGE, "code": "passkey_refused",
                               "errors": [{"field": None, "message": NO_CHALLENGE}]}  # fmt: skip
    assert stored() == before


@pytest.mark.parametrize(
    "spoil",
    ["wrong challenge", "other origin", "other rp id", "expired", "another person's challenge"],
)
def test_a_bad_answer_is_refused_with_400_and_nothing_is_stored(region, spoil):
    client = browser(region.head("KAZ"))
    opts = options(client)
    origin, rp_id = ORIGIN, None
    if spoil == "wrong challenge":
        opts = {**opts, "challenge": "A" * 43}
    elif spoil == "other origin":
        origin = "https://accord.example.evil"
    elif spoil == "other rp id":
        rp_id = "example.evil"
    elif spoil == "expired":
        PasskeyChallenge.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    else:
        opts = options(browser(region.head("KGZ")))  # KGZ's challenge, answered by KAZ
    credential = SoftAuthenticator().register(opts, origin, rp_id=rp_id)
    before = stored()
    response = register(client, credential)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "passkey_refused"
    assert stored() == before
    assert PasskeyChallenge.objects.filter(used_at__isnull=False).count() == 0


@pytest.mark.parametrize(
    "credential",
    [{}, {"id": "x", "rawId": "x", "type": "public-key", "response": {}},
     {"id": "AAAA", "rawId": "AAAA", "type": "public-key",
      "response": {"clientDataJSON": "bm90IGpzb24", "attestationObject": "AAAA"}}],
)  # fmt: skip
def test_a_malformed_credential_is_refused_with_400(region, credential):
    client = browser(region.head("KAZ"))
    options(client)
    before = stored()
    response = register(client, credential)
    assert response.status_code == 400
    assert response.json()["detail"] == "That passkey answer is not a WebAuthn credential."
    assert stored() == before


def test_a_bearer_token_cannot_add_a_passkey(region, api):
    client = api(region.head("KAZ"))
    before = stored()
    assert client.post("/api/v1/auth/passkeys/options").status_code == 401
    assert PasskeyChallenge.objects.count() == 0
    credential = SoftAuthenticator().register(options(browser(region.head("KAZ"))), ORIGIN)
    assert register(client, credential).status_code == 401
    assert stored() == before


def test_a_session_without_its_second_factor_cannot_add_a_passkey(region):
    client = Client()
    client.force_login(region.head("KAZ"), backend="accord.members.backends.AccordBackend")
    assert client.post("/api/v1/auth/passkeys/options").status_code == 401
    assert PasskeyChallenge.objects.count() == 0


def test_a_person_removes_their_passkey(region, api):
    client = browser(region.head("KAZ"))
    made = register(client, SoftAuthenticator().register(options(client), ORIGIN)).json()
    response = api(region.head("KAZ")).delete(f"/api/v1/auth/passkeys/{made['id']}")
    assert response.status_code == 204
    assert Passkey.objects.count() == 0
    entry = LedgerEntry.objects.filter(action="passkey.removed").get()
    assert entry.owner_state == "KAZ" and entry.payload["passkey"] == made["id"]


@pytest.mark.parametrize("attacker", ["tjk-head", "kaz-delegate", "secretariat"])
def test_someone_elses_passkey_is_absent_to_them(region, api, attacker):
    client = browser(region.head("KAZ"))
    made = register(client, SoftAuthenticator().register(options(client), ORIGIN)).json()
    intruder = api(region.people[attacker])
    before = stored()
    assert intruder.get("/api/v1/auth/passkeys").json()["items"] == []
    response = intruder.delete(f"/api/v1/auth/passkeys/{made['id']}")
    assert response.status_code == 404
    absent = intruder.delete("/api/v1/auth/passkeys/pkey_" + "a" * 26)
    assert absent.status_code == 404 and absent.json() == response.json()
    assert stored() == before
