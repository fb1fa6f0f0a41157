"""A state's Ed25519 signing key: generation, key file, public key form and fingerprint.

The key file is PEM, PKCS #8, unencrypted, mode 0600, on the state's own machine: the
private key never reaches the server (DESIGN §2 rule 6). Public keys travel as base64 of
their 32 raw bytes; a fingerprint is the SHA-256 of those bytes in hex, grouped by four so
that two people can compare it aloud.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from accord.domain.errors import InvalidInput, RuleViolation


def generate_private_key() -> Ed25519PrivateKey:
    """A new Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    """The key file format: PEM, PKCS #8, unencrypted (the file itself is mode 0600)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    """Parse a PEM PKCS #8 Ed25519 private key; InvalidInput for anything else."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise InvalidInput("not a PEM PKCS #8 private key without a password") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput("the key is not an Ed25519 key")
    return key


def write_private_key(path: Path, key: Ed25519PrivateKey) -> None:
    """Write the key file with mode 0600; RuleViolation if the file already exists.

    O_EXCL makes "refuse to overwrite" atomic, and the mode is set at creation so the key
    is never readable by others, not even for an instant.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise RuleViolation(f"{path} already exists: refusing to overwrite a key") from exc
    with os.fdopen(fd, "wb") as out:
        out.write(private_key_pem(key))


def read_private_key(path: Path) -> Ed25519PrivateKey:
    """Read a key file written by `write_private_key`."""
    try:
        return load_private_key(Path(path).read_bytes())
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_b64(key: Ed25519PublicKey) -> str:
    """The public key as standard base64 of its 32 raw bytes (how bundles carry it)."""
    return base64.b64encode(raw_public_key(key)).decode("ascii")


def load_public_key_b64(text: str) -> Ed25519PublicKey:
    """Inverse of `public_key_b64`; InvalidInput unless it is 32 bytes of base64."""
    raw = decode_b64(text, 32, "public key")
    return Ed25519PublicKey.from_public_bytes(raw)


def fingerprint(key: Ed25519PublicKey | bytes) -> str:
    """SHA-256 of the raw public key, hex, in 16 groups of 4 for reading aloud."""
    raw = key if isinstance(key, bytes) else raw_public_key(key)
    digest = hashlib.sha256(raw).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 64, 4))


def decode_b64(text: Any, length: int, what: str) -> bytes:
    """`length` bytes from base64 text; InvalidInput naming `what` otherwise."""
    if not isinstance(text, str):
        raise InvalidInput(f"the {what} is not a base64 string")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput(f"the {what} is not valid base64") from exc
    if len(raw) != length:
        raise InvalidInput(f"the {what} must be {length} bytes, not {len(raw)}")
    return raw
