"""An export held against a checkpoint: the chain a state downloaded is the history the log
signed and the witnesses cosigned, not only a chain that links up.

The checkpoint is a cosigned note (the log's signature, then one `cosignature/v1` line per
state, as the ledger page's download gives it), or a witness file (`accord-witness/1`),
whose latest checkpoint and the witness's own cosignature are taken. The checks:
`checkpoint-format`; `checkpoint-signature` (signed by the log key that signed the export's
trailer, which the trust file pins); `checkpoint-cosignatures` (at least `quorum` states
cosigned it with keys the trust file pins: a checkpoint the log alone signed is the host's
word); `checkpoint-size` (the export holds fewer entries than the checkpoint: it was cut);
and `checkpoint-root` (its first entries do not hash to the checkpoint's root: the export,
or the history the log signed, was rewritten).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from accord.domain.errors import InvalidInput
from accord.domain.tlog.merkle import root_of
from accord.domain.tlog.note import (
    cosignature_valid,
    parse_cosignature,
    parse_note,
    witness_name,
)
from accord.domain.tlog.witness import Refusal, parse_state, verify_checkpoint

Check = tuple[str, bool, str]  # name, passed, detail
WitnessKeys = Mapping[str, Sequence[Ed25519PublicKey]]  # state -> its pinned keys


def checkpoint_note(text: str, source: str) -> str:
    """The signed note in `text`: the note itself (with the cosignature lines it carries, as
    the ledger page's download does), or a witness file's latest checkpoint with the
    witness's own cosignature line after the log's signature."""
    if text.lstrip().startswith("{"):
        state = parse_state(text, source)
        if not state.checkpoints:
            raise InvalidInput(f"{source} holds no cosigned checkpoint yet")
        seen = state.checkpoints[-1]
        return seen.note + seen.cosignature.rstrip("\n") + "\n"
    return text


def cosigning_states(
    note_text: str, origin: str, witness_keys: Mapping[str, Sequence[Ed25519PublicKey]]
) -> list[str]:
    """The states whose pinned keys made a valid `cosignature/v1` line on the note (each
    counted once). Precondition: the note parsed and its log signature held."""
    note = parse_note(note_text)
    found = set()
    for line in note.signatures:
        if len(line.signature) != 72:
            continue  # the log's own signature
        cosignature = parse_cosignature(line.line())
        for state, keys in witness_keys.items():
            if cosignature.name == witness_name(origin, state) and any(
                cosignature_valid(note.body, cosignature, key) for key in keys
            ):
                found.add(state)
    return sorted(found)


def _quorum_check(note: str, origin: str, witness_keys: WitnessKeys, quorum: int) -> Check:
    states = cosigning_states(note, origin, witness_keys)
    if len(states) < quorum:
        return (
            "checkpoint-cosignatures",
            False,
            f"{len(states)} state(s) cosigned the checkpoint with a key the trust file pins "
            f"({', '.join(states) or 'none'}); {quorum} needed: a checkpoint no state "
            "witnessed says only what the host says",
        )
    return ("checkpoint-cosignatures", True, f"cosigned by {', '.join(states)} ({quorum} needed)")


def check_against_checkpoint(
    note: str,
    *,
    origin: str,
    log_key: bytes,
    entry_hashes: Iterable[str],
    witness_keys: WitnessKeys,
    quorum: int = 1,
) -> Iterator[Check]:
    """The checks of the module docstring, for the entry hashes of an export, in order."""
    try:
        key = Ed25519PublicKey.from_public_bytes(log_key)
        checkpoint = verify_checkpoint(note, origin, key)
    except Refusal as refusal:
        name = refusal.check if refusal.check != "origin" else "checkpoint-format"
        yield (name, False, refusal.message)
        return
    yield ("checkpoint-signature", True, f"signed by the log key, {checkpoint.size} entries")
    cosigned = _quorum_check(note, origin, witness_keys, quorum)
    yield cosigned
    if not cosigned[1]:
        return
    hashes: list[bytes] = []
    for entry_hash in entry_hashes:
        if len(hashes) == checkpoint.size:
            break
        hashes.append(bytes.fromhex(entry_hash))
    if len(hashes) < checkpoint.size:
        yield (
            "checkpoint-size",
            False,
            f"the export holds {len(hashes)} entries but the checkpoint covers "
            f"{checkpoint.size}: entries were cut",
        )
        return
    yield ("checkpoint-size", True, f"covers the checkpoint's {checkpoint.size} entries")
    root = root_of(hashes)[1]
    yield (
        "checkpoint-root",
        root == checkpoint.root,
        "its first entries hash to the checkpoint's root"
        if root == checkpoint.root
        else f"its first {checkpoint.size} entries do not hash to the root the log signed "
        f"({base64.b64encode(checkpoint.root).decode()}): history was rewritten",
    )


def export_entry_hashes(lines: Iterable[str]) -> Iterator[str]:
    """The entry hashes of an export's lines, in order (the trailer and blanks skipped).
    Precondition: the export's chain was verified, so every entry line is well-formed."""
    for line in lines:
        if line.strip():
            data = json.loads(line)
            if "trailer" not in data:
                yield str(data["entry_hash"])
