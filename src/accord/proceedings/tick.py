"""`accord tick` for the proceedings: flag overdue commitments, once each."""

from __future__ import annotations

from datetime import datetime

from .follow_up import flag_overdue


def run(now: datetime) -> list[str]:
    """Idempotent: a commitment already flagged is never flagged (nor recorded) again."""
    return flag_overdue(now=now)
