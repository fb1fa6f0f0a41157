"""The bundle's ledger proof as a pure rule (issue 13): each check named when it fails."""

from __future__ import annotations

import hashlib

import pytest

from accord.domain import signing, tlog

ORIGIN = "accord.example"
STATES = ("KAZ", "KGZ", "TJK", "UZB")


def _world(cosigners: tuple[str, ...]) -> tuple[dict, list, dict]:
    tree = tlog.MemoryTree()
    hashes = [hashlib.sha256(bytes([n])).digest() for n in range(7)]
    for h in hashes:
        tree.append(h)
    log = signing.generate_private_key()
    note = tlog.sign_checkpoint(tlog.Checkpoint(ORIGIN, 7, tree.root()), ORIGIN, log)
    body = tlog.parse_note(note.text()).body
    keys = {s: signing.generate_private_key() for s in STATES}
    lines = [
        tlog.cosign(body, tlog.witness_name(ORIGIN, s), keys[s], 1_700_000_000).line()
        for s in cosigners
    ]
    entry = tlog.ProvenEntry(
        5, "adoption.adopted", hashes[4].hex(), tuple(tree.inclusion_proof(4, 7))
    )
    section = tlog.ledger_section(
        origin=ORIGIN, log_key=b"\0" * 32, witness_keys=[], checkpoint_note=note.text(),
        cosignature_lines=lines, entries=[entry], quorum=1,
    )  # fmt: skip
    witness = {s: [keys[s].public_key()] for s in STATES}
    return section, [log.public_key()], witness


def test_a_majority_is_more_than_half():
    assert [tlog.majority(n) for n in (1, 2, 3, 4, 5)] == [1, 2, 2, 3, 3]


def test_three_of_four_cosigners_hold_and_two_do_not_whatever_the_bundle_says():
    section, log_keys, witness = _world(("KAZ", "KGZ", "TJK"))
    held = tlog.verify_ledger_proof(
        section, log_keys=log_keys, witness_keys=witness, members=STATES
    )
    assert held == "in the log of 7 entries, cosigned by KAZ, KGZ, TJK (3 of 3 needed)"
    section, log_keys, witness = _world(("KAZ", "KGZ"))
    with pytest.raises(tlog.LedgerProofFailed) as failed:
        tlog.verify_ledger_proof(section, log_keys=log_keys, witness_keys=witness, members=STATES)
    assert failed.value.check == "cosignature-quorum"


def test_a_wrong_log_key_and_a_wrong_place_are_named():
    section, _, witness = _world(STATES)
    other = [signing.generate_private_key().public_key()]
    with pytest.raises(tlog.LedgerProofFailed) as failed:
        tlog.verify_ledger_proof(section, log_keys=other, witness_keys=witness, members=STATES)
    assert failed.value.check == "checkpoint-signature"
    section, log_keys, witness = _world(STATES)
    section["entries"][0]["seq"] = 6
    with pytest.raises(tlog.LedgerProofFailed) as failed:
        tlog.verify_ledger_proof(section, log_keys=log_keys, witness_keys=witness, members=STATES)
    assert failed.value.check == "inclusion-proof"
