"""The checks of a bundle after its format, text and record: keys, signatures, the signed
acts behind the record, the ledger proof (`verify` runs them in order).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from accord.domain import tlog
from accord.domain.consensus import parse_time
from accord.domain.errors import InvalidInput
from accord.domain.signing.act_checks import ActCheckFailed, verify_signed_section
from accord.domain.signing.bundle_format import CheckFailed, ParsedBundle
from accord.domain.signing.keys import decode_b64, fingerprint
from accord.domain.signing.ledger_checks import MISSING, check_ledger_section
from accord.domain.signing.statement import StatementWriter
from accord.domain.signing.versions import summary as versions_summary
from accord.domain.signing.versions import version_problem


def check_keys(b: ParsedBundle) -> str:
    index: dict[str, tuple[dict[str, Any], bytes]] = {}
    for k in b.keys:
        raw = base64.b64decode(k["public_key"])
        if fingerprint(raw) != k["fingerprint"]:
            raise CheckFailed(
                "unknown-key", f"the fingerprint listed for {k['state']}'s key is wrong"
            )
        index[k["fingerprint"]] = (k, raw)
    for s in b.signatures:
        found = index.get(s["key_fingerprint"])
        if found is None:
            raise CheckFailed(
                "unknown-key", f"{s['state']} signed with a key the bundle does not hold"
            )
        if found[0]["state"] != s["state"]:
            raise CheckFailed(
                "unknown-key", f"{s['state']} signed with a key of {found[0]['state']}"
            )
    b.keys_by_fingerprint = index
    return f"{len(b.signatures)} signature key(s) found"


def check_signatures(b: ParsedBundle) -> str:
    assert b.keys_by_fingerprint is not None
    loaded: dict[bytes, Ed25519PublicKey] = {}
    writer = StatementWriter(
        text_sha256=b.text_sha256, record=b.record_raw, record_sha256=b.record_sha256
    )
    for s in b.signatures:
        _, raw = b.keys_by_fingerprint[s["key_fingerprint"]]
        key = loaded.get(raw) or loaded.setdefault(raw, Ed25519PublicKey.from_public_bytes(raw))
        statement = writer.statement(s["state"], s["signed_at"])
        try:
            key.verify(decode_b64(s["signature"], 64, "signature"), statement)
        except (InvalidSignature, InvalidInput) as exc:
            raise CheckFailed("signature", f"the signature of {s['state']} is invalid") from exc
    return f"{len(b.signatures)} signature(s) valid"


def check_trusted(b: ParsedBundle) -> str:
    """Every key the bundle lists is pinned by the trust file for the state it is listed for."""
    assert b.trust is not None
    strangers = [
        f"{k['state']}'s key {k['fingerprint']}"
        for k in b.keys
        if b.trust.signing_key(k["state"], k["fingerprint"]) is None
    ]
    if strangers:
        raise CheckFailed(
            "key-not-trusted",
            f"the trust file (origin {b.trust.origin}) does not pin {'; '.join(strangers)}",
        )
    return f"every key is pinned by the trust file (origin {b.trust.origin})"


def check_validity(b: ParsedBundle) -> str:
    assert b.keys_by_fingerprint is not None
    for s in b.signatures:
        key, _ = b.keys_by_fingerprint[s["key_fingerprint"]]
        signed_at = parse_time(s["signed_at"])
        valid_until = None if key.get("valid_until") is None else parse_time(key["valid_until"])
        if signed_at < parse_time(key["valid_from"]) or (
            valid_until is not None and signed_at >= valid_until
        ):
            raise CheckFailed(
                "key-validity", f"{s['state']}'s key was not valid at {s['signed_at']}"
            )
        # The bundle's validity dates are the host's word; the trust file's are the verifier's.
        pinned = None if b.trust is None else b.trust.signing_key(s["state"], s["key_fingerprint"])
        if pinned is not None and not pinned.valid_at(signed_at):
            raise CheckFailed(
                "key-validity",
                f"the trust file says {s['state']}'s key was not valid at {s['signed_at']}",
            )
    return "every key was valid when it signed"


def check_adopters(b: ParsedBundle) -> str:
    assert b.record is not None
    for s in b.signatures:
        if s["state"] not in b.record.adopted_by:
            raise CheckFailed("signer-not-adopter", f"{s['state']} is not a state that adopted it")
    return "every signer adopted the text"


def check_all_signed(b: ParsedBundle) -> str:
    assert b.record is not None
    signed = {s["state"] for s in b.signatures} | set(b.text_signers)
    missing = [state for state in b.record.adopted_by if state not in signed]
    if missing:
        raise CheckFailed(
            "signature-missing",
            f"no signature from {', '.join(missing)}, which the adoption record names as "
            "adopting the text",
        )
    return f"signed by every adopting state ({len(b.record.adopted_by)})"


def check_ledger(b: ParsedBundle) -> str:
    """`tlog.LEDGER_CHECKS` on the bundle's ledger section (`ledger_checks`); run when the
    bundle has one or one is required, so a section stripped away fails `inclusion-proof`."""
    assert b.record is not None
    try:
        return check_ledger_section(
            b.raw.get("ledger", MISSING), adopted_by=b.record.adopted_by, trust=b.trust
        )
    except tlog.LedgerProofFailed as failure:
        raise CheckFailed(failure.check, failure.message) from failure


def check_signed_acts(b: ParsedBundle) -> str:
    """The `ACT_CHECKS`, when the bundle carries its signed acts (`act_checks`)."""
    assert b.record is not None
    trust = b.trust
    pinned = () if trust is None else trust.root_states()
    section = b.raw.get("signed_acts")
    if trust is not None and isinstance(section, Mapping):
        for root in section.get("roots") or []:
            state, fp = (
                (root.get("state"), root.get("fingerprint"))
                if isinstance(root, Mapping)
                else ("", "")
            )
            if state in pinned and not trust.pins_root(str(state), str(fp)):
                raise CheckFailed(
                    "key-not-trusted", f"the trust file does not pin {state}'s root key {fp}"
                )
    try:
        verdict = verify_signed_section(
            section, b.record, b.text, pinned_states=pinned, state_key_signatures=b.signatures
        )
    except ActCheckFailed as failure:
        raise CheckFailed(failure.check, failure.message) from failure
    b.text_signers = verdict.text_signers
    return verdict.summary


def check_versions(b: ParsedBundle) -> str:
    """`language-version`: each version is the adopted one (`signing.versions`)."""
    problem = version_problem(b.text)
    if problem is not None:
        raise CheckFailed("language-version", problem)
    return versions_summary(b.text)
