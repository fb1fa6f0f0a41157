"""Checking an act a person signed for their state, before it is accepted (issue 12).

One set of refusals for every act that speaks for a state under its roster — the adoption
acts (`negotiation.signed_acts`), signatures of the adopted text, acknowledgements of
notifications, hotline messages — each with its machine code and a translated sentence:
the challenge was not issued to this person for this subject (`act-challenge`, or the
subject's own code, e.g. `act-revision`), it was used (`act-replayed`) or expired
(`act-challenge-expired`), the person is not on the roster in force in a role that may
make the act, or signed with a key not theirs there (`act-not-on-roster`), the signature
does not verify (`act-signature`), the key was revoked (`key-revoked`). Nothing here
writes, except `spend`, which marks the challenge used inside the act's transaction.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import signing
from accord.domain.errors import DomainError, InvalidInput, NotPermitted, RuleViolation
from accord.members import rosters
from accord.members.models import ActChallenge, State, User


@dataclass(frozen=True)
class CheckedStateAct:
    """A signed act that passed every check, waiting for the act it makes to be stored."""

    challenge: ActChallenge
    signed: dict[str, Any]
    statement: dict[str, Any]
    person: str
    key_fingerprint: str
    at: datetime  # the challenge's time: what the act is dated by


def roles_label(roles: Collection[str]) -> str:
    return " / ".join(roles)


def require_roles(actor: User, state: State, at: datetime, roles: Collection[str]) -> None:
    """NotPermitted(`act-not-on-roster`) unless the roster in force names the actor in one
    of `roles` (a state without a root key speaks as before)."""
    if not rosters.speaks_through_roster(state):
        return
    roster = rosters.current_roster(state, at)
    person = None if roster is None else roster.person(actor.username)
    if person is None or person.role not in roles:
        raise NotPermitted(
            _("%(person)s is not on the roster of %(state)s as %(role)s: the act is refused.")
            % {"person": actor.username, "state": state.code, "role": roles_label(roles)},
            code="act-not-on-roster",
        )


def issue_state_act_challenge(
    *,
    actor: User,
    state: State,
    purpose: str,
    subject_key: str,
    subject: Mapping[str, Any],
    now: datetime | None = None,
) -> ActChallenge:
    """A single-use, server-signed challenge for one act of kind `purpose` on `subject`.

    Refused (`act-not-on-roster`) unless the actor may make that act for `state` now.
    """
    moment = now or timezone.now()
    require_roles(actor, state, moment, signing.SPEAKING_ROLES[purpose])
    nonce = secrets.token_urlsafe(24)
    challenge = signing.make_state_act_challenge(
        purpose,
        subject,
        nonce=nonce,
        issued_at=moment,
        expires_at=moment + signing.CHALLENGE_LIFETIME,
        person=actor.username,
        state=state.code,
    )
    return ActChallenge.objects.create(
        nonce=nonce,
        person=actor,
        state=state,
        subject=subject_key,
        signed=rosters.server_signed(challenge),
        issued_at=moment,
        expires_at=moment + signing.CHALLENGE_LIFETIME,
    )


def locked_challenge(
    nonce: Any, actor: User, subject_key: str, moment: datetime, wrong_subject: DomainError
) -> ActChallenge:
    """The challenge `nonce` names, locked: issued to `actor` for `subject_key`, unused and
    open at `moment`; refused otherwise (`wrong_subject` when it is for another subject)."""
    challenge = (
        ActChallenge.objects.select_for_update().filter(nonce=nonce).first()
        if isinstance(nonce, str)
        else None
    )
    if challenge is None or challenge.person_id != actor.pk:
        raise InvalidInput(
            _("This act was not signed over a challenge issued to you."), code="act-challenge"
        )
    if challenge.subject != subject_key:
        raise wrong_subject
    if challenge.used_at is not None:
        raise RuleViolation(
            _("This challenge has been used: an act is signed once."), code="act-replayed"
        )
    if not challenge.is_open(moment):
        raise RuleViolation(
            _("The challenge has expired: ask for a new one and sign again."),
            code="act-challenge-expired",
        )
    return challenge


def roster_key(
    actor: User, state: State, key_fingerprint: str, at: datetime, roles: Collection[str]
) -> str:
    """The actor's public key with this fingerprint on the roster in force `at`, in one of
    `roles`, and not revoked; refused otherwise."""
    roster = rosters.current_roster(state, at)
    holder = None if roster is None else roster.holder(key_fingerprint)
    if holder is None or holder[0].person != actor.username or holder[0].role not in roles:
        raise NotPermitted(
            _("This key is not %(person)s's on the roster of %(state)s.")
            % {"person": actor.username, "state": state.code},
            code="act-not-on-roster",
        )
    return holder[1]


def require_unrevoked(state: State, key_fingerprint: str, at: datetime) -> None:
    if signing.revoked(rosters.revocation_values(state), key_fingerprint, at) is not None:
        raise NotPermitted(_("This key has been revoked: it signs nothing."), code="key-revoked")


def spend(challenge: ActChallenge, moment: datetime) -> None:
    """Mark the challenge used. Precondition: locked by `locked_challenge`, same transaction."""
    challenge.used_at = moment
    challenge.save(update_fields=["used_at"])


def unsigned_refusal(state: State) -> NotPermitted:
    return NotPermitted(
        _("An act for %(state)s must be signed by a person on its roster, with their key.")
        % {"state": state.code},
        code="act-signature",
    )


def check_state_act(
    *,
    actor: User,
    state: State,
    purpose: str,
    subject_key: str,
    expected: Mapping[str, Any],
    signed: Any,
    moment: datetime,
    wrong_subject: DomainError,
) -> CheckedStateAct:
    """Every refusal of a signed act of kind `purpose`; writes nothing but the challenge's
    use. `expected` holds the statement's fields the server knows (the subject's and what
    the signer adds, e.g. the message's hash); a statement that differs is `act-mismatch`.

    Precondition: inside the act's transaction, the state under its roster.
    """
    roles = signing.SPEAKING_ROLES[purpose]
    require_roles(actor, state, moment, roles)
    if signed is None:
        raise unsigned_refusal(state)
    statement, key_fp, signature, at = signing.parse_state_act(signed, purpose)
    challenge = locked_challenge(statement.get("nonce"), actor, subject_key, moment, wrong_subject)
    asked = signing.state_act_statement(challenge.signed["challenge"], **_added(purpose, expected))
    if statement != asked or any(statement.get(k) != v for k, v in expected.items()):
        raise InvalidInput(
            _("The signed act is not the act requested: sign again what this page shows."),
            code="act-mismatch",
        )
    public_key = roster_key(actor, state, key_fp, at, roles)
    signing.check_act_signature(statement, signature, public_key)
    require_unrevoked(state, key_fp, at)
    spend(challenge, moment)
    return CheckedStateAct(challenge, dict(signed), statement, actor.username, key_fp, at)


def _added(purpose: str, expected: Mapping[str, Any]) -> dict[str, Any]:
    _fields, added = signing.STATE_ACTS[purpose]
    return {name: expected.get(name) for name in added}


MAX_SIGNED_FIELD = 20_000  # a signed act is well under 5 kB with a long reason


def signed_from_form(post: Any, errors: dict[str, str]) -> dict[str, Any] | None:
    """The signed act a page's `signed` field carries (None when empty); an unreadable one
    is reported in `errors["act"]`."""
    raw = post.get("signed", "")
    if not raw:
        return None
    value: Any = None
    if len(raw) <= MAX_SIGNED_FIELD:
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            value = None
    if not isinstance(value, dict):
        errors["act"] = _("The signed act sent by this page is unreadable: sign again.")
        return None
    return value


@dataclass(frozen=True)
class SigningBox:
    """What a page's signing box shows and how its script asks for the challenge
    (`members/_signing_box.html`)."""

    state: str
    purpose: str
    challenge_url: str
    rows: list[tuple[str, str]]  # (label, value) of what is signed, shown before confirming
    expect: dict[str, Any]  # the challenge's subject must say the same
    challenge_fields: str = ""  # the form's fields sent with the challenge request
    message_field: str = ""  # the form's field whose text's SHA-256 is signed

    @property
    def expect_json(self) -> str:
        return json.dumps(self.expect)


def signing_box(state: State | None, **fields: Any) -> SigningBox | None:
    """The box, when `state` speaks through its roster; None when it signs nothing."""
    if state is None or not rosters.speaks_through_roster(state):
        return None
    return SigningBox(state=state.code, **fields)
