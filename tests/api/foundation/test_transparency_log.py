"""The ledger as a transparency log (issue 13): signed checkpoints, proofs, and the states'
cosignatures — each bad cosignature refused with its reason and nothing stored."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone
from tlog_fixtures import b64, make_witness, tick

from accord.domain import tlog
from accord.ledger.models import LedgerCheckpoint, LedgerCosignature, LedgerEntry, LedgerHead
from accord.members.models import SigningKey
from accord.notifications import hotline


def log_key(client) -> bytes:
    return base64.b64decode(client.get("/api/v1/ledger/log-key").json()["public_key"])


def checkpoint(client) -> str:
    tick()  # checkpoints are published by `accord tick`, never by a read
    response = client.get("/api/v1/ledger/checkpoint")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def leaves() -> list[bytes]:
    return [bytes.fromhex(h) for h in LedgerEntry.objects.values_list("entry_hash", flat=True)]


def test_the_checkpoint_is_a_c2sp_signed_note_by_the_log_key(region, api):
    client = api(region.delegate("TJK"))
    note = checkpoint(client)
    body, signature_line = note.split("\n\n")
    size = LedgerHead.objects.get(id=1).seq
    root = tlog.root_of(leaves())[1]
    assert body == f"{settings.ACCORD_ORIGIN}\n{size}\n{b64(root)}"
    dash, name, raw = signature_line.rstrip("\n").split(" ")
    assert (dash, name) == ("\u2014", settings.ACCORD_ORIGIN)
    signature = base64.b64decode(raw)
    public = log_key(client)
    key_id = hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4]
    assert signature[:4] == key_id and len(signature) == 68

    Ed25519PublicKey.from_public_bytes(public).verify(signature[4:], (body + "\n").encode())
    assert checkpoint(client) == note  # the tree did not grow: the same checkpoint
    assert LedgerCheckpoint.objects.count() == 1


def test_reading_the_checkpoint_writes_nothing(region, api):
    """A GET is a read (issue 13): the tree grows, the GET answers the checkpoint last
    published, and only `accord tick` publishes the next."""
    from accord.site.ticks import run_due

    client = api(region.delegate("TJK"))
    assert client.get("/api/v1/ledger/checkpoint").status_code == 404  # none published yet
    assert LedgerCheckpoint.objects.count() == 0
    note = checkpoint(client)
    hotline.send_hotline_message(actor=region.head("KAZ"), to_state="KGZ", body="Call us.")
    rows = LedgerCheckpoint.objects.count()
    for _ in range(3):
        assert client.get("/api/v1/ledger/checkpoint").content.decode() == note
    assert LedgerCheckpoint.objects.count() == rows
    size = LedgerHead.objects.get(id=1).seq
    assert f"ledger: checkpoint of {size} entries published" in run_due()
    grown = client.get("/api/v1/ledger/checkpoint").content.decode()
    assert grown != note and f"\n{size}\n" in grown
    assert not [line for line in run_due() if line.startswith("ledger:")]  # nothing new


def test_every_entry_has_an_inclusion_proof_that_verifies_against_the_checkpoint(region, api):
    client = api(region.delegate("TJK"))
    root = tlog.parse_checkpoint(checkpoint(client).split("\n\n")[0] + "\n").root
    hashes = leaves()
    size = len(hashes)
    for seq in range(1, size + 1):
        answer = client.get(f"/api/v1/ledger/proof/inclusion?seq={seq}&size={size}").json()
        assert answer["entry_hash"] == hashes[seq - 1].hex() and answer["leaf_index"] == seq - 1
        proof = [base64.b64decode(p) for p in answer["proof"]]
        assert tlog.verify_inclusion(seq - 1, size, tlog.leaf_hash(hashes[seq - 1]), proof, root)


def test_a_consistency_proof_links_two_checkpoints(region, api):
    client = api(region.delegate("TJK"))
    old = tlog.parse_checkpoint(checkpoint(client).split("\n\n")[0] + "\n")
    for body in ("one", "two", "three"):
        hotline.send_hotline_message(actor=region.delegate("KAZ"), to_state="KGZ", body=body)
    new = tlog.parse_checkpoint(checkpoint(client).split("\n\n")[0] + "\n")
    answer = client.get(f"/api/v1/ledger/proof/consistency?from={old.size}&to={new.size}")
    assert answer.status_code == 200 and answer.json()["from"] == old.size
    proof = [base64.b64decode(p) for p in answer.json()["proof"]]
    assert tlog.verify_consistency(old.size, new.size, old.root, new.root, proof)


@pytest.mark.parametrize(
    "query",
    [
        "inclusion?seq=0&size=5",
        "inclusion?seq=6&size=5",
        "inclusion?seq=1&size={beyond}",
        "inclusion?seq=1&size=99999999999999999999999",
        "inclusion?seq=x&size=1",
        "consistency?from=0&to=3",
        "consistency?from=4&to=3",
        "consistency?from=1&to={beyond}",
        "consistency?from=1&to=-1",
    ],
)
def test_a_proof_beyond_the_tree_or_malformed_is_422(region, api, query):
    client = api(region.delegate("TJK"))
    beyond = LedgerHead.objects.get(id=1).seq + 1
    response = client.get("/api/v1/ledger/proof/" + query.format(beyond=beyond))
    assert response.status_code == 422, response.content


def test_a_witness_cosigns_and_the_checkpoint_is_published_with_it(region, api, tmp_path):
    kaz = make_witness(region, api, tmp_path, "KAZ")
    tjk = api(region.delegate("TJK"))
    code, out, err = kaz.run()
    assert (code, err) == (0, "")
    assert "KAZ verified and cosigned the tree of" in out
    listed = tjk.get("/api/v1/ledger/checkpoints").json()["items"]
    assert [c["state"] for c in listed[0]["cosignatures"]] == ["KAZ"]
    cosignature = tlog.parse_cosignature(listed[0]["cosignatures"][0]["line"])
    body = listed[0]["note"].split("\n\n")[0] + "\n"
    assert tlog.cosignature_valid(body, cosignature, kaz.key.public_key())
    assert abs(cosignature.timestamp - time.time()) < 60
    assert kaz.run()[1].startswith("nothing new")


def submit(client, note: str, line: str):
    return client.post(
        "/api/v1/ledger/cosignatures",
        data=json.dumps({"checkpoint": note, "cosignature": line}),
        content_type="application/json",
    )


def cosignature_line(note: str, key, state: str, *, at: int | None = None) -> str:
    body = note.split("\n\n")[0] + "\n"
    name = tlog.witness_name(settings.ACCORD_ORIGIN, state)
    return tlog.cosign(body, name, key, at or int(time.time())).line().rstrip("\n")


def refused(response, status: int, reason: str) -> None:
    assert response.status_code == status, response.content
    assert reason in json.dumps(response.json())


def test_bad_cosignatures_are_refused_with_the_reason_and_nothing_stored(region, api, tmp_path):
    kaz = make_witness(region, api, tmp_path, "KAZ")
    note = checkpoint(kaz.client)
    good = cosignature_line(note, kaz.key, "KAZ")
    stranger = tlog.cosign(
        note.split("\n\n")[0] + "\n",
        tlog.witness_name(settings.ACCORD_ORIGIN, "KAZ"),
        Ed25519PrivateKey.generate(),
        int(time.time()),
    )
    size = tlog.parse_checkpoint(note.split("\n\n")[0] + "\n").size
    unknown = f"{settings.ACCORD_ORIGIN}\n{size}\n{b64(bytes(32))}\n"
    parsed = tlog.parse_cosignature(good)
    flipped = bytes([parsed.signature[0] ^ 1]) + parsed.signature[1:]
    forged = tlog.Cosignature(parsed.name, parsed.key_id, parsed.timestamp, flipped).line()
    cases = [
        (submit(kaz.client, unknown, good), 422, "never published a checkpoint"),
        (submit(kaz.client, note, stranger.line().rstrip()), 422, "no key registered for KAZ"),
        (submit(kaz.client, note, forged.rstrip()), 422, "does not verify"),
        (submit(kaz.client, note, "\u2014 x"), 422, "not a signature line"),
        (submit(api(region.head("KGZ")), note, good), 403, "Only KAZ's own people"),
        (
            submit(kaz.client, note, cosignature_line(note, kaz.key, "KAZ", at=2**40)),
            422,
            "in the future",
        ),
    ]
    for response, status, reason in cases:
        refused(response, status, reason)
    assert LedgerCosignature.objects.count() == 0
    assert submit(kaz.client, note, good).status_code == 201
    refused(submit(kaz.client, note, good), 409, "has already cosigned")  # a replay
    assert LedgerCosignature.objects.count() == 1


def test_a_cosignature_by_a_retired_key_is_refused(region, api, tmp_path):
    kaz = make_witness(region, api, tmp_path, "KAZ")
    SigningKey.objects.filter(state_id="KAZ").update(
        valid_until=timezone.now() - timedelta(seconds=1)
    )
    note = checkpoint(kaz.client)
    refused(submit(kaz.client, note, cosignature_line(note, kaz.key, "KAZ")), 422, "retired")
    assert LedgerCosignature.objects.count() == 0
