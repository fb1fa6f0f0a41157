"""What is due in the registry: derestrictions whose date has come (`accord tick`)."""

from __future__ import annotations

from datetime import datetime

from accord.registry.services import derestrict_due


def run(now: datetime) -> list[str]:
    return derestrict_due(now)
