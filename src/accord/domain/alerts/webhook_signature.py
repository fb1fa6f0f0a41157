"""Signatures of webhook deliveries, the Standard Webhooks convention.

The signed content is `{webhook-id}.{webhook-timestamp}.{body}`; the signature header is
`v1,<base64 HMAC-SHA256>`, and a header may carry several space-separated signatures (a
secret being rotated). The secret is `whsec_` followed by the base64 key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
TOLERANCE_SECONDS = 5 * 60


class SignatureMismatch(Exception):
    """The delivery was not signed with this secret, or is too old to trust."""


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def _key(secret: str) -> bytes:
    if not secret.startswith(PREFIX):
        raise ValueError("a webhook secret starts with whsec_")
    return base64.b64decode(secret[len(PREFIX) :])


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value for this delivery."""
    content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(secret: str, headers: dict[str, str], body: bytes, *, now: int) -> None:
    """What a receiver does: raise `SignatureMismatch` unless one v1 signature matches and
    the timestamp is within five minutes of `now` (replays of old deliveries fail)."""
    lowered = {name.lower(): value for name, value in headers.items()}
    try:
        message_id = lowered["webhook-id"]
        timestamp = int(lowered["webhook-timestamp"])
        offered = lowered["webhook-signature"].split()
    except (KeyError, ValueError):
        raise SignatureMismatch("missing or malformed webhook headers") from None
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        raise SignatureMismatch("the timestamp is outside the tolerance")
    expected = sign(secret, message_id, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in offered):
        raise SignatureMismatch("no signature matches")
