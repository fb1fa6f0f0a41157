"""Meetings: convening one with its sittings, and its agenda."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accord.domain import published
from accord.domain.dialogue import (
    ConcernStatus,
    Slot,
    check_sitting,
    reaches_no_further,
)
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.models import State, User

from .. import selectors
from ..models import (
    AgendaItem,
    Meeting,
    Sitting,
)
from .checks import _aware, _states, _text, _visibility
from .concerns import CONCERN_VISIBILITIES, _move

# --- Meetings -------------------------------------------------------------------------

MEETING_VISIBILITIES = CONCERN_VISIBILITIES


def _may_convene(actor: User) -> None:
    if not (actor.is_chair or actor.is_secretariat):
        raise NotPermitted("only the chair or the secretariat may do this")


@dataclass(frozen=True)
class CheckedMeeting:
    """What `check_meeting` found admissible: the meeting to convene and its sittings."""

    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    venue: str
    online_url: str
    taking_part: list[State]
    watching: list[State]
    audience: Audience
    planned: list[tuple[str, Slot]]


@transaction.atomic
def convene_meeting(
    *,
    actor: User,
    title: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    participants: Sequence[str],
    observers: Sequence[str] = (),
    time_zone: str = "UTC",
    venue: str = "",
    online_url: str = "",
    visibility: str = Visibility.PARTICIPANTS.value,
    sittings: Sequence[tuple[str, datetime, datetime]] = (),
) -> Meeting:
    """The chair or the secretariat convenes a meeting.

    `sittings` are its plenary sittings, which every delegation at the meeting attends;
    a meeting without sittings is taken to sit throughout, leaving no room on its sidelines.
    """
    checked = check_meeting(
        actor=actor,
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        participants=participants,
        observers=observers,
        time_zone=time_zone,
        venue=venue,
        online_url=online_url,
        visibility=visibility,
        sittings=sittings,
    )
    return do_convene_meeting(actor=actor, checked=checked)


def check_meeting(
    *,
    actor: User,
    title: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    participants: Sequence[str],
    observers: Sequence[str],
    time_zone: str,
    venue: str,
    online_url: str,
    visibility: str,
    sittings: Sequence[tuple[str, datetime, datetime]],
) -> CheckedMeeting:
    """Every refusal of `convene_meeting`, in its order; writes nothing."""
    _may_convene(actor)
    title = _text(title, "title", limit=200)
    if kind not in Meeting.Kind.values:
        raise InvalidInput(f"kind: one of {', '.join(Meeting.Kind.values)}")
    if kind == Meeting.Kind.BILATERAL:
        raise InvalidInput("kind: a bilateral is requested by a state, through /bilaterals")
    starts_at = _aware(starts_at, "starts_at")
    ends_at = _aware(ends_at, "ends_at")
    if ends_at <= starts_at:
        raise InvalidInput("ends_at: the meeting ends before it starts")
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"time_zone: unknown time zone {time_zone!r}") from None
    if len(venue) > 200:
        raise InvalidInput("venue: at most 200 characters")
    if not venue.strip() and not online_url.strip():
        raise InvalidInput("venue: give a venue or an online address")
    if online_url and not online_url.startswith("https://"):
        raise InvalidInput("online_url: an https:// address")
    taking_part, watching = _delegations(participants, observers)
    level = _visibility(visibility, MEETING_VISIBILITIES)
    at_meeting = frozenset(s.code for s in [*taking_part, *watching])
    if level is Visibility.RESTRICTED and actor.state_id not in at_meeting:
        # The secretariat (and a chair whose state is absent) could not see it afterwards.
        raise InvalidInput("visibility: a restricted meeting is convened by a state taking part")
    planned = _planned_sittings(sittings, Slot(starts_at, ends_at))
    audience = Audience(level, states=at_meeting if level is Visibility.RESTRICTED else frozenset())
    return CheckedMeeting(
        title, kind, starts_at, ends_at, time_zone, venue.strip(), online_url.strip(),
        taking_part, watching, audience, planned,
    )  # fmt: skip


def _delegations(
    participants: Sequence[str], observers: Sequence[str]
) -> tuple[list[State], list[State]]:
    """The member states taking part and the other states observing, each list checked."""
    taking_part = _states(participants, "participants")
    if not taking_part:
        raise InvalidInput("participants: name at least one member state")
    not_members = [s.code for s in taking_part if not s.is_member]
    if not_members:
        raise InvalidInput(
            f"participants: {', '.join(not_members)} are not member states; invite them as "
            "observers"
        )
    watching = _states(observers, "observers")
    members_as_observers = [s.code for s in watching if s.is_member]
    if members_as_observers:
        raise InvalidInput(
            f"observers: {', '.join(members_as_observers)} are member states; "
            "list them as participants"
        )
    return taking_part, watching


def _planned_sittings(
    sittings: Sequence[tuple[str, datetime, datetime]], meeting_slot: Slot
) -> list[tuple[str, Slot]]:
    """The plenary sittings, each checked against the meeting and the ones before it."""
    planned: list[tuple[str, Slot]] = []
    for number, (sitting_title, sitting_start, sitting_end) in enumerate(sittings, start=1):
        label = f"sittings[{number}]"
        sitting_title = _text(sitting_title, f"{label}.title", limit=200)
        if _aware(sitting_end, label) <= _aware(sitting_start, label):
            raise InvalidInput(f"{label}: the sitting ends before it starts")
        slot = Slot(sitting_start, sitting_end)
        check_sitting(slot, meeting=meeting_slot, earlier=[s for _, s in planned], label=label)
        planned.append((sitting_title, slot))
    return planned


def do_convene_meeting(*, actor: User, checked: CheckedMeeting) -> Meeting:
    """Create the meeting, its delegations and sittings, and record it.

    Lock: none needed (a new row); call inside the caller's transaction.
    """
    c = checked
    meeting = Meeting.objects.create(
        title=c.title,
        kind=c.kind,
        starts_at=c.starts_at,
        ends_at=c.ends_at,
        time_zone=c.time_zone,
        venue=c.venue,
        online_url=c.online_url,
        convened_by=actor,
        **Meeting.audience_fields(c.audience),
    )
    meeting.participants.set(c.taking_part)
    meeting.observers.set(c.watching)
    Sitting.objects.bulk_create(
        Sitting(meeting=meeting, title=t, starts_at=s.starts_at, ends_at=s.ends_at)
        for t, s in c.planned
    )
    record(
        actor=actor,
        obj=meeting,
        event=published.MeetingConvened(
            audience=meeting.audience,
            title=c.title,
            kind=c.kind,
            starts_at=c.starts_at.isoformat(),
            ends_at=c.ends_at.isoformat(),
            participants=tuple(sorted(s.code for s in c.taking_part)),
            observers=tuple(sorted(s.code for s in c.watching)),
        ),
    )
    return meeting


@transaction.atomic
def add_agenda_item(
    *, actor: User, meeting_id: int, title: str = "", concern_id: int | None = None
) -> AgendaItem:
    """Put an item on a meeting's agenda, usually a concern; a concern that was only
    raised is thereby on the agenda (recorded as its own move).

    Everyone at the meeting sees the agenda, so the concern must be visible to all of
    them; a concern the actor may not see is refused as absent.
    """
    meeting = selectors.get_meeting(actor, meeting_id, for_update=True)
    _may_convene(actor)
    if meeting.agenda_adopted and not actor.is_chair:
        raise NotPermitted("the agenda is adopted; only the chair may amend it")
    concern = None
    if concern_id is not None:
        concern = selectors.get_concern(actor, concern_id, for_update=True)
        if not reaches_no_further(meeting.audience, concern.audience):
            raise RuleViolation(
                "the concern is not visible to everyone at this meeting; "
                "it cannot go on this agenda"
            )
        if concern.status == ConcernStatus.CLOSED:
            raise RuleViolation("the concern is closed")
        if meeting.agenda_items.filter(concern=concern).exists():
            raise RuleViolation("the concern is already on this agenda")
    title = _text(title or (concern.title if concern else ""), "title", limit=200)
    number = (meeting.agenda_items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = AgendaItem.objects.create(meeting=meeting, number=number, title=title, concern=concern)
    if concern is not None and concern.status in (
        ConcernStatus.RAISED,
        ConcernStatus.NO_CONSENSUS,
    ):
        _move(
            concern,
            actor=actor,
            target=ConcernStatus.ON_AGENDA,
            note=f"meeting {meeting.public_id}",
        )
    record(
        actor=actor,
        obj=item,
        event=published.AgendaItemAdded(
            audience=meeting.audience,
            meeting=meeting.public_id,
            number=number,
            title=title,
            concern=concern.public_id if concern else None,
        ),
    )
    return item


@transaction.atomic
def adopt_agenda(*, actor: User, meeting_id: int) -> Meeting:
    """The chair declares the agenda adopted by the meeting."""
    meeting = selectors.get_meeting(actor, meeting_id, for_update=True)
    if not actor.is_chair:
        raise NotPermitted("only the chair declares the agenda adopted")
    if meeting.agenda_adopted:
        raise RuleViolation("the agenda is already adopted")
    if not meeting.agenda_items.exists():
        raise RuleViolation("the agenda has no items")
    meeting.agenda_adopted_at = timezone.now()
    meeting.save(update_fields=["agenda_adopted_at"])
    record(
        actor=actor,
        obj=meeting,
        event=published.AgendaAdopted(
            audience=meeting.audience,
            meeting=meeting.public_id,
            items=meeting.agenda_items.count(),
        ),
    )
    return meeting
