"""The signed acts behind an adoption record, and recomputing the outcome from them.

The bundle's ``signed_acts`` section (its own section, beside the ledger proofs)::

    {"format": "accord-signed-acts/1",
     "procedure": {"members", "observers", "chair", "deadline" (or null),
                   "consent", "absent", "absent_window_seconds"},
     "roots": [RootKey.to_dict()], "rosters": [signed rosters],
     "revocations": [signed revocations],
     "acts": [{"state", "act", "at", "reason", "confirm_by", "dissociated_from",
               "signed": signed act or null}]}

`verify_acts_section` replays the acts, in order, through the pure consensus rules and
compares the record they produce with the host's adoption record. A state that has a root
key (in the bundle, or pinned by the verifier's trust file) speaks only through signed acts
by a head on its roster in force at the act's time. Checks, in order, each over every act:
`act-signature`, `act-not-on-roster`, `key-revoked`, `act-time`, `outcome-mismatch`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from accord.domain import consensus
from accord.domain.consensus import format_time, parse_time
from accord.domain.errors import DomainError, InvalidInput
from accord.domain.signing.acts import check_act_signature, parse_signed_act
from accord.domain.signing.revocation import (
    Revocation,
    accept_revocation,
    revoked,
    revoked_later,
)
from accord.domain.signing.roster import (
    CredentialRefused,
    RootKey,
    Roster,
    root_key_from_dict,
    roster_from_dict,
    roster_in_force,
    signing_root,
)
from accord.domain.signing.statement import sha256_hex
from accord.domain.signing.text_signatures import (
    TextSignatureFailed,
    check_state_key_signatures,
    check_text_signatures,
)

ACTS_SECTION_FORMAT = "accord-signed-acts/1"
ACT_CHECKS = ("act-signature", "act-not-on-roster", "key-revoked", "act-time", "outcome-mismatch")
CHALLENGE_LIFETIME = timedelta(minutes=10)  # an act is accepted within this of its challenge
SPEAKING_ROLE = "head"  # who speaks for the state in an adoption procedure


class ActCheckFailed(Exception):
    """One of `ACT_CHECKS` does not hold."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check
        self.message = message


@dataclass
class _Act:
    entry: Mapping[str, Any]
    state: str
    at: datetime
    statement: dict[str, Any] | None = None
    key_fingerprint: str = ""
    signature: bytes = b""
    signed_at: datetime | None = None


def acts_section(
    *,
    procedure: Mapping[str, Any],
    roots: Sequence[RootKey],
    rosters: Sequence[Mapping[str, Any]],
    revocations: Sequence[Mapping[str, Any]],
    acts: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    return {
        "format": ACTS_SECTION_FORMAT,
        "procedure": dict(procedure),
        "roots": [r.to_dict() for r in roots],
        "rosters": [dict(r) for r in rosters],
        "revocations": [dict(r) for r in revocations],
        "acts": [dict(a) for a in acts],
    }


def _fail(check: str, message: str) -> ActCheckFailed:
    return ActCheckFailed(check, message)


def _credentials(
    section: Mapping[str, Any],
) -> tuple[list[RootKey], dict[str, list[Roster]], dict[str, list[Revocation]]]:
    try:
        roots = [root_key_from_dict(r) for r in section.get("roots") or []]
    except InvalidInput as exc:
        raise _fail("act-not-on-roster", f"a root key is malformed: {exc.message}") from exc
    rosters: dict[str, list[Roster]] = {}
    for signed in section.get("rosters") or []:
        try:
            roster = roster_from_dict(signed.get("roster") if isinstance(signed, Mapping) else None)
            signing_root(
                roster.to_dict(), signed, roots, state=roster.state, at=roster.effective_at
            )
        except (InvalidInput, AttributeError) as exc:
            raise _fail("act-not-on-roster", f"a roster is not signed by its root: {exc}") from exc
        rosters.setdefault(roster.state, []).append(roster)
    revocations: dict[str, list[Revocation]] = {}
    for signed in section.get("revocations") or []:
        state = signed.get("statement", {}).get("state") if isinstance(signed, Mapping) else None
        try:
            revocation = accept_revocation(signed, state=str(state), roots=roots)
        except CredentialRefused as exc:
            raise _fail("key-revoked", f"a revocation does not verify: {exc.message}") from exc
        revocations.setdefault(revocation.state, []).append(revocation)
    return roots, rosters, revocations


def _parse_acts(section: Mapping[str, Any]) -> list[_Act]:
    entries = section.get("acts")
    if not isinstance(entries, list):
        raise _fail("act-signature", "the signed acts section holds no list of acts")
    acts = []
    for i, entry in enumerate(entries):
        try:
            if not isinstance(entry, Mapping):
                raise InvalidInput(f"acts[{i}] is not an object")
            acts.append(
                _Act(entry, str(entry.get("state") or ""), parse_time(str(entry.get("at"))))
            )
        except InvalidInput as exc:
            raise _fail("act-signature", exc.message) from exc
    return acts


def _expected(act: _Act, record: consensus.AdoptionRecord) -> dict[str, Any]:
    e = act.entry
    return {
        "state": act.state,
        "document_id": record.document_id,
        "revision": record.revision,
        "text_sha256": record.text_hash,
        "act": e.get("act"),
        "reason": e.get("reason", ""),
        "dissociated_from": list(e.get("dissociated_from") or []),
        "confirm_by": e.get("confirm_by"),
    }


def _check_signatures(
    acts: Sequence[_Act],
    record: consensus.AdoptionRecord,
    rosters: Mapping[str, list[Roster]],
    speaking: Collection[str],
) -> None:
    for act in acts:
        signed = act.entry.get("signed")
        where = f"the {act.entry.get('act')} of {act.state or 'the chair'} at {format_time(act.at)}"
        if signed is None:
            if act.state in speaking and act.entry.get("act") != "close":
                raise _fail("act-signature", f"{where} is not signed")
            continue
        try:
            statement, act.key_fingerprint, act.signature, act.signed_at = parse_signed_act(signed)
        except CredentialRefused as exc:
            raise _fail("act-signature", f"{where}: {exc.message}") from exc
        act.statement = statement
        expected = _expected(act, record)
        if any(statement.get(k) != v for k, v in expected.items()):
            raise _fail("act-signature", f"{where} differs from the act that was signed")
        keys = [r.holder(act.key_fingerprint) for r in rosters.get(act.state, [])]
        key = next((k[1] for k in keys if k is not None), None)
        if key is not None:
            try:
                check_act_signature(statement, act.signature, key)
            except CredentialRefused as exc:
                raise _fail("act-signature", f"{where}: {exc.message}") from exc


def _check_rosters(acts: Sequence[_Act], rosters: Mapping[str, list[Roster]]) -> None:
    for act in acts:
        if act.statement is None or act.signed_at is None:
            continue
        roster = roster_in_force(rosters.get(act.state, []), act.signed_at)
        holder = None if roster is None else roster.holder(act.key_fingerprint)
        if holder is None or holder[0].person != act.statement.get("person"):
            raise _fail(
                "act-not-on-roster",
                f"{act.statement.get('person')} is not on {act.state}'s roster in force at "
                f"{format_time(act.signed_at)} with this key",
            )
        if holder[0].role != SPEAKING_ROLE:
            raise _fail(
                "act-not-on-roster",
                f"{holder[0].person} is {holder[0].role}, not head of {act.state}'s delegation",
            )


def _check_revocations(
    acts: Sequence[_Act], revocations: Mapping[str, list[Revocation]]
) -> list[str]:
    notes = []
    for act in acts:
        if act.signed_at is None:
            continue
        mine = revocations.get(act.state, [])
        hit = revoked(mine, act.key_fingerprint, act.signed_at)
        if hit is not None:
            raise _fail(
                "key-revoked",
                f"{act.state}'s key {act.key_fingerprint} was revoked ({hit.reason}) at "
                f"{format_time(hit.effective_at)}, before it signed at "
                f"{format_time(act.signed_at)}",
            )
        later = revoked_later(mine, act.key_fingerprint, act.signed_at)
        if later is not None:
            notes.append(
                f"{act.state}'s act at {format_time(act.signed_at)} was made before its key "
                f"was revoked at {format_time(later.effective_at)}"
            )
    return notes


def _check_times(acts: Sequence[_Act]) -> None:
    for act in acts:
        if act.signed_at is not None and not (
            act.signed_at <= act.at <= act.signed_at + CHALLENGE_LIFETIME
        ):
            raise _fail(
                "act-time",
                f"{act.state}'s act is recorded at {format_time(act.at)}, outside its challenge "
                f"issued at {format_time(act.signed_at)}",
            )


def _opened(
    section: Mapping[str, Any], record: consensus.AdoptionRecord, text: Mapping[str, Any]
) -> consensus.Procedure:
    p = section.get("procedure")
    if not isinstance(p, Mapping):
        raise _fail("outcome-mismatch", "the signed acts section does not describe the procedure")
    try:
        deadline = None if p.get("deadline") is None else parse_time(str(p.get("deadline")))
        return consensus.Procedure(
            kind=record.procedure,
            document_id=record.document_id,
            revision=record.revision,
            text_hash=record.text_hash,
            paragraphs=tuple(str(x.get("number")) for x in text.get("paragraphs", [])),
            members=frozenset(str(s) for s in p.get("members") or []),
            observers=frozenset(str(s) for s in p.get("observers") or []),
            chair=str(p.get("chair") or ""),
            opened_at=record.opened_at,
            deadline=deadline,
            last_act_at=record.opened_at,
            # The rule of procedure it was opened under (rule 9); absent: every member approves.
            consent=consensus.Consent(p.get("consent") or "every-member-approves"),
            absent=frozenset(str(s) for s in p.get("absent") or []),
            absent_window=timedelta(seconds=int(p.get("absent_window_seconds") or 0)),
        )
    except (InvalidInput, AttributeError, TypeError, ValueError, OverflowError) as exc:
        raise _fail("outcome-mismatch", f"the procedure is malformed: {exc}") from exc


def _apply(procedure: consensus.Procedure, act: _Act) -> consensus.Procedure:
    e, state, at = act.entry, act.state, act.at
    kind = e.get("act")
    reason = str(e.get("reason") or "")
    if kind == "approve":
        return consensus.approve(procedure, state, at)
    if kind == "approve-ad-referendum":
        confirm_by = parse_time(str(e.get("confirm_by")))
        return consensus.approve_ad_referendum(procedure, state, at, confirm_by=confirm_by)
    if kind == "confirm-ad-referendum":
        return consensus.confirm_ad_referendum(procedure, state, at)
    if kind == "object":
        return consensus.object_to(procedure, state, at, reason=reason)
    if kind == "break-silence":
        return consensus.break_silence(procedure, state, at, reason=reason)
    if kind == "explain":
        paragraphs = [str(x) for x in e.get("dissociated_from") or []]
        return consensus.explain_position(
            procedure, state, at, text=reason, dissociate_from=paragraphs
        )
    if kind == "close":
        return consensus.close_procedure(procedure, at)
    raise InvalidInput(f"unknown act {kind!r}")


def recompute(
    section: Mapping[str, Any],
    record: consensus.AdoptionRecord,
    text: Mapping[str, Any],
    *,
    parsed: Sequence[_Act] | None = None,
) -> consensus.AdoptionRecord:
    """The adoption record the acts produce under the pure rules (`outcome-mismatch` else);
    `parsed`: the section's acts, when the caller has parsed them already."""
    procedure = _opened(section, record, text)
    for act in _parse_acts(section) if parsed is None else parsed:
        try:
            procedure = _apply(procedure, act)
        except DomainError as exc:
            raise _fail(
                "outcome-mismatch",
                f"the rules refuse {act.state}'s {act.entry.get('act')}: {exc.message}",
            ) from exc
    try:
        return consensus.adoption_record(procedure, record.closed_at)
    except DomainError as exc:
        raise _fail("outcome-mismatch", f"the signed acts do not adopt the text: {exc}") from exc


def verify_acts_section(
    section: Any,
    record: consensus.AdoptionRecord,
    text: Mapping[str, Any],
    *,
    pinned_states: Collection[str] = (),
) -> str:
    """Run `ACT_CHECKS` over the section; ActCheckFailed naming the first that fails.

    `pinned_states` are states whose root the verifier pins: their acts must be signed even
    if the host left their root out of the bundle.
    """
    return verify_signed_section(section, record, text, pinned_states=pinned_states).summary


@dataclass(frozen=True)
class SectionVerdict:
    """What the signed acts section established: its summary line and who signed the text
    through its roster ({state: key fingerprint})."""

    summary: str
    text_signers: dict[str, str]


def verify_signed_section(
    section: Any,
    record: consensus.AdoptionRecord,
    text: Mapping[str, Any],
    *,
    pinned_states: Collection[str] = (),
    state_key_signatures: Sequence[Mapping[str, Any]] = (),
) -> SectionVerdict:
    """`verify_acts_section`, then the signatures of the text (`text_signatures`): those by
    a head on the roster, and those by a state key of a state under its roster (refused)."""
    if not isinstance(section, Mapping) or section.get("format") != ACTS_SECTION_FORMAT:
        raise _fail("act-signature", f"the signed acts section is not {ACTS_SECTION_FORMAT}")
    roots, rosters, revocations = _credentials(section)
    speaking = {r.state for r in roots} | set(pinned_states)
    acts = _parse_acts(section)
    _check_signatures(acts, record, rosters, speaking)
    _check_rosters(acts, rosters)
    notes = _check_revocations(acts, revocations)
    _check_times(acts)
    recomputed = recompute(section, record, text, parsed=acts)
    if recomputed.canonical_bytes() != record.canonical_bytes():
        raise _fail("outcome-mismatch", "the adoption record does not follow from the signed acts")
    try:
        check_state_key_signatures(state_key_signatures, roots, pinned_states)
        signers = check_text_signatures(
            section.get("signatures"),
            record=record,
            record_sha256=sha256_hex(record.canonical_bytes()),
            roots=roots,
            rosters=rosters,
            revocations=revocations,
        )
    except TextSignatureFailed as failure:
        raise _fail(failure.check, failure.message) from failure
    signed = sum(1 for a in acts if a.statement is not None)
    lines = [f"{signed} signed act(s) of {len(acts)} produce the adoption record"]
    if signers:
        lines.append(f"{len(signers)} signature(s) of the text by a head on the roster")
    return SectionVerdict("; ".join([*lines, *notes]), signers)
