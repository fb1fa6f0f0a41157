"""A state's root key and its signed roster: who speaks for the state (DESIGN §2 rule 6).

A person speaks for a state because the capital says so. Each state makes a **root key**
offline (`accord keygen --root`) and registers it once, at accession; every member can read
its fingerprint and check it out of band. The root key signs the state's **roster**::

    {"format": "accord-roster/1", "state": "CHN", "sequence": 3,
     "effective_at": "2021-07-01T00:00:00.000000Z",
     "persons": [{"person": "chn-head", "role": "head", "public_keys": ["<base64>", ...]}]}

and the signed form is ``{"roster": {...}, "root_fingerprint", "signature"}``: an Ed25519
signature by the root over the RFC 8785 canonical bytes of the roster. `accept_roster` is
the one rule for taking a roster into effect; every refusal names its reason code
(`ROSTER_REFUSALS`), so the platform, the CLI and a verifier say the same thing.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from accord.domain.consensus import aware, format_time, parse_time
from accord.domain.errors import InvalidInput
from accord.domain.signing.keys import decode_b64, fingerprint, public_key_b64
from accord.domain.signing.statement import canonical_bytes

ROSTER_FORMAT = "accord-roster/1"
ROLES = ("head", "delegate", "voter")
# The languages a legal-linguistic reviewer may be named for (rule 8), beside any role.
REVIEW_LANGUAGES = ("en", "zh", "ru")
MAX_PERSONS = 500
MAX_KEYS_PER_PERSON = 8
ROSTER_REFUSALS = (
    "roster-format",
    "roster-signature",
    "root-revoked",
    "roster-backdated",
    "roster-foreign-person",
)


class CredentialRefused(InvalidInput):
    """A roster, key statement or signed act refused; `code` names the reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True)
class RootKey:
    """A state's root key, from its registration (or rotation) to its end, if any."""

    state: str
    public_key: str  # base64 of the raw 32 bytes
    valid_from: datetime
    valid_until: datetime | None = None  # exclusive: rotated away or revoked from then on
    revoked_reason: str = ""

    @property
    def fingerprint(self) -> str:
        return fingerprint(decode_b64(self.public_key, 32, "root key"))

    def valid_at(self, moment: datetime) -> bool:
        return self.valid_from <= moment and (self.valid_until is None or moment < self.valid_until)

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "fingerprint": self.fingerprint,
            "public_key": self.public_key,
            "valid_from": format_time(self.valid_from),
            "valid_until": None if self.valid_until is None else format_time(self.valid_until),
            "revoked_reason": self.revoked_reason,
        }


def root_key_from_dict(data: Any) -> RootKey:
    """Inverse of `RootKey.to_dict`; InvalidInput for anything else."""
    if not isinstance(data, Mapping):
        raise InvalidInput("a root key is an object")
    until = data.get("valid_until")
    key = RootKey(
        state=_text(data.get("state"), "root key state"),
        public_key=_text(data.get("public_key"), "root public key"),
        valid_from=parse_time(str(data.get("valid_from"))),
        valid_until=None if until is None else parse_time(until),
        revoked_reason=str(data.get("revoked_reason") or ""),
    )
    decode_b64(key.public_key, 32, "root key")
    return key


@dataclass(frozen=True)
class RosterPerson:
    """One person the state names, the role it gives them and their personal keys."""

    person: str
    role: str
    public_keys: tuple[str, ...]  # base64 of the raw 32 bytes each
    # The languages whose versions this person verifies as the state's legal-linguistic
    # reviewer: a role held beside `role`, so a delegate may also be a reviewer.
    reviews: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "person": self.person, "role": self.role, "public_keys": list(self.public_keys)
        }  # fmt: skip
        # Written only when given: a roster without reviewers keeps the bytes it was signed as.
        if self.reviews:
            out["reviews"] = list(self.reviews)
        return out

    def holds(self, key_fingerprint: str) -> str | None:
        """The public key with this fingerprint, if the person holds it."""
        return next(
            (k for k in self.public_keys if fingerprint(base64.b64decode(k)) == key_fingerprint),
            None,
        )


@dataclass(frozen=True)
class Roster:
    """Who speaks for `state` from `effective_at`, until the next roster takes effect."""

    state: str
    sequence: int
    effective_at: datetime
    persons: tuple[RosterPerson, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": ROSTER_FORMAT,
            "state": self.state,
            "sequence": self.sequence,
            "effective_at": format_time(self.effective_at),
            "persons": [p.to_dict() for p in self.persons],
        }

    def canonical_bytes(self) -> bytes:
        return canonical_bytes(self.to_dict())

    def person(self, name: str) -> RosterPerson | None:
        return next((p for p in self.persons if p.person == name), None)

    def holder(self, key_fingerprint: str) -> tuple[RosterPerson, str] | None:
        """(person, public key) holding the key with this fingerprint, if anyone does."""
        for p in self.persons:
            key = p.holds(key_fingerprint)
            if key is not None:
                return p, key
        return None


def _text(value: Any, what: str, limit: int = 150) -> str:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise InvalidInput(f"the {what} is missing or too long")
    return value


def _person(data: Any, i: int) -> RosterPerson:
    if not isinstance(data, Mapping):
        raise InvalidInput(f"persons[{i}] is not an object")
    role = data.get("role")
    if role not in ROLES:
        raise InvalidInput(f"persons[{i}].role is one of {', '.join(ROLES)}")
    keys = data.get("public_keys")
    if not isinstance(keys, list) or not keys or len(keys) > MAX_KEYS_PER_PERSON:
        raise InvalidInput(f"persons[{i}] needs 1 to {MAX_KEYS_PER_PERSON} public keys")
    for key in keys:
        decode_b64(key, 32, f"persons[{i}] public key")
    return RosterPerson(
        _text(data.get("person"), f"persons[{i}].person"), role, tuple(keys), _reviews(data, i)
    )


def _reviews(data: Mapping[str, Any], i: int) -> tuple[str, ...]:
    languages = data.get("reviews", [])
    if (
        not isinstance(languages, list)
        or any(code not in REVIEW_LANGUAGES for code in languages)
        or len(set(languages)) != len(languages)
    ):
        raise InvalidInput(
            f"persons[{i}].reviews lists languages among {', '.join(REVIEW_LANGUAGES)}, once each"
        )
    return tuple(languages)


def roster_from_dict(data: Any) -> Roster:
    """A roster document, checked for shape; InvalidInput naming what is wrong."""
    if not isinstance(data, Mapping) or data.get("format") != ROSTER_FORMAT:
        raise InvalidInput(f"a roster is an object of format {ROSTER_FORMAT}")
    sequence = data.get("sequence")
    if not isinstance(sequence, int) or isinstance(sequence, bool) or not 1 <= sequence < 2**31:
        raise InvalidInput("the roster's sequence is a positive whole number")
    persons = data.get("persons")
    if not isinstance(persons, list) or len(persons) > MAX_PERSONS:
        raise InvalidInput(f"the roster names at most {MAX_PERSONS} persons, as a list")
    parsed = tuple(_person(p, i) for i, p in enumerate(persons))
    if len({p.person for p in parsed}) != len(parsed):
        raise InvalidInput("the roster names a person twice")
    return Roster(
        state=_text(data.get("state"), "roster's state", 8),
        sequence=sequence,
        effective_at=parse_time(str(data.get("effective_at"))),
        persons=parsed,
    )


def root_signed(document: Mapping[str, Any], root: Ed25519PrivateKey) -> dict[str, str]:
    """(root_fingerprint, signature) of the root over the canonical bytes of `document`."""
    return {
        "root_fingerprint": fingerprint(root.public_key()),
        "signature": base64.b64encode(root.sign(canonical_bytes(document))).decode("ascii"),
    }


def sign_roster(roster: Roster | Mapping[str, Any], root: Ed25519PrivateKey) -> dict[str, Any]:
    """The signed roster (offline: `accord roster sign`)."""
    value = roster if isinstance(roster, Roster) else roster_from_dict(roster)
    return {"roster": value.to_dict(), **root_signed(value.to_dict(), root)}


def signing_root(
    document: Mapping[str, Any],
    signed: Mapping[str, Any],
    roots: Sequence[RootKey],
    *,
    state: str,
    at: datetime,
) -> RootKey:
    """The root of `state` that signed `document` and was valid `at`; CredentialRefused else."""
    fp = signed.get("root_fingerprint")
    root = next((r for r in roots if r.state == state and r.fingerprint == fp), None)
    signature = signed.get("signature")
    try:
        if root is None:
            raise InvalidSignature
        Ed25519PublicKey.from_public_bytes(base64.b64decode(root.public_key)).verify(
            decode_b64(signature, 64, "signature"), canonical_bytes(document)
        )
    except (InvalidSignature, InvalidInput) as exc:
        raise CredentialRefused(
            "roster-signature", f"this is not signed by a root key of {state}"
        ) from exc
    if not root.valid_at(at):
        raise CredentialRefused(
            "root-revoked",
            f"the root key {root.fingerprint} of {state} was not in force at {format_time(at)}",
        )
    return root


def accept_roster(
    signed: Any,
    *,
    state: str,
    roots: Sequence[RootKey],
    current: Roster | None,
    person_states: Mapping[str, str],
) -> Roster:
    """The roster `signed` takes effect for `state`, or CredentialRefused naming why.

    Refused: a roster that is malformed or for another state (`roster-format`); not signed by
    a root key of the state (`roster-signature`); signed by a root that was revoked or
    rotated away by its effective time (`root-revoked`); not later than the roster in force,
    in sequence and in effective time (`roster-backdated`); naming a person who is not of
    the state, or not known (`roster-foreign-person`; `person_states` maps each known
    person to their state).
    """
    if not isinstance(signed, Mapping):
        raise CredentialRefused("roster-format", "a signed roster is a JSON object")
    try:
        roster = roster_from_dict(signed.get("roster"))
    except InvalidInput as exc:
        raise CredentialRefused("roster-format", exc.message) from exc
    if roster.state != state:
        raise CredentialRefused("roster-format", f"this roster is for {roster.state}, not {state}")
    signing_root(roster.to_dict(), signed, roots, state=state, at=roster.effective_at)
    if current is not None and (
        roster.sequence <= current.sequence or roster.effective_at <= current.effective_at
    ):
        raise CredentialRefused(
            "roster-backdated",
            f"roster {roster.sequence} does not follow roster {current.sequence} in force "
            f"since {format_time(current.effective_at)}",
        )
    for p in roster.persons:
        if person_states.get(p.person) != state:
            raise CredentialRefused(
                "roster-foreign-person", f"{p.person} is not a person of {state}"
            )
    return roster


def roster_in_force(rosters: Sequence[Roster], at: datetime) -> Roster | None:
    """The roster in effect at `at`: the latest whose effective time is not after it."""
    aware(at, "at")
    earlier = [r for r in rosters if r.effective_at <= at]
    return max(earlier, key=lambda r: r.sequence, default=None)


def make_root_key(state: str, key: Ed25519PrivateKey, valid_from: datetime) -> RootKey:
    """The `RootKey` of a private root key (for tests and the demo)."""
    return RootKey(state, public_key_b64(key.public_key()), aware(valid_from, "valid_from"))
