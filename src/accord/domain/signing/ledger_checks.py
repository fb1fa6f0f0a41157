"""`accord verify`'s checks of the bundle's ledger section (issue 13): the adoption is in
the log, under a checkpoint signed by the pinned log key and cosigned by enough states.

The keys come with the bundle (`ledger.log_key`, `ledger.witness_keys`) and count only as
far as the verifier's trust file pins their fingerprints; without a trust file they are
the bundle's own, as every other key is, and `accord verify` says so. The checks themselves
are `tlog.verify_ledger_proof`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from accord.domain import tlog
from accord.domain.signing.keys import fingerprint
from accord.domain.signing.trust import Trust


def _key(raw: Any) -> tuple[Ed25519PublicKey, bytes] | None:
    try:
        data = base64.b64decode(str(raw), validate=True)
        return Ed25519PublicKey.from_public_bytes(data), data
    except (ValueError, binascii.Error):
        return None


# The bundle has no `ledger` member at all (a section stripped away, or never there).
MISSING = object()


def ledger_required(trust: Trust | None, required: bool) -> bool:
    """Whether a bundle must carry its ledger section: when asked (`accord verify`), unless
    the verifier's trust file says the deployment predates the transparency log."""
    return required and (trust is None or trust.transparency_log)


def check_ledger_section(section: Any, *, adopted_by: tuple[str, ...], trust: Trust | None) -> str:
    """The line that says what holds; `tlog.LedgerProofFailed` naming the check otherwise."""
    if section is MISSING:
        raise tlog.LedgerProofFailed(
            "inclusion-proof",
            "missing: the bundle carries no ledger section, so nothing shows that the adoption "
            "is in the log the states witness (a bundle of a deployment that predates the "
            "transparency log is checked with --predates-log)",
        )
    if not isinstance(section, Mapping):
        raise tlog.LedgerProofFailed("checkpoint-signature", "the bundle carries no ledger proof")
    log = _key(section.get("log_key"))
    log_keys = []
    if log is not None and (trust is None or trust.pins_log_key(fingerprint(log[1]))):
        log_keys.append(log[0])
    witness_keys: dict[str, list[Ed25519PublicKey]] = {}
    items = section.get("witness_keys")
    for item in items if isinstance(items, list) else []:
        state = item.get("state") if isinstance(item, Mapping) else None
        found = _key(item.get("public_key")) if isinstance(state, str) else None
        if found is None or state is None:
            continue
        if trust is None or trust.signing_key(state, fingerprint(found[1])) is not None:
            witness_keys.setdefault(state, []).append(found[0])
    return tlog.verify_ledger_proof(
        section, log_keys=log_keys, witness_keys=witness_keys, members=adopted_by
    )
