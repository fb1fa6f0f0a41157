"""The bundle of an adopted text carries its place in the witnessed log (issue 13), and
`accord verify` checks it offline, played as the attacker: a tampered inclusion proof, a
checkpoint the log key did not sign, and too few cosignatures are each caught with the
check named."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest
from tlog_fixtures import make_witness, tick

from accord.domain import signing, tlog
from accord.ledger.trust import trust_document

WITNESSES = ("KAZ", "KGZ", "TJK")  # three of the four members: a majority


@pytest.fixture
def witnessed(region: Any, api: Any, adopted: Any, tmp_path: Any) -> dict[str, Any]:
    """The adopted text's bundle once three states' witnesses cosigned a checkpoint."""
    # Every witness key registered first: each registration grows the log.
    witnesses = [make_witness(region, api, tmp_path, state) for state in WITNESSES]
    for witness in witnesses:
        code, _, err = witness.run()
        assert code == 0, err
    response = api(region.head("KAZ")).get(f"/api/v1/documents/{adopted.public_id}/bundle")
    assert response.status_code == 200
    return response.json()


def verify(bundle: dict[str, Any]) -> Any:
    trust = signing.parse_trust_file(json.dumps(trust_document()))
    return signing.verify_bundle(json.dumps(bundle), trust=trust)


def test_the_bundle_proves_the_adoption_is_in_the_witnessed_log(witnessed):
    section = witnessed["ledger"]
    assert section["format"] == "accord-ledger-proof/1"
    assert [e["action"] for e in section["entries"]] == ["adoption.adopted"]
    assert len(section["cosignatures"]) == len(WITNESSES)
    assert section["quorum"] == 3  # a majority of the four adopting members
    report = verify(witnessed)
    assert report.ok, report.message
    held = {c.name: c.detail for c in report.checks}
    assert "cosigned by KAZ, KGZ, TJK (3 of 3 needed)" in held["ledger-proof"]


def test_before_a_checkpoint_covers_the_adoption_the_bundle_carries_no_proof(region, api, adopted):
    bundle = api(region.head("KAZ")).get(f"/api/v1/documents/{adopted.public_id}/bundle").json()
    assert "ledger" not in bundle  # a read publishes nothing
    tick()
    bundle = api(region.head("KAZ")).get(f"/api/v1/documents/{adopted.public_id}/bundle").json()
    assert verify(bundle).failed_check == "cosignature-quorum"  # nobody witnessed it yet


def test_a_tampered_inclusion_proof_is_caught(witnessed):
    forged = copy.deepcopy(witnessed)
    entry = forged["ledger"]["entries"][0]
    first = bytearray(base64.b64decode(entry["proof"][0]))
    first[0] ^= 1
    entry["proof"][0] = base64.b64encode(bytes(first)).decode()
    assert verify(forged).failed_check == "inclusion-proof"
    moved = copy.deepcopy(witnessed)
    moved["ledger"]["entries"][0]["seq"] -= 1  # another entry's place in the tree
    assert verify(moved).failed_check == "inclusion-proof"


def test_a_checkpoint_the_log_key_did_not_sign_is_caught(witnessed):
    body = tlog.parse_note(witnessed["ledger"]["checkpoint"]).body
    stated = tlog.parse_checkpoint(body)
    impostor = signing.generate_private_key()
    forged = copy.deepcopy(witnessed)
    # The host's own key, brought along in the bundle: the trust file does not pin it.
    note = tlog.sign_checkpoint(stated, stated.origin, impostor)
    forged["ledger"]["checkpoint"] = note.text()
    forged["ledger"]["log_key"] = base64.b64encode(
        signing.raw_public_key(impostor.public_key())
    ).decode()
    report = verify(forged)
    assert report.failed_check == "checkpoint-signature"
    assert "not signed by a pinned log key" in report.message


def test_too_few_cosignatures_are_caught_and_the_bundle_cannot_lower_the_bar(witnessed):
    short = copy.deepcopy(witnessed)
    short["ledger"]["cosignatures"] = short["ledger"]["cosignatures"][:2]
    short["ledger"]["quorum"] = 1
    report = verify(short)
    assert report.failed_check == "cosignature-quorum"
    assert report.message == "2 state(s) cosigned the checkpoint (KAZ, KGZ); 3 are needed"
    # The same state's cosignature twice counts once.
    doubled = copy.deepcopy(witnessed)
    lines = doubled["ledger"]["cosignatures"]
    doubled["ledger"]["cosignatures"] = [lines[0], lines[0], lines[0]]
    assert verify(doubled).failed_check == "cosignature-quorum"


def test_a_cosignature_by_an_unpinned_key_does_not_count(witnessed):
    forged = copy.deepcopy(witnessed)
    body = tlog.parse_note(forged["ledger"]["checkpoint"]).body
    origin = forged["ledger"]["origin"]
    impostor = signing.generate_private_key()
    fake = tlog.cosign(body, tlog.witness_name(origin, "UZB"), impostor, 1_700_000_000)
    forged["ledger"]["cosignatures"] = [*forged["ledger"]["cosignatures"][:2], fake.line()]
    raw = signing.raw_public_key(impostor.public_key())
    forged["ledger"]["witness_keys"].append(
        {"state": "UZB", "public_key": base64.b64encode(raw).decode()}
    )
    assert verify(forged).failed_check == "cosignature-quorum"


def test_a_bundle_stripped_of_its_ledger_section_fails_accord_verify(witnessed, tmp_path):
    """The host hands out the bundle without the section that convicts it: `accord verify`
    exits 1 naming `inclusion-proof`, against the trust file pinned from this platform."""
    import io

    from accord.negotiation.signing_cli import verify_command

    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps(trust_document()))
    path = tmp_path / "bundle.json"
    whole = signing.verify_bundle(
        json.dumps(witnessed), trust=signing.parse_trust_file(trust.read_text()),
        require_ledger_proof=True,
    )  # fmt: skip
    assert whole.failed_check in (None, "signature-missing")  # unsigned yet, but in the log
    stripped = {k: v for k, v in witnessed.items() if k != "ledger"}
    path.write_text(json.dumps(stripped))
    out, err = io.StringIO(), io.StringIO()
    assert verify_command(path, out, err, trust=trust, allow_unsigned=True) == 1
    assert err.getvalue().startswith("FAIL inclusion-proof: missing: the bundle carries no ledger")
    assert not any(line.startswith("OK") for line in out.getvalue().splitlines())
    path.write_text(json.dumps(witnessed))
    out, err = io.StringIO(), io.StringIO()
    assert verify_command(path, out, err, trust=trust, allow_unsigned=True) == 0, err.getvalue()
    assert "ok   ledger-proof: in the log of" in out.getvalue()
