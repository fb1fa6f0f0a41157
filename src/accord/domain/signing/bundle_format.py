"""A bundle's shape and what every later check relies on: `bundle-format`, `text-hash`,
`adoption-record` (see `verify` for the order of the checks and `bundles` for the format).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from datetime import datetime
from typing import Any

from accord.domain.consensus import AdoptionRecord, parse_time, record_from_dict
from accord.domain.errors import InvalidInput
from accord.domain.signing.keys import decode_b64
from accord.domain.signing.statement import canonical_bytes, sha256_hex
from accord.domain.signing.trust import Trust

BUNDLE_FORMAT = "accord-bundle/1"


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
    # {state: key fingerprint} of the signatures of the text by a head on the roster, once
    # the signed acts' checks have verified them (`text_signatures`).
    text_signers: dict[str, str] = _field(default_factory=dict)


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
