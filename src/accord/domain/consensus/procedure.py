"""Adoption procedures as pure state machines: DESIGN §2 rule 3, consensus not majority.

Two procedures put a bracket-free revision to adoption:

* **Consensus in session** (`ProcedureKind.CONSENSUS`). Every participating member approves,
  or approves *ad referendum* with a confirmation deadline and confirms before it. The text is
  adopted at the instant the last needed approval or confirmation arrives. It fails at the
  first objection, when an ad referendum approval is still unconfirmed at its deadline (that
  counts as an objection), at the procedure's own deadline if it has one, or when the chair
  closes it.
* **Silence procedure** (`ProcedureKind.SILENCE`). The chair circulates the text with a
  deadline. A member breaks silence with a written reason, which returns the text to
  negotiation; if nobody has broken silence by the deadline it is adopted at the deadline.

Rules common to both, decided here once:

* One state, one voice. A procedure holds at most one position per state; a later act by the
  same state replaces its earlier one (approve -> approve ad ref, ad ref -> approve, …) while
  the outcome is still pending. Once decided, every act is refused (RuleViolation).
* Deadlines are exclusive: an act at the deadline instant is too late. So silence broken at
  12:00:00 for a 12:00:00 deadline does not count, and the text is adopted.
* Time is passed in, timezone-aware (InvalidInput on a naive datetime), and never goes back:
  an act dated before the procedure's latest act is refused. `evaluate(procedure, now)` is a
  pure function of the procedure and `now`: the app calls it on every read and in
  `accord tick`, and gets the same answer however often it asks.
* Observers can neither approve nor object (NotPermitted); neither can states that do not
  take part.
* A member joining consensus may attach an explanation of position and dissociate from named
  paragraphs; both go into the adoption record and are published with the text.
* When consensus fails, the chair may issue a *chair's statement*: labelled as such, under the
  chair's own responsibility, unsigned, never presented as agreed.

What consensus in session means is the meeting series' rule of procedure (`Consent`):

* `EVERY_MEMBER_APPROVES` (the default, today's rule): every participating member approves.
* `NO_OBJECTION`: no member objects among those present. Members present when the text is put
  approve (their "no objection") or object, as before; a member *absent* then has a window
  (`absent_window`, from the opening): its silence counts as no objection only once the
  window has passed, and it may still approve or object while the procedure is pending. An
  objection always blocks, under either rule.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any

from accord.domain.consensus.instants import aware
from accord.domain.consensus.record import Explanation, ProcedureKind
from accord.domain.errors import InvalidInput
from accord.domain.negotiation import VERSION_KEYS, Revision, adopted_text, text_hash


class Outcome(StrEnum):
    """What `evaluate` says about a procedure at a given instant."""

    PENDING = "pending"
    ADOPTED = "adopted"
    RETURNED = "returned-to-negotiation"
    FAILED = "failed"


class Consent(StrEnum):
    """What consensus in session means, as the rules of procedure say."""

    EVERY_MEMBER_APPROVES = "every-member-approves"
    NO_OBJECTION = "no-objection"


class Stance(StrEnum):
    """A member's current position in a procedure."""

    APPROVE = "approve"
    APPROVE_AD_REF = "approve-ad-referendum"
    OBJECT = "object"
    BREAK_SILENCE = "break-silence"


@dataclass(frozen=True)
class Position:
    """A state's latest act; replaces any earlier one by the same state."""

    state: str
    stance: Stance
    at: datetime
    confirm_by: datetime | None = None  # ad referendum only
    confirmed_at: datetime | None = None
    reason: str = ""

    @property
    def approves(self) -> bool:
        """An approval that counts: a plain one, or an ad referendum one confirmed in time."""
        if self.stance is Stance.APPROVE:
            return True
        return self.stance is Stance.APPROVE_AD_REF and self.confirmed_at is not None


@dataclass(frozen=True)
class Procedure:
    """One adoption procedure on one revision. Immutable: every act returns a new value."""

    kind: ProcedureKind
    document_id: str
    revision: int
    text_hash: str
    paragraphs: tuple[str, ...]  # paragraph numbers of the text, for dissociations
    members: frozenset[str]  # participating member states: each has exactly one voice
    observers: frozenset[str]
    chair: str
    opened_at: datetime
    deadline: datetime | None  # required for silence; optional end of session for consensus
    positions: tuple[Position, ...] = ()  # at most one per state, sorted by state
    explanations: tuple[Explanation, ...] = ()  # at most one per state, sorted by state
    closed_at: datetime | None = None  # the chair ended it before an outcome
    last_act_at: datetime | None = None
    consent: Consent = Consent.EVERY_MEMBER_APPROVES
    absent: frozenset[str] = frozenset()  # members absent when the text was put (no objection)
    absent_window: timedelta = timedelta(0)  # after it, an absent member's silence consents

    @property
    def silence_counts_from(self) -> datetime | None:
        """When an absent member's silence starts to count as no objection (None: never)."""
        if self.consent is not Consent.NO_OBJECTION or not self.absent:
            return None
        return self.opened_at + self.absent_window

    def position(self, state: str) -> Position | None:
        """The state's current position, if it has acted."""
        return self._positions_by_state.get(state)

    @cached_property
    def _positions_by_state(self) -> dict[str, Position]:
        # Built once per (immutable) procedure: `evaluate` asks for every member's position,
        # and replaying n acts evaluates n procedures, so a scan here made that cubic.
        return {p.state: p for p in reversed(self.positions)}  # the first, as a scan found


@dataclass(frozen=True)
class Evaluation:
    """The outcome of a procedure at one instant, with who stands where."""

    outcome: Outcome
    decided_at: datetime | None
    reason: str
    approving: tuple[str, ...]  # members whose approval counts now
    awaiting: tuple[str, ...]  # members yet to approve or confirm (consensus)
    objecting: tuple[str, ...]  # members who objected or broke silence
    silent: tuple[str, ...] = ()  # absent members whose silence counts as no objection now


def open_procedure(
    revision: Revision,
    *,
    kind: ProcedureKind,
    members: Collection[str],
    observers: Collection[str] = (),
    chair: str,
    now: datetime,
    deadline: datetime | None = None,
    consent: Consent = Consent.EVERY_MEMBER_APPROVES,
    absent: Collection[str] = (),
    absent_window: timedelta = timedelta(0),
    text: Mapping[str, Any] | None = None,
) -> Procedure:
    """The chair puts `revision` to adoption.

    `text` is what is adopted and signed when it is more than `adopted_text(revision)`: that
    text with its language versions (`negotiation.with_versions`); InvalidInput unless its
    own fields are exactly the revision's adopted text.

    RuleViolation when the revision still holds brackets; InvalidInput when the silence
    procedure has no deadline, a deadline is not after `now`, or the member lists are wrong.
    `consent`, `absent` and `absent_window` are the series' rule (see the module docstring);
    absence counts only under `NO_OBJECTION`, in session, with a positive window.
    """
    now = aware(now, "now")
    base = adopted_text(revision)  # RuleViolation while brackets remain
    if text is not None and {k: v for k, v in text.items() if k not in VERSION_KEYS} != base:
        raise InvalidInput("the text put to adoption is not the revision's text")
    text = base if text is None else text
    kind = ProcedureKind(kind)
    if deadline is not None:
        deadline = aware(deadline, "the deadline")
        if deadline <= now:
            raise InvalidInput("the deadline must be in the future")
    elif kind is ProcedureKind.SILENCE:
        raise InvalidInput("a silence procedure needs a deadline")
    member_set, observer_set = _check_participants(members, observers, chair)
    consent, absent_set = Consent(consent), frozenset(absent)
    _check_absence(kind, consent, member_set, chair, absent_set, absent_window)
    return Procedure(
        kind=kind,
        document_id=revision.document_id,
        revision=revision.number,
        text_hash=text_hash(text),
        paragraphs=tuple(p["number"] for p in text["paragraphs"]),
        members=member_set,
        observers=observer_set,
        chair=chair,
        opened_at=now,
        deadline=deadline,
        last_act_at=now,
        consent=consent,
        absent=absent_set,
        absent_window=absent_window if absent_set else timedelta(0),
    )


def _check_participants(
    members: Collection[str], observers: Collection[str], chair: str
) -> tuple[frozenset[str], frozenset[str]]:
    member_set, observer_set = frozenset(members), frozenset(observers)
    if not member_set:
        raise InvalidInput("an adoption procedure needs at least one member")
    if member_set & observer_set:
        raise InvalidInput("a state cannot be both a member and an observer")
    if chair not in member_set:
        raise InvalidInput("the chair's state must be a participating member")
    return member_set, observer_set


def _check_absence(
    kind: ProcedureKind,
    consent: Consent,
    members: frozenset[str],
    chair: str,
    absent: frozenset[str],
    window: timedelta,
) -> None:
    if not absent:
        return
    if kind is not ProcedureKind.CONSENSUS or consent is not Consent.NO_OBJECTION:
        raise InvalidInput(
            "absence counts only in session, under the rule that no member present objects",
            code="absence_not_counted",
        )
    if not absent <= members:
        raise InvalidInput("an absent state must be a participating member")
    if chair in absent:
        raise InvalidInput("the chair's state cannot be absent from its own session")
    if window <= timedelta(0):
        raise InvalidInput("the window for the absent must be longer than zero")


def evaluate(procedure: Procedure, now: datetime) -> Evaluation:
    """The outcome at `now`: pending, adopted, returned to negotiation, or failed.

    Deterministic and side-effect free; an outcome, once reached, never changes for a
    later `now`.
    """
    now = aware(now, "now")
    if procedure.kind is ProcedureKind.SILENCE:
        return _evaluate_silence(procedure, now)
    return _evaluate_consensus(procedure, now)


def _standing(
    procedure: Procedure, now: datetime
) -> tuple[list[str], list[str], list[str], list[str]]:
    approving: list[str] = []
    awaiting: list[str] = []
    objecting: list[str] = []
    silent: list[str] = []
    counts_from = procedure.silence_counts_from
    for state in sorted(procedure.members):
        p = procedure.position(state)
        if p is None and state in procedure.absent and counts_from is not None:
            # An absent member's silence consents once its window has passed, not before.
            (silent if counts_from <= now else awaiting).append(state)
        elif p is None:
            awaiting.append(state)
        elif p.stance in (Stance.OBJECT, Stance.BREAK_SILENCE):
            objecting.append(state)
        elif p.approves:
            approving.append(state)
        elif p.confirm_by is not None and p.confirm_by <= now:
            objecting.append(state)  # an unconfirmed ad referendum approval counts as objection
        else:
            awaiting.append(state)
    return approving, awaiting, objecting, silent


def _evaluate_consensus(procedure: Procedure, now: datetime) -> Evaluation:
    approving, awaiting, objecting, silent = _standing(procedure, now)
    failures: list[tuple[datetime, str]] = []
    for p in procedure.positions:
        if p.stance is Stance.OBJECT:
            failures.append((p.at, f"{p.state} objected"))
        elif p.stance is Stance.APPROVE_AD_REF and p.confirmed_at is None:
            assert p.confirm_by is not None
            if p.confirm_by <= now:
                failures.append((p.confirm_by, f"{p.state} did not confirm ad referendum in time"))
    if procedure.closed_at is not None:
        failures.append((procedure.closed_at, "the chair closed it without consensus"))
    if procedure.deadline is not None and procedure.deadline <= now:
        failures.append((procedure.deadline, "the session ended without consensus"))

    adopted_at: datetime | None = None
    if not awaiting and not objecting:
        # Only an ad referendum approval is ever confirmed; it counts from its confirmation.
        instants = [
            p.confirmed_at or p.at for p in procedure.positions if p.state in procedure.members
        ]
        if silent:
            assert procedure.silence_counts_from is not None
            instants.append(procedure.silence_counts_from)
        adopted_at = max(instants)
    first_failure = min(failures, default=None, key=lambda f: f[0])
    # A failure at the same instant as the last approval wins: an objection stops adoption.
    if first_failure is not None and (adopted_at is None or first_failure[0] <= adopted_at):
        return Evaluation(
            Outcome.FAILED, first_failure[0], first_failure[1],
            tuple(approving), tuple(awaiting), tuple(objecting), tuple(silent),
        )  # fmt: skip
    if adopted_at is not None:
        reason = "no member objected" if silent else "every member approved"
        return Evaluation(
            Outcome.ADOPTED, adopted_at, reason, tuple(approving), (), (), tuple(silent)
        )
    return Evaluation(
        Outcome.PENDING, None, "awaiting approvals", tuple(approving), tuple(awaiting), (),
        tuple(silent),
    )  # fmt: skip


def _evaluate_silence(procedure: Procedure, now: datetime) -> Evaluation:
    assert procedure.deadline is not None  # open_procedure guarantees it
    breaks = [p for p in procedure.positions if p.stance is Stance.BREAK_SILENCE]
    members = tuple(sorted(procedure.members))
    if breaks:
        first = min(breaks, key=lambda p: p.at)
        reason = f"{first.state} broke silence: {first.reason}"
        return Evaluation(Outcome.RETURNED, first.at, reason, (), (), (first.state,))
    if procedure.closed_at is not None:
        reason = "the chair withdrew the text"
        return Evaluation(Outcome.RETURNED, procedure.closed_at, reason, (), (), ())
    if now >= procedure.deadline:
        reason = "nobody broke silence before the deadline"
        return Evaluation(Outcome.ADOPTED, procedure.deadline, reason, members, (), ())
    return Evaluation(Outcome.PENDING, None, "silence runs until the deadline", (), members, ())
