"""What a person may follow live beyond what their state's audience shows them.

An event's audience names states (DESIGN §2 rule 5). A few things are opened to people
instead: an expert invited to an open consultation sees it whatever their state, or with
none. An app grants such access by having a `grants` module whose `granted_to(user)` names
the objects and the kinds of event on them the person may receive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from accord.edge.discovery import app_modules
from accord.events.bus import Event


@dataclass(frozen=True)
class Grant:
    object_type: str
    object_id: str
    kinds: frozenset[str]


class Grants:
    """The grants of one person, looked up once when their stream opens."""

    def __init__(self, grants: Iterable[Grant]) -> None:
        self._kinds: dict[tuple[str, str], frozenset[str]] = {}
        for grant in grants:
            key = (grant.object_type, grant.object_id)
            self._kinds[key] = self._kinds.get(key, frozenset()) | grant.kinds

    def __bool__(self) -> bool:
        return bool(self._kinds)

    def allow(self, event: Event) -> bool:
        return event.kind in self._kinds.get((event.object_type, event.object_id), ())

    def ledger_filter(self) -> Q:
        """The ledger entries these grants open, as a query condition (never empty)."""
        condition = Q(pk__in=[])
        for (object_type, object_id), kinds in self._kinds.items():
            condition |= Q(object_type=object_type, object_id=object_id, action__in=kinds)
        return condition


def granted_to(user: Any) -> Grants:
    return Grants(grant for module in app_modules("grants") for grant in module.granted_to(user))
