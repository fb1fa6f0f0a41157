"""The writes of who speaks for a state (issue 12): registering a root key, a roster taking
effect, the secretariat's proposal, a root-signed rotation or revocation.

Each is a transaction that locks the state's row, runs its `check_*` (every refusal, no
write) and then its short `do_*` (the writes and the ledger entry). `members.rosters`
re-exports the four public services.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import events, signing
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.keys import parse_public_key
from accord.members.models import KeyRevocation, RootKey, RosterVersion, State, User
from accord.members.rosters import root_values, rosters_in_force

MEMBERS_AUDIENCE = Audience(Visibility.PARTICIPANTS)


def _require_secretariat(actor: User) -> None:
    if not (actor.is_secretariat or actor.is_superuser):
        raise NotPermitted(_("Only the secretariat registers a state's root key."))


def locked_state(code: str, *, lock: bool = False) -> State:
    rows = State.objects.select_for_update() if lock else State.objects
    state = rows.filter(code=code).first()
    if state is None:
        raise NotFound(_("There is no such state."))
    return state


# --- the root key ----------------------------------------------------------------------------


def check_root_key(*, actor: User, state: State, public_key: str) -> tuple[str, str]:
    """(raw public key, fingerprint) a first registration of `state`'s root would write."""
    _require_secretariat(actor)
    if RootKey.objects.filter(state=state).exists():
        raise RuleViolation(
            _("%(state)s already has a root key: only its own signature changes it.")
            % {"state": state.code},
            code="root-registered",
        )
    return parse_public_key(public_key)


def do_register_root_key(
    *, actor: User, state: State, raw: str, fingerprint: str, moment: datetime
) -> RootKey:
    """Lock: the state's row, inside the caller's transaction."""
    row = RootKey.objects.create(
        state=state,
        public_key=raw,
        fingerprint=fingerprint.replace(":", " "),
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


@transaction.atomic
def register_root_key(
    *, actor: User, state_code: str, public_key: str, now: datetime | None = None
) -> RootKey:
    """The secretariat registers the root key a state brought at accession: once only."""
    _require_secretariat(actor)
    state = locked_state(state_code, lock=True)
    raw, fp = check_root_key(actor=actor, state=state, public_key=public_key)
    return do_register_root_key(
        actor=actor, state=state, raw=raw, fingerprint=fp, moment=now or timezone.now()
    )


# --- rosters ---------------------------------------------------------------------------------


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


def check_roster(*, actor: User, state: State, signed: Any) -> signing.Roster:
    """The roster `signed` would put in force for `state`; refused with its reason else."""
    _may_submit(actor, state)
    roots = root_values(state)
    if not roots:
        raise RuleViolation(_("Register the state's root key first."), code="no-root-key")
    in_force = rosters_in_force(state)
    current = signing.roster_from_dict(in_force[-1].roster) if in_force else None
    return signing.accept_roster(
        signed, state=state.code, roots=roots, current=current, person_states=_person_states(signed)
    )


def do_submit_roster(
    *, actor: User, state: State, roster: signing.Roster, signed: Any, moment: datetime
) -> RosterVersion:
    """Lock: the state's row, inside the caller's transaction."""
    row = RosterVersion.objects.create(
        state=state,
        status=RosterVersion.Status.IN_FORCE,
        sequence=roster.sequence,
        effective_at=roster.effective_at,
        roster=roster.to_dict(),
        signed=dict(signed),
        submitted_by=actor,
        submitted_at=moment,
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
def submit_roster(
    *, actor: User, state_code: str, signed: Any, now: datetime | None = None
) -> RosterVersion:
    """A roster signed by the state's root takes effect (refused with its reason otherwise)."""
    state = locked_state(state_code, lock=True)
    roster = check_roster(actor=actor, state=state, signed=signed)
    return do_submit_roster(
        actor=actor, state=state, roster=roster, signed=signed, moment=now or timezone.now()
    )


def check_proposal(*, actor: User, state: State, roster: Any) -> signing.Roster:
    if not (actor.is_secretariat or actor.is_superuser):
        raise NotPermitted(_("Only the secretariat proposes a roster."))
    try:
        value = signing.roster_from_dict(roster)
    except InvalidInput as exc:
        raise signing.CredentialRefused("roster-format", exc.message) from exc
    if value.state != state.code:
        raise InvalidInput(_("This roster is for another state."), code="roster-format")
    return value


def do_propose_roster(
    *, actor: User, state: State, value: signing.Roster, moment: datetime
) -> RosterVersion:
    """No lock needed: a proposal changes nothing in force."""
    row = RosterVersion.objects.create(
        state=state,
        status=RosterVersion.Status.PROPOSED,
        sequence=value.sequence,
        effective_at=value.effective_at,
        roster=value.to_dict(),
        submitted_by=actor,
        submitted_at=moment,
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
def propose_roster(
    *, actor: User, state_code: str, roster: Any, now: datetime | None = None
) -> RosterVersion:
    """The secretariat proposes a roster: it has no effect until the state's root signs it."""
    if not (actor.is_secretariat or actor.is_superuser):
        raise NotPermitted(_("Only the secretariat proposes a roster."))
    state = locked_state(state_code)
    value = check_proposal(actor=actor, state=state, roster=roster)
    return do_propose_roster(actor=actor, state=state, value=value, moment=now or timezone.now())


# --- rotation and revocation -----------------------------------------------------------------


@dataclass(frozen=True)
class CheckedKeyStatement:
    """A root-signed statement that passed: the roots after a rotation, or a revocation."""

    kind: str  # "rotated" or "revoked"
    roots: list[signing.RootKey]
    revocation: signing.Revocation | None = None


def check_key_statement(*, actor: User, state: State, signed: Any) -> CheckedKeyStatement:
    _may_submit(actor, state)
    roots = root_values(state)
    statement = signed.get("statement") if isinstance(signed, Mapping) else None
    kind = statement.get("format") if isinstance(statement, Mapping) else None
    if kind == signing.ROTATION_FORMAT:
        return CheckedKeyStatement(
            "rotated", signing.accept_rotation(signed, state=state.code, roots=roots)
        )
    revocation = signing.accept_revocation(signed, state=state.code, roots=roots)
    return CheckedKeyStatement("revoked", signing.revoke_root(roots, revocation), revocation)


def do_key_statement(
    *, actor: User, state: State, checked: CheckedKeyStatement, signed: Any
) -> str:
    """Lock: the state's row, inside the caller's transaction."""
    row: Any
    if checked.revocation is None:
        new = checked.roots[-1]
        for r in checked.roots[:-1]:
            if r.valid_until is not None:
                RootKey.objects.filter(state=state, public_key=r.public_key).update(
                    valid_until=r.valid_until
                )
        row = RootKey.objects.create(
            state=state,
            public_key=new.public_key,
            fingerprint=new.fingerprint,
            valid_from=new.valid_from,
            rotation=dict(signed),
            registered_by=actor,
        )
    else:
        revocation = checked.revocation
        row = KeyRevocation.objects.create(
            state=state,
            fingerprint=revocation.fingerprint,
            reason=revocation.reason,
            effective_at=revocation.effective_at,
            signed=dict(signed),
            submitted_by=actor,
        )
        for r in checked.roots:
            if r.revoked_reason:
                RootKey.objects.filter(state=state, public_key=r.public_key).update(
                    valid_until=r.valid_until, revoked_reason=r.revoked_reason
                )
    kind = events.KEY_ROTATED if checked.kind == "rotated" else events.KEY_REVOKED
    record(
        actor=actor,
        action=kind,
        obj=row,
        audience=MEMBERS_AUDIENCE,
        payload={"state": state.code, "signed": dict(signed)},
    )
    return checked.kind


@transaction.atomic
def submit_key_statement(*, actor: User, state_code: str, signed: Any) -> str:
    """A root-signed revocation or root rotation; returns what it was ("revoked", "rotated")."""
    state = locked_state(state_code, lock=True)
    checked = check_key_statement(actor=actor, state=state, signed=signed)
    return do_key_statement(actor=actor, state=state, checked=checked, signed=signed)
