"""Signatures on adopted texts and offline verification bundles: DESIGN §2 rule 6.

Import from here (`from accord.domain import signing`); the modules behind it are an
implementation detail:

* `bundles` — the bundle format, what a state signs, and signing a bundle;
* `statement` — the canonical bytes a state signs;
* `verify` — `verify_bundle`, the named checks a reader runs offline;
* `keys` — Ed25519 keys, their files and fingerprints;
* `trust` — the verifier's trust file, the keys it pins;
* `roster` — a state's root key and its signed roster (who speaks for the state);
* `revocation` — key rotation and revocation, signed by the root;
* `acts` — the server's act challenge and the signed act a person makes over it;
* `state_acts` — the other acts that speak for a state: a signature of the adopted text, an
  acknowledgement of a notification, a hotline message;
* `act_checks` — the bundle's signed acts and recomputing the outcome from them;
* `text_signatures` — the signatures of the adopted text by a head on the roster;
* `bundle_format`, `bundle_checks` — the checks `verify` runs, in its order.
"""

from accord.domain.signing.act_checks import (
    ACT_CHECKS,
    ACTS_SECTION_FORMAT,
    CHALLENGE_LIFETIME,
    ActCheckFailed,
    SectionVerdict,
    acts_section,
    recompute,
    verify_acts_section,
    verify_signed_section,
)
from accord.domain.signing.acts import (
    ACT_FORMAT,
    CHALLENGE_FORMAT,
    SIGNED_ACTS,
    act_statement,
    check_act_signature,
    make_challenge,
    parse_signed_act,
    sign_act,
    sign_challenge,
)
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
from accord.domain.signing.revocation import (
    REVOCATION_FORMAT,
    REVOCATION_REASONS,
    ROTATION_FORMAT,
    Revocation,
    accept_revocation,
    accept_rotation,
    revocation_from_dict,
    revoke_root,
    revoked,
    revoked_later,
    rotation_statement,
    sign_revocation,
    sign_rotation,
)
from accord.domain.signing.roster import (
    REVIEW_LANGUAGES,
    ROLES,
    ROSTER_FORMAT,
    ROSTER_REFUSALS,
    CredentialRefused,
    RootKey,
    Roster,
    RosterPerson,
    accept_roster,
    make_root_key,
    root_key_from_dict,
    roster_from_dict,
    roster_in_force,
    sign_roster,
)
from accord.domain.signing.state_acts import (
    ACKNOWLEDGEMENT_FORMAT,
    HOTLINE_FORMAT,
    SPEAKING_ROLES,
    STATE_ACTS,
    TEXT_SIGNATURE_FORMAT,
    channel,
    make_state_act_challenge,
    parse_state_act,
    state_act_statement,
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
    "ACKNOWLEDGEMENT_FORMAT",
    "ACTS_SECTION_FORMAT",
    "ACT_CHECKS",
    "ACT_FORMAT",
    "BUNDLE_FORMAT",
    "CHALLENGE_FORMAT",
    "CHALLENGE_LIFETIME",
    "CHECKS",
    "HOTLINE_FORMAT",
    "REVIEW_LANGUAGES",
    "REVOCATION_FORMAT",
    "REVOCATION_REASONS",
    "ROLES",
    "ROSTER_FORMAT",
    "ROSTER_REFUSALS",
    "ROTATION_FORMAT",
    "SIGNATURE_PURPOSE",
    "SIGNED_ACTS",
    "SPEAKING_ROLES",
    "STATE_ACTS",
    "TEXT_SIGNATURE_FORMAT",
    "TRUST_FORMAT",
    "ActCheckFailed",
    "CheckResult",
    "CredentialRefused",
    "PinnedKey",
    "PublicKeyEntry",
    "Revocation",
    "RootKey",
    "Roster",
    "RosterPerson",
    "SectionVerdict",
    "SignatureEntry",
    "Trust",
    "VerificationReport",
    "accept_revocation",
    "accept_roster",
    "accept_rotation",
    "act_statement",
    "acts_section",
    "add_signature",
    "canonical_bytes",
    "channel",
    "check_act_signature",
    "decode_b64",
    "fingerprint",
    "generate_private_key",
    "load_private_key",
    "load_public_key_b64",
    "make_bundle",
    "make_challenge",
    "make_root_key",
    "make_state_act_challenge",
    "make_trust_file",
    "parse_signed_act",
    "parse_state_act",
    "parse_trust_file",
    "private_key_pem",
    "public_key_b64",
    "raw_public_key",
    "read_private_key",
    "read_trust_file",
    "recompute",
    "revocation_from_dict",
    "revoke_root",
    "revoked",
    "revoked_later",
    "root_key_from_dict",
    "roster_from_dict",
    "roster_in_force",
    "rotation_statement",
    "sha256_hex",
    "sign_act",
    "sign_bundle",
    "sign_challenge",
    "sign_revocation",
    "sign_roster",
    "sign_rotation",
    "signing_statement",
    "state_act_statement",
    "verify_acts_section",
    "verify_bundle",
    "verify_signed_section",
    "write_private_key",
]
