"""Reads of the registry, scoped to who asks: the register lists only the documents the
reader may see (rule 5), in the query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from accord.domain import registry
from accord.edge.pagination import FIRST_PAGE, Page, PageRequest, paginate
from accord.members.models import User
from accord.negotiation.permissions import visible_documents
from accord.registry.models import RegisterEntry


def register_page(user: Any, *, page: PageRequest = FIRST_PAGE) -> Page[RegisterEntry]:
    """A page of the register, by symbol."""
    return paginate(register(user).select_related("document"), page, order=("symbol", "id"))


def register(user: Any) -> QuerySet[RegisterEntry]:
    """Every registered document `user` may see, by symbol."""
    viewer = user if isinstance(user, User) and user.is_authenticated else None
    return RegisterEntry.objects.filter(document__in=visible_documents(viewer)).order_by("symbol")


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register page: the entry, the level in force today, and the entry
    an addendum or corrigendum belongs to when the reader may see that one too."""

    entry: RegisterEntry
    level: str
    parent_symbol: str | None
    parent: RegisterEntry | None


def register_rows(user: Any, today: date, *, page: PageRequest = FIRST_PAGE) -> Page[RegisterRow]:
    """A page of the register as the page shows it, by symbol (an addendum's parent is
    linked when it is on the same page: it sorts just before it)."""
    found = register_page(user, page=page)
    entries = found.items
    by_symbol = {e.symbol: e for e in entries}
    rows = []
    for entry in entries:
        parent = registry.parse_symbol(entry.symbol).parent()
        level = registry.level_on(
            registry.Distribution(entry.distribution), entry.derestriction_on, today
        )
        rows.append(
            RegisterRow(
                entry=entry,
                level=level.value,
                parent_symbol=None if parent is None else str(parent),
                # A parent the reader may not see is named (its symbol is in the child's) but
                # not linked: the link would lead to a page answered as absent.
                parent=None if parent is None else by_symbol.get(str(parent)),
            )
        )
    return Page(rows, found.next)
