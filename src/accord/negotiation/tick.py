"""`accord tick` for negotiation: settle adoption procedures that are due.

A silence procedure is adopted at its deadline unless silence was broken; an ad referendum
approval left unconfirmed at its deadline makes consensus fail. The domain decides; this
persists what it says. Idempotent: a settled procedure is skipped.
"""

from __future__ import annotations

from datetime import datetime

from accord.negotiation.models import AdoptionProcedure
from accord.negotiation.services import settle_procedure


def run(now: datetime) -> list[str]:
    """Settle every pending procedure that the domain says is decided at `now`."""
    done: list[str] = []
    for pk in AdoptionProcedure.objects.filter(
        outcome=AdoptionProcedure.Outcome.PENDING
    ).values_list("pk", flat=True):
        row = settle_procedure(procedure_id=pk, now=now)
        if row.outcome != AdoptionProcedure.Outcome.PENDING:
            done.append(
                f"negotiation: document {row.document_id} {row.outcome} ({row.outcome_reason})"
            )
    return done
