"""The hash-chained ledger: DESIGN §2 rule 6.

Every write appends an entry whose hash covers the previous entry's hash, so a host that
changes, deletes or reorders history breaks the chain at a named entry.

An entry's hash covers a *body digest* rather than the body itself. That lets an export
made for one state redact the bodies of entries it may not see (a bilateral between two
other states) and still be verifiable end to end: the digest is enough to check the link,
and reveals nothing of the body.

That last holds only if the body cannot be guessed. Its parts are guessable (an actor, an
action, an object id, a two-state audience, the digest of a small payload), so since format
2 every entry carries a fresh 256-bit random *salt* that goes into both its body digest and
its payload digest. The salt travels with the body, only to those who may read it; without
it, the digest of a hidden entry is a commitment no guessing opens. Entries written before
(format 1, no salt) keep verifying by the formula they were written with.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import rfc8785

GENESIS_HASH = "0" * 64
BODY_COMMITMENT = "accord-entry-body/2"
PAYLOAD_COMMITMENT = "accord-entry-payload/2"
_SALT = re.compile(r"[0-9a-f]{64}")


def new_salt() -> str:
    """A fresh 256-bit salt, hex: what makes one entry's commitments unguessable."""
    return secrets.token_bytes(32).hex()


def payload_digest(payload: Mapping[str, Any], salt: str | None) -> str:
    """The digest of an entry's details: salted since format 2, bare before (`salt` None)."""
    if salt is None:
        return canonical_digest(dict(payload))
    return canonical_digest(
        {"commitment": PAYLOAD_COMMITMENT, "salt": salt, "payload": dict(payload)}
    )


def canonical_digest(value: Any) -> str:
    """SHA-256 (hex) of the RFC 8785 canonical JSON form of `value`."""
    return hashlib.sha256(rfc8785.dumps(value)).hexdigest()


def format_time(moment: datetime) -> str:
    """The one text form of a time that goes into a hash: UTC, microseconds."""
    if moment.tzinfo is None:
        raise ValueError("ledger times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class EntryBody:
    """What happened: who did what to which object, and the digest of the details."""

    actor: str
    actor_state: str | None
    action: str
    object_type: str
    object_id: str
    payload_digest: str
    # Who may read the entry: (visibility, owner state, restricted states). Covered by the
    # hash, so that a host cannot quietly widen who sees a bilateral's record.
    audience: tuple[str, str | None, tuple[str, ...]] = ("public", None, ())
    # 64 hex digits of randomness (format 2), None for an entry of format 1. Whoever reads
    # the body reads the salt; whoever may not, holds a commitment they cannot open.
    salt: str | None = None

    def audience_json(self) -> dict[str, Any]:
        visibility, owner, states = self.audience
        return {"visibility": visibility, "owner_state": owner, "states": sorted(states)}

    def as_json(self) -> dict[str, Any]:
        data = self._fields()
        if self.salt is not None:
            data["salt"] = self.salt
        return data

    def _fields(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "actor_state": self.actor_state,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "payload_digest": self.payload_digest,
            "audience": self.audience_json(),
        }

    def digest(self) -> str:
        if self.salt is None:
            return canonical_digest(self._fields())
        return canonical_digest(
            {"commitment": BODY_COMMITMENT, "salt": self.salt, **self._fields()}
        )


@dataclass(frozen=True)
class Entry:
    """One link of the chain. `body` is None in an export where it is redacted."""

    seq: int
    prev_hash: str
    recorded_at: str
    body_digest: str
    entry_hash: str
    body: EntryBody | None = None
    # The details the payload digest was made from, where the verifier holds them (the
    # live ledger). Never exported: an export carries the digest only.
    payload: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "seq": self.seq,
            "prev_hash": self.prev_hash,
            "recorded_at": self.recorded_at,
            "body_digest": self.body_digest,
            "entry_hash": self.entry_hash,
        }
        if self.body is not None:
            data["body"] = self.body.as_json()
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Entry:
        """Parse one exported line; raises ValueError naming the missing or bad field.

        Types are checked, not coerced: `true` is not the actor "True".
        """
        if not isinstance(data, Mapping):
            raise ValueError("an entry must be a JSON object")
        body_data = data.get("body")
        body = None
        if body_data is not None:
            if not isinstance(body_data, Mapping):
                raise ValueError("field 'body' must be an object")
            body = EntryBody(
                actor=_text(body_data, "actor"),
                actor_state=_text(body_data, "actor_state", optional=True),
                action=_text(body_data, "action"),
                object_type=_text(body_data, "object_type"),
                object_id=_text(body_data, "object_id"),
                payload_digest=_text(body_data, "payload_digest"),
                audience=_audience_from_json(body_data.get("audience")),
                salt=_salt_from_json(body_data),
            )
        seq = data.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise ValueError("field 'seq' must be an integer")
        return cls(
            seq=seq,
            prev_hash=_text(data, "prev_hash"),
            recorded_at=_text(data, "recorded_at"),
            body_digest=_text(data, "body_digest"),
            entry_hash=_text(data, "entry_hash"),
            body=body,
        )

    def redacted(self) -> Entry:
        return Entry(self.seq, self.prev_hash, self.recorded_at, self.body_digest, self.entry_hash)


def _text(data: Mapping[str, Any], name: str, *, optional: bool = False) -> Any:
    if name not in data:
        raise ValueError(f"missing field {name!r}")
    value = data[name]
    if isinstance(value, str) or (optional and value is None):
        return value
    raise ValueError(f"field {name!r} must be a string")


def _salt_from_json(data: Mapping[str, Any]) -> str | None:
    if "salt" not in data:
        return None
    salt = data["salt"]
    if not isinstance(salt, str) or not _SALT.fullmatch(salt):
        raise ValueError("field 'salt' must be 64 lowercase hex digits")
    return salt


def _audience_from_json(data: Any) -> tuple[str, str | None, tuple[str, ...]]:
    if not isinstance(data, Mapping):
        raise ValueError("field 'audience' must be an object")
    states = data.get("states")
    if not isinstance(states, list) or not all(isinstance(code, str) for code in states):
        raise ValueError("field 'audience.states' must be a list of state codes")
    return (
        _text(data, "visibility"),
        _text(data, "owner_state", optional=True),
        tuple(sorted(states)),
    )


def link_hash(seq: int, prev_hash: str, recorded_at: str, body_digest: str) -> str:
    return canonical_digest(
        {"seq": seq, "prev_hash": prev_hash, "recorded_at": recorded_at, "body_digest": body_digest}
    )


def next_entry(previous: Entry | None, body: EntryBody, recorded_at: datetime) -> Entry:
    """The entry that follows `previous` (None for the first entry of a chain)."""
    seq = 1 if previous is None else previous.seq + 1
    prev_hash = GENESIS_HASH if previous is None else previous.entry_hash
    when = format_time(recorded_at)
    body_digest = body.digest()
    return Entry(
        seq=seq,
        prev_hash=prev_hash,
        recorded_at=when,
        body_digest=body_digest,
        entry_hash=link_hash(seq, prev_hash, when, body_digest),
        body=body,
    )


@dataclass(frozen=True)
class ChainFailure:
    seq: int
    check: str
    message: str


@dataclass(frozen=True)
class ChainReport:
    entries_checked: int
    head_hash: str
    failure: ChainFailure | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


def verify_chain(entries: Iterable[Entry], *, head: tuple[int, str] | None = None) -> ChainReport:
    """Walk the chain from the start and stop at the first entry that does not hold.

    The checks, in order, for each entry: `sequence` (an entry was deleted, inserted or
    moved), `previous-hash` (the link to the entry before is broken), `body-digest` (the
    body was changed), `payload-digest` (the details were changed; only where the entry
    carries them), `entry-hash` (the entry's own fields were changed).

    `head` is the (seq, entry hash) the chain must end at, when the verifier knows it (the
    live ledger keeps it apart from the entries): without it, deleting the last entries
    leaves a shorter chain that still holds. A mismatch fails the check `head`.
    """
    expected_seq = 1
    prev_hash = GENESIS_HASH
    count = 0
    for entry in entries:
        failure = _check_entry(entry, expected_seq, prev_hash)
        if failure is not None:
            return ChainReport(count, prev_hash, failure)
        count += 1
        expected_seq += 1
        prev_hash = entry.entry_hash
    if head is not None:
        failure = check_head(count, prev_hash, head)
        if failure is not None:
            return ChainReport(count, prev_hash, failure)
    return ChainReport(count, prev_hash)


def check_head(count: int, last_hash: str, head: tuple[int, str]) -> ChainFailure | None:
    """The `head` failure of a chain of `count` entries ending at `last_hash`, or None."""
    head_seq, head_hash = head
    if count < head_seq:
        return ChainFailure(
            count + 1,
            "head",
            f"the chain ends at entry {count} but the ledger head records entry {head_seq}: "
            "entries were deleted from the end",
        )
    if count > head_seq:
        return ChainFailure(
            head_seq + 1,
            "head",
            f"the ledger head records entry {head_seq} but the chain goes on to entry {count}",
        )
    if last_hash != head_hash:
        return ChainFailure(count, "head", f"entry {count} is not the one the ledger head records")
    return None


def _check_entry(entry: Entry, expected_seq: int, prev_hash: str) -> ChainFailure | None:
    if entry.seq != expected_seq:
        return ChainFailure(
            entry.seq,
            "sequence",
            f"expected entry {expected_seq} but found entry {entry.seq}: "
            "an entry was deleted, inserted or moved",
        )
    if entry.prev_hash != prev_hash:
        return ChainFailure(
            entry.seq, "previous-hash", f"entry {entry.seq} does not link to entry {entry.seq - 1}"
        )
    if entry.body is not None and entry.body.digest() != entry.body_digest:
        return ChainFailure(entry.seq, "body-digest", f"entry {entry.seq} was changed")
    if entry.body is not None and entry.payload is not None:
        try:
            details = payload_digest(entry.payload, entry.body.salt)
        except (TypeError, ValueError):  # a stored payload rfc8785 cannot canonicalise
            details = ""
        if details != entry.body.payload_digest:
            return ChainFailure(
                entry.seq, "payload-digest", f"the details of entry {entry.seq} were changed"
            )
    if link_hash(entry.seq, entry.prev_hash, entry.recorded_at, entry.body_digest) != (
        entry.entry_hash
    ):
        return ChainFailure(entry.seq, "entry-hash", f"entry {entry.seq} was changed")
    return None
