"""Helpers the dialogue's integration tests share (a module of its own name, so that it
never collides with another directory's conftest)."""

from __future__ import annotations

from datetime import UTC, datetime


def at(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2030, 5, day, hour, minute, tzinfo=UTC)


def counts() -> dict[str, int]:
    """Rows of every dialogue table and of the ledger: what "nothing changed" compares."""
    from accord.dialogue import models
    from accord.ledger.models import LedgerEntry

    tables = [
        models.Concern,
        models.Meeting,
        models.Sitting,
        models.AgendaItem,
        models.FloorRequest,
        models.Intervention,
        models.MeetingDocument,
        models.Bilateral,
        models.ProposedSlot,
        models.CalendarFeed,
        LedgerEntry,
    ]
    found = {model.__name__: model.objects.count() for model in tables}
    found["co_sponsors"] = models.Concern.co_sponsors.through.objects.count()
    return found
