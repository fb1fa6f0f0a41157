"""The trust file: the keys a verifier pins, kept on the verifier's own machine.

A bundle brings its own public keys, and a ledger export its own log key; either proves
only that *some* key signed. Which keys are the states' and the platform's is what the
verifier pins, once, in a trust file (written by `accord trust export` on a platform the
verifier trusts, or by hand from fingerprints read out over the telephone)::

    {"format": "accord-trust/1",
     "origin": "accord.example.org",          # the deployment it was exported from
     "exported_at": "2021-07-15T09:00:00.000000Z",
     "log_keys": [{"fingerprint", "public_key" (optional)}],
     "states": {"CHN": {"signing_keys": [{"fingerprint", "public_key" (optional),
                                            "valid_from", "valid_until" (or null)}]}}}

Fingerprints are compared as 64 hex digits, whatever grouping they are written in (spaces
or colons). A key listed with its public key must match its fingerprint. The roster work
(a state's root keys) adds `root_keys` beside `signing_keys`; a reader of version 1 that
meets a newer format refuses it rather than guess. `"transparency_log": false`, written
by the verifier for a deployment that predates the transparency log (issue 13), lets its
bundles pass without a ledger section; without it, a bundle lacking one fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from accord.domain.consensus import format_time, parse_time
from accord.domain.errors import InvalidInput
from accord.domain.signing.keys import decode_b64, fingerprint

TRUST_FORMAT = "accord-trust/1"
_HEX = re.compile(r"[0-9a-f]{64}")
_STATE = re.compile(r"[A-Z0-9]{2,8}")
MAX_KEYS = 10_000  # a trust file is a short list; bound what one file can make us hold


def fingerprint_digits(text: Any) -> str | None:
    """The 64 hex digits of a fingerprint written in any grouping; None if it is not one."""
    digits = re.sub(r"[\s:]", "", text).lower() if isinstance(text, str) else ""
    return digits if _HEX.fullmatch(digits) else None


@dataclass(frozen=True)
class PinnedKey:
    """A key the verifier trusts, and when it may sign (signing keys) — always, for log keys."""

    fingerprint: str  # 64 hex digits
    valid_from: datetime | None = None
    valid_until: datetime | None = None  # exclusive
    public_key: bytes | None = None  # the raw key, where the file gives it (checked above)

    def valid_at(self, moment: datetime) -> bool:
        return (self.valid_from is None or self.valid_from <= moment) and (
            self.valid_until is None or moment < self.valid_until
        )


@dataclass(frozen=True)
class Trust:
    """A parsed trust file."""

    origin: str
    states: Mapping[str, tuple[PinnedKey, ...]] = field(default_factory=dict)
    log_keys: tuple[PinnedKey, ...] = ()
    roots: Mapping[str, tuple[PinnedKey, ...]] = field(default_factory=dict)
    # False only when the file says so (`"transparency_log": false`): the deployment predates
    # the transparency log, and its bundles carry no ledger section.
    transparency_log: bool = True

    def root_states(self) -> tuple[str, ...]:
        """States whose root key the verifier pins: they speak only through signed acts."""
        return tuple(sorted(code for code, keys in self.roots.items() if keys))

    def pins_root(self, state: str, key_fingerprint: str) -> bool:
        digits = fingerprint_digits(key_fingerprint)
        return any(k.fingerprint == digits for k in self.roots.get(state, ()))

    def signing_key(self, state: str, key_fingerprint: str) -> PinnedKey | None:
        """The pinned key of `state` with this fingerprint, or None."""
        digits = fingerprint_digits(key_fingerprint)
        return next((k for k in self.states.get(state, ()) if k.fingerprint == digits), None)

    def pins_log_key(self, key_fingerprint: str) -> bool:
        digits = fingerprint_digits(key_fingerprint)
        return any(k.fingerprint == digits for k in self.log_keys)


def make_trust_file(
    *,
    origin: str,
    exported_at: datetime,
    states: Mapping[str, list[dict[str, Any]]],
    log_keys: list[dict[str, Any]],
    roots: Mapping[str, list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """A trust file; `states` maps a code to its keys as bundles list them (`PublicKeyEntry`),
    `roots` to its root keys (`RootKey.to_dict`)."""
    trust = {
        "format": TRUST_FORMAT,
        "origin": origin,
        "exported_at": format_time(exported_at),
        "log_keys": [
            {"fingerprint": k["fingerprint"], "public_key": k["public_key"]} for k in log_keys
        ],
        "states": {
            code: {
                "signing_keys": [
                    {
                        "fingerprint": k["fingerprint"],
                        "public_key": k["public_key"],
                        "valid_from": k["valid_from"],
                        "valid_until": k.get("valid_until"),
                    }
                    for k in keys
                ]
            }
            for code, keys in sorted(states.items())
        },
    }
    for code, keys in (roots or {}).items():
        entry = trust["states"].setdefault(code, {"signing_keys": []})  # type: ignore[attr-defined]
        entry["root_keys"] = [
            {"fingerprint": k["fingerprint"], "public_key": k["public_key"]} for k in keys
        ]
    return trust


def parse_trust_file(data: Mapping[str, Any] | str | bytes) -> Trust:
    """Parse and check a trust file; InvalidInput saying what is wrong with it."""
    if isinstance(data, str | bytes | bytearray):
        try:
            data = json.loads(data)
        except (ValueError, RecursionError) as exc:
            raise InvalidInput(f"the trust file is not JSON ({exc})") from None
    if not isinstance(data, Mapping):
        raise InvalidInput("the trust file is not a JSON object")
    if data.get("format") != TRUST_FORMAT:
        raise InvalidInput(
            f"the trust file's format is {data.get('format')!r}; this verifier reads {TRUST_FORMAT}"
        )
    origin = data.get("origin")
    if not isinstance(origin, str) or not origin:
        raise InvalidInput("the trust file names no origin")
    states = data.get("states")
    log_keys = data.get("log_keys", [])
    if not isinstance(states, Mapping) or not isinstance(log_keys, list):
        raise InvalidInput("the trust file needs 'states' (an object) and 'log_keys' (a list)")
    pinned: dict[str, tuple[PinnedKey, ...]] = {}
    roots: dict[str, tuple[PinnedKey, ...]] = {}
    total = len(log_keys)
    for code, entry in states.items():
        if not isinstance(code, str) or not _STATE.fullmatch(code):
            raise InvalidInput(f"the trust file names a state {code!r} that is not a code like CHN")
        keys = entry.get("signing_keys") if isinstance(entry, Mapping) else None
        if not isinstance(keys, list):
            raise InvalidInput(f"{code} in the trust file has no list of signing_keys")
        total += len(keys)
        if total > MAX_KEYS:
            raise InvalidInput(f"the trust file lists more than {MAX_KEYS} keys")
        pinned[code] = tuple(
            _pinned(k, f"states.{code}.signing_keys[{i}]", True) for i, k in enumerate(keys)
        )
        root_keys = entry.get("root_keys", [])
        if not isinstance(root_keys, list) or len(root_keys) > 100:
            raise InvalidInput(f"{code} in the trust file has root_keys that are not a short list")
        roots[code] = tuple(
            _pinned(k, f"states.{code}.root_keys[{i}]", False) for i, k in enumerate(root_keys)
        )
    logs = tuple(_pinned(k, f"log_keys[{i}]", False) for i, k in enumerate(log_keys))
    witnessed = data.get("transparency_log", True)
    if not isinstance(witnessed, bool):
        raise InvalidInput("the trust file's transparency_log is true or false")
    return Trust(
        origin=origin, states=pinned, log_keys=logs, roots=roots, transparency_log=witnessed
    )


def _pinned(entry: Any, where: str, with_validity: bool) -> PinnedKey:
    if not isinstance(entry, Mapping):
        raise InvalidInput(f"{where} in the trust file is not an object")
    digits = fingerprint_digits(entry.get("fingerprint"))
    if digits is None:
        raise InvalidInput(f"{where}.fingerprint is not a SHA-256 fingerprint (64 hex digits)")
    raw = None
    if entry.get("public_key") is not None:
        try:
            raw = decode_b64(entry["public_key"], 32, "public key")
        except InvalidInput as exc:
            raise InvalidInput(f"{where}: {exc.message}") from None
        if fingerprint_digits(fingerprint(raw)) != digits:
            raise InvalidInput(f"{where}: the public key does not match its fingerprint")
    if not with_validity:
        return PinnedKey(digits, public_key=raw)
    return PinnedKey(
        digits,
        public_key=raw,
        valid_from=_time(entry.get("valid_from"), f"{where}.valid_from"),
        valid_until=None
        if entry.get("valid_until") is None
        else _time(entry["valid_until"], f"{where}.valid_until"),
    )


def _time(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise InvalidInput(f"{where} is missing or not a time")
    try:
        return parse_time(value)
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc.message}") from None


def read_trust_file(path: Path) -> Trust:
    """The verifier's trust file from disk; InvalidInput saying why it cannot be used."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read the trust file {path}: {exc.strerror}") from None
    try:
        return parse_trust_file(raw)
    except InvalidInput as exc:
        raise InvalidInput(f"{path}: {exc.message}") from None
