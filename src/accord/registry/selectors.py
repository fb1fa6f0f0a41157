"""Reads of the registry, scoped to who asks: the register lists only the documents the
reader may see (rule 5), in the query."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accord.members.models import User
from accord.negotiation.permissions import visible_documents
from accord.registry.models import RegisterEntry


def register(user: Any) -> QuerySet[RegisterEntry]:
    """Every registered document `user` may see, by symbol."""
    viewer = user if isinstance(user, User) and user.is_authenticated else None
    return RegisterEntry.objects.filter(document__in=visible_documents(viewer)).order_by("symbol")
