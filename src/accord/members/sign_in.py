"""The sign-in steps shared by the web pages and `POST /api/v1/auth/token`.

Every refusal says the same thing, whichever part was wrong, and every failure counts
towards throttling (`accord.members.throttle`): refused per account and address, slowed
down per account.
"""

from __future__ import annotations

import time

from django.contrib.auth import authenticate
from django.http import HttpRequest

from accord.domain.errors import DomainError
from accord.members import passkeys, services, throttle
from accord.members.models import User

REFUSED = "Those sign-in details are not valid."
THROTTLED = "Too many failed sign-ins. Wait a few minutes and try again."
SESSION_VERIFIED_KEY = "accord_second_factor"


class SignInRefused(Exception):
    def __init__(self, message: str, *, throttled: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.throttled = throttled


def check_password(username: str, password: str, address: str) -> User:
    """The user, when the password is right and neither account nor address is throttled."""
    if throttle.is_throttled(username, address):
        raise SignInRefused(THROTTLED, throttled=True)
    # Before the password is checked, right or wrong alike: the wait tells nothing.
    time.sleep(throttle.account_delay(username))
    user = authenticate(username=username, password=password)
    if not isinstance(user, User) or not user.is_active:
        throttle.note_failure(username, address)
        raise SignInRefused(REFUSED)
    return user


def check_second_factor(user: User, code: str, address: str) -> None:
    """Accept a TOTP or recovery code for `user`; throttled like the password."""
    if throttle.is_throttled(user.username, address):
        raise SignInRefused(THROTTLED, throttled=True)
    time.sleep(throttle.account_delay(user.username))
    if not services.use_second_factor(user=user, code=code):
        throttle.note_failure(user.username, address)
        raise SignInRefused(REFUSED)
    throttle.clear_failures(user.username, address)


def check_passkey(user: User, credential: object, origins: list[str], address: str) -> None:
    """Accept an assertion by one of `user`'s passkeys; throttled like the password."""
    if throttle.is_throttled(user.username, address):
        raise SignInRefused(THROTTLED, throttled=True)
    time.sleep(throttle.account_delay(user.username))
    try:
        passkeys.sign_in_with_passkey(user=user, credential=credential, origins=origins)
    except DomainError:
        throttle.note_failure(user.username, address)
        raise SignInRefused(REFUSED) from None
    throttle.clear_failures(user.username, address)


def session_user(request: HttpRequest) -> User | None:
    """The signed-in, active user of a browser session, if its second factor (when
    required) was given; else None. Used by the API and the event stream alike."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return None
    if user.requires_two_factor and not request.session.get(SESSION_VERIFIED_KEY):
        return None
    return user
