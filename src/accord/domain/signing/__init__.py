"""Signatures on adopted texts and offline verification bundles: DESIGN §2 rule 6.

Import from here (`from accord.domain import signing`); the modules behind it are an
implementation detail:

* `bundles` — the bundle format, what a state signs, and signing a bundle;
* `statement` — the canonical bytes a state signs;
* `verify` — `verify_bundle`, the named checks a reader runs offline;
* `keys` — Ed25519 keys, their files and fingerprints;
* `trust` — the verifier's trust file, the keys it pins.
"""

from accord.domain.signing.bundles import (
    PublicKeyEntry,
    SignatureEntry,
    add_signature,
    make_bundle,
    sign_bundle,
)
from accord.domain.signing.keys import (
    decode_b64,
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
from accord.domain.signing.statement import (
    SIGNATURE_PURPOSE,
    canonical_bytes,
    sha256_hex,
    signing_statement,
)
from accord.domain.signing.trust import (
    TRUST_FORMAT,
    PinnedKey,
    Trust,
    make_trust_file,
    parse_trust_file,
    read_trust_file,
)
from accord.domain.signing.verify import (
    BUNDLE_FORMAT,
    CHECKS,
    CheckResult,
    VerificationReport,
    verify_bundle,
)

__all__ = [
    "BUNDLE_FORMAT",
    "CHECKS",
    "SIGNATURE_PURPOSE",
    "TRUST_FORMAT",
    "CheckResult",
    "PinnedKey",
    "PublicKeyEntry",
    "SignatureEntry",
    "Trust",
    "VerificationReport",
    "add_signature",
    "canonical_bytes",
    "decode_b64",
    "fingerprint",
    "generate_private_key",
    "load_private_key",
    "load_public_key_b64",
    "make_bundle",
    "make_trust_file",
    "parse_trust_file",
    "private_key_pem",
    "public_key_b64",
    "raw_public_key",
    "read_private_key",
    "read_trust_file",
    "sha256_hex",
    "sign_bundle",
    "signing_statement",
    "verify_bundle",
    "write_private_key",
]
