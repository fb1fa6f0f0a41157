"""Who speaks for a state when an alert comes: until rosters name them (issue 12), a
state's duty officers and its heads of delegation."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from accord.members.models import User


def duty_officers(states: Iterable[str]) -> QuerySet[User]:
    return User.objects.filter(state_id__in=list(states), is_active=True, is_duty_officer=True)


def heads(states: Iterable[str]) -> QuerySet[User]:
    return User.objects.filter(state_id__in=list(states), is_active=True, role=User.Role.HEAD)


def officers(states: Iterable[str]) -> QuerySet[User]:
    """Duty officers and heads of the given states."""
    return User.objects.filter(
        Q(is_duty_officer=True) | Q(role=User.Role.HEAD),
        state_id__in=list(states),
        is_active=True,
    )
