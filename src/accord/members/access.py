"""DESIGN §2 rule 5 as a query filter, the twin of `accord.domain.visibility.can_see`, and
the one model mixin every object that carries an audience derives from (issue 16).

Lists filter in the database, never afterwards in Python, so that counts, pages and
search results never carry a trace of what the viewer may not see. `Audienced` holds the
three fields rule 5 reads, under one name each in every app, and its manager's
`visible_to(viewer)` is the filter; a test checks it and `can_see` agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accord.domain.visibility import Audience, Viewer, Visibility

M = TypeVar("M", bound=Model)

VISIBILITY_CHOICES = [
    (Visibility.PUBLIC.value, _("Public")),
    (Visibility.PARTICIPANTS.value, _("Participants")),
    (Visibility.MEMBERS.value, _("Members")),
    (Visibility.RESTRICTED.value, _("Restricted")),
    (Visibility.DELEGATION.value, _("Delegation")),
]


def encode_states(states: Iterable[str]) -> str:
    """A set of state codes as text a portable `contains` lookup can search: ",CHN,RUS,"."""
    codes = sorted(set(states))
    return f",{','.join(codes)}," if codes else ""


def decode_states(encoded: str) -> frozenset[str]:
    """The state codes `encode_states` wrote."""
    return frozenset(code for code in encoded.split(",") if code)


def visible_to(queryset: QuerySet[M], viewer: Viewer) -> QuerySet[M]:
    """Only the rows of `queryset` (of an `Audienced` model) that `viewer` may see."""
    levels: list[str] = [Visibility.PUBLIC.value]
    if viewer.is_authenticated and (viewer.is_secretariat or viewer.state is not None):
        levels.append(Visibility.PARTICIPANTS.value)
    if viewer.is_authenticated and (viewer.is_secretariat or viewer.is_member):
        levels.append(Visibility.MEMBERS.value)
    condition = Q(visibility__in=levels)
    if viewer.is_authenticated and viewer.state is not None:
        condition |= Q(visibility=Visibility.DELEGATION.value, owner_state=viewer.state)
        condition |= Q(
            visibility=Visibility.RESTRICTED.value,
            audience_states__contains=f",{viewer.state},",
        )
    return queryset.filter(condition)


class AudienceQuerySet(QuerySet[M]):
    """The queryset of an `Audienced` model: `Model.objects.visible_to(viewer)`, and after
    any filter, `….filter(…).visible_to(viewer)`."""

    def visible_to(self, viewer: Viewer) -> AudienceQuerySet[M]:
        return visible_to(self, viewer)  # type: ignore[return-value]


class Audienced(models.Model):
    """Who an object is for (rule 5): `visibility`, the `owner_state` of delegation notes,
    and the named states of a restricted object in `audience_states` (",KAZ,UZB,", written
    by `encode_states`), with the `audience` they make and the `visible_to` filter.

    A model may narrow a field (the levels a notification may have) or make `owner_state`
    a foreign key to `members.State` (its column then holds the same code).
    """

    visibility = models.CharField(max_length=16, choices=VISIBILITY_CHOICES)
    owner_state: Any = models.CharField(max_length=3, null=True, blank=True)
    audience_states = models.CharField(max_length=400, blank=True, default="")

    objects = AudienceQuerySet.as_manager()

    class Meta:
        abstract = True

    # What `save(update_fields=...)` names after the audience was set.
    AUDIENCE_FIELDS = ("visibility", "owner_state", "audience_states")

    @property
    def audience(self) -> Audience:
        owner = getattr(self, self._owner_attname())
        return Audience(
            Visibility(self.visibility),
            owner_state=owner or None,
            states=decode_states(self.audience_states),
        )

    @audience.setter
    def audience(self, audience: Audience) -> None:
        """The one writer of the three fields with `audience_fields`: `obj.audience = …`,
        then `save(update_fields=X.AUDIENCE_FIELDS)`; never the fields one by one (issue 16)."""
        self.visibility = audience.visibility.value
        setattr(self, self._owner_attname(), audience.owner_state)
        self.audience_states = encode_states(audience.states)

    @classmethod
    def audience_fields(cls, audience: Audience) -> dict[str, Any]:
        """The three fields of `audience`, for `….objects.create(…, **X.audience_fields(a))`
        (the type checker does not know that `create` takes the `audience` property)."""
        return {
            "visibility": audience.visibility.value,
            cls._owner_attname(): audience.owner_state,
            "audience_states": encode_states(audience.states),
        }

    @classmethod
    def _owner_attname(cls) -> str:
        # The code itself, without a query, where the owner is a foreign key to a `State`.
        field = cls._meta.get_field("owner_state")
        return field.attname if isinstance(field, models.Field) else "owner_state"
