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

import base64
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from accord.domain import tlog
from accord.domain.consensus import AdoptionRecord, parse_time, record_from_dict
from accord.domain.errors import InvalidInput
from accord.domain.signing.act_checks import ACT_CHECKS, ActCheckFailed, verify_acts_section
from accord.domain.signing.keys import decode_b64, fingerprint
from accord.domain.signing.ledger_checks import MISSING, check_ledger_section, ledger_required
from accord.domain.signing.statement import StatementWriter, canonical_bytes, sha256_hex
from accord.domain.signing.trust import Trust
from accord.domain.signing.versions import summary as versions_summary
from accord.domain.signing.versions import version_problem

BUNDLE_FORMAT = "accord-bundle/1"
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


# --- checks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    """One named check and what it found."""

    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class VerificationReport:
    """The outcome of `verify_bundle`: every check that ran, up to the first that stops it."""

    ok: bool
    failed_check: str | None  # the first failure, one of CHECKS
    message: str
    checks: tuple[CheckResult, ...]
    document_id: str | None = None
    revision: int | None = None
    adopted_by: tuple[str, ...] = ()
    signed_by: tuple[tuple[str, str], ...] = ()  # (state, key fingerprint), sorted
    pinned: bool = False  # the keys were checked against a trust file
    # The bundle carries no ledger section and none was required (`require_ledger_proof`
    # off, or a trust file saying the deployment predates the transparency log).
    no_ledger_proof: bool = False

    @property
    def failures(self) -> tuple[CheckResult, ...]:
        """Every check that failed, in the order they ran."""
        return tuple(c for c in self.checks if not c.passed)

    @property
    def unsigned(self) -> tuple[str, ...]:
        """Adopting states that have not signed (yet)."""
        signed = {s for s, _ in self.signed_by}
        return tuple(s for s in self.adopted_by if s not in signed)


class CheckFailed(Exception):
    """A check of `CHECKS` that does not hold: its name and what is wrong."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check
        self.message = message


@dataclass
class ParsedBundle:
    """A bundle that passed `bundle-format`, with what later checks share."""

    raw: Mapping[str, Any]
    text: Mapping[str, Any]
    record_raw: Mapping[str, Any]
    signatures: list[dict[str, Any]]
    keys: list[dict[str, Any]]
    text_bytes: bytes  # RFC 8785 form of the text, computed once
    record_bytes: bytes
    record: AdoptionRecord | None = None
    text_sha256: str = ""
    record_sha256: str = ""
    keys_by_fingerprint: dict[str, tuple[dict[str, Any], bytes]] | None = None
    trust: Trust | None = None


def _need(value: Any, kind: type, where: str) -> Any:
    # Called for objects, lists and strings only (no int, so a bool cannot pass as one).
    if not isinstance(value, kind):
        raise CheckFailed("bundle-format", f"{where} is missing or has the wrong type")
    return value


def _time(value: Any, where: str) -> datetime:
    try:
        return parse_time(_need(value, str, where))
    except InvalidInput as exc:
        raise CheckFailed("bundle-format", f"{where}: {exc.message}") from exc


def check_format(bundle: Any) -> ParsedBundle:
    """`bundle-format`: the bundle parsed, every field of the right type (CheckFailed if not)."""
    if isinstance(bundle, str | bytes | bytearray):
        try:
            bundle = json.loads(bundle)
        except (ValueError, RecursionError) as exc:
            raise CheckFailed("bundle-format", f"the bundle is not JSON ({exc})") from exc
    if not isinstance(bundle, Mapping):
        raise CheckFailed("bundle-format", "the bundle is not a JSON object")
    if bundle.get("format") != BUNDLE_FORMAT:
        raise CheckFailed("bundle-format", f"unknown bundle format {bundle.get('format')!r}")
    text = _need(bundle.get("text"), Mapping, "text")
    _need(text.get("paragraphs"), list, "text.paragraphs")
    record = _need(bundle.get("adoption_record"), Mapping, "adoption_record")
    _need(record.get("text_sha256"), str, "adoption_record.text_sha256")
    signatures = _need(bundle.get("signatures"), list, "signatures")
    keys = _need(bundle.get("public_keys"), list, "public_keys")
    states: set[str] = set()
    for i, s in enumerate(signatures):
        _need(s, Mapping, f"signatures[{i}]")
        for field in ("state", "key_fingerprint", "signature", "adoption_record_sha256"):
            _need(s.get(field), str, f"signatures[{i}].{field}")
        _time(s.get("signed_at"), f"signatures[{i}].signed_at")
        if s["state"] in states:  # one state, one voice: one signature each
            raise CheckFailed("bundle-format", f"two signatures for {s['state']}")
        states.add(s["state"])
    for i, k in enumerate(keys):
        _need(k, Mapping, f"public_keys[{i}]")
        for field in ("state", "fingerprint", "public_key"):
            _need(k.get(field), str, f"public_keys[{i}].{field}")
        _time(k.get("valid_from"), f"public_keys[{i}].valid_from")
        if k.get("valid_until") is not None:
            _time(k.get("valid_until"), f"public_keys[{i}].valid_until")
        try:
            decode_b64(k["public_key"], 32, "public key")
        except InvalidInput as exc:
            raise CheckFailed("bundle-format", f"public_keys[{i}]: {exc.message}") from exc
    try:
        text_bytes, record_bytes = canonical_bytes(text), canonical_bytes(record)
    except (ValueError, TypeError, RecursionError) as exc:
        # Integers past 2**53, NaN, lone surrogates: JSON that has no RFC 8785 form.
        raise CheckFailed(
            "bundle-format", f"the bundle has no canonical JSON form ({exc})"
        ) from exc
    return ParsedBundle(
        bundle, text, record, list(signatures), list(keys), text_bytes, record_bytes
    )


def check_text_hash(b: ParsedBundle) -> str:
    """`text-hash`: the text is the one the adoption record names."""
    b.text_sha256 = sha256_hex(b.text_bytes)
    if b.text_sha256 != b.record_raw["text_sha256"]:
        raise CheckFailed("text-hash", "the text differs from the text that was adopted")
    return f"text SHA-256 {b.text_sha256}"


def check_record(b: ParsedBundle) -> str:
    """`adoption-record`: canonical, for this text, and the one every signature commits to."""
    try:
        record = record_from_dict(b.record_raw)
    except InvalidInput as exc:
        raise CheckFailed("adoption-record", exc.message) from exc
    b.record = record
    b.record_sha256 = sha256_hex(record.canonical_bytes())
    if b.record_bytes != record.canonical_bytes():
        raise CheckFailed("adoption-record", "the adoption record is not in canonical form")
    if record.document_id != b.text.get("document_id") or record.revision != b.text.get("revision"):
        raise CheckFailed("adoption-record", "the record is for another document or revision")
    numbers = {p.get("number") for p in b.text["paragraphs"] if isinstance(p, Mapping)}
    for e in record.explanations:
        if not set(e.dissociated_from) <= numbers:
            raise CheckFailed("adoption-record", f"{e.state} dissociates from an unknown paragraph")
    for s in b.signatures:
        if s["adoption_record_sha256"] != b.record_sha256:
            raise CheckFailed(
                "adoption-record",
                f"the adoption record differs from the one {s['state']} signed",
            )
        if parse_time(s["signed_at"]) < record.closed_at:
            raise CheckFailed("adoption-record", f"{s['state']} signed before the text was adopted")
    return f"adopted by {', '.join(record.adopted_by)} ({record.procedure.value})"


def _check_keys(b: ParsedBundle) -> str:
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


def _check_signatures(b: ParsedBundle) -> str:
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


def _check_trusted(b: ParsedBundle) -> str:
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


def _check_validity(b: ParsedBundle) -> str:
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


def _check_adopters(b: ParsedBundle) -> str:
    assert b.record is not None
    for s in b.signatures:
        if s["state"] not in b.record.adopted_by:
            raise CheckFailed("signer-not-adopter", f"{s['state']} is not a state that adopted it")
    return "every signer adopted the text"


def _check_all_signed(b: ParsedBundle) -> str:
    assert b.record is not None
    signed = {s["state"] for s in b.signatures}
    missing = [state for state in b.record.adopted_by if state not in signed]
    if missing:
        raise CheckFailed(
            "signature-missing",
            f"no signature from {', '.join(missing)}, which the adoption record names as "
            "adopting the text",
        )
    return f"signed by every adopting state ({len(b.record.adopted_by)})"


def _check_ledger(b: ParsedBundle) -> str:
    """`tlog.LEDGER_CHECKS` on the bundle's ledger section (`ledger_checks`); run when the
    bundle has one or one is required, so a section stripped away fails `inclusion-proof`."""
    assert b.record is not None
    try:
        return check_ledger_section(
            b.raw.get("ledger", MISSING), adopted_by=b.record.adopted_by, trust=b.trust
        )
    except tlog.LedgerProofFailed as failure:
        raise CheckFailed(failure.check, failure.message) from failure


def _check_signed_acts(b: ParsedBundle) -> str:
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
        return verify_acts_section(section, b.record, b.text, pinned_states=pinned)
    except ActCheckFailed as failure:
        raise CheckFailed(failure.check, failure.message) from failure


Step = tuple[str, Callable[[ParsedBundle], str], bool]  # name, check, whether a failure stops


def _check_versions(b: ParsedBundle) -> str:
    """`language-version`: each version is the adopted one (`signing.versions`)."""
    problem = version_problem(b.text)
    if problem is not None:
        raise CheckFailed("language-version", problem)
    return versions_summary(b.text)


def _steps(
    *, trusted: bool, require_signatures: bool, signed_acts: bool = False, ledger: bool = False
) -> tuple[Step, ...]:
    return (
        ("language-version", _check_versions, True),
        ("text-hash", check_text_hash, True),
        ("adoption-record", check_record, True),
        ("unknown-key", _check_keys, True),
        *((("key-not-trusted", _check_trusted, False),) if trusted else ()),
        ("signature", _check_signatures, True),
        ("key-validity", _check_validity, True),
        ("signer-not-adopter", _check_adopters, True),
        *((("signed-acts", _check_signed_acts, True),) if signed_acts else ()),
        *((("signature-missing", _check_all_signed, False),) if require_signatures else ()),
        *((("ledger-proof", _check_ledger, True),) if ledger else ()),
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
        signed_by=tuple(sorted((s["state"], s["key_fingerprint"]) for s in parsed.signatures)),
        pinned=parsed.trust is not None,
    )


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
