"""Who speaks for a state: root keys, signed rosters, revocations, act challenges (issue 12).

The secretariat registers a state's root key once, at accession, from the fingerprint the
state gives it; every member reads that fingerprint (`GET /members/{code}/roster`) and can
check it out of band. From then on only the root's signature changes who speaks for the
state: a roster takes effect when it is signed by the root (`submit_roster`); the secretariat
may `propose_roster`, which changes nothing. Every write is on the ledger.

Reads (`current_roster`, `credentials_of`) are open to every signed-in person: a roster
names who speaks for a state, which every member must be able to check.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import signing
from accord.domain.errors import NotPermitted
from accord.domain.visibility import Audience, Visibility
from accord.ledger.log_key import log_private_key
from accord.members.models import (
    ActChallenge,
    KeyRevocation,
    RootKey,
    RosterVersion,
    State,
    User,
)

MEMBERS_AUDIENCE = Audience(Visibility.PARTICIPANTS)


# --- values ----------------------------------------------------------------------------------


def root_values(state: State | str) -> list[signing.RootKey]:
    code = state if isinstance(state, str) else state.code
    return [
        signing.RootKey(code, k.public_key, k.valid_from, k.valid_until, k.revoked_reason)
        for k in RootKey.objects.filter(state_id=code).order_by("valid_from", "id")
    ]


def rosters_in_force(state: State | str) -> list[RosterVersion]:
    code = state if isinstance(state, str) else state.code
    return list(
        RosterVersion.objects.filter(state_id=code, status=RosterVersion.Status.IN_FORCE).order_by(
            "sequence"
        )
    )


def roster_values(state: State | str) -> list[signing.Roster]:
    return [signing.roster_from_dict(r.roster) for r in rosters_in_force(state)]


def revocation_values(state: State | str) -> list[signing.Revocation]:
    code = state if isinstance(state, str) else state.code
    return [
        signing.revocation_from_dict(r.signed["statement"])
        for r in KeyRevocation.objects.filter(state_id=code)
    ]


def speaks_through_roster(state: State | str) -> bool:
    """True once the state has a root key: from then on only its roster speaks for it."""
    code = state if isinstance(state, str) else state.code
    return RootKey.objects.filter(state_id=code).exists()


def current_roster(state: State | str, at: datetime | None = None) -> signing.Roster | None:
    return signing.roster_in_force(roster_values(state), at or timezone.now())


# --- act challenges --------------------------------------------------------------------------


def issue_challenge(
    *,
    actor: User,
    state: State,
    subject: str,
    document_id: str,
    revision: int,
    text_sha256: str,
    now: datetime | None = None,
) -> ActChallenge:
    """A single-use, server-signed challenge for one act of `actor` speaking for `state`.

    Precondition: the caller checked that the actor may act on this subject now.
    """
    moment = now or timezone.now()
    nonce = secrets.token_urlsafe(24)
    challenge = signing.make_challenge(
        nonce=nonce,
        issued_at=moment,
        expires_at=moment + signing.CHALLENGE_LIFETIME,
        person=actor.username,
        state=state.code,
        document_id=document_id,
        revision=revision,
        text_sha256=text_sha256,
    )
    return ActChallenge.objects.create(
        nonce=nonce,
        person=actor,
        state=state,
        subject=subject,
        signed=signing.sign_challenge(challenge, log_private_key()),
        issued_at=moment,
        expires_at=moment + signing.CHALLENGE_LIFETIME,
    )


def server_signed(challenge: Mapping[str, Any]) -> dict[str, Any]:
    """A challenge as the server hands it out: signed with the log key."""
    return signing.sign_challenge(challenge, log_private_key())


def require_on_roster(actor: User, state: State, at: datetime, role: str = "head") -> None:
    """NotPermitted(`act-not-on-roster`) unless the roster in force names the actor in `role`
    (a state without a root key speaks as before, through its head's account)."""
    if not speaks_through_roster(state):
        return
    roster = current_roster(state, at)
    person = None if roster is None else roster.person(actor.username)
    if person is None or person.role != role:
        raise NotPermitted(
            _("%(person)s is not on the roster of %(state)s as %(role)s: the act is refused.")
            % {"person": actor.username, "state": state.code, "role": role},
            code="act-not-on-roster",
        )


def reviewer_on_roster(actor: User, state: State, language: str, at: datetime) -> bool:
    """True when the roster of `state` in force at `at` names `actor` as its legal-linguistic
    reviewer for `language` (rule 8: a reviewer is a role on the state's roster)."""
    roster = current_roster(state, at)
    person = None if roster is None else roster.person(actor.username)
    return person is not None and language in person.reviews


# The writes live in `roster_services` (check, then do); callers keep importing them here.
from accord.members.roster_services import (  # noqa: E402
    propose_roster,
    register_root_key,
    submit_key_statement,
    submit_roster,
)

__all__ = [
    "current_roster",
    "issue_challenge",
    "propose_roster",
    "register_root_key",
    "require_on_roster",
    "reviewer_on_roster",
    "revocation_values",
    "root_values",
    "roster_values",
    "rosters_in_force",
    "server_signed",
    "speaks_through_roster",
    "submit_key_statement",
    "submit_roster",
]
