"""Authenticating a bearer token (issue 16: out of the selectors, since it writes): the
token's `last_used_at` is noted, at most once a minute, so that a member sees when each
token was last used. The API's bearer auth and the event stream call it."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from accord.members import credentials, token_cache
from accord.members.models import ApiToken, User


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None (expired, revoked, unknown).

    Read from this process's `token_cache` when nothing about tokens, people or states
    changed since it was kept (see there: a revocation is honoured at once everywhere)."""
    digest = credentials.token_hash(raw)
    now = timezone.now()
    epoch = token_cache.tokens.epoch()
    kept = token_cache.tokens.get(digest, epoch) if epoch is not None else None
    if kept is not None:
        if now >= kept.expires_at:
            token_cache.tokens.forget(digest)
            return None
        if _note_use(kept.token_pk, kept.last_used_at, now):
            kept.last_used_at = now
        return kept.user()
    token = ApiToken.objects.select_related("user", "user__state").filter(token_hash=digest).first()
    if token is None or not token.is_active(now) or not token.user.is_active:
        return None
    if _note_use(token.pk, token.last_used_at, now):
        token.last_used_at = now
    if epoch is not None:
        token_cache.tokens.keep(digest, token, epoch)
    return token.user


def _note_use(token_pk: int, last_used_at: datetime | None, now: datetime) -> bool:
    # One write per minute per token at most: a busy client must not turn reads into writes.
    if last_used_at is not None and (now - last_used_at).total_seconds() <= 60:
        return False
    ApiToken.objects.filter(pk=token_pk).update(last_used_at=now)
    return True
