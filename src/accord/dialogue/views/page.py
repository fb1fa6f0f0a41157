"""What every dialogue page shares: the acting user, not found as 404, form actions, local times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpResponse

from accord.domain.errors import InvalidInput
from accord.edge.params import optional_id

View = Callable[..., HttpResponse]


def _local_time(value: str, zone_name: str, field: str) -> datetime:
    """A `datetime-local` form value, read in the meeting's time zone."""
    try:
        zone = ZoneInfo(zone_name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"time_zone: unknown time zone {zone_name!r}", field="time_zone"
        ) from None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{field}: a date and time") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _int_or_none(value: str | None) -> int | None:
    return optional_id(value)
