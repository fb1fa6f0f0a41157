"""Small checks shared by the dialogue's actions: text, visibility, the states of an audience."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from accord.domain.errors import InvalidInput, NotPermitted
from accord.domain.text import check_line, check_prose
from accord.domain.visibility import Visibility
from accord.members.models import State, User

from ..models import (
    Meeting,
)

LANGUAGES = ("en", "zh-hans", "ru")


MAX_SLOTS = 6


# --- Small checks shared by the actions -----------------------------------------------


def _text(value: str, field: str, *, limit: int, multiline: bool = False) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise InvalidInput(f"{field}: must not be empty")
    if len(cleaned) > limit:
        raise InvalidInput(f"{field}: at most {limit} characters")
    # Pages and the CLI come here without the API's schemas: the same rule for them.
    if multiline:
        return check_prose(cleaned, field=field)
    return check_line(cleaned, field=field)


def _visibility(value: str, allowed: Iterable[Visibility]) -> Visibility:
    choices = [v.value for v in allowed]
    if value not in choices:
        raise InvalidInput(f"visibility: one of {', '.join(choices)}")
    return Visibility(value)


def _states(codes: Iterable[str], field: str) -> list[State]:
    wanted = sorted({code.upper() for code in codes})
    found = {state.code: state for state in State.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise InvalidInput(f"{field}: no state with code {', '.join(unknown)}")
    return [found[code] for code in wanted]


def _aware(moment: datetime, field: str) -> datetime:
    if timezone.is_naive(moment):
        raise InvalidInput(f"{field}: give a time zone (e.g. 2021-03-22T09:00:00+08:00)")
    return moment


def _own_state(actor: User, what: str) -> State:
    if actor.state is None:
        raise NotPermitted(f"only a state's delegation may {what}")
    return actor.state


def _member_state(actor: User, what: str) -> State:
    state = _own_state(actor, what)
    if not state.is_member:
        raise NotPermitted(f"only a member state may {what}")
    return state


def _states_at(meeting: Meeting) -> set[str]:
    """The states at a meeting: its participants and its invited observers."""
    participants = Meeting.participants.through.objects.filter(meeting_id=meeting.pk)
    observers = Meeting.observers.through.objects.filter(meeting_id=meeting.pk)
    return set(  # one query for both
        participants.values_list("state_id", flat=True).union(
            observers.values_list("state_id", flat=True)
        )
    )
