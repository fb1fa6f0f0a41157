"""Signed acts: a person speaks for a state over the canonical bytes of the act.

The server hands out a **challenge**, signed with its log key, single-use::

    {"format": "accord-act-challenge/1", "nonce", "issued_at", "expires_at", "person",
     "state", "document_id", "revision", "text_sha256"}

and the person signs, with a personal key on the state's roster, the RFC 8785 bytes of::

    {"format": "accord-signed-act/1", "state", "person", "document_id", "revision",
     "text_sha256", "act", "reason", "dissociated_from", "confirm_by" (or null),
     "at": the challenge's issued_at, "nonce": the challenge's nonce}

The time is the server's, from the challenge, never the signer's clock. The signed form is
``{"act": {...}, "key_fingerprint", "signature"}``; the same bytes come from the browser,
from `accord act --key KEYFILE` and from the test helpers.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from accord.domain.consensus import format_time, parse_time
from accord.domain.errors import InvalidInput
from accord.domain.signing.keys import decode_b64, fingerprint
from accord.domain.signing.roster import CredentialRefused
from accord.domain.signing.statement import canonical_bytes

CHALLENGE_FORMAT = "accord-act-challenge/1"
ACT_FORMAT = "accord-signed-act/1"
SIGNED_ACTS = (
    "approve",
    "approve-ad-referendum",
    "confirm-ad-referendum",
    "object",
    "break-silence",
    "explain",
)
MAX_REASON = 10000
ACT_FIELDS = (
    "format", "state", "person", "document_id", "revision", "text_sha256", "act", "reason",
    "dissociated_from", "confirm_by", "at", "nonce",
)  # fmt: skip


def make_challenge(
    *,
    nonce: str,
    issued_at: datetime,
    expires_at: datetime,
    person: str,
    state: str,
    document_id: str,
    revision: int,
    text_sha256: str,
) -> dict[str, Any]:
    return {
        "format": CHALLENGE_FORMAT,
        "nonce": nonce,
        "issued_at": format_time(issued_at),
        "expires_at": format_time(expires_at),
        "person": person,
        "state": state,
        "document_id": document_id,
        "revision": revision,
        "text_sha256": text_sha256,
    }


def sign_challenge(challenge: Mapping[str, Any], server_key: Ed25519PrivateKey) -> dict[str, Any]:
    """The challenge as the server hands it out, signed with its log key."""
    return {
        "challenge": dict(challenge),
        "key_fingerprint": fingerprint(server_key.public_key()),
        "signature": base64.b64encode(server_key.sign(canonical_bytes(challenge))).decode(),
    }


def act_statement(
    challenge: Mapping[str, Any],
    *,
    act: str,
    reason: str = "",
    dissociated_from: Sequence[str] = (),
    confirm_by: datetime | str | None = None,
) -> dict[str, Any]:
    """The statement a person signs for `act`, from the server's challenge."""
    if act not in SIGNED_ACTS:
        raise InvalidInput(f"the act is one of {', '.join(SIGNED_ACTS)}")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"a reason is at most {MAX_REASON} characters")
    if isinstance(confirm_by, datetime):
        confirm_by = format_time(confirm_by)
    return {
        "format": ACT_FORMAT,
        "state": challenge.get("state"),
        "person": challenge.get("person"),
        "document_id": challenge.get("document_id"),
        "revision": challenge.get("revision"),
        "text_sha256": challenge.get("text_sha256"),
        "act": act,
        "reason": reason.strip(),
        "dissociated_from": list(dissociated_from),
        "confirm_by": confirm_by,
        "at": challenge.get("issued_at"),
        "nonce": challenge.get("nonce"),
    }


def sign_act(statement: Mapping[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """The signed act (`accord act --key`, the browser and the tests make the same bytes)."""
    return {
        "act": dict(statement),
        "key_fingerprint": fingerprint(key.public_key()),
        "signature": base64.b64encode(key.sign(canonical_bytes(statement))).decode("ascii"),
    }


def parse_signed_act(signed: Any) -> tuple[dict[str, Any], str, bytes, datetime]:
    """(statement, key fingerprint, signature, act time); CredentialRefused(`act-signature`)
    for anything that is not a well-formed signed act."""
    try:
        if not isinstance(signed, Mapping) or not isinstance(signed.get("act"), Mapping):
            raise InvalidInput("a signed act is an object holding the act")
        statement = dict(signed["act"])
        if statement.get("format") != ACT_FORMAT or set(statement) != set(ACT_FIELDS):
            raise InvalidInput(f"the act is not of format {ACT_FORMAT}")
        if statement["act"] not in SIGNED_ACTS or not isinstance(statement["reason"], str):
            raise InvalidInput("the act names an act and a reason")
        if not isinstance(statement["dissociated_from"], list) or not all(
            isinstance(p, str) for p in statement["dissociated_from"]
        ):
            raise InvalidInput("dissociated_from is a list of paragraph numbers")
        key_fp = signed.get("key_fingerprint")
        if not isinstance(key_fp, str):
            raise InvalidInput("the signed act names its key")
        signature = decode_b64(signed.get("signature"), 64, "signature")
        at = parse_time(statement["at"])
        canonical_bytes(statement)
    except (InvalidInput, ValueError, TypeError, RecursionError) as exc:
        message = exc.message if isinstance(exc, InvalidInput) else str(exc)
        raise CredentialRefused("act-signature", message) from exc
    return statement, key_fp, signature, at


def check_act_signature(statement: Mapping[str, Any], signature: bytes, public_key: str) -> None:
    """CredentialRefused(`act-signature`) unless `public_key` signed `statement`."""
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key)).verify(
            signature, canonical_bytes(statement)
        )
    except (InvalidSignature, ValueError) as exc:
        raise CredentialRefused(
            "act-signature", f"the signature of {statement.get('person')}'s act is invalid"
        ) from exc
