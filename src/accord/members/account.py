"""Every write a person makes on their own account: the password, two-factor sign-in (set
up, turned off where the role allows, recovery codes renewed) and their other sessions.

Each function is one transaction that checks, saves and appends to the ledger. Codes and
passwords are never recorded; recovery codes are stored hashed (`credentials`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from accord.domain import events
from accord.domain.errors import InvalidInput, NotPermitted
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members import credentials
from accord.members.models import RecoveryCode, User

SIGNED_IN_AT_KEY = "accord_signed_in_at"
# Shown to the person as they are (translated by the page that shows them).
CODE_REFUSED = gettext_noop("That code is not valid. Check the time on your device and try again.")
REQUIRED = gettext_noop("Your role requires two-factor sign-in: it cannot be turned off.")
NOT_SET_UP = gettext_noop("Two-factor sign-in is not set up.")
AGENT_KEY = "accord_agent"


def _own(user: User) -> Audience:
    return Audience(Visibility.DELEGATION, owner_state=user.state_id)


def _check_code(user: User, code: str) -> int:
    """The TOTP step of a current code from the user's app (a recovery code is not enough)."""
    step = credentials.matching_totp_step(
        user.totp_secret, code or "", now=time.time(), after_step=user.totp_last_step
    )
    if step is None:
        raise InvalidInput(CODE_REFUSED)
    return step


@transaction.atomic
def change_password(*, user: User, new_password: str) -> None:
    """Set a new password (already validated by Django's password validators). Every other
    session of the user ends with it: Django checks each session against the password hash."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record(
        actor=user, action=events.ACCOUNT_PASSWORD_CHANGED, obj=user, audience=_own(user),
        payload={"user": user.username},
    )  # fmt: skip


@transaction.atomic
def turn_off_two_factor(*, user: User, code: str) -> None:
    """Turn two-factor sign-in off, with a current code; refused where the role requires it."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.requires_two_factor:
        raise NotPermitted(REQUIRED)
    if not user.has_two_factor:
        raise InvalidInput(NOT_SET_UP)
    _check_code(user, code)
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    RecoveryCode.objects.filter(user=user).delete()
    record(
        actor=user, action=events.TWO_FACTOR_TURNED_OFF, obj=user, audience=_own(user),
        payload={"user": user.username},
    )  # fmt: skip


@transaction.atomic
def renew_recovery_codes(*, user: User, code: str) -> list[str]:
    """New recovery codes, shown once; every earlier one stops working."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.has_two_factor:
        raise InvalidInput(NOT_SET_UP)
    user.totp_last_step = _check_code(user, code)
    user.save(update_fields=["totp_last_step"])
    codes = credentials.new_recovery_codes()
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=credentials.recovery_code_hash(c)) for c in codes]
    )
    record(
        actor=user, action=events.TWO_FACTOR_RECOVERY_CODES_RENEWED, obj=user, audience=_own(user),
        payload={"user": user.username, "count": len(codes)},
    )  # fmt: skip
    return codes


@dataclass(frozen=True)
class SignedInSession:
    key: str
    signed_in_at: datetime | None
    expires_at: datetime
    agent: str
    current: bool


def sessions_of(user: User, current_key: str | None) -> list[SignedInSession]:
    """The user's unexpired sessions, newest first. Sessions are read from the database
    (the `db` and `cached_db` engines); a region has a few hundred at most."""
    found = []
    for row in Session.objects.filter(expire_date__gt=timezone.now()):
        data = row.get_decoded()
        if str(data.get("_auth_user_id")) != str(user.pk):
            continue
        stamp = data.get(SIGNED_IN_AT_KEY)
        found.append(
            SignedInSession(
                key=row.session_key,
                signed_in_at=datetime.fromisoformat(stamp) if stamp else None,
                expires_at=row.expire_date,
                agent=str(data.get(AGENT_KEY, ""))[:200],
                current=row.session_key == current_key,
            )
        )
    return sorted(found, key=lambda s: (not s.current, -(s.expires_at.timestamp())))


@transaction.atomic
def sign_out_elsewhere(*, user: User, current_key: str | None) -> int:
    """End every session of the user but this one; the number ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in sessions_of(user, current_key):
        if not session.current:
            store(session_key=session.key).delete()
            ended += 1
    record(
        actor=user, action=events.ACCOUNT_SIGNED_OUT_ELSEWHERE, obj=user, audience=_own(user),
        payload={"user": user.username, "sessions": ended},
    )  # fmt: skip
    return ended
