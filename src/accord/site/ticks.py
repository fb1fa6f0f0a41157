"""`accord tick`: run what is due. Each app with deadlines has a module `tick` with
`run(now) -> list[str]` that is idempotent and returns a line per thing it did."""

from __future__ import annotations

import logging
from datetime import datetime

from django.utils import timezone

from accord.site.discovery import app_modules

log = logging.getLogger(__name__)


def run_due(now: datetime | None = None) -> list[str]:
    moment = now or timezone.now()
    done: list[str] = []
    for module in app_modules("tick"):
        done.extend(module.run(moment))
    # Last, so that the checkpoint covers what the ticks above recorded (issue 13).
    from accord.ledger.checkpoints import publish_due

    done.extend(publish_due())
    return done
