"""Signatures of the adopted text by a person on the roster, in the bundle (issue 12).

A state with a root key signs its adopted text as every other act that speaks for it: its
head signs an `accord-text-signature/1` statement over the server's challenge with a
personal key on the roster in force. The bundle's ``signed_acts`` section lists them::

    "signatures": [{"state", "submitted_at", "signed": {"act": {...}, "key_fingerprint",
                                                        "signature"}}]

and `check_text_signatures` runs the act checks over them, each over every signature:
`act-signature` (well-formed, for this text and record, by this state, verifies),
`signer-not-adopter`, `act-not-on-roster` (a head's key on the roster in force when it
signed), `key-revoked`, `act-time` (signed after adoption, submitted within the challenge's
lifetime). A state under its roster signs only this way: its signature in the bundle's
``signatures`` list, made by a state key the secretariat registered, counts for nothing
once the state has a root, and is refused (`act-not-on-roster`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from accord.domain import consensus
from accord.domain.consensus import format_time, parse_time
from accord.domain.errors import InvalidInput
from accord.domain.signing.acts import check_act_signature
from accord.domain.signing.revocation import Revocation, revoked
from accord.domain.signing.roster import CredentialRefused, RootKey, Roster, roster_in_force
from accord.domain.signing.state_acts import TEXT_SIGNATURE_FORMAT, parse_state_act

LIFETIME_SECONDS = 600  # the challenge's lifetime (`act_checks.CHALLENGE_LIFETIME`)


class TextSignatureFailed(Exception):
    """One of the act checks does not hold for a signature of the text."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check
        self.message = message


@dataclass
class _Signature:
    state: str
    submitted_at: datetime
    statement: dict[str, Any]
    key_fingerprint: str
    signature: bytes
    at: datetime


def _parse(entries: Any) -> list[_Signature]:
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise TextSignatureFailed("act-signature", "the signatures of the text are not a list")
    parsed = []
    for i, entry in enumerate(entries):
        try:
            if not isinstance(entry, Mapping):
                raise InvalidInput(f"signatures[{i}] is not an object")
            statement, fp, signature, at = parse_state_act(
                entry.get("signed"), TEXT_SIGNATURE_FORMAT
            )
            submitted = parse_time(str(entry.get("submitted_at")))
        except InvalidInput as exc:
            raise TextSignatureFailed(
                "act-signature", f"signature of the text [{i}]: {exc.message}"
            ) from exc
        parsed.append(_Signature(str(entry.get("state")), submitted, statement, fp, signature, at))
    return parsed


def _check_bytes(
    sigs: Sequence[_Signature],
    record: consensus.AdoptionRecord,
    record_sha256: str,
    rosters: Mapping[str, list[Roster]],
) -> None:
    seen: set[str] = set()
    for sig in sigs:
        where = f"{sig.state}'s signature of the text"
        expected = {
            "state": sig.state,
            "document_id": record.document_id,
            "revision": record.revision,
            "text_sha256": record.text_hash,
            "adoption_record_sha256": record_sha256,
        }
        if any(sig.statement.get(k) != v for k, v in expected.items()):
            raise TextSignatureFailed("act-signature", f"{where} is over another text or record")
        if sig.state in seen:  # one state, one voice
            raise TextSignatureFailed("act-signature", f"{sig.state} signed the text twice")
        seen.add(sig.state)
        held = (r.holder(sig.key_fingerprint) for r in rosters.get(sig.state, []))
        key = next((h[1] for h in held if h is not None), None)
        if key is not None:
            try:
                check_act_signature(sig.statement, sig.signature, key)
            except CredentialRefused as exc:
                raise TextSignatureFailed("act-signature", f"{where}: {exc.message}") from exc


def _check_roster(
    sigs: Sequence[_Signature],
    adopted_by: Collection[str],
    rosters: Mapping[str, list[Roster]],
    revocations: Mapping[str, list[Revocation]],
) -> None:
    for sig in sigs:
        if sig.state not in adopted_by:
            raise TextSignatureFailed(
                "signer-not-adopter", f"{sig.state} is not a state that adopted it"
            )
    for sig in sigs:
        roster = roster_in_force(rosters.get(sig.state, []), sig.at)
        holder = None if roster is None else roster.holder(sig.key_fingerprint)
        if holder is None or holder[0].person != sig.statement["person"]:
            raise TextSignatureFailed(
                "act-not-on-roster",
                f"{sig.statement['person']} is not on {sig.state}'s roster in force at "
                f"{format_time(sig.at)} with this key: the signature of the text is refused",
            )
        if holder[0].role != "head":
            raise TextSignatureFailed(
                "act-not-on-roster",
                f"{holder[0].person} is {holder[0].role}, not head of {sig.state}'s delegation",
            )
    for sig in sigs:
        hit = revoked(revocations.get(sig.state, []), sig.key_fingerprint, sig.at)
        if hit is not None:
            raise TextSignatureFailed(
                "key-revoked",
                f"{sig.state}'s key {sig.key_fingerprint} was revoked ({hit.reason}) at "
                f"{format_time(hit.effective_at)}, before it signed the text at "
                f"{format_time(sig.at)}",
            )


def _check_times(sigs: Sequence[_Signature], closed_at: datetime) -> None:
    for sig in sigs:
        if sig.at < closed_at:
            raise TextSignatureFailed(
                "act-time", f"{sig.state} signed the text before it was adopted"
            )
        if not 0 <= (sig.submitted_at - sig.at).total_seconds() <= LIFETIME_SECONDS:
            raise TextSignatureFailed(
                "act-time",
                f"{sig.state}'s signature is recorded at {format_time(sig.submitted_at)}, "
                f"outside its challenge issued at {format_time(sig.at)}",
            )


def check_text_signatures(
    entries: Any,
    *,
    record: consensus.AdoptionRecord,
    record_sha256: str,
    roots: Sequence[RootKey],
    rosters: Mapping[str, list[Roster]],
    revocations: Mapping[str, list[Revocation]],
) -> dict[str, str]:
    """{state: key fingerprint} of the roster signatures of the text; TextSignatureFailed
    naming the first check that fails."""
    sigs = _parse(entries)
    _check_bytes(sigs, record, record_sha256, rosters)
    _check_roster(sigs, record.adopted_by, rosters, revocations)
    _check_times(sigs, record.closed_at)
    return {sig.state: sig.key_fingerprint for sig in sigs}


def check_state_key_signatures(
    signatures: Sequence[Mapping[str, Any]],
    roots: Sequence[RootKey],
    pinned_states: Collection[str],
) -> None:
    """A state under its roster signs through its roster only: a signature by a state key
    made once it had a root (or at any time, for a root the verifier pins but the bundle
    leaves out) is refused (`act-not-on-roster`)."""
    since: dict[str, datetime] = {}
    for root in roots:
        since[root.state] = min(since.get(root.state, root.valid_from), root.valid_from)
    for s in signatures:
        state = str(s.get("state"))
        start = since.get(state)
        if (start is None and state in pinned_states) or (
            start is not None and parse_time(str(s.get("signed_at"))) >= start
        ):
            raise TextSignatureFailed(
                "act-not-on-roster",
                f"{state} speaks through its signed roster: its signature by a registered "
                "state key is not a signature by a head on its roster",
            )
