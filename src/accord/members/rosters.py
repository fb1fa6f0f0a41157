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

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import events, signing
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.visibility import Audience, Visibility
from accord.ledger.log_key import log_private_key
from accord.ledger.services import record
from accord.members.keys import parse_public_key
from accord.members.models import (
    ActChallenge,
    KeyRevocation,
    RootKey,
    RosterVersion,
    State,
    User,
)

MEMBERS_AUDIENCE = Audience(Visibility.PARTICIPANTS)


def _require_secretariat(actor: User) -> None:
    if not (actor.is_secretariat or actor.is_superuser):
        raise NotPermitted(_("Only the secretariat registers a state's root key."))


def _state(code: str, *, lock: bool = False) -> State:
    rows = State.objects.select_for_update() if lock else State.objects
    state = rows.filter(code=code).first()
    if state is None:
        raise NotFound(_("There is no such state."))
    return state


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


# --- writes ----------------------------------------------------------------------------------


@transaction.atomic
def register_root_key(
    *, actor: User, state_code: str, public_key: str, now: datetime | None = None
) -> RootKey:
    """The secretariat registers the root key a state brought at accession: once only."""
    _require_secretariat(actor)
    state = _state(state_code, lock=True)
    if RootKey.objects.filter(state=state).exists():
        raise RuleViolation(
            _("%(state)s already has a root key: only its own signature changes it.")
            % {"state": state.code},
            code="root-registered",
        )
    raw, fp = parse_public_key(public_key)
    moment = now or timezone.now()
    row = RootKey.objects.create(
        state=state,
        public_key=raw,
        fingerprint=fp.replace(":", " "),
        valid_from=moment,
        registered_by=actor,
        registered_at=moment,
    )
    record(
        actor=actor,
        action=events.ROOT_KEY_REGISTERED,
        obj=row,
        audience=MEMBERS_AUDIENCE,
        payload={"state": state.code, "fingerprint": row.fingerprint, "public_key": raw},
    )
    return row


def _person_states(signed: Any) -> dict[str, str]:
    roster = signed.get("roster") if isinstance(signed, Mapping) else None
    persons = roster.get("persons") if isinstance(roster, Mapping) else None
    found = [p.get("person") for p in persons or [] if isinstance(p, Mapping)]
    names = [n for n in found if isinstance(n, str)][:500]  # a roster names at most 500
    return {
        u.username: u.state_id or ""
        for u in User.objects.filter(username__in=names, is_active=True)
    }


def _may_submit(actor: User, state: State) -> None:
    if not (actor.is_secretariat or actor.is_superuser or actor.state_id == state.code):
        raise NotPermitted(_("Only the state itself or the secretariat hands in its roster."))


@transaction.atomic
def submit_roster(
    *, actor: User, state_code: str, signed: Any, now: datetime | None = None
) -> RosterVersion:
    """A roster signed by the state's root takes effect (refused with its reason otherwise)."""
    state = _state(state_code, lock=True)
    _may_submit(actor, state)
    roots = root_values(state)
    if not roots:
        raise RuleViolation(_("Register the state's root key first."), code="no-root-key")
    in_force = rosters_in_force(state)
    current = signing.roster_from_dict(in_force[-1].roster) if in_force else None
    roster = signing.accept_roster(
        signed, state=state.code, roots=roots, current=current, person_states=_person_states(signed)
    )
    row = RosterVersion.objects.create(
        state=state,
        status=RosterVersion.Status.IN_FORCE,
        sequence=roster.sequence,
        effective_at=roster.effective_at,
        roster=roster.to_dict(),
        signed=dict(signed),
        submitted_by=actor,
        submitted_at=now or timezone.now(),
    )
    record(
        actor=actor,
        action=events.ROSTER_IN_FORCE,
        obj=row,
        audience=MEMBERS_AUDIENCE,
        payload={"state": state.code, "signed": dict(signed)},
    )
    return row


@transaction.atomic
def propose_roster(
    *, actor: User, state_code: str, roster: Any, now: datetime | None = None
) -> RosterVersion:
    """The secretariat proposes a roster: it has no effect until the state's root signs it."""
    if not (actor.is_secretariat or actor.is_superuser):
        raise NotPermitted(_("Only the secretariat proposes a roster."))
    state = _state(state_code)
    try:
        value = signing.roster_from_dict(roster)
    except InvalidInput as exc:
        raise signing.CredentialRefused("roster-format", exc.message) from exc
    if value.state != state.code:
        raise InvalidInput(_("This roster is for another state."), code="roster-format")
    row = RosterVersion.objects.create(
        state=state,
        status=RosterVersion.Status.PROPOSED,
        sequence=value.sequence,
        effective_at=value.effective_at,
        roster=value.to_dict(),
        submitted_by=actor,
        submitted_at=now or timezone.now(),
    )
    record(
        actor=actor,
        action=events.ROSTER_PROPOSED,
        obj=row,
        audience=MEMBERS_AUDIENCE,
        payload={"state": state.code, "roster": value.to_dict()},
    )
    return row


@transaction.atomic
def submit_key_statement(*, actor: User, state_code: str, signed: Any) -> str:
    """A root-signed revocation or root rotation; returns what it was ("revoked", "rotated")."""
    state = _state(state_code, lock=True)
    _may_submit(actor, state)
    roots = root_values(state)
    statement = signed.get("statement") if isinstance(signed, Mapping) else None
    kind = statement.get("format") if isinstance(statement, Mapping) else None
    if kind == signing.ROTATION_FORMAT:
        after = signing.accept_rotation(signed, state=state.code, roots=roots)
        new, old = after[-1], [r for r in after[:-1] if r.valid_until is not None]
        for r in old:
            RootKey.objects.filter(state=state, public_key=r.public_key).update(
                valid_until=r.valid_until
            )
        row: Any = RootKey.objects.create(
            state=state,
            public_key=new.public_key,
            fingerprint=new.fingerprint,
            valid_from=new.valid_from,
            rotation=dict(signed),
            registered_by=actor,
        )
        action = "rotated"
    else:
        revocation = signing.accept_revocation(signed, state=state.code, roots=roots)
        row = KeyRevocation.objects.create(
            state=state,
            fingerprint=revocation.fingerprint,
            reason=revocation.reason,
            effective_at=revocation.effective_at,
            signed=dict(signed),
            submitted_by=actor,
        )
        for r in signing.revoke_root(roots, revocation):
            if r.revoked_reason:
                RootKey.objects.filter(state=state, public_key=r.public_key).update(
                    valid_until=r.valid_until, revoked_reason=r.revoked_reason
                )
        action = "revoked"
    record(
        actor=actor,
        action=events.KEY_ROTATED if action == "rotated" else events.KEY_REVOKED,
        obj=row,
        audience=MEMBERS_AUDIENCE,
        payload={"state": state.code, "signed": dict(signed)},
    )
    return action


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
