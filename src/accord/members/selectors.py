"""Reading states, people and keys. Membership and keys are public information."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accord.domain.errors import NotFound
from accord.members.models import ApiToken, Passkey, SigningKey, State, User


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


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def delegation_people(*, viewer: User) -> QuerySet[User]:
    """The people of the viewer's own delegation (the secretariat sees the secretariat)."""
    if viewer.state_id is None:
        return User.objects.filter(role=User.Role.SECRETARIAT)
    return User.objects.filter(state_id=viewer.state_id)


def passkeys_of(user: User) -> QuerySet[Passkey]:
    """The person's own passkeys, oldest first (nobody else's, whoever asks)."""
    return Passkey.objects.filter(user=user)
