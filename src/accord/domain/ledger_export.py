"""A ledger export and its signed trailer: what makes a cut or blanked export fail.

The chain alone proves that the entries it holds link up, not that none were dropped from
the end, nor that a body the exporting state may read was not blanked into a redacted
entry (a redacted entry and a blanked one look alike). So an export ends with a trailer,
one JSON line after the entries, signed by the platform's log key (Ed25519)::

    {"trailer": "accord-ledger-export/1",
     "origin": "accord.example.org",
     "exported_at": "2021-07-15T09:00:00.000000Z",
     "exported_for": {"user": "tjk-delegate", "state": "TJK"},   # null, null: the operator
     "head": {"seq": 21, "entry_hash": "<64 hex>"},
     "entries": 21,
     "redacted": [[4, 4], [7, 9]],      # the entries exported without body, as ranges
     "log_key": {"fingerprint": "<grouped hex>", "public_key": "<base64, 32 bytes>"},
     "signature": "<base64 Ed25519 over the RFC 8785 bytes of every other member>"}

`verify_export` checks the chain, then the trailer: `trailer-missing` (no trailer: an empty
file, or one cut before its end), `trailer-format`, `trailer-signature`, `log-key-not-trusted`
(its key is not pinned by the verifier's trust file; checked only when one is given),
`trailer-head` (the chain does not end at the head the trailer records: entries dropped),
`entry-count`, `body-missing` (an entry exported without its body although the trailer does
not list it as redacted — or the reverse) and `head` (a head obtained separately, `--head`).
A forger without the log key who re-signs a cut export with a key of their own fails
`log-key-not-trusted`, and `head` against a head learnt elsewhere.
"""

from __future__ import annotations

import base64
import bisect
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from accord.domain import ledger as chain
from accord.domain.errors import InvalidInput
from accord.domain.signing import (
    CheckResult,
    Trust,
    canonical_bytes,
    decode_b64,
    fingerprint,
    public_key_b64,
)

EXPORT_FORMAT = "accord-ledger-export/1"
TRAILER_CHECKS = (
    "trailer-missing",
    "trailer-format",
    "trailer-signature",
    "log-key-not-trusted",
    "trailer-head",
    "entry-count",
    "body-missing",
    "head",
)
_HASH = re.compile(r"[0-9a-f]{64}")

Ranges = list[list[int]]


class RangeBuilder:
    """Sequence numbers gathered in order as inclusive ranges: [[4, 4], [7, 9]]."""

    def __init__(self) -> None:
        self.ranges: Ranges = []

    def add(self, seq: int) -> None:
        if self.ranges and self.ranges[-1][1] == seq - 1:
            self.ranges[-1][1] = seq
        else:
            self.ranges.append([seq, seq])


def parse_head(text: str) -> tuple[int, str]:
    """`SEQ:HASH` as given to `--head`; InvalidInput saying what a head looks like."""
    seq, _, digest = text.partition(":")
    if not seq.isdigit() or len(seq) > 18 or not _HASH.fullmatch(digest):
        raise InvalidInput(f"{text!r} is not a head: expected SEQ:HASH, e.g. 21:<64 hex digits>")
    return int(seq), digest


# --- writing ---------------------------------------------------------------------------------


def trailer_statement(trailer: Mapping[str, Any]) -> bytes:
    """The bytes the log key signs: the RFC 8785 form of every member but `signature`."""
    return canonical_bytes({k: v for k, v in trailer.items() if k != "signature"})


def make_trailer(
    *,
    origin: str,
    exported_at: datetime,
    exported_for: Mapping[str, str | None],
    head: tuple[int, str],
    entries: int,
    redacted: Ranges,
    log_key: Ed25519PrivateKey,
) -> dict[str, Any]:
    """The signed last line of an export (see the module docstring)."""
    public = log_key.public_key()
    trailer: dict[str, Any] = {
        "trailer": EXPORT_FORMAT,
        "origin": origin,
        "exported_at": chain.format_time(exported_at),
        "exported_for": {"user": exported_for.get("user"), "state": exported_for.get("state")},
        "head": {"seq": head[0], "entry_hash": head[1]},
        "entries": entries,
        "redacted": [list(r) for r in redacted],
        "log_key": {"fingerprint": fingerprint(public), "public_key": public_key_b64(public)},
    }
    signature = log_key.sign(trailer_statement(trailer))
    trailer["signature"] = base64.b64encode(signature).decode("ascii")
    return trailer


def export_lines(
    entries: Iterable[chain.Entry],
    *,
    head: tuple[int, str],
    trailer: Mapping[str, Any],
    log_key: Ed25519PrivateKey,
    exported_at: datetime,
) -> Iterator[str]:
    """The JSON lines of an export: each entry, then the trailer signed over what was written.

    `trailer` holds `origin` and `exported_for`; the counts and ranges are taken from the
    entries as they stream out, so the trailer always describes exactly the lines above it.
    """
    redacted = RangeBuilder()
    count = 0
    for entry in entries:
        if entry.body is None:
            redacted.add(entry.seq)
        count += 1
        yield json.dumps(entry.to_json(), separators=(",", ":")) + "\n"
    signed = make_trailer(
        origin=str(trailer["origin"]),
        exported_at=exported_at,
        exported_for=trailer["exported_for"],
        head=head,
        entries=count,
        redacted=redacted.ranges,
        log_key=log_key,
    )
    yield json.dumps(signed, separators=(",", ":")) + "\n"


# --- reading and checking --------------------------------------------------------------------


@dataclass
class _Reader:
    """Streams the entries of an export's lines to `verify_chain`, keeping what comes after."""

    lines: Iterable[str]
    source: str
    trailer: Any = None
    count: int = 0
    last: tuple[int, str] = (0, chain.GENESIS_HASH)
    redacted: RangeBuilder = field(default_factory=RangeBuilder)

    def entries(self) -> Iterator[chain.Entry]:
        for number, line in enumerate(self.lines, start=1):
            if not line.strip():
                continue
            data = _json_line(line, f"{self.source}, line {number}")
            if self.trailer is not None:
                raise ValueError(f"{self.source}, line {number}: a line after the trailer")
            if isinstance(data, Mapping) and "trailer" in data:
                self.trailer = data
                continue
            try:
                entry = chain.Entry.from_json(data)
            except ValueError as error:
                raise ValueError(f"{self.source}, line {number}: {error}") from None
            if entry.body is None:
                self.redacted.add(entry.seq)
            self.count += 1
            self.last = (entry.seq, entry.entry_hash)
            yield entry


def _json_line(line: str, where: str) -> Any:
    try:
        return json.loads(line)
    except RecursionError:
        raise ValueError(f"{where}: nested too deeply to be an entry") from None
    except ValueError as error:
        raise ValueError(f"{where}: not JSON ({error})") from None


@dataclass(frozen=True)
class ExportReport:
    """The chain's report, then every trailer check that ran."""

    chain: chain.ChainReport
    checks: tuple[CheckResult, ...] = ()
    trailer: Mapping[str, Any] | None = None

    @property
    def failures(self) -> tuple[CheckResult, ...]:
        return tuple(c for c in self.checks if not c.passed)

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.failures


def verify_export(
    lines: Iterable[str],
    *,
    trust: Trust | None = None,
    head: tuple[int, str] | None = None,
    source: str = "the export",
) -> ExportReport:
    """Check an export's chain, then its trailer and `head`; ValueError for a line that is
    not an entry (naming the line). A broken chain stops there: nothing after it is sound."""
    reader = _Reader(lines, source)
    report = chain.verify_chain(reader.entries())
    if not report.ok:
        return ExportReport(report)
    checks = list(_trailer_checks(reader, trust))
    if head is not None:
        failure = chain.check_head(reader.count, reader.last[1], head)
        checks.append(
            CheckResult("head", failure is None, failure.message if failure else "as given")
        )
    trailer = reader.trailer if isinstance(reader.trailer, Mapping) else None
    return ExportReport(report, tuple(checks), trailer)


def _trailer_checks(reader: _Reader, trust: Trust | None) -> Iterator[CheckResult]:
    trailer = reader.trailer
    if trailer is None:
        yield CheckResult(
            "trailer-missing",
            False,
            "the export has no signed trailer: it is empty, cut short, or not an Accord export",
        )
        return
    try:
        parsed = _parse_trailer(trailer)
    except InvalidInput as exc:
        yield CheckResult("trailer-format", False, exc.message)
        return
    yield CheckResult("trailer-format", True, f"exported for {_exported_for(parsed)}")
    yield _check_signature(parsed)
    if trust is not None:
        pinned = trust.pins_log_key(parsed.fingerprint)
        detail = (
            f"log key pinned by the trust file (origin {trust.origin})"
            if pinned
            else f"the trust file (origin {trust.origin}) does not pin the log key "
            f"{parsed.fingerprint} that signed this trailer"
        )
        yield CheckResult("log-key-not-trusted", pinned, detail)
    yield _check_trailer_head(reader, parsed)
    yield CheckResult(
        "entry-count",
        reader.count == parsed.entries,
        f"{reader.count} entries"
        if reader.count == parsed.entries
        else f"the export holds {reader.count} entries but its trailer records {parsed.entries}",
    )
    yield _check_redaction(reader.redacted.ranges, parsed.redacted, parsed)


@dataclass(frozen=True)
class _Trailer:
    raw: Mapping[str, Any]
    head: tuple[int, str]
    entries: int
    redacted: Ranges
    fingerprint: str
    public_key: bytes
    signature: bytes


def _parse_trailer(trailer: Any) -> _Trailer:
    def need(value: Any, kind: type, where: str) -> Any:
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise InvalidInput(f"the trailer's {where} is missing or has the wrong type")
        return value

    need(trailer, Mapping, "body")
    if trailer.get("trailer") != EXPORT_FORMAT:
        raise InvalidInput(f"unknown trailer format {trailer.get('trailer')!r}")
    need(trailer.get("origin"), str, "origin")
    need(trailer.get("exported_at"), str, "exported_at")
    exported_for = need(trailer.get("exported_for"), Mapping, "exported_for")
    for name in ("user", "state"):
        if exported_for.get(name) is not None:
            need(exported_for.get(name), str, f"exported_for.{name}")
    head = need(trailer.get("head"), Mapping, "head")
    seq = need(head.get("seq"), int, "head.seq")
    head_hash = need(head.get("entry_hash"), str, "head.entry_hash")
    entries = need(trailer.get("entries"), int, "entries")
    redacted = need(trailer.get("redacted"), list, "redacted")
    previous = 0
    for pair in redacted:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
            or not previous < pair[0] <= pair[1]
        ):
            raise InvalidInput(
                "the trailer's redacted ranges are not increasing [first, last] pairs"
            )
        previous = pair[1]
    log_key = need(trailer.get("log_key"), Mapping, "log_key")
    try:
        public_key = decode_b64(log_key.get("public_key"), 32, "log public key")
        signature = decode_b64(trailer.get("signature"), 64, "signature")
        trailer_statement(trailer)
    except InvalidInput as exc:
        raise InvalidInput(f"the trailer's {exc.message}") from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise InvalidInput(f"the trailer has no canonical JSON form ({exc})") from None
    key_fingerprint = need(log_key.get("fingerprint"), str, "log_key.fingerprint")
    if fingerprint(public_key) != key_fingerprint:
        raise InvalidInput("the trailer's log key does not match its fingerprint")
    return _Trailer(
        trailer, (seq, head_hash), entries, redacted, key_fingerprint, public_key, signature
    )


def _exported_for(t: _Trailer) -> str:
    who = t.raw["exported_for"]
    if who.get("user") is None:
        return "the operator (every body)"
    return f"{who['user']} ({who.get('state') or 'no state'})"


def _check_signature(t: _Trailer) -> CheckResult:
    try:
        Ed25519PublicKey.from_public_bytes(t.public_key).verify(
            t.signature, trailer_statement(t.raw)
        )
    except InvalidSignature:
        return CheckResult(
            "trailer-signature", False, "the trailer's signature does not match its contents"
        )
    return CheckResult("trailer-signature", True, f"signed by log key {t.fingerprint}")


def _check_trailer_head(reader: _Reader, t: _Trailer) -> CheckResult:
    failure = chain.check_head(reader.count, reader.last[1], t.head)
    if failure is None:
        return CheckResult("trailer-head", True, f"ends at the head it records, entry {t.head[0]}")
    return CheckResult("trailer-head", False, f"{failure.message} (the trailer's head)")


def _check_redaction(ours: Ranges, theirs: Ranges, t: _Trailer) -> CheckResult:
    blanked = _first_uncovered(ours, theirs)
    if blanked is not None:
        return CheckResult(
            "body-missing",
            False,
            f"entry {blanked} has no body, but it was exported for {_exported_for(t)} with "
            "its body: the body was removed",
        )
    filled = _first_uncovered(theirs, ours)
    if filled is not None:
        return CheckResult(
            "body-missing",
            False,
            f"entry {filled} has a body, but it was exported for {_exported_for(t)} without one",
        )
    hidden = sum(last - first + 1 for first, last in ours)
    return CheckResult("body-missing", True, f"{hidden} entries redacted, as the trailer records")


def _first_uncovered(ranges: Ranges, cover: Ranges) -> int | None:
    """The first number in `ranges` that no range of `cover` holds (both sorted, disjoint)."""
    starts = [first for first, _ in cover]
    for first, last in ranges:
        n = first
        while n <= last:
            i = bisect.bisect_right(starts, n) - 1
            if i < 0 or cover[i][1] < n:
                return n
            n = cover[i][1] + 1
    return None
