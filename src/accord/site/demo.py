"""`accord demo`: load the illustrative scenario once, into an empty database.

Each app adds its part through a module `demo` with `load(scenario: DemoScenario)`, run in
the order of `accord.site.discovery.APPS` inside one transaction: a failure leaves the
database as empty as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.site.discovery import app_modules

DEMO_PASSWORD = "accord-demo-2021"
# A fixed TOTP key for every demo head, so that a demo can be scripted; never in production.
DEMO_TOTP_SECRET = "ACCORDDEMOGUILINTASHKENTTWENTYTW"


@dataclass
class DemoScenario:
    keys_dir: Path
    now: datetime
    people: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def person(self, username: str) -> Any:
        return self.people[username]


def is_loaded() -> bool:
    from accord.members.models import State

    return State.objects.exists()


def load(keys_dir: Path) -> DemoScenario | None:
    """Load the scenario when the database holds no state yet; None when it already does."""
    if is_loaded():
        return None
    scenario = DemoScenario(keys_dir=keys_dir, now=timezone.now())
    with transaction.atomic():
        for module in app_modules("demo"):
            module.load(scenario)
    return scenario
