"""The ledger's part of a verification bundle (issue 13): that the adoption is in the log
the states witness.

The section, `bundle["ledger"]`::

    {"format": "accord-ledger-proof/1", "origin", "quorum",
     "log_key": base64 raw public key, "witness_keys": [{"state", "public_key"}],
     "checkpoint": the C2SP checkpoint note (signed by the log key),
     "cosignatures": ["— <origin>/witness/KAZ <base64>", …] (cosignature/v1 lines),
     "entries": [{"seq", "action", "entry_hash", "proof": [base64, …]}]}

`verify_ledger_proof` checks, in this order, and names the first that fails:

- `checkpoint-signature` — the checkpoint is signed by a log key the verifier pins (its
  trust file's `log_keys`), for the bundle's origin;
- `inclusion-proof` — each adoption entry's hash is in the checkpoint's tree (RFC 9162);
- `cosignature-quorum` — at least `k` distinct states cosigned that checkpoint with a key
  the verifier pins for them: `k` is the bundle's stated quorum but never fewer than a
  majority of the states named in the adoption record, so a bundle cannot lower its bar.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from accord.domain.errors import InvalidInput
from accord.domain.tlog.merkle import leaf_hash, verify_inclusion
from accord.domain.tlog.note import (
    cosignature_valid,
    parse_checkpoint,
    parse_cosignature,
    parse_note,
    verified_by,
    witness_name,
)

LEDGER_PROOF_FORMAT = "accord-ledger-proof/1"
LEDGER_CHECKS = ("checkpoint-signature", "inclusion-proof", "cosignature-quorum")


class LedgerProofFailed(Exception):
    """A check of `LEDGER_CHECKS` that does not hold: its name and what is wrong."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(f"{check}: {message}")
        self.check = check
        self.message = message


@dataclass(frozen=True)
class ProvenEntry:
    seq: int
    action: str
    entry_hash: str
    proof: tuple[bytes, ...]


def majority(count: int) -> int:
    """More than half of `count` states (the default quorum of cosignatures)."""
    return count // 2 + 1


def ledger_section(
    *,
    origin: str,
    log_key: bytes,
    witness_keys: Iterable[tuple[str, bytes]],
    checkpoint_note: str,
    cosignature_lines: Iterable[str],
    entries: Iterable[ProvenEntry],
    quorum: int,
) -> dict[str, Any]:
    """The bundle's `ledger` section (see the module)."""
    return {
        "format": LEDGER_PROOF_FORMAT,
        "origin": origin,
        "quorum": quorum,
        "log_key": base64.b64encode(log_key).decode(),
        "witness_keys": [
            {"state": state, "public_key": base64.b64encode(raw).decode()}
            for state, raw in witness_keys
        ],
        "checkpoint": checkpoint_note,
        "cosignatures": list(cosignature_lines),
        "entries": [
            {
                "seq": e.seq,
                "action": e.action,
                "entry_hash": e.entry_hash,
                "proof": [base64.b64encode(p).decode() for p in e.proof],
            }
            for e in entries
        ],
    }


def _entries(section: Mapping[str, Any]) -> list[ProvenEntry]:
    raw = section.get("entries")
    if not isinstance(raw, list) or not raw:
        raise LedgerProofFailed("inclusion-proof", "the bundle names no ledger entry to prove")
    found = []
    for i, item in enumerate(raw):
        try:
            proof = tuple(base64.b64decode(p, validate=True) for p in item["proof"])
            entry = ProvenEntry(
                int(item["seq"]), str(item["action"]), str(item["entry_hash"]), proof
            )
            bytes.fromhex(entry.entry_hash)
        except (KeyError, TypeError, ValueError, binascii.Error):
            raise LedgerProofFailed("inclusion-proof", f"entries[{i}] is malformed") from None
        found.append(entry)
    return found


def verify_ledger_proof(
    section: Any,
    *,
    log_keys: Sequence[Ed25519PublicKey],
    witness_keys: Mapping[str, Sequence[Ed25519PublicKey]],
    members: Sequence[str],
) -> str:
    """Check the section (see the module); a line saying what holds, else LedgerProofFailed."""
    if not isinstance(section, Mapping) or section.get("format") != LEDGER_PROOF_FORMAT:
        raise LedgerProofFailed("checkpoint-signature", "the bundle carries no ledger proof")
    origin, note_text = section.get("origin"), section.get("checkpoint")
    try:
        note = parse_note(str(note_text))
        checkpoint = parse_checkpoint(note.body)
    except InvalidInput as exc:
        raise LedgerProofFailed("checkpoint-signature", exc.message) from None
    if checkpoint.origin != origin or not any(verified_by(note, str(origin), k) for k in log_keys):
        raise LedgerProofFailed(
            "checkpoint-signature",
            f"the checkpoint of {checkpoint.size} entries is not signed by a pinned log key "
            f"for {origin!r}",
        )
    for entry in _entries(section):
        leaf = leaf_hash(bytes.fromhex(entry.entry_hash))
        if not verify_inclusion(entry.seq - 1, checkpoint.size, leaf, entry.proof, checkpoint.root):
            raise LedgerProofFailed(
                "inclusion-proof",
                f"entry {entry.seq} ({entry.action}) is not in the checkpoint's tree of "
                f"{checkpoint.size} entries",
            )
    cosigned = _cosigning_states(section, note.body, str(origin), witness_keys)
    stated = section.get("quorum")
    needed = max(stated if isinstance(stated, int) else 0, majority(len(members)))
    if len(cosigned) < needed:
        raise LedgerProofFailed(
            "cosignature-quorum",
            f"{len(cosigned)} state(s) cosigned the checkpoint ({', '.join(cosigned) or 'none'})"
            f"; {needed} are needed",
        )
    return (
        f"in the log of {checkpoint.size} entries, cosigned by {', '.join(cosigned)} "
        f"({len(cosigned)} of {needed} needed)"
    )


def _cosigning_states(
    section: Mapping[str, Any],
    body: str,
    origin: str,
    witness_keys: Mapping[str, Sequence[Ed25519PublicKey]],
) -> list[str]:
    """The states whose pinned keys made a valid cosignature of `body` (each counted once)."""
    lines = section.get("cosignatures")
    found: set[str] = set()
    for line in lines if isinstance(lines, list) else []:
        try:
            cosignature = parse_cosignature(str(line))
        except InvalidInput:
            continue
        for state, keys in witness_keys.items():
            if cosignature.name != witness_name(origin, state):
                continue
            if any(cosignature_valid(body, cosignature, key) for key in keys):
                found.add(state)
    return sorted(found)
