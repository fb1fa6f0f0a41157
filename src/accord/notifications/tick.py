"""`accord tick` for notifications: flag overdue acknowledgements and replies, once each."""

from __future__ import annotations

from datetime import datetime

from accord.notifications.services import flag_overdue


def run(now: datetime) -> list[str]:
    """Idempotent: a delivery already flagged is never flagged (nor recorded) again."""
    return flag_overdue(now=now)
