"""Distribution levels and derestriction.

A registered document is distributed `general` (to the public), `limited` (to the
participants: members and observers) or `restricted` (to the members). A limited or
restricted document may carry a derestriction date: on that date it becomes general. The
level in force at a date is `level_on`; `due_for_derestriction` says whether the
derestriction is due and not yet done (what `accord tick` records on the ledger).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from accord.domain.errors import InvalidInput


class Distribution(StrEnum):
    GENERAL = "general"
    LIMITED = "limited"
    RESTRICTED = "restricted"


def check_derestriction(level: Distribution, on: date | None, registered: date) -> None:
    """InvalidInput for a derestriction date on a general document, or one before registration."""
    if on is None:
        return
    if level is Distribution.GENERAL:
        raise InvalidInput("a general document is public already: it has no derestriction date")
    if on < registered:
        raise InvalidInput("the derestriction date is before the document was registered")


def level_on(level: Distribution, derestriction: date | None, today: date) -> Distribution:
    """The level in force on `today`: general from the derestriction date on."""
    if derestriction is not None and today >= derestriction:
        return Distribution.GENERAL
    return level


def due_for_derestriction(
    level: Distribution, derestriction: date | None, today: date, done: bool
) -> bool:
    """True when the derestriction date has come and the change is not yet recorded."""
    return (
        not done
        and level is not Distribution.GENERAL
        and level_on(level, derestriction, today) is Distribution.GENERAL
    )
