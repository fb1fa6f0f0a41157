"""DESIGN §2 rule 5 as a query filter, the twin of `accord.domain.visibility.can_see`.

Lists filter in the database, never afterwards in Python, so that counts, pages and
search results never carry a trace of what the viewer may not see. Models that carry an
audience use the field names below; a test checks this filter and `can_see` agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from accord.domain.visibility import Viewer, Visibility

M = TypeVar("M", bound=Model)


def encode_states(states: Iterable[str]) -> str:
    """A set of state codes as text a portable `contains` lookup can search: ",CHN,RUS,"."""
    codes = sorted(set(states))
    return f",{','.join(codes)}," if codes else ""


def visible_to(
    queryset: QuerySet[M],
    viewer: Viewer,
    *,
    visibility_field: str = "visibility",
    owner_field: str = "owner_state",
    states_field: str | None = None,
    states_text_field: str | None = None,
) -> QuerySet[M]:
    """Only the rows of `queryset` that `viewer` may see.

    The restricted states are either a many-to-many to `State` (`states_field`) or a text
    field written by `encode_states` (`states_text_field`).
    """
    levels: list[str] = [Visibility.PUBLIC.value]
    if viewer.is_authenticated and (viewer.is_secretariat or viewer.state is not None):
        levels.append(Visibility.PARTICIPANTS.value)
    if viewer.is_authenticated and (viewer.is_secretariat or viewer.is_member):
        levels.append(Visibility.MEMBERS.value)
    condition = Q(**{f"{visibility_field}__in": levels})
    if viewer.is_authenticated and viewer.state is not None:
        condition |= Q(**{visibility_field: Visibility.DELEGATION.value, owner_field: viewer.state})
        if states_field is not None:
            named = queryset.model._default_manager.filter(**{states_field: viewer.state})
            condition |= Q(
                Q(**{visibility_field: Visibility.RESTRICTED.value}),
                pk__in=named.values("pk"),
            )
        if states_text_field is not None:
            condition |= Q(
                **{
                    visibility_field: Visibility.RESTRICTED.value,
                    f"{states_text_field}__contains": f",{viewer.state},",
                }
            )
    return queryset.filter(condition)
