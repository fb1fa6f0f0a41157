"""Implementation follow-up: what states committed to under an adopted text.

Each operative paragraph of an adopted text may carry commitments: the lead states, a due
date, a status and the evidence of progress. A commitment is overdue when its due date has
passed and it is neither done nor dropped. The matrix is one row per operative paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from accord.domain.errors import InvalidInput


class Status(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"


SETTLED = frozenset({Status.DONE, Status.DROPPED})


@dataclass(frozen=True)
class Commitment:
    ref: str
    paragraph: str  # the operative paragraph's number
    lead_states: tuple[str, ...]
    due: date
    status: Status = Status.PLANNED
    evidence: str = ""

    def overdue(self, today: date) -> bool:
        return self.due < today and self.status not in SETTLED


def check_commitment(
    *, paragraph: str, operative: Sequence[str], lead_states: Iterable[str], members: Iterable[str]
) -> tuple[str, ...]:
    """The sorted lead states, or InvalidInput: an operative paragraph, member leads."""
    if paragraph not in operative:
        raise InvalidInput(
            "paragraph: a commitment hangs on an operative paragraph of the adopted text",
            field="paragraph",
        )
    leads = tuple(sorted(set(lead_states)))
    if not leads:
        raise InvalidInput("lead_states: name at least one lead state", field="lead_states")
    strangers = sorted(set(leads) - set(members))
    if strangers:
        raise InvalidInput(
            f"lead_states: {strangers[0]} is not a member state", field="lead_states"
        )
    return leads


@dataclass(frozen=True)
class MatrixRow:
    paragraph: str
    commitments: tuple[Commitment, ...]


def matrix(operative: Sequence[str], commitments: Iterable[Commitment]) -> tuple[MatrixRow, ...]:
    """One row per operative paragraph, in the text's order, with its commitments by due."""
    listed = list(commitments)
    return tuple(
        MatrixRow(
            number,
            tuple(
                sorted((c for c in listed if c.paragraph == number), key=lambda c: (c.due, c.ref))
            ),
        )
        for number in operative
    )
