"""When time-based alerts fall due: reminders before a deadline, escalation after one,
retries after a failed delivery, and the daily digest. Pure functions of an explicit clock."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

REMINDER_OFFSETS: tuple[timedelta, ...] = (
    timedelta(hours=48),
    timedelta(hours=6),
    timedelta(hours=1),
)

# Standard Webhooks and most mail relays give up after about a day; so do we.
RETRY_WINDOW = timedelta(hours=24)
DIGEST_HOUR = time(7, 0)


def reminder_label(offset: timedelta) -> str:
    """`48h`, `6h`, `1h`: the part of a reminder's idempotency key that names it."""
    return f"{int(offset.total_seconds() // 3600)}h"


def due_reminder(
    *,
    opened_at: datetime,
    deadline: datetime,
    now: datetime,
    offsets: Sequence[timedelta] = REMINDER_OFFSETS,
) -> timedelta | None:
    """The reminder to send at `now`, if any: the latest offset whose moment has come.

    A reminder whose moment was already past when the procedure opened is never sent (a
    24-hour silence gets no 48-hour reminder). When a tick comes late and two moments have
    passed, only the nearer one counts: the earlier reminder would tell less than the truth.
    None once the deadline has passed.
    """
    if now >= deadline:
        return None
    due = [
        offset for offset in offsets if deadline - offset <= now and deadline - offset > opened_at
    ]
    return min(due) if due else None


def escalation_due(*, overdue_since: datetime, delay: timedelta, now: datetime) -> bool:
    """True when an overdue acknowledgement has waited `delay` and goes to the head."""
    return now >= overdue_since + delay


def next_attempt(
    *, attempts: int, first_attempt_at: datetime, now: datetime, base: timedelta
) -> datetime | None:
    """When to try again after `attempts` failed attempts: base · 2^(attempts-1), doubled
    each time, capped at an hour, and None once the retry window has closed."""
    if attempts < 1:
        return now
    # The exponent is capped before it is used: 2^attempts overflows a timedelta long
    # before attempts stop.
    delay = min(base * (2 ** min(attempts - 1, 20)), timedelta(hours=1))
    moment = now + delay
    if moment > first_attempt_at + RETRY_WINDOW:
        return None
    return moment


def next_digest(now: datetime, time_zone: str) -> datetime:
    """The next daily digest moment (07:00 in the recipient's time zone), aware, after `now`."""
    zone = ZoneInfo(time_zone)
    local = now.astimezone(zone)
    candidate = datetime.combine(local.date(), DIGEST_HOUR, tzinfo=zone)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), DIGEST_HOUR, tzinfo=zone)
    return candidate


def percentile(values: Iterable[float], fraction: float) -> float:
    """Nearest-rank percentile (benchmarks): 0 for no values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]
