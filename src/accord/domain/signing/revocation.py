"""Key rotation and revocation, signed by the state's root key (DESIGN §2 rule 6).

Two statements, each signed like a roster (``{"statement": {...}, "root_fingerprint",
"signature"}``):

* ``{"format": "accord-key-revocation/1", "state", "fingerprint", "reason", "effective_at"}``
  revokes a personal key or the root key itself (compromise): the key signs nothing from
  `effective_at` on; what it signed before stays valid and is shown as made before revocation;
* ``{"format": "accord-root-rotation/1", "state", "public_key", "effective_at"}`` hands the
  root over to a new key, valid from `effective_at`; the old root ends then.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from accord.domain.consensus import format_time, parse_time
from accord.domain.errors import InvalidInput
from accord.domain.signing.keys import decode_b64
from accord.domain.signing.roster import CredentialRefused, RootKey, root_signed, signing_root
from accord.domain.signing.trust import fingerprint_digits

REVOCATION_FORMAT = "accord-key-revocation/1"
ROTATION_FORMAT = "accord-root-rotation/1"
REVOCATION_REASONS = ("compromise", "superseded", "left-office", "other")


@dataclass(frozen=True)
class Revocation:
    """A key that signs nothing from `effective_at` on."""

    state: str
    fingerprint: str
    reason: str
    effective_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": REVOCATION_FORMAT,
            "state": self.state,
            "fingerprint": self.fingerprint,
            "reason": self.reason,
            "effective_at": format_time(self.effective_at),
        }

    def covers(self, key_fingerprint: str, at: datetime) -> bool:
        """True when this revocation forbids the key to sign at `at`."""
        return _same(self.fingerprint, key_fingerprint) and at >= self.effective_at


def _same(a: str, b: str) -> bool:
    return fingerprint_digits(a) is not None and fingerprint_digits(a) == fingerprint_digits(b)


def revocation_from_dict(data: Any) -> Revocation:
    if not isinstance(data, Mapping) or data.get("format") != REVOCATION_FORMAT:
        raise InvalidInput(f"a revocation is an object of format {REVOCATION_FORMAT}")
    fp = data.get("fingerprint")
    if fingerprint_digits(fp) is None:
        raise InvalidInput("the revocation names a key by its fingerprint")
    if data.get("reason") not in REVOCATION_REASONS:
        raise InvalidInput(f"the reason of a revocation is one of {', '.join(REVOCATION_REASONS)}")
    state = data.get("state")
    if not isinstance(state, str) or not 2 <= len(state) <= 8:
        raise InvalidInput("the revocation names its state")
    return Revocation(
        state, str(fp), str(data["reason"]), parse_time(str(data.get("effective_at")))
    )


def sign_revocation(revocation: Revocation, root: Ed25519PrivateKey) -> dict[str, Any]:
    return {"statement": revocation.to_dict(), **root_signed(revocation.to_dict(), root)}


def rotation_statement(state: str, public_key: str, effective_at: datetime) -> dict[str, Any]:
    decode_b64(public_key, 32, "new root key")
    return {
        "format": ROTATION_FORMAT,
        "state": state,
        "public_key": public_key,
        "effective_at": format_time(effective_at),
    }


def sign_rotation(statement: Mapping[str, Any], root: Ed25519PrivateKey) -> dict[str, Any]:
    return {"statement": dict(statement), **root_signed(statement, root)}


def _statement(signed: Any) -> Mapping[str, Any]:
    if not isinstance(signed, Mapping) or not isinstance(signed.get("statement"), Mapping):
        raise CredentialRefused("roster-format", "a signed statement is a JSON object")
    return signed["statement"]  # type: ignore[no-any-return]


def accept_revocation(signed: Any, *, state: str, roots: Sequence[RootKey]) -> Revocation:
    """A revocation signed by a root of `state` in force at its effective time."""
    try:
        revocation = revocation_from_dict(_statement(signed))
    except InvalidInput as exc:
        raise CredentialRefused("roster-format", exc.message) from exc
    if revocation.state != state:
        raise CredentialRefused("roster-format", f"this revocation is for {revocation.state}")
    signing_root(revocation.to_dict(), signed, roots, state=state, at=revocation.effective_at)
    return revocation


def accept_rotation(signed: Any, *, state: str, roots: Sequence[RootKey]) -> list[RootKey]:
    """The roots after a rotation signed by the root in force at its effective time."""
    statement = _statement(signed)
    if statement.get("format") != ROTATION_FORMAT or statement.get("state") != state:
        raise CredentialRefused("roster-format", f"not a root rotation of {state}")
    try:
        at = parse_time(str(statement.get("effective_at")))
        public_key = statement.get("public_key")
        decode_b64(public_key, 32, "new root key")
    except InvalidInput as exc:
        raise CredentialRefused("roster-format", exc.message) from exc
    old = signing_root(statement, signed, roots, state=state, at=at)
    if any(r.public_key == public_key for r in roots):
        raise CredentialRefused("roster-format", "this root key is already registered")
    ended = [replace(r, valid_until=at) if r == old else r for r in roots]
    return [*ended, RootKey(state, str(public_key), at)]


def revoke_root(roots: Sequence[RootKey], revocation: Revocation) -> list[RootKey]:
    """The roots once `revocation` takes effect (a revoked root ends at its effective time)."""
    return [
        replace(r, valid_until=revocation.effective_at, revoked_reason=revocation.reason)
        if _same(r.fingerprint, revocation.fingerprint)
        and (r.valid_until is None or r.valid_until > revocation.effective_at)
        else r
        for r in roots
    ]


def revoked(
    revocations: Sequence[Revocation], key_fingerprint: str, at: datetime
) -> Revocation | None:
    """The revocation that forbids the key to sign at `at`, if any."""
    return next((r for r in revocations if r.covers(key_fingerprint, at)), None)


def revoked_later(
    revocations: Sequence[Revocation], key_fingerprint: str, at: datetime
) -> Revocation | None:
    """A revocation of the key that took effect after `at` (the act was made before it)."""
    return next(
        (r for r in revocations if _same(r.fingerprint, key_fingerprint) and r.effective_at > at),
        None,
    )
