"""The rules of the dialogue itself: a concern's lifecycle, and sideline scheduling.

Pure Python. The services in `accord.dialogue` ask these functions whether a move is
allowed and turn the domain's exceptions into refusals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.visibility import Audience, Visibility


class ConcernStatus(StrEnum):
    RAISED = "raised"
    ON_AGENDA = "on_agenda"
    UNDER_DIALOGUE = "under_dialogue"
    OUTCOME_ADOPTED = "outcome_adopted"
    CHAIRS_STATEMENT = "chairs_statement"
    NO_CONSENSUS = "no_consensus"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


S = ConcernStatus
OUTCOMES = frozenset({S.OUTCOME_ADOPTED, S.CHAIRS_STATEMENT, S.NO_CONSENSUS})

# raised → on the agenda → under dialogue → an outcome → follow-up → closed. Where
# consensus failed the concern may go back on an agenda; a concern may be closed
# straight after an outcome when nothing is left to follow up.
TRANSITIONS: dict[ConcernStatus, frozenset[ConcernStatus]] = {
    S.RAISED: frozenset({S.ON_AGENDA, S.CLOSED}),
    S.ON_AGENDA: frozenset({S.UNDER_DIALOGUE}),
    S.UNDER_DIALOGUE: OUTCOMES,
    S.OUTCOME_ADOPTED: frozenset({S.FOLLOW_UP, S.CLOSED}),
    S.CHAIRS_STATEMENT: frozenset({S.FOLLOW_UP, S.CLOSED}),
    S.NO_CONSENSUS: frozenset({S.ON_AGENDA, S.FOLLOW_UP, S.CLOSED}),
    S.FOLLOW_UP: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}


@dataclass(frozen=True)
class Mover:
    """Who asks to move a concern: the chair, the secretariat, or the raising state."""

    is_chair: bool = False
    is_secretariat: bool = False
    is_raiser: bool = False


def check_transition(current: ConcernStatus, target: ConcernStatus, mover: Mover) -> None:
    """Raise unless `mover` may take a concern from `current` to `target`.

    The chair steers the dialogue and records its outcome. The secretariat prepares
    meetings, so it may put a concern on the agenda, but never decides an outcome.
    The raising state may withdraw its own concern while it is only raised.
    """
    if target not in TRANSITIONS[current]:
        raise RuleViolation(
            f"a concern cannot go from {current.value} to {target.value}; "
            f"allowed: {', '.join(sorted(t.value for t in TRANSITIONS[current])) or 'none'}"
        )
    if mover.is_chair:
        return
    if mover.is_secretariat and target is S.ON_AGENDA:
        return
    if mover.is_raiser and current is S.RAISED and target is S.CLOSED:
        return
    raise NotPermitted(f"only the chair may move a concern to {target.value}")


# --- Visibility ordering --------------------------------------------------------------

RANK = {
    Visibility.PUBLIC: 0,
    Visibility.PARTICIPANTS: 1,
    Visibility.MEMBERS: 2,
    Visibility.RESTRICTED: 3,
    Visibility.DELEGATION: 4,
}


def reaches_no_further(inner: Audience, outer: Audience) -> bool:
    """True when everyone who may see `inner` may also see `outer`.

    Material inside a meeting (an intervention, a document, an agenda item's concern) must
    not reach anyone the meeting itself is hidden from; and, the other way round, an agenda
    item must not show a concern to someone who may not see it.
    """
    if RANK[inner.visibility] < RANK[outer.visibility]:
        return False
    if inner.visibility is Visibility.RESTRICTED and outer.visibility is Visibility.RESTRICTED:
        return inner.states <= outer.states
    if inner.visibility is Visibility.DELEGATION and outer.visibility is Visibility.RESTRICTED:
        return inner.owner_state in outer.states
    if inner.visibility is Visibility.DELEGATION and outer.visibility is Visibility.DELEGATION:
        return inner.owner_state == outer.owner_state
    return not (
        inner.visibility is Visibility.RESTRICTED and outer.visibility is Visibility.DELEGATION
    )


# --- Scheduling -----------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise InvalidInput("times must carry a time zone")
        if self.ends_at <= self.starts_at:
            raise InvalidInput("a slot must end after it starts")

    def overlaps(self, other: Slot) -> bool:
        # Back-to-back slots do not collide: one may end at 10:00 and the next start then.
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

    def within(self, other: Slot) -> bool:
        return other.starts_at <= self.starts_at and self.ends_at <= other.ends_at


def check_sitting(sitting: Slot, *, meeting: Slot, earlier: Iterable[Slot], label: str) -> None:
    """Raise unless a plenary sitting lies inside its meeting and clear of the sittings
    planned before it (back-to-back is clear); the message starts with `label`."""
    if not sitting.within(meeting):
        raise InvalidInput(f"{label}: the sitting lies outside the meeting")
    if any(sitting.overlaps(other) for other in earlier):
        raise InvalidInput(f"{label}: the sitting overlaps another sitting")


@dataclass(frozen=True)
class Commitment:
    """Something a delegation must attend at a time: a plenary sitting or a bilateral."""

    slot: Slot
    label: str


def check_sideline_slot(
    slot: Slot,
    *,
    meeting: Slot,
    plenary: Iterable[Commitment],
    busy: Iterable[Commitment],
) -> None:
    """Raise unless `slot` lies inside `meeting`, clear of `plenary` sittings and of `busy`.

    `plenary` are the sittings both states must attend; `busy` the delegation's other
    commitments (another bilateral, another meeting). The message names what collides.
    """
    if not slot.within(meeting):
        raise InvalidInput(
            "the slot lies outside the meeting "
            f"({meeting.starts_at.isoformat()} – {meeting.ends_at.isoformat()})"
        )
    for sitting in plenary:
        if slot.overlaps(sitting.slot):
            raise RuleViolation(f"the slot collides with the plenary sitting {sitting.label!r}")
    for other in busy:
        if slot.overlaps(other.slot):
            raise RuleViolation(f"the delegation is already booked then: {other.label}")
