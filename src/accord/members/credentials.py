"""Secrets people hold: API tokens, TOTP codes and recovery codes. Only hashes are stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp

TOKEN_PREFIX = "acc_"
TOTP_ISSUER = "Accord"
TOTP_PERIOD = 30
RECOVERY_CODE_COUNT = 10


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    # A token has 256 random bits: a plain SHA-256 is enough, and lets us look it up by hash.
    return hashlib.sha256(token.encode()).hexdigest()


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret, interval=TOTP_PERIOD).provisioning_uri(
        name=username, issuer_name=TOTP_ISSUER
    )


def matching_totp_step(secret: str, code: str, *, now: float, after_step: int) -> int | None:
    """The time step `code` belongs to (allowing one step of clock drift), or None.

    Steps at or before `after_step` were already used: a code is accepted once.
    """
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_PERIOD)
    current = int(now // TOTP_PERIOD)
    for step in (current - 1, current, current + 1):
        if step <= after_step:
            continue
        if hmac.compare_digest(totp.at(step * TOTP_PERIOD), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return [
        "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def recovery_code_hash(code: str) -> str:
    # About 49 random bits each, single use, and tried only under sign-in throttling.
    return hashlib.sha256(code.strip().lower().encode()).hexdigest()
