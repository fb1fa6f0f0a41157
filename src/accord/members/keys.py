"""Reading a state's public signing key as given by the secretariat."""

from __future__ import annotations

import base64
import binascii

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from accord.domain.errors import InvalidInput
from accord.domain.signing import fingerprint


def parse_public_key(text: str) -> tuple[str, str]:
    """(raw key as base64, fingerprint) from base64 of the 32 raw bytes or a PEM block.

    Raises InvalidInput for anything that is not an Ed25519 public key.
    """
    text = text.strip()
    raw: bytes
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode())
        except ValueError:
            raise InvalidInput("public_key: not a PEM public key") from None
        if not isinstance(key, Ed25519PublicKey):
            raise InvalidInput("public_key: not an Ed25519 public key")
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    else:
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput("public_key: not base64") from None
        if len(raw) != 32:
            raise InvalidInput("public_key: an Ed25519 public key is 32 bytes")
        try:
            Ed25519PublicKey.from_public_bytes(raw)
        except ValueError:
            raise InvalidInput("public_key: not an Ed25519 public key") from None
    return base64.b64encode(raw).decode(), fingerprint(raw)
