"""Signatures on adopted texts and offline verification bundles: DESIGN §2 rule 6.

Import from here (`from accord.domain import signing`); the modules behind it are an
implementation detail:

* `bundles` — the bundle format, what a state signs, and signing a bundle;
* `verify` — `verify_bundle`, the named checks a reader runs offline;
* `keys` — Ed25519 keys, their files and fingerprints.
"""

from accord.domain.signing.bundles import (
    PublicKeyEntry,
    SignatureEntry,
    add_signature,
    make_bundle,
    sign_bundle,
)
from accord.domain.signing.keys import (
    fingerprint,
    generate_private_key,
    load_private_key,
    load_public_key_b64,
    private_key_pem,
    public_key_b64,
    raw_public_key,
    read_private_key,
    write_private_key,
)
from accord.domain.signing.verify import (
    BUNDLE_FORMAT,
    CHECKS,
    SIGNATURE_PURPOSE,
    CheckResult,
    VerificationReport,
    canonical_bytes,
    sha256_hex,
    signing_statement,
    verify_bundle,
)

__all__ = [
    "BUNDLE_FORMAT",
    "CHECKS",
    "SIGNATURE_PURPOSE",
    "CheckResult",
    "PublicKeyEntry",
    "SignatureEntry",
    "VerificationReport",
    "add_signature",
    "canonical_bytes",
    "fingerprint",
    "generate_private_key",
    "load_private_key",
    "load_public_key_b64",
    "make_bundle",
    "private_key_pem",
    "public_key_b64",
    "raw_public_key",
    "read_private_key",
    "sha256_hex",
    "sign_bundle",
    "signing_statement",
    "verify_bundle",
    "write_private_key",
]
