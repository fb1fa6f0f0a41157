"""Every write about states, people, sign-in credentials and signing keys.

Each function is one transaction that checks permission, applies the rule, saves,
appends to the ledger and publishes its event after commit (`accord.ledger.services.record`).
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accord.domain import events
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.visibility import PUBLIC, Audience, Visibility
from accord.ledger.services import record
from accord.members import credentials
from accord.members.keys import parse_public_key
from accord.members.models import (
    ApiToken,
    ChairTerm,
    Delegation,
    RecoveryCode,
    SigningKey,
    State,
    User,
)


def _own_delegation(user: User) -> Audience:
    return Audience(Visibility.DELEGATION, owner_state=user.state_id)


def _require_secretariat(actor: User, what: str) -> None:
    if not (actor.is_secretariat or actor.is_superuser):
        raise NotPermitted(f"only the secretariat may {what}")


@transaction.atomic
def admit_state(
    *,
    actor: User | None,
    code: str,
    name_en: str,
    name_zh: str,
    name_ru: str,
    status: str,
    joined_on: date,
) -> State:
    """Admit a state as member, observer or dialogue partner; recorded for all to see."""
    if actor is not None:
        _require_secretariat(actor, "admit a state")
    if status not in State.Status.values:
        raise InvalidInput(f"status: one of {', '.join(State.Status.values)}")
    if State.objects.filter(code=code).exists():
        raise RuleViolation(f"{code} is already a participant")
    state = State(
        code=code,
        name_en=name_en,
        name_zh=name_zh,
        name_ru=name_ru,
        status=status,
        joined_on=joined_on,
    )
    state.full_clean()
    state.save()
    Delegation.objects.create(state=state)
    record(
        actor=actor,
        action=events.STATE_ADMITTED,
        obj=state,
        audience=PUBLIC,
        payload={"code": code, "status": status, "joined_on": joined_on.isoformat()},
    )
    return state


@transaction.atomic
def change_state_status(*, actor: User | None, code: str, status: str) -> State:
    """A membership change (e.g. observer to member), on the ledger like every other."""
    if actor is not None:
        _require_secretariat(actor, "change a state's status")
    state = State.objects.select_for_update().get(code=code)
    if status not in State.Status.values:
        raise InvalidInput(f"status: one of {', '.join(State.Status.values)}")
    previous = state.status
    state.status = status
    state.save(update_fields=["status"])
    record(
        actor=actor,
        action=events.STATE_STATUS_CHANGED,
        obj=state,
        audience=PUBLIC,
        payload={"code": code, "from": previous, "to": status},
    )
    return state


@transaction.atomic
def add_person(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    state_code: str | None,
    full_name: str = "",
    email: str = "",
    is_duty_officer: bool = False,
) -> User:
    """Give someone an account in a delegation or in the secretariat."""
    if actor is not None:
        _require_secretariat(actor, "add people")
    if role not in User.Role.values:
        raise InvalidInput(f"role: one of {', '.join(User.Role.values)}")
    if (role == User.Role.SECRETARIAT) != (state_code is None):
        raise InvalidInput("state: the secretariat has no state; everyone else has one")
    if User.objects.filter(username__iexact=username).exists():
        raise RuleViolation(f"the user name {username!r} is taken")
    first, _, last = full_name.partition(" ")
    person = User(
        username=username,
        role=role,
        state_id=state_code,
        first_name=first,
        last_name=last,
        email=email,
        is_duty_officer=is_duty_officer,
        is_staff=role == User.Role.SECRETARIAT,
    )
    person.set_password(password)
    person.save()
    audience = PUBLIC if role == User.Role.SECRETARIAT else _own_delegation(person)
    record(
        actor=actor,
        action=events.PERSON_ADDED,
        obj=person,
        audience=audience,
        payload={"username": username, "role": role, "state": state_code},
    )
    return person


@transaction.atomic
def appoint_chair(*, actor: User | None, holder: User, starts_on: date, ends_on: date) -> ChairTerm:
    """Hand the rotating chair to a member state's head for a term."""
    if actor is not None:
        _require_secretariat(actor, "appoint the chair")
    if not holder.is_head or holder.state is None or not holder.state.is_member:
        raise InvalidInput("holder: the chair is held by the head of a member state")
    if ends_on <= starts_on:
        raise InvalidInput("ends_on: a term ends after it starts")
    if ChairTerm.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise RuleViolation("another chair's term overlaps these dates")
    term = ChairTerm.objects.create(
        state=holder.state, holder=holder, starts_on=starts_on, ends_on=ends_on
    )
    record(
        actor=actor,
        action=events.CHAIR_APPOINTED,
        obj=term,
        audience=PUBLIC,
        payload={
            "state": holder.state_id,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
        },
    )
    return term


@transaction.atomic
def register_signing_key(
    *,
    actor: User,
    state_code: str,
    public_key: str,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    rotate: bool = False,
) -> SigningKey:
    """Register a state's public key. With `rotate`, the state's current keys stop being
    valid when this one starts, so a signature made after that with an old key fails."""
    _require_secretariat(actor, "register signing keys")
    state = State.objects.select_for_update().get(code=state_code)
    raw_b64, fingerprint = parse_public_key(public_key)
    start = valid_from or timezone.now()
    for moment, name in ((start, "valid_from"), (valid_until, "valid_until")):
        if moment is not None and timezone.is_naive(moment):
            raise InvalidInput(f"{name}: give a time zone")
    if valid_until is not None and valid_until <= start:
        raise InvalidInput("valid_until: a key's validity ends after it starts")
    if SigningKey.objects.filter(public_key=raw_b64).exists():
        raise RuleViolation("this key is already registered")
    retired: list[str] = []
    if rotate:
        for old in SigningKey.objects.filter(state=state).select_for_update():
            if old.valid_until is None or old.valid_until > start:
                old.valid_until = max(start, old.valid_from)
                old.save(update_fields=["valid_until"])
                retired.append(old.fingerprint)
    key = SigningKey.objects.create(
        state=state,
        public_key=raw_b64,
        fingerprint=fingerprint,
        valid_from=start,
        valid_until=valid_until,
        registered_by=actor,
    )
    record(
        actor=actor,
        action=events.KEY_REGISTERED,
        obj=key,
        audience=PUBLIC,
        payload={
            "state": state.code,
            "fingerprint": fingerprint,
            "public_key": raw_b64,
            "valid_from": start.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
            "retired": retired,
        },
    )
    return key


@transaction.atomic
def name_vote_delegate(*, actor: User, delegate: User | None) -> Delegation:
    """The head names the delegate who casts the state's vote in consultations."""
    if not actor.is_head:
        raise NotPermitted("only the head of delegation names the vote delegate")
    if delegate is not None and delegate.state_id != actor.state_id:
        raise InvalidInput("delegate: must be a member of your own delegation")
    delegation = Delegation.objects.select_for_update().get(state_id=actor.state_id)
    delegation.vote_delegate = delegate
    delegation.save(update_fields=["vote_delegate"])
    record(
        actor=actor,
        action=events.DELEGATION_VOTE_DELEGATE_NAMED,
        obj=delegation,
        audience=_own_delegation(actor),
        payload={"state": actor.state_id, "delegate": delegate.username if delegate else None},
    )
    return delegation


@transaction.atomic
def issue_api_token(
    *, user: User, label: str = "", lifetime: timedelta | None = None
) -> tuple[ApiToken, str]:
    """A new bearer token for `user`. The token text is returned once and never stored."""
    raw = credentials.new_token()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        token_hash=credentials.token_hash(raw),
        prefix=raw[:10],
        label=label[:100],
        created_at=now,
        expires_at=now + (lifetime or timedelta(days=settings.ACCORD_TOKEN_LIFETIME_DAYS)),
    )
    record(
        actor=user,
        action=events.TOKEN_ISSUED,
        obj=token,
        audience=_own_delegation(user),
        payload={
            "user": user.username,
            "prefix": token.prefix,
            "expires_at": token.expires_at.isoformat(),
        },
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk and not actor.is_superuser:
        raise NotPermitted("a token is revoked by its owner or an admin")
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action=events.TOKEN_REVOKED,
        obj=token,
        audience=_own_delegation(token.user),
        payload={"user": token.user.username, "prefix": token.prefix},
    )


@transaction.atomic
def begin_two_factor_enrolment(*, user: User) -> str:
    """A fresh, not yet confirmed TOTP secret; replaces an unconfirmed one."""
    if user.has_two_factor:
        raise RuleViolation("two-factor sign-in is already set up")
    user.totp_secret = credentials.new_totp_secret()
    user.save(update_fields=["totp_secret"])
    return user.totp_secret


@transaction.atomic
def confirm_two_factor(*, user: User, code: str) -> list[str]:
    """Confirm enrolment with a first code; returns the recovery codes, shown once."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.totp_secret or user.has_two_factor:
        raise RuleViolation("there is no enrolment waiting for confirmation")
    step = credentials.matching_totp_step(
        user.totp_secret, code, now=time.time(), after_step=user.totp_last_step
    )
    if step is None:
        raise InvalidInput("code: that code is not valid, check the time on your device")
    user.totp_confirmed_at = timezone.now()
    user.totp_last_step = step
    user.save(update_fields=["totp_confirmed_at", "totp_last_step"])
    codes = _replace_recovery_codes(user)
    record(
        actor=user,
        action=events.TWO_FACTOR_ENROLLED,
        obj=user,
        audience=_own_delegation(user),
        payload={"user": user.username},
    )
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    codes = credentials.new_recovery_codes()
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=credentials.recovery_code_hash(c)) for c in codes]
    )
    return codes


@transaction.atomic
def use_second_factor(*, user: User, code: str) -> bool:
    """Accept a TOTP code (once) or an unused recovery code for `user`."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.has_two_factor:
        return False
    step = credentials.matching_totp_step(
        user.totp_secret, code, now=time.time(), after_step=user.totp_last_step
    )
    if step is not None:
        user.totp_last_step = step
        user.save(update_fields=["totp_last_step"])
        return True
    recovery = RecoveryCode.objects.filter(
        user=user, code_hash=credentials.recovery_code_hash(code), used_at__isnull=True
    ).first()
    if recovery is None:
        return False
    recovery.used_at = timezone.now()
    recovery.save(update_fields=["used_at"])
    record(
        actor=user,
        action=events.TWO_FACTOR_RECOVERY_CODE_USED,
        obj=user,
        audience=_own_delegation(user),
        payload={"user": user.username},
    )
    return True
