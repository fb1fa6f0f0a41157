"""Offer only what the person may do: the concern statuses a move may reach, the agenda
items a delegation holds the floor on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from accord.domain.dialogue import ConcernStatus, Mover, check_transition
from accord.domain.errors import DomainError

register = template.Library()


@register.simple_tag
def allowed_moves(
    concern: Any, user: Any, choices: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The (value, label) statuses `user` may move `concern` to now (the domain's rule)."""
    mover = Mover(
        is_chair=bool(getattr(user, "is_chair", False)),
        is_secretariat=bool(getattr(user, "is_secretariat", False)),
        is_raiser=getattr(user, "state_id", None) == concern.raised_by_state_id,
    )
    current = ConcernStatus(concern.status)
    allowed = []
    for value, label in choices:
        try:
            check_transition(current, ConcernStatus(value), mover)
        except DomainError:
            continue
        allowed.append((value, label))
    return allowed


@register.simple_tag
def floor_items(speakers: Iterable[Any], state: Any) -> list[int]:
    """The agenda items on which `state` has the floor now."""
    code = getattr(state, "code", None)
    return [r.item_id for r in speakers if r.state_id == code and r.status == "has_floor"]
