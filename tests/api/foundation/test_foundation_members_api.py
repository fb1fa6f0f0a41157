"""`/me`, `/members`, `/members/{code}/keys`, `/healthz`, the OpenAPI document and the
ledger export through HTTP."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.db import connection

from accord.domain import ledger as chain
from accord.ledger.models import LedgerEntry, LedgerHead
from accord.members.models import SigningKey


def raw_key(seed: int) -> tuple[str, str]:
    """(base64 of a raw Ed25519 public key, its fingerprint)."""
    raw = (
        Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    digest = hashlib.sha256(raw).hexdigest()
    return base64.b64encode(raw).decode(), " ".join(digest[i : i + 4] for i in range(0, 64, 4))


def post_key(client, code: str, body: object):
    return client.post(f"/api/v1/members/{code}/keys", body, content_type="application/json")


def key_counts() -> tuple[int, int]:
    return SigningKey.objects.count(), LedgerEntry.objects.count()


# --- who am I, and the states -------------------------------------------------------------


def test_me_names_the_user_state_and_roles(region, api):
    response = api(region.chair).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "username": "chair",
        "full_name": "Chair Person",
        "state": {"code": "KAZ", "name": "Kazakhstan"},
        "role": "head",
        "roles": ["head", "chair"],
        "two_factor": False,
    }
    secretariat = api(region.secretariat).get("/api/v1/me").json()
    assert (secretariat["state"], secretariat["roles"]) == (None, ["secretariat"])
    duty = api(region.delegate("TJK")).get("/api/v1/me").json()
    assert duty["roles"] == ["delegate", "duty_officer"]


def test_members_lists_every_state_with_status(region, client):
    response = client.get("/api/v1/members")
    assert response.status_code == 200
    assert [(s["code"], s["status"]) for s in response.json()["items"]] == [
        ("KAZ", "member"),
        ("KGZ", "member"),
        ("MNG", "observer"),
        ("TJK", "member"),
        ("UNO", "dialogue_partner"),
        ("UZB", "member"),
    ]
    members = client.get("/api/v1/members", {"status": "observer"}).json()["items"]
    assert [s["code"] for s in members] == ["MNG"]


def test_a_state_reads_with_its_names_in_three_languages(region, client):
    response = client.get("/api/v1/members/kgz")
    assert response.status_code == 200
    assert response.json() == {
        "code": "KGZ",
        "name_en": "Kyrgyzstan",
        "name_zh": "吉尔吉斯斯坦",
        "name_ru": "Кыргызстан",
        "status": "member",
        "joined_on": "2001-06-15",
        "left_on": None,
        "key_fingerprints": [],
    }


def test_an_unknown_state_is_404(region, client):
    for path in ("/api/v1/members/XYZ", "/api/v1/members/XYZ/keys"):
        response = client.get(path)
        assert (response.status_code, response.json()) == (
            404,
            {"detail": "No state with code 'XYZ'.", "code": "not_found"},
        )


# --- signing keys --------------------------------------------------------------------------


def test_the_secretariat_registers_a_key_with_its_fingerprint(region, api):
    key, fingerprint = raw_key(1)
    before = LedgerEntry.objects.count()
    response = post_key(api(region.secretariat), "KAZ", {"public_key": key})
    assert response.status_code == 201
    body = response.json()
    assert (body["public_key"], body["fingerprint"], body["valid_until"]) == (
        key,
        fingerprint,
        None,
    )
    stored = SigningKey.objects.get()
    assert (stored.state_id, stored.fingerprint, stored.registered_by.username) == (
        "KAZ",
        fingerprint,
        "secretariat",
    )
    # api() issued a token (one entry), then the key (one entry).
    assert LedgerEntry.objects.count() == before + 2
    entry = LedgerEntry.objects.latest("seq")
    assert (entry.action, entry.visibility) == ("key.registered", "public")
    listed = api(None).get("/api/v1/members/KAZ/keys").json()["items"]
    assert [k["fingerprint"] for k in listed] == [fingerprint]
    assert api(None).get("/api/v1/members/KAZ").json()["key_fingerprints"] == [fingerprint]


def test_a_pem_key_is_accepted(region, api):
    private = Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32)
    pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    response = post_key(api(region.secretariat), "UZB", {"public_key": pem})
    assert response.status_code == 201
    assert response.json()["public_key"] == raw_key(7)[0]


def test_a_head_may_not_register_a_key_and_nothing_is_stored(region, api):
    client = api(region.head("KAZ"))
    before = key_counts()
    response = post_key(client, "KAZ", {"public_key": raw_key(1)[0]})
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Only the secretariat may register signing keys.", "code": "not_permitted"},
    )
    assert key_counts() == before


def test_an_anonymous_caller_may_not_register_a_key(region, client):
    before = key_counts()
    response = post_key(client, "KAZ", {"public_key": raw_key(1)[0]})
    assert response.status_code == 401
    assert key_counts() == before


X25519_PEM = (
    X25519PrivateKey.from_private_bytes(bytes([3]) * 32)
    .public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("not base64!", "not base64"),
        (base64.b64encode(b"\x01" * 31).decode(), "an Ed25519 public key is 32 bytes"),
        (X25519_PEM, "not an Ed25519 public key"),
        ("-----BEGIN PUBLIC KEY-----\ngarbage\n-----END PUBLIC KEY-----", None),
    ],
    ids=["not-base64", "31-bytes", "x25519", "bad-pem"],
)
def test_a_key_that_is_not_an_ed25519_public_key_is_422_and_nothing_is_stored(
    region, api, text, detail
):
    client = api(region.secretariat)
    before = key_counts()
    response = post_key(client, "KAZ", {"public_key": text})
    assert response.status_code == 422
    message = detail or "not a PEM public key"
    assert response.json() == {
        "detail": f"public_key: {message}.",
        "code": "invalid_input",
        "errors": [{"field": "public_key", "message": message[0].upper() + message[1:] + "."}],
    }
    assert key_counts() == before


def test_registering_a_key_for_an_unknown_state_is_404_and_nothing_is_stored(region, api):
    client = api(region.secretariat)
    before = key_counts()
    assert post_key(client, "XYZ", {"public_key": raw_key(1)[0]}).status_code == 404
    assert key_counts() == before


def test_the_same_key_twice_is_a_conflict(region, api):
    client = api(region.secretariat)
    assert post_key(client, "KAZ", {"public_key": raw_key(1)[0]}).status_code == 201
    before = key_counts()
    response = post_key(client, "KGZ", {"public_key": raw_key(1)[0]})
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "This key is already registered.", "code": "conflict"},
    )
    assert key_counts() == before


def test_rotation_ends_the_old_keys_validity_when_the_new_one_starts(region, api):
    client = api(region.secretariat)
    old, old_fingerprint = raw_key(1)
    new, new_fingerprint = raw_key(2)
    assert post_key(client, "KAZ", {"public_key": old}).status_code == 201
    response = post_key(client, "KAZ", {"public_key": new, "rotate": True})
    assert response.status_code == 201
    old_key = SigningKey.objects.get(fingerprint=old_fingerprint)
    new_key = SigningKey.objects.get(fingerprint=new_fingerprint)
    assert old_key.valid_until == new_key.valid_from
    assert not old_key.is_valid_at(new_key.valid_from)
    assert new_key.is_valid_at(new_key.valid_from)
    entry = LedgerEntry.objects.latest("seq")
    assert entry.payload["retired"] == [old_fingerprint]
    assert client.get("/api/v1/members/KAZ").json()["key_fingerprints"] == [new_fingerprint]
    listed = client.get("/api/v1/members/KAZ/keys").json()["items"]
    assert [k["fingerprint"] for k in listed] == [old_fingerprint, new_fingerprint]


def test_a_validity_that_ends_before_it_starts_is_422(region, api):
    client = api(region.secretariat)
    before = key_counts()
    response = post_key(
        client,
        "KAZ",
        {
            "public_key": raw_key(1)[0],
            "valid_from": "2030-01-02T00:00:00Z",
            "valid_until": "2030-01-01T00:00:00Z",
        },
    )
    assert (response.status_code, response.json()) == (
        422,
        {
            "detail": "valid_until: a key's validity ends after it starts.",
            "code": "invalid_input",
            "errors": [
                {"field": "valid_until", "message": "A key's validity ends after it starts."}
            ],
        },
    )
    assert key_counts() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "public_key"),
        ({"public_key": ""}, "public_key"),
        ({"public_key": raw_key(1)[0], "valid_from": "yesterday"}, "valid_from"),
        ({"public_key": raw_key(1)[0], "rotate": "perhaps"}, "rotate"),
        ({"public_key": ["a", "list"]}, "public_key"),
    ],
)
def test_malformed_fields_are_422_naming_the_field(region, api, body, field):
    client = api(region.secretariat)
    before = key_counts()
    response = post_key(client, "KAZ", body)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert key_counts() == before


def test_malformed_json_is_refused_and_nothing_is_stored(region, api):
    client = api(region.secretariat)
    before = key_counts()
    response = client.post(
        "/api/v1/members/KAZ/keys", '{"public_key": ', content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The body is not valid JSON.",
        "code": "json_invalid",
        "errors": [{"field": "body", "message": "The body is not valid JSON."}],
    }
    assert key_counts() == before


def test_a_json_body_that_is_not_an_object_is_422_naming_the_field(region, api):
    client = api(region.secretariat)
    before = key_counts()
    response = client.post("/api/v1/members/KAZ/keys", "null", content_type="application/json")
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["body"]
    assert key_counts() == before


# --- health, OpenAPI, ledger -------------------------------------------------------------


def test_healthz_reports_the_database(db, client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": connection.vendor},
    )


def test_the_openapi_document_describes_the_foundation(db, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/me",
        "/api/v1/members",
        "/api/v1/members/{code}",
        "/api/v1/members/{code}/keys",
        "/api/v1/auth/token",
        "/api/v1/ledger/export",
        "/api/v1/ledger/verify",
        "/api/v1/ledger/head",
        "/api/v1/ledger/log-key",
        "/api/v1/trust",
    ):
        assert path in paths
    assert set(paths["/api/v1/members/{code}/keys"]) == {"get", "post"}


def test_the_ledger_export_redacts_what_the_caller_may_not_see_and_still_verifies(region, api):
    client = api(region.delegate("TJK"))
    response = client.get("/api/v1/ledger/export")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    *lines, trailer = [
        json.loads(line) for line in b"".join(response.streaming_content).splitlines()
    ]
    assert trailer["trailer"] == "accord-ledger-export/1"  # see test_ledger_export_trailer.py
    rows = {row.seq: row for row in LedgerEntry.objects.all()}
    assert [line["seq"] for line in lines] == sorted(rows)
    shown = {line["seq"] for line in lines if "body" in line}
    hidden = {line["seq"] for line in lines if "body" not in line}
    kaz_people = {
        s for s, r in rows.items() if r.object_type == "members.user" and r.owner_state == "KAZ"
    }
    tjk_people = {
        s for s, r in rows.items() if r.object_type == "members.user" and r.owner_state == "TJK"
    }
    assert kaz_people and kaz_people <= hidden
    assert tjk_people and tjk_people <= shown
    assert hidden == {
        s for s, r in rows.items() if r.visibility == "delegation" and r.owner_state != "TJK"
    }
    entries = [chain.Entry.from_json(line) for line in lines]
    report = chain.verify_chain(entries)
    assert report.ok
    assert report.head_hash == LedgerHead.objects.get(id=1).entry_hash


def test_the_ledger_verify_endpoint_reports_a_sound_chain(region, api):
    response = api(region.observer).get("/api/v1/ledger/verify")
    assert response.status_code == 200
    head = LedgerHead.objects.get(id=1)
    assert response.json() == {
        "ok": True,
        "entries_checked": head.seq,
        "head_hash": head.entry_hash,
        "failed_entry": None,
        "failed_check": None,
        "message": None,
    }


def test_the_ledger_verify_endpoint_names_a_changed_entry(region, api):
    client = api(region.delegate("KGZ"))
    LedgerEntry.objects.filter(seq=2).update(action="state.expelled")  # KAZ admitted: public
    body = client.get("/api/v1/ledger/verify").json()
    assert (body["ok"], body["failed_entry"], body["failed_check"]) == (False, 2, "body-digest")


def test_a_changed_body_the_caller_may_not_see_is_left_to_those_who_may(region, api):
    # Entry 4 adds kaz-delegate: KAZ's delegation only. KGZ checks its link, not its body.
    LedgerEntry.objects.filter(seq=4).update(actor="impostor")
    kgz = api(region.delegate("KGZ")).get("/api/v1/ledger/verify").json()
    kaz = api(region.delegate("KAZ")).get("/api/v1/ledger/verify").json()
    assert kgz["ok"] is True
    assert (kaz["ok"], kaz["failed_entry"], kaz["failed_check"]) == (False, 4, "body-digest")


def test_the_ledger_needs_a_signed_in_caller(region, client):
    assert client.get("/api/v1/ledger/export").status_code == 401
    assert client.get("/api/v1/ledger/verify").status_code == 401
