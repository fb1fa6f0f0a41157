"""The credential an event stream was opened with, checked again while the stream lasts.

A stream lives for minutes; a token revoked, a session signed out or a person deactivated
in the meantime must not keep receiving events. The check is one indexed query (two for a
session), run every few seconds per stream, and reads nothing cached, so it holds in every
worker process whichever of them the revocation went through.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils import timezone

from accord.members import credentials
from accord.members.models import ApiToken, User
from accord.members.sign_in import SESSION_VERIFIED_KEY, session_user
from accord.members.token_auth import user_for_token


@dataclass(frozen=True)
class StreamCredential:
    """What a stream's caller signed in with: a token's hash, or a session's key."""

    user_id: int
    token_hash: str | None = None
    session_key: str | None = None
    session_auth_hash: str = ""
    second_factor_required: bool = False

    def still_valid(self) -> bool:
        """True while the token is live, or the session is still this user's, and the user
        is active."""
        if self.token_hash is not None:
            return ApiToken.objects.filter(
                token_hash=self.token_hash,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
                user_id=self.user_id,
                user__is_active=True,
            ).exists()
        if self.session_key is None:
            return False
        store = import_module(settings.SESSION_ENGINE).SessionStore(self.session_key)
        data = store.load()
        if data.get(SESSION_KEY) != str(self.user_id):
            return False
        if data.get(HASH_SESSION_KEY, "") != self.session_auth_hash:
            return False  # the password changed: Django ends the other sessions too
        if self.second_factor_required and not data.get(SESSION_VERIFIED_KEY):
            return False
        return User.objects.filter(pk=self.user_id, is_active=True).exists()


def token_caller(raw: str) -> tuple[User, StreamCredential] | None:
    """The user of a bearer token and the credential to check again, or None (401)."""
    user = user_for_token(raw)
    if user is None:
        return None
    return user, StreamCredential(user.pk, token_hash=credentials.token_hash(raw))


def bearer(header: str) -> str | None:
    """The token of an `Authorization: Bearer …` header; None when it names no token."""
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def stream_caller(request: HttpRequest) -> tuple[User, StreamCredential] | None:
    """The user a stream is for and the credential to check again, or None (401): a request
    through Django's middleware (its session and user already read)."""
    raw = bearer(request.headers.get("Authorization", ""))
    if raw is not None:
        return token_caller(raw)
    return _session_credential(request)


class _SessionOnly:
    """What Django's `get_user` and `session_user` read of a request: its session."""

    def __init__(self, session: SessionBase) -> None:
        self.session = session
        self.user: Any = None


def session_caller(session_key: str) -> tuple[User, StreamCredential] | None:
    """As `stream_caller` for a browser's session cookie, read without Django's request
    (the stream's ASGI app): the same session store and sign-in checks as the middleware."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    request = _SessionOnly(store)
    request.user = get_user(request)  # type: ignore[arg-type]
    return _session_credential(request)  # type: ignore[arg-type]


def _session_credential(request: HttpRequest) -> tuple[User, StreamCredential] | None:
    user = session_user(request)
    if user is None or request.session.session_key is None:
        return None
    return user, StreamCredential(
        user.pk,
        session_key=request.session.session_key,
        session_auth_hash=request.session.get(HASH_SESSION_KEY, ""),
        second_factor_required=user.requires_two_factor,
    )
