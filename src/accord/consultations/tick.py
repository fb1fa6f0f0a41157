"""`accord tick` for consultations: recompute opinion maps left stale."""

from __future__ import annotations

from datetime import datetime

from accord.consultations.recompute import recompute_stale


def run(now: datetime) -> list[str]:
    """Idempotent: a map that is up to date is left alone."""
    return recompute_stale()
