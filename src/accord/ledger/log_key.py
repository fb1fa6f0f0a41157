"""The platform's log key: the Ed25519 key that signs what the ledger vouches for (the
trailer of every export; the checkpoints of the transparency log to come).

Kept like the secret key: a PEM file (settings.ACCORD_LOG_KEY_FILE, by default in the data
directory), mode 0600, generated on first use. Its public half and fingerprint are published
(`GET /api/v1/ledger/log-key`, and in every trust file) so that verifiers can pin it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from accord.domain.signing import (
    fingerprint,
    generate_private_key,
    private_key_pem,
    public_key_b64,
    read_private_key,
)


def log_key_path() -> Path:
    return Path(settings.ACCORD_LOG_KEY_FILE)


@functools.cache
def _load(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        _create(path)
    return read_private_key(path)


def _create(path: Path) -> None:
    # Written whole to a private temporary file, then linked into place: two workers
    # starting at once keep whichever key was linked first, and no one ever reads half a key.
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(private_key_pem(generate_private_key()))
        with contextlib.suppress(FileExistsError):  # another process's key won the race
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def log_private_key() -> Ed25519PrivateKey:
    """The log key, made on first use."""
    return _load(log_key_path())


def log_public_key() -> dict[str, str]:
    """{"fingerprint", "public_key"} of the log key, as trailers and trust files carry it."""
    public = log_private_key().public_key()
    return {"fingerprint": fingerprint(public), "public_key": public_key_b64(public)}
