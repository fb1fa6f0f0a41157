"""Bilaterals on the sidelines: requesting, accepting and declining one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accord.domain import published
from accord.domain.dialogue import (
    Commitment,
    Slot,
    check_sideline_slot,
)
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.models import State, User

from .. import selectors
from ..models import (
    Bilateral,
    Meeting,
    ProposedSlot,
)
from .checks import MAX_SLOTS, _aware, _own_state, _states_at, _text

# --- Bilaterals on the sidelines ------------------------------------------------------


def _plenary(meeting: Meeting) -> list[Commitment]:
    sittings = list(meeting.sittings.all())
    if not sittings:
        return [Commitment(Slot(meeting.starts_at, meeting.ends_at), meeting.title)]
    return [Commitment(Slot(s.starts_at, s.ends_at), s.title) for s in sittings]


def _commitments(code: str, *, besides: Meeting, around: Slot) -> list[Commitment]:
    """What the delegation of `code` already attends near `around`, apart from `besides`:
    its bilateral sessions, and the plenary sittings of other meetings it attends."""
    nearby = (
        Meeting.objects.filter(Q(participants__code=code) | Q(observers__code=code))
        .filter(starts_at__lt=around.ends_at, ends_at__gt=around.starts_at)
        .exclude(pk=besides.pk)
        .distinct()
        .prefetch_related("sittings")
    )
    found: list[Commitment] = []
    for meeting in nearby:
        if meeting.kind == Meeting.Kind.BILATERAL:
            found.append(Commitment(Slot(meeting.starts_at, meeting.ends_at), meeting.title))
        else:
            found.extend(_plenary(meeting))
    return found


@dataclass(frozen=True)
class CheckedRequest:
    """What `check_bilateral_request` found admissible."""

    state: State
    other: str
    subject: str
    proposed: list[Slot]


@transaction.atomic
def request_bilateral(
    *,
    actor: User,
    meeting_id: int,
    counterpart: str,
    subject: str,
    slots: Sequence[tuple[datetime, datetime]],
) -> Bilateral:
    """A state asks another at the same meeting for a bilateral on its sidelines.

    Each proposed slot lies inside the meeting, clear of its plenary sittings and of the
    requesting delegation's own other commitments. The other state's diary is checked
    when it accepts: checking it here would tell the requester of the other state's
    bilaterals with third states.
    """
    meeting = selectors.get_meeting(actor, meeting_id, for_update=True)
    checked = check_bilateral_request(
        actor=actor, meeting=meeting, counterpart=counterpart, subject=subject, slots=slots
    )
    return do_request_bilateral(actor=actor, meeting=meeting, checked=checked)


def check_bilateral_request(
    *,
    actor: User,
    meeting: Meeting,
    counterpart: str,
    subject: str,
    slots: Sequence[tuple[datetime, datetime]],
) -> CheckedRequest:
    """Every refusal of `request_bilateral`, in its order; writes nothing.

    Precondition: the meeting row is locked, so that a request sent twice stands once.
    """
    state = _own_state(actor, "request a bilateral")
    if meeting.kind == Meeting.Kind.BILATERAL:
        raise InvalidInput("meeting: a bilateral is held on the sidelines of a plenary meeting")
    at_meeting = _states_at(meeting)
    if state.code not in at_meeting:
        raise NotPermitted("only a delegation at this meeting may request a bilateral on it")
    other = (counterpart or "").strip().upper()
    if other == state.code:
        raise InvalidInput("counterpart: a state cannot hold a bilateral with itself")
    if other not in at_meeting:
        raise InvalidInput(f"counterpart: {other or '(none)'} is not at this meeting")
    subject = _text(subject, "subject", limit=200)
    proposed = _proposed_slots(meeting, state, slots)
    pending = Bilateral.objects.filter(
        meeting=meeting,
        requester=state,
        counterpart_id=other,
        subject=subject,
        status=Bilateral.Status.REQUESTED,
    )
    if pending.exists():  # the meeting row is locked: a request sent twice stands once
        raise RuleViolation(
            f"{state.code} has already asked {other} for this bilateral; it awaits an answer."
        )
    return CheckedRequest(state, other, subject, proposed)


def _proposed_slots(
    meeting: Meeting, state: State, slots: Sequence[tuple[datetime, datetime]]
) -> list[Slot]:
    """The proposed slots, each on the sidelines and clear of the requester's diary."""
    if not slots:
        raise InvalidInput("slots: propose at least one time slot")
    if len(slots) > MAX_SLOTS:
        raise InvalidInput(f"slots: at most {MAX_SLOTS}")
    window = Slot(meeting.starts_at, meeting.ends_at)
    plenary = _plenary(meeting)
    proposed: list[Slot] = []
    for number, (start, end) in enumerate(slots, start=1):
        try:
            slot = Slot(_aware(start, f"slots[{number}]"), _aware(end, f"slots[{number}]"))
            check_sideline_slot(
                slot,
                meeting=window,
                plenary=plenary,
                busy=_commitments(state.code, besides=meeting, around=slot),
            )
        except (InvalidInput, RuleViolation) as problem:
            raise type(problem)(f"slots[{number}]: {problem.message}") from None
        proposed.append(slot)
    return proposed


def do_request_bilateral(*, actor: User, meeting: Meeting, checked: CheckedRequest) -> Bilateral:
    """Write the request and its slots, and record it.

    Lock: the meeting row, inside the caller's transaction.
    """
    state, other, subject, proposed = (
        checked.state, checked.other, checked.subject, checked.proposed,
    )  # fmt: skip
    audience = Audience(Visibility.RESTRICTED, states=frozenset({state.code, other}))
    bilateral = Bilateral.objects.create(
        meeting=meeting,
        requester=state,
        counterpart_id=other,
        requested_by=actor,
        subject=subject,
        **Bilateral.audience_fields(audience),
    )
    ProposedSlot.objects.bulk_create(
        ProposedSlot(bilateral=bilateral, starts_at=s.starts_at, ends_at=s.ends_at)
        for s in proposed
    )
    record(
        actor=actor,
        obj=bilateral,
        event=published.BilateralRequested(
            audience=bilateral.audience,
            meeting=meeting.public_id,
            requester=state.code,
            counterpart=other,
            subject=subject,
            slots=tuple((s.starts_at.isoformat(), s.ends_at.isoformat()) for s in proposed),
        ),
    )
    return bilateral


def _answerable(actor: User, bilateral_id: int) -> Bilateral:
    bilateral = selectors.get_bilateral(actor, bilateral_id, for_update=True)
    if actor.state_id != bilateral.counterpart_id:
        raise NotPermitted("the state that was asked answers the request")
    if bilateral.status != Bilateral.Status.REQUESTED:
        raise RuleViolation(f"the request is already {bilateral.status}")
    return bilateral


@transaction.atomic
def accept_bilateral(*, actor: User, bilateral_id: int, slot_id: int) -> Bilateral:
    """The other state accepts one of the proposed slots; the bilateral session is created
    as a meeting restricted to the two states."""
    bilateral = _answerable(actor, bilateral_id)
    chosen = bilateral.slots.filter(pk=slot_id).first()
    if chosen is None:
        raise InvalidInput("slot: not one of the proposed slots")
    # Lock both delegations' rows in a fixed order: two acceptances that would double-book
    # a state then run one after the other, and the second sees the first's session.
    list(
        State.objects.select_for_update()
        .filter(code__in=[bilateral.requester_id, bilateral.counterpart_id])
        .order_by("code")
    )
    slot = check_acceptance(bilateral, Slot(chosen.starts_at, chosen.ends_at))
    return do_accept_bilateral(actor=actor, bilateral=bilateral, chosen=chosen, slot=slot)


def check_acceptance(bilateral: Bilateral, slot: Slot) -> Slot:
    """Both delegations are still free at `slot`; writes nothing.

    Precondition: both states' rows are locked (see `accept_bilateral`).
    """
    meeting = bilateral.meeting
    window = Slot(meeting.starts_at, meeting.ends_at)
    check_sideline_slot(
        slot,
        meeting=window,
        plenary=_plenary(meeting),
        busy=_commitments(bilateral.counterpart_id, besides=meeting, around=slot),
    )
    try:
        check_sideline_slot(
            slot,
            meeting=window,
            plenary=[],
            busy=_commitments(bilateral.requester_id, besides=meeting, around=slot),
        )
    except RuleViolation:
        # Name nothing: the requester's other engagements are not the accepter's to know.
        raise RuleViolation("the requesting delegation is no longer free at that time") from None
    return slot


def do_accept_bilateral(
    *, actor: User, bilateral: Bilateral, chosen: ProposedSlot, slot: Slot
) -> Bilateral:
    """Create the session, mark the slot chosen and the request accepted, and record it.

    Lock: the bilateral row and both states' rows, inside the caller's transaction.
    """
    meeting = bilateral.meeting
    audience = bilateral.audience
    session = Meeting.objects.create(
        title=f"Bilateral {bilateral.requester_id}–{bilateral.counterpart_id}: {bilateral.subject}"[
            :200
        ],
        kind=Meeting.Kind.BILATERAL,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        time_zone=meeting.time_zone,
        venue=meeting.venue,
        online_url=meeting.online_url,
        sidelines_of=meeting,
        convened_by=actor,
        **Meeting.audience_fields(audience),
    )
    session.participants.set([bilateral.requester, bilateral.counterpart])
    chosen.chosen = True
    chosen.save(update_fields=["chosen"])
    bilateral.status = Bilateral.Status.ACCEPTED
    bilateral.answered_by = actor
    bilateral.answered_at = timezone.now()
    bilateral.session = session
    bilateral.save(update_fields=["status", "answered_by", "answered_at", "session"])
    record(
        actor=actor,
        obj=bilateral,
        event=published.BilateralAccepted(
            audience=bilateral.audience,
            meeting=meeting.public_id,
            session=session.public_id,
            starts_at=slot.starts_at.isoformat(),
            ends_at=slot.ends_at.isoformat(),
        ),
    )
    return bilateral


@transaction.atomic
def decline_bilateral(*, actor: User, bilateral_id: int, reason: str = "") -> Bilateral:
    bilateral = _answerable(actor, bilateral_id)
    if len(reason) > 500:
        raise InvalidInput("reason: at most 500 characters")
    bilateral.status = Bilateral.Status.DECLINED
    bilateral.answered_by = actor
    bilateral.answered_at = timezone.now()
    bilateral.decline_reason = reason.strip()
    bilateral.save(update_fields=["status", "answered_by", "answered_at", "decline_reason"])
    record(
        actor=actor,
        obj=bilateral,
        event=published.BilateralDeclined(
            audience=bilateral.audience,
            meeting=bilateral.meeting.public_id,
            reason=bilateral.decline_reason,
        ),
    )
    return bilateral
