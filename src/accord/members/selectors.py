"""Reading states, people and keys. Membership and keys are public information."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accord.domain.errors import NotFound
from accord.members import credentials, token_cache
from accord.members.models import ApiToken, SigningKey, State, User


def list_states(*, status: str | None = None) -> QuerySet[State]:
    states = State.objects.prefetch_related(
        Prefetch("signing_keys", queryset=SigningKey.objects.order_by("valid_from"))
    )
    if status:
        states = states.filter(status=status)
    return states


def get_state(*, code: str) -> State:
    state = list_states().filter(code=code.upper()).first()
    if state is None:
        raise NotFound(f"no state with code {code!r}")
    return state


def state_keys(*, code: str) -> list[SigningKey]:
    return list(get_state(code=code).signing_keys.all())


def current_keys(state: State) -> list[SigningKey]:
    now = timezone.now()
    return [key for key in state.signing_keys.all() if key.is_valid_at(now)]


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


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def delegation_people(*, viewer: User) -> QuerySet[User]:
    """The people of the viewer's own delegation (the secretariat sees the secretariat)."""
    if viewer.state_id is None:
        return User.objects.filter(role=User.Role.SECRETARIAT)
    return User.objects.filter(state_id=viewer.state_id)
