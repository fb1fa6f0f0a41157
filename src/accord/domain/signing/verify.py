"""Offline verification of a bundle: named checks, every failure reported by name.

See `signing` for the bundle format and what a state signs. This module needs nothing but the
bundle and, for `accord verify`, the verifier's trust file (`signing.trust`): it is what runs
on a reader's machine.

Two checks are the verifier's policy rather than the bundle's consistency, and a failure of
either lets the others run on, so that one report names everything that is wrong:
`key-not-trusted` (a key in the bundle that the trust file does not pin for that state; run
only when a trust file is given) and `signature-missing` (an adopting state without a valid
signature; run only when signatures are required). Every other check stops the run, since
the checks after it rely on what it established.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from accord.domain import tlog
from accord.domain.signing import bundle_checks as checks
from accord.domain.signing.act_checks import ACT_CHECKS
from accord.domain.signing.bundle_format import (
    BUNDLE_FORMAT,
    CheckFailed,
    CheckResult,
    ParsedBundle,
    VerificationReport,
    check_format,
    check_record,
    check_text_hash,
)
from accord.domain.signing.ledger_checks import ledger_required
from accord.domain.signing.trust import Trust

__all__ = [
    "ALL_CHECKS",
    "BUNDLE_FORMAT",
    "CHECKS",
    "CheckFailed",
    "CheckResult",
    "ParsedBundle",
    "VerificationReport",
    "check_format",
    "check_record",
    "check_text_hash",
    "verify_bundle",
]
CHECKS = (
    "bundle-format",
    "language-version",
    "text-hash",
    "adoption-record",
    "unknown-key",
    "key-not-trusted",
    "signature",
    "key-validity",
    "signer-not-adopter",
    "signature-missing",
)
# The checks of the signed acts behind the record (`act_checks`), run when the bundle carries
# them or the trust file pins a root key, after `signer-not-adopter`.
ALL_CHECKS = (*CHECKS, *ACT_CHECKS, *tlog.LEDGER_CHECKS)

Step = tuple[str, Callable[[ParsedBundle], str], bool]  # name, check, whether a failure stops


def _steps(
    *, trusted: bool, require_signatures: bool, signed_acts: bool = False, ledger: bool = False
) -> tuple[Step, ...]:
    return (
        ("language-version", checks.check_versions, True),
        ("text-hash", check_text_hash, True),
        ("adoption-record", check_record, True),
        ("unknown-key", checks.check_keys, True),
        *((("key-not-trusted", checks.check_trusted, False),) if trusted else ()),
        ("signature", checks.check_signatures, True),
        ("key-validity", checks.check_validity, True),
        ("signer-not-adopter", checks.check_adopters, True),
        *((("signed-acts", checks.check_signed_acts, True),) if signed_acts else ()),
        *((("signature-missing", checks.check_all_signed, False),) if require_signatures else ()),
        *((("ledger-proof", checks.check_ledger, True),) if ledger else ()),
    )


def verify_bundle(
    bundle: Mapping[str, Any] | str | bytes,
    *,
    trust: Trust | None = None,
    require_signatures: bool = False,
    require_ledger_proof: bool = False,
) -> VerificationReport:
    """Run the checks of `CHECKS` in order and report every failure, by name.

    `trust` pins the keys (`key-not-trusted`); without it the keys are the bundle's own
    and the report says `pinned=False`. `require_signatures` demands a valid signature from
    every adopting state (`signature-missing`); without it a bundle still being signed
    passes (the platform checks each signature as it arrives). `require_ledger_proof`
    demands the ledger section (`inclusion-proof` fails when it is missing) unless the trust
    file says the deployment predates the transparency log. `accord verify` asks for all three.
    Accepts the parsed JSON object or the raw file contents. Never raises for a bad bundle:
    the report says what is wrong.
    """
    results: list[CheckResult] = []
    try:
        parsed = check_format(bundle)
    except CheckFailed as failure:
        return VerificationReport(
            False,
            failure.check,
            failure.message,
            (CheckResult(failure.check, False, failure.message),),
        )
    parsed.trust = trust
    required = ledger_required(trust, require_ledger_proof)
    results.append(CheckResult("bundle-format", True, "well-formed"))
    steps = _steps(
        trusted=trust is not None,
        require_signatures=require_signatures,
        signed_acts="signed_acts" in parsed.raw
        or (trust is not None and bool(trust.root_states())),
        ledger="ledger" in parsed.raw or required,
    )
    report = _run_steps(parsed, results, steps)
    return replace(report, no_ledger_proof="ledger" not in parsed.raw and not required)


def _run_steps(
    parsed: ParsedBundle, results: list[CheckResult], steps: Sequence[Step]
) -> VerificationReport:
    for name, step, stops in steps:
        try:
            results.append(CheckResult(name, True, step(parsed)))
        except CheckFailed as failure:
            results.append(CheckResult(failure.check, False, failure.message))
            if stops:
                break
    failures = [c for c in results if not c.passed]
    first = failures[0] if failures else None
    return VerificationReport(
        ok=first is None,
        failed_check=first.name if first else None,
        message=first.detail if first else "every check holds",
        checks=tuple(results),
        document_id=_str_or_none(parsed.text.get("document_id")),
        revision=parsed.record.revision if parsed.record else None,
        adopted_by=parsed.record.adopted_by if parsed.record else (),
        signed_by=_signed_by(parsed),
        pinned=parsed.trust is not None,
    )


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _signed_by(parsed: ParsedBundle) -> tuple[tuple[str, str], ...]:
    """(state, key) of every signature of the text: a state key's, or its head's on the
    roster (which replaces a state key's for a state under its roster)."""
    by_state = {s["state"]: s["key_fingerprint"] for s in parsed.signatures}
    by_state.update(parsed.text_signers)
    return tuple(sorted(by_state.items()))
