"""An export held against a checkpoint: the chain a state downloaded is the history the log
signed (and the witnesses cosigned), not only a chain that links up.

The checkpoint is a signed note as `GET /api/v1/ledger/checkpoint` serves it, or a witness
file (`accord-witness/1`), whose latest checkpoint is taken. The checks: `checkpoint-format`,
`checkpoint-signature` (signed by the log key that signed the export's trailer, which the
trust file pins), `checkpoint-size` (the export holds fewer entries than the checkpoint: it
was cut) and `checkpoint-root` (its first entries do not hash to the checkpoint's root: the
export, or the history the log signed, was rewritten).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from accord.domain.errors import InvalidInput
from accord.domain.tlog.merkle import root_of
from accord.domain.tlog.witness import Refusal, parse_state, verify_checkpoint

Check = tuple[str, bool, str]  # name, passed, detail


def checkpoint_note(text: str, source: str) -> str:
    """The signed note in `text`: the note itself, or a witness file's latest checkpoint."""
    if text.lstrip().startswith("{"):
        state = parse_state(text, source)
        if not state.checkpoints:
            raise InvalidInput(f"{source} holds no cosigned checkpoint yet")
        return state.checkpoints[-1].note
    return text


def check_against_checkpoint(
    note: str, *, origin: str, log_key: bytes, entry_hashes: Iterable[str]
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
