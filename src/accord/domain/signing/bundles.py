"""Signatures on adopted texts and offline verification bundles: DESIGN §2 rule 6.

Each state holds its own Ed25519 key; the private key never reaches the server. After
adoption each head signs a *signing statement*: the RFC 8785 canonical bytes of

    {"purpose": "accord-adoption-signature/1", "document_id", "revision",
     "text_sha256": SHA-256 of the canonical text, "adoption_record_sha256": SHA-256 of the
     canonical adoption record, "state", "signed_at"}

so one signature commits to the exact canonical bytes of the adopted text and of the adoption
record (through their digests), to the signing state and to the signing time (which is what
key validity is checked against). Hashing the text once rather than once per signature is
what keeps a 50-signature bundle under the 20 ms budget.

A verification bundle is plain JSON::

    {"format": "accord-bundle/1", "text": {...}, "adoption_record": {...},
     "signatures": [{"state", "key_fingerprint", "signed_at", "signature" (base64),
                     "adoption_record_sha256"}],
     "public_keys": [{"state", "fingerprint", "public_key" (base64 raw 32 bytes),
                      "valid_from", "valid_until" (or null)}]}

`verify_bundle` runs the checks of `CHECKS` in order and names the first that fails. Each
check runs over every signature before the next check starts, so the name reported does not
depend on the order of the signatures.

A bundle proves which keys signed; whether a key really is that state's is what the
reader's trust file says (`signing.trust`; `accord verify BUNDLE --trust FILE`), pinned once
from a platform the reader trusts or from fingerprints confirmed out of band.
"""

from __future__ import annotations

import base64
import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from accord.domain.consensus import AdoptionRecord, aware, format_time, parse_time
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.signing.keys import (
    decode_b64,
    fingerprint,
)
from accord.domain.signing.statement import signing_statement
from accord.domain.signing.verify import (
    BUNDLE_FORMAT,
    CheckFailed,
    ParsedBundle,
    check_format,
    check_record,
    check_text_hash,
    verify_bundle,
)

# --- entries and statements ------------------------------------------------------------------


@dataclass(frozen=True)
class PublicKeyEntry:
    """A state's registered public key and when it may sign."""

    state: str
    public_key: str  # base64 of the raw 32 bytes
    valid_from: datetime
    valid_until: datetime | None = None  # exclusive; None: no end

    @property
    def fingerprint(self) -> str:
        """`fingerprint` of this key."""
        return fingerprint(decode_b64(self.public_key, 32, "public key"))

    def valid_at(self, moment: datetime) -> bool:
        """True when `valid_from <= moment < valid_until`."""
        return self.valid_from <= moment and (self.valid_until is None or moment < self.valid_until)

    def to_dict(self) -> dict[str, Any]:
        """Bundle form."""
        return {
            "state": self.state,
            "fingerprint": self.fingerprint,
            "public_key": self.public_key,
            "valid_from": format_time(self.valid_from),
            "valid_until": None if self.valid_until is None else format_time(self.valid_until),
        }


@dataclass(frozen=True)
class SignatureEntry:
    """One state's signature over the adopted text and adoption record."""

    state: str
    key_fingerprint: str
    signed_at: datetime
    signature: str  # base64 of the 64-byte Ed25519 signature
    adoption_record_sha256: str  # the record this state signed

    def to_dict(self) -> dict[str, Any]:
        """Bundle form."""
        return {
            "state": self.state,
            "key_fingerprint": self.key_fingerprint,
            "signed_at": format_time(self.signed_at),
            "signature": self.signature,
            "adoption_record_sha256": self.adoption_record_sha256,
        }


def make_bundle(
    text: Mapping[str, Any],
    record: AdoptionRecord,
    public_keys: Sequence[PublicKeyEntry],
    signatures: Sequence[SignatureEntry] = (),
) -> dict[str, Any]:
    """A verification bundle for an adopted text (the app's `GET /documents/{id}/bundle`)."""
    return {
        "format": BUNDLE_FORMAT,
        "text": copy.deepcopy(dict(text)),
        "adoption_record": record.to_dict(),
        "signatures": [s.to_dict() for s in sorted(signatures, key=lambda s: s.state)],
        "public_keys": [k.to_dict() for k in public_keys],
    }


# --- signing ---------------------------------------------------------------------------------


def sign_bundle(
    bundle: Mapping[str, Any], private_key: Ed25519PrivateKey, state: str, now: datetime
) -> dict[str, Any]:
    """Add `state`'s signature to a copy of the bundle (offline: `accord sign`).

    Refuses (InvalidInput) a bundle whose text and record do not check out, so nobody signs
    an altered text; NotPermitted if `state` did not adopt the text; InvalidInput if this key
    is not listed for `state` in the bundle; RuleViolation if the key is not valid at `now`.
    A state that signs again replaces its earlier signature (one state, one voice).
    """
    now = aware(now, "now")
    parsed = _prepare(bundle)
    assert parsed.record is not None
    if state not in parsed.record.adopted_by:
        raise NotPermitted(f"{state} did not adopt this text and cannot sign it")
    key_fingerprint = fingerprint(private_key.public_key())
    entry = next(
        (k for k in parsed.keys if k["fingerprint"] == key_fingerprint and k["state"] == state),
        None,
    )
    if entry is None:
        raise InvalidInput(
            f"this key ({key_fingerprint}) is not registered for {state} in the bundle"
        )
    valid_until = entry.get("valid_until")
    if now < parse_time(entry["valid_from"]) or (
        valid_until is not None and now >= parse_time(valid_until)
    ):
        raise RuleViolation(f"this key is not valid at {format_time(now)}")
    if now < parsed.record.closed_at:
        raise InvalidInput("a text cannot be signed before it was adopted")
    signed_at = format_time(now)
    statement = signing_statement(
        text_sha256=parsed.text_sha256,
        record=parsed.record_raw,
        record_sha256=parsed.record_sha256,
        state=state,
        signed_at=signed_at,
    )
    signature = SignatureEntry(
        state=state,
        key_fingerprint=key_fingerprint,
        signed_at=now,
        signature=base64.b64encode(private_key.sign(statement)).decode("ascii"),
        adoption_record_sha256=parsed.record_sha256,
    )
    out = copy.deepcopy(dict(parsed.raw))
    others = [s for s in out["signatures"] if s.get("state") != state]
    out["signatures"] = sorted([*others, signature.to_dict()], key=lambda s: s["state"])
    return out


def _prepare(bundle: Mapping[str, Any] | str | bytes) -> ParsedBundle:
    """Parse and check what a signer commits to: format, text hash, adoption record."""
    try:
        parsed = check_format(bundle)
        check_text_hash(parsed)
        # Other states' signatures do not concern this signer: check the record alone.
        checked = replace(parsed, signatures=[])
        check_record(checked)
        parsed.record, parsed.record_sha256 = checked.record, checked.record_sha256
    except CheckFailed as failure:
        raise InvalidInput(f"refusing to sign: {failure.check}: {failure.message}") from failure
    return parsed


def add_signature(bundle: Mapping[str, Any], signature: Mapping[str, Any]) -> dict[str, Any]:
    """Add a signature made elsewhere (browser, `accord sign`) after checking it.

    For `POST /documents/{id}/signatures`: InvalidInput naming the failed check unless the
    bundle with this signature passes every check. Replaces the state's earlier signature.
    """
    if not isinstance(signature, Mapping) or not isinstance(signature.get("state"), str):
        raise InvalidInput("a signature is an object with a state")
    out = copy.deepcopy(dict(bundle))
    others = [s for s in out.get("signatures", []) if s.get("state") != signature["state"]]
    out["signatures"] = sorted([*others, dict(signature)], key=lambda s: str(s.get("state")))
    report = verify_bundle(out)
    if not report.ok:
        raise InvalidInput(f"signature refused: {report.failed_check}: {report.message}")
    return out
