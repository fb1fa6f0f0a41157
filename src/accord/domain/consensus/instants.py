"""Instants in the consensus records: one text form, and timezone-aware datetimes only.

Shared by the procedures, their records and the signing bundles, which all write and read
times in canonical JSON.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from accord.domain.errors import InvalidInput

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_TIME_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")


def format_time(moment: datetime) -> str:
    """The one text form of a time in canonical JSON: UTC with microseconds and `Z`."""
    return aware(moment, "time").astimezone(UTC).strftime(_TIME_FORMAT)


def parse_time(text: str) -> datetime:
    """Inverse of `format_time`; InvalidInput on any other form."""
    # A strict shape check, then the C parser: strptime is ten times slower, and bundle
    # verification parses a few hundred of these.
    if not isinstance(text, str) or not _TIME_SHAPE.fullmatch(text):
        raise InvalidInput(f"{text!r} is not a UTC time like 2021-07-15T09:00:00.000000Z")
    try:
        return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
    except ValueError as exc:  # 2021-02-30 and the like
        raise InvalidInput(f"{text!r} is not a valid time") from exc


def aware(moment: datetime, what: str) -> datetime:
    """`moment` itself; InvalidInput naming `what` unless it is a timezone-aware datetime."""
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(f"{what} must be a timezone-aware datetime")
    return moment
