"""What a state's witness checks before it cosigns, what it keeps, and comparing views.

The witness keeps a **state file** (`accord-witness/1`), which is also the file states
exchange to compare what the log showed each of them::

    {"format": "accord-witness/1",
     "origin": "accord.example.org",
     "state": "KAZ",
     "log_key": "<base64 of the log's 32-byte Ed25519 public key>",
     "checkpoints": [                       # every checkpoint it cosigned, oldest first
       {"note": "<the signed note as served>",
        "cosignature": "— accord.example.org/witness/KAZ <base64>",
        "consistency": {"from": 17, "proof": ["<base64>", …]}}]}   # from the one before

Each checkpoint's `consistency` proves it extends the one before it in the file, so a file
is a verifiable history on its own. Before it cosigns, the witness refuses, naming the
check, a checkpoint that is not signed by the pinned log key (`checkpoint-signature`), is
for another log (`origin`), is smaller than one it cosigned (`truncation`), has the size of
one it cosigned but another root (`fork`), or is not proven to extend it (`consistency`).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from accord.domain.errors import InvalidInput
from accord.domain.tlog.merkle import verify_consistency
from accord.domain.tlog.note import Checkpoint, parse_checkpoint, parse_note, verified_by

WITNESS_FORMAT = "accord-witness/1"
_MAX_PROOF = 64


class Refusal(Exception):
    """The log is not what the witness may cosign: `check` names why."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check
        self.message = message


@dataclass(frozen=True)
class Seen:
    note: str
    cosignature: str
    proof_from: int = 0
    proof: tuple[str, ...] = ()

    def checkpoint(self) -> Checkpoint:
        return parse_checkpoint(parse_note(self.note).body)

    def to_json(self) -> dict[str, Any]:
        return {
            "note": self.note,
            "cosignature": self.cosignature,
            "consistency": {"from": self.proof_from, "proof": list(self.proof)},
        }


@dataclass
class WitnessState:
    origin: str
    state: str
    log_key: str
    checkpoints: list[Seen] = field(default_factory=list)

    def public_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(_b64(self.log_key, 32, "log_key"))

    def last(self) -> Checkpoint | None:
        return self.checkpoints[-1].checkpoint() if self.checkpoints else None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": WITNESS_FORMAT,
            "origin": self.origin,
            "state": self.state,
            "log_key": self.log_key,
            "checkpoints": [seen.to_json() for seen in self.checkpoints],
        }


def _b64(value: Any, length: int | None, what: str) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True) if isinstance(value, str) else None
    except (binascii.Error, ValueError):
        raw = None
    if raw is None or (length is not None and len(raw) != length):
        raise InvalidInput(f"{what} is not base64 of the right length")
    return raw


def decode_proof(values: Any) -> list[bytes]:
    if not isinstance(values, list) or len(values) > _MAX_PROOF:
        raise InvalidInput(f"a proof is a list of at most {_MAX_PROOF} base64 hashes")
    return [_b64(v, 32, "a proof's hash") for v in values]


def parse_state(text: str, source: str) -> WitnessState:
    """A state file; InvalidInput naming what is wrong (its history is checked by
    `check_history`)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise InvalidInput(f"{source} is not JSON") from None
    if not isinstance(data, Mapping) or data.get("format") != WITNESS_FORMAT:
        raise InvalidInput(f"{source} is not an {WITNESS_FORMAT} file")
    for name in ("origin", "state", "log_key"):
        if not isinstance(data.get(name), str):
            raise InvalidInput(f"{source}: {name!r} must be a string")
    seen = data.get("checkpoints")
    if not isinstance(seen, list):
        raise InvalidInput(f"{source}: 'checkpoints' must be a list")
    state = WitnessState(data["origin"], data["state"], data["log_key"])
    state.public_key()
    for item in seen:
        consistency = item.get("consistency") if isinstance(item, Mapping) else None
        if not isinstance(consistency, Mapping) or not all(
            isinstance(item.get(k), str) for k in ("note", "cosignature")
        ):
            raise InvalidInput(f"{source}: a checkpoint needs a note, a cosignature, a proof")
        start = consistency.get("from")
        if not isinstance(start, int) or isinstance(start, bool) or start < 0:
            raise InvalidInput(f"{source}: a proof's 'from' must be a size")
        decode_proof(consistency.get("proof"))
        proof = tuple(consistency["proof"])
        state.checkpoints.append(Seen(item["note"], item["cosignature"], start, proof))
    return state


def verify_checkpoint(note_text: str, origin: str, log_key: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint a note states, once its log signature and origin hold."""
    try:
        note = parse_note(note_text)
        checkpoint = parse_checkpoint(note.body)
    except InvalidInput as exc:
        raise Refusal("checkpoint-format", exc.message) from None
    if checkpoint.origin != origin:
        raise Refusal("origin", f"the checkpoint is for {checkpoint.origin!r}, not {origin!r}")
    if not verified_by(note, origin, log_key):
        raise Refusal(
            "checkpoint-signature",
            f"the checkpoint of {checkpoint.size} entries is not signed by the pinned log key",
        )
    return checkpoint


def check_extension(previous: Checkpoint | None, latest: Checkpoint, proof: list[bytes]) -> None:
    """Refusal unless `latest` is `previous` or proven to extend it."""
    if previous is None:
        return
    if latest.size < previous.size:
        raise Refusal(
            "truncation",
            f"the log now has {latest.size} entries, but it had {previous.size} when this "
            "state cosigned it: entries were removed",
        )
    if latest.size == previous.size:
        if latest.root != previous.root:
            raise Refusal(
                "fork",
                f"two checkpoints of {latest.size} entries with different roots: the log "
                "showed another history",
            )
        return
    if not verify_consistency(previous.size, latest.size, previous.root, latest.root, proof):
        raise Refusal(
            "consistency",
            f"the tree of {latest.size} entries is not an extension of the tree of "
            f"{previous.size} entries this state cosigned: history was rewritten or forked",
        )


def check_history(state: WitnessState) -> list[Checkpoint]:
    """Every checkpoint of a state file, verified to be signed and each to extend the last."""
    key = state.public_key()
    checkpoints: list[Checkpoint] = []
    for seen in state.checkpoints:
        checkpoint = verify_checkpoint(seen.note, state.origin, key)
        previous = checkpoints[-1] if checkpoints else None
        if previous is not None and seen.proof_from != previous.size:
            raise Refusal("consistency", f"the proof to {checkpoint.size} starts elsewhere")
        check_extension(previous, checkpoint, decode_proof(list(seen.proof)))
        checkpoints.append(checkpoint)
    return checkpoints


# --- comparing what the log showed different states --------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A proof that the log showed two histories: the check, a sentence, the signed notes."""

    check: str
    message: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    conflicts: tuple[Conflict, ...]
    # (older, newer) latest checkpoints of two files that share no size: only a consistency
    # proof from the log can decide them.
    undecided: tuple[tuple[Seen, Seen], ...]


def compare(views: Sequence[tuple[str, WitnessState]]) -> Comparison:
    """Every disagreement between the files' checkpoints that the files themselves prove."""
    conflicts: list[Conflict] = []
    by_size: dict[int, tuple[str, Checkpoint, str]] = {}
    latest: list[tuple[str, Checkpoint, Seen]] = []
    logs = {(state.origin, state.log_key) for _, state in views}
    if len(logs) > 1:
        raise InvalidInput("the files are for different logs (origin or log key differ)")
    for source, state in views:
        try:
            checkpoints = check_history(state)
        except Refusal as refusal:
            conflicts.append(Conflict(refusal.check, f"{source}: {refusal.message}", ()))
            continue
        for seen, checkpoint in zip(state.checkpoints, checkpoints, strict=True):
            known = by_size.setdefault(checkpoint.size, (source, checkpoint, seen.note))
            if known[1].root != checkpoint.root:
                conflicts.append(
                    Conflict(
                        "fork",
                        f"{known[0]} and {source} hold checkpoints of {checkpoint.size} "
                        "entries, both signed by the log key, with different roots",
                        (known[2], seen.note),
                    )
                )
        if checkpoints:
            latest.append((source, checkpoints[-1], state.checkpoints[-1]))
    undecided = []
    for i, (_, a, seen_a) in enumerate(latest):
        for _, b, seen_b in latest[i + 1 :]:
            older, newer = (seen_a, seen_b) if a.size <= b.size else (seen_b, seen_a)
            if a.size != b.size and not _shares_size(views, older, newer):
                undecided.append((older, newer))
    return Comparison(tuple(conflicts), tuple(undecided))


def _shares_size(views: Sequence[tuple[str, WitnessState]], older: Seen, newer: Seen) -> bool:
    """Whether the file holding `newer` also cosigned the size of `older` (then the files'
    own proofs decide, through the same-size comparison and the file's history)."""
    size = older.checkpoint().size
    for _, state in views:
        if newer in state.checkpoints:
            return any(s.checkpoint().size == size for s in state.checkpoints)
    return False


def check_pair(older: Seen, newer: Seen, proof: list[bytes]) -> Conflict | None:
    """With the log's consistency proof between two files' checkpoints: a conflict or None."""
    try:
        check_extension(older.checkpoint(), newer.checkpoint(), proof)
    except Refusal as refusal:
        return Conflict(refusal.check, refusal.message, (older.note, newer.note))
    return None
