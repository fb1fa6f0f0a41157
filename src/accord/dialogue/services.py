"""Every write of the dialogue: concerns, meetings, the agenda, the floor, interventions,
documents, bilaterals and calendar feeds.

Each function is one transaction: it checks permission (raising `NotFound` when the actor
may not even see the object, so that a refusal never confirms a hidden object exists),
applies the rule, saves, and ends with `record(...)`, which appends to the ledger and
publishes the event after commit. Input is checked before anything is written, so a
refusal changes nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from accord.domain.dialogue import (
    Commitment,
    ConcernStatus,
    Mover,
    Slot,
    check_sideline_slot,
    check_transition,
    reaches_no_further,
)
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.text import check_line, check_prose
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.access import encode_states
from accord.members.models import State, User

from . import selectors
from .models import (
    AgendaItem,
    Bilateral,
    CalendarFeed,
    Concern,
    FloorRequest,
    Intervention,
    Meeting,
    MeetingDocument,
    ProposedSlot,
    Sitting,
)

LANGUAGES = ("en", "zh-hans", "ru")
MAX_SLOTS = 6


# --- Small checks shared by the actions -----------------------------------------------


def _text(value: str, field: str, *, limit: int, multiline: bool = False) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise InvalidInput(f"{field}: must not be empty")
    if len(cleaned) > limit:
        raise InvalidInput(f"{field}: at most {limit} characters")
    # Pages and the CLI come here without the API's schemas: the same rule for them.
    if multiline:
        return check_prose(cleaned, field=field)
    return check_line(cleaned, field=field)


def _visibility(value: str, allowed: Iterable[Visibility]) -> Visibility:
    choices = [v.value for v in allowed]
    if value not in choices:
        raise InvalidInput(f"visibility: one of {', '.join(choices)}")
    return Visibility(value)


def _states(codes: Iterable[str], field: str) -> list[State]:
    wanted = sorted({code.upper() for code in codes})
    found = {state.code: state for state in State.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise InvalidInput(f"{field}: no state with code {', '.join(unknown)}")
    return [found[code] for code in wanted]


def _aware(moment: datetime, field: str) -> datetime:
    if timezone.is_naive(moment):
        raise InvalidInput(f"{field}: give a time zone (e.g. 2021-03-22T09:00:00+08:00)")
    return moment


def _own_state(actor: User, what: str) -> State:
    if actor.state is None:
        raise NotPermitted(f"only a state's delegation may {what}")
    return actor.state


def _member_state(actor: User, what: str) -> State:
    state = _own_state(actor, what)
    if not state.is_member:
        raise NotPermitted(f"only a member state may {what}")
    return state


def _states_at(meeting: Meeting) -> set[str]:
    """The states at a meeting: its participants and its invited observers."""
    participants = Meeting.participants.through.objects.filter(meeting_id=meeting.pk)
    observers = Meeting.observers.through.objects.filter(meeting_id=meeting.pk)
    return set(  # one query for both
        participants.values_list("state_id", flat=True).union(
            observers.values_list("state_id", flat=True)
        )
    )


def _audience_fields(audience: Audience) -> dict[str, object]:
    return {
        "visibility": audience.visibility.value,
        "owner_state_id": audience.owner_state,
        "audience_states": encode_states(audience.states),
    }


# --- Concerns -------------------------------------------------------------------------

CONCERN_VISIBILITIES = (
    Visibility.PUBLIC,
    Visibility.PARTICIPANTS,
    Visibility.MEMBERS,
    Visibility.RESTRICTED,
)


@transaction.atomic
def raise_concern(
    *,
    actor: User,
    title: str,
    summary: str,
    category: str,
    affected_states: Sequence[str] = (),
    visibility: str = Visibility.MEMBERS.value,
    restricted_to: Sequence[str] = (),
) -> Concern:
    """A member state raises a security concern (rule 1: any member may).

    A restricted concern is seen by the raising state and the states in `restricted_to`.
    """
    state = _member_state(actor, "raise a concern")
    title = _text(title, "title", limit=200)
    summary = _text(summary, "summary", limit=20000, multiline=True)
    if category not in Concern.Category.values:
        raise InvalidInput(f"category: one of {', '.join(Concern.Category.values)}")
    level = _visibility(visibility, CONCERN_VISIBILITIES)
    affected = _states(affected_states, "affected_states")
    named = _states(restricted_to, "restricted_to")
    if level is not Visibility.RESTRICTED and named:
        raise InvalidInput("restricted_to: only a restricted concern names its states")
    audience = Audience(
        level,
        states=frozenset({state.code, *(s.code for s in named)})
        if level is Visibility.RESTRICTED
        else frozenset(),
    )
    # The state's row serialises its concerns: a form sent twice raises one concern.
    State.objects.select_for_update().filter(code=state.code).first()
    open_concerns = Concern.objects.filter(raised_by_state=state).exclude(
        status=ConcernStatus.CLOSED
    )
    if open_concerns.filter(title__iexact=title).exists():
        raise RuleViolation(f"{state.code} has already raised an open concern titled “{title}”.")
    concern = Concern.objects.create(
        title=title,
        summary=summary,
        category=category,
        raised_by_state=state,
        raised_by=actor,
        **_audience_fields(audience),
    )
    concern.affected_states.set(affected)
    record(
        actor=actor,
        action="concern.raised",
        obj=concern,
        audience=audience,
        payload={
            "title": title,
            "category": category,
            "state": state.code,
            "affected_states": [s.code for s in affected],
        },
    )
    return concern


@transaction.atomic
def co_sponsor_concern(*, actor: User, concern_id: int) -> Concern:
    """Another member state joins a concern as co-sponsor."""
    concern = selectors.get_concern(actor, concern_id, for_update=True)
    state = _member_state(actor, "co-sponsor a concern")
    if concern.raised_by_state_id == state.code:
        raise RuleViolation("a state does not co-sponsor the concern it raised")
    if concern.co_sponsors.filter(code=state.code).exists():
        raise RuleViolation(f"{state.code} already co-sponsors this concern")
    if concern.status == ConcernStatus.CLOSED:
        raise RuleViolation("the concern is closed")
    concern.co_sponsors.add(state)
    record(
        actor=actor,
        action="concern.co_sponsored",
        obj=concern,
        audience=concern.audience,
        payload={"concern": concern.pk, "state": state.code},
    )
    return concern


def _move(concern: Concern, *, actor: User, target: ConcernStatus, note: str) -> None:
    """Precondition: `concern` is locked and visible to `actor`."""
    current = ConcernStatus(concern.status)
    check_transition(
        current,
        target,
        Mover(
            is_chair=actor.is_chair,
            is_secretariat=actor.is_secretariat,
            is_raiser=actor.state_id == concern.raised_by_state_id,
        ),
    )
    concern.status = target.value
    concern.status_changed_at = timezone.now()
    concern.save(update_fields=["status", "status_changed_at"])
    record(
        actor=actor,
        action="concern.moved",
        obj=concern,
        audience=concern.audience,
        payload={"concern": concern.pk, "from": current.value, "to": target.value, "note": note},
    )


@transaction.atomic
def move_concern(*, actor: User, concern_id: int, to: str, note: str = "") -> Concern:
    """Take a concern to the next stage of its lifecycle (see `accord.domain.dialogue`)."""
    concern = selectors.get_concern(actor, concern_id, for_update=True)
    if to not in {s.value for s in ConcernStatus}:
        raise InvalidInput(f"to: one of {', '.join(s.value for s in ConcernStatus)}")
    if len(note) > 2000:
        raise InvalidInput("note: at most 2000 characters")
    _move(concern, actor=actor, target=ConcernStatus(to), note=note.strip())
    return concern


# --- Meetings -------------------------------------------------------------------------

MEETING_VISIBILITIES = CONCERN_VISIBILITIES


def _may_convene(actor: User) -> None:
    if not (actor.is_chair or actor.is_secretariat):
        raise NotPermitted("only the chair or the secretariat may do this")


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
    level = _visibility(visibility, MEETING_VISIBILITIES)
    at_meeting = frozenset(s.code for s in [*taking_part, *watching])
    if level is Visibility.RESTRICTED and actor.state_id not in at_meeting:
        # The secretariat (and a chair whose state is absent) could not see it afterwards.
        raise InvalidInput("visibility: a restricted meeting is convened by a state taking part")
    meeting_slot = Slot(starts_at, ends_at)
    planned: list[tuple[str, Slot]] = []
    for number, (sitting_title, sitting_start, sitting_end) in enumerate(sittings, start=1):
        label = f"sittings[{number}]"
        sitting_title = _text(sitting_title, f"{label}.title", limit=200)
        if _aware(sitting_end, label) <= _aware(sitting_start, label):
            raise InvalidInput(f"{label}: the sitting ends before it starts")
        slot = Slot(sitting_start, sitting_end)
        if not slot.within(meeting_slot):
            raise InvalidInput(f"{label}: the sitting lies outside the meeting")
        if any(slot.overlaps(other) for _, other in planned):
            raise InvalidInput(f"{label}: the sitting overlaps another sitting")
        planned.append((sitting_title, slot))
    audience = Audience(level, states=at_meeting if level is Visibility.RESTRICTED else frozenset())
    meeting = Meeting.objects.create(
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        venue=venue.strip(),
        online_url=online_url.strip(),
        convened_by=actor,
        **_audience_fields(audience),
    )
    meeting.participants.set(taking_part)
    meeting.observers.set(watching)
    Sitting.objects.bulk_create(
        Sitting(meeting=meeting, title=t, starts_at=s.starts_at, ends_at=s.ends_at)
        for t, s in planned
    )
    record(
        actor=actor,
        action="meeting.convened",
        obj=meeting,
        audience=audience,
        payload={
            "title": title,
            "kind": kind,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "participants": sorted(s.code for s in taking_part),
            "observers": sorted(s.code for s in watching),
        },
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
        _move(concern, actor=actor, target=ConcernStatus.ON_AGENDA, note=f"meeting {meeting.pk}")
    record(
        actor=actor,
        action="agenda.item_added",
        obj=item,
        audience=meeting.audience,
        payload={
            "meeting": meeting.pk,
            "number": number,
            "title": title,
            "concern": concern.pk if concern else None,
        },
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
        action="agenda.adopted",
        obj=meeting,
        audience=meeting.audience,
        payload={"meeting": meeting.pk, "items": meeting.agenda_items.count()},
    )
    return meeting


# --- The floor and interventions ------------------------------------------------------


def _item_of(meeting: Meeting, item_id: int) -> AgendaItem:
    item = meeting.agenda_items.filter(pk=item_id).first()
    if item is None:
        raise NotFound("no such agenda item at this meeting")
    return item


@transaction.atomic
def request_floor(*, actor: User, meeting_id: int, item_id: int) -> FloorRequest:
    """A delegation at the meeting asks for the floor on an agenda item."""
    meeting = selectors.get_meeting(actor, meeting_id, for_update=True)
    state = _own_state(actor, "ask for the floor")
    if state.code not in _states_at(meeting):
        raise NotPermitted("only delegations at this meeting may ask for the floor")
    item = _item_of(meeting, item_id)
    if not meeting.agenda_adopted:
        raise RuleViolation("the agenda is not adopted yet")
    pending = FloorRequest.objects.filter(
        item=item,
        state=state,
        status__in=[FloorRequest.Status.WAITING, FloorRequest.Status.HAS_FLOOR],
    )
    if pending.exists():
        raise RuleViolation(f"{state.code} is already on the list of speakers for this item")
    request = FloorRequest.objects.create(item=item, state=state, requested_by=actor)
    record(
        actor=actor,
        action="floor.requested",
        obj=request,
        audience=meeting.audience,
        payload={"meeting": meeting.pk, "item": item.pk, "state": state.code},
    )
    return request


@transaction.atomic
def give_floor(*, actor: User, meeting_id: int, request_id: int) -> FloorRequest:
    """The chair gives the floor to a delegation on the list; whoever held it is done."""
    meeting = selectors.get_meeting(actor, meeting_id, for_update=True)
    if not actor.is_chair:
        raise NotPermitted("only the chair gives the floor")
    request = (
        FloorRequest.objects.select_for_update()
        .filter(pk=request_id, item__meeting=meeting)
        .first()
    )
    if request is None:
        raise NotFound("no such request for the floor at this meeting")
    if request.status != FloorRequest.Status.WAITING:
        raise RuleViolation(f"that request is no longer waiting ({request.status})")
    FloorRequest.objects.filter(item__meeting=meeting, status=FloorRequest.Status.HAS_FLOOR).update(
        status=FloorRequest.Status.SPOKE
    )
    request.status = FloorRequest.Status.HAS_FLOOR
    request.given_at = timezone.now()
    request.save(update_fields=["status", "given_at"])
    record(
        actor=actor,
        action="floor.given",
        obj=request,
        audience=meeting.audience,
        payload={"meeting": meeting.pk, "item": request.item_id, "state": request.state_id},
    )
    return request


@transaction.atomic
def deliver_intervention(
    *,
    actor: User,
    meeting_id: int,
    kind: str,
    text: str,
    language: str,
    item_id: int | None = None,
    in_reply_to: int | None = None,
    visibility: str | None = None,
    as_chair: bool = False,
) -> Intervention:
    """A delegation speaks: a statement, a briefing, a question or a right of reply.

    At a meeting with an adopted agenda a delegation speaks on an item when the chair has
    given it the floor; the chair speaking as chair, and the secretariat's briefings, need
    no floor. An intervention reaches no further than its meeting, and a reply no further
    than what it answers (else its `in_reply_to` would reveal a hidden intervention).
    """
    meeting = selectors.get_meeting(actor, meeting_id, for_update=True)
    if kind not in Intervention.Kind.values:
        raise InvalidInput(f"kind: one of {', '.join(Intervention.Kind.values)}")
    if language not in LANGUAGES:
        raise InvalidInput(f"language: one of {', '.join(LANGUAGES)}")
    text = _text(text, "text", limit=50000, multiline=True)
    target = None
    if kind == Intervention.Kind.REPLY:
        if in_reply_to is None:
            raise InvalidInput("in_reply_to: a right of reply names the intervention it answers")
        target = selectors.interventions(actor).filter(pk=in_reply_to, meeting=meeting).first()
        if target is None:
            raise NotFound("no such intervention at this meeting")
    elif in_reply_to is not None:
        raise InvalidInput("in_reply_to: only a right of reply answers an intervention")
    if as_chair and not actor.is_chair:
        raise NotPermitted("only the chair speaks as chair")
    state = None
    if actor.is_secretariat:
        if kind != Intervention.Kind.BRIEFING:
            raise NotPermitted("the secretariat gives briefings; states make statements")
    elif not as_chair:
        state = _own_state(actor, "speak")
        if state.code not in _states_at(meeting):
            raise NotPermitted("only delegations at this meeting may speak")
    else:
        state = actor.state
    if target is not None and state is not None and target.state_id == state.code:
        raise RuleViolation("a right of reply answers another delegation")
    item = _item_of(meeting, item_id) if item_id is not None else None
    floor = None
    if meeting.agenda_items.exists():
        if item is None:
            raise InvalidInput("item: name the agenda item you speak on")
        if not meeting.agenda_adopted:
            raise RuleViolation("the agenda is not adopted yet")
        if state is not None and not as_chair:
            floor = (
                FloorRequest.objects.select_for_update()
                .filter(item=item, state=state, status=FloorRequest.Status.HAS_FLOOR)
                .first()
            )
            if floor is None:
                raise RuleViolation(
                    "the chair has not given your delegation the floor on this item"
                )
    outer = target.audience if target is not None else meeting.audience
    if visibility is None:
        audience = outer
    else:
        level = _visibility(visibility, MEETING_VISIBILITIES)
        audience = Audience(
            level,
            states=frozenset(_states_at(meeting))
            if level is Visibility.RESTRICTED
            else frozenset(),
        )
        if not (
            reaches_no_further(audience, meeting.audience) and reaches_no_further(audience, outer)
        ):
            raise InvalidInput(
                "visibility: an intervention reaches no further than its meeting "
                "or the intervention it answers"
            )
    # The meeting row is locked: the same words sent twice (a form resubmitted) stand once.
    said = meeting.interventions.filter(
        item=item, kind=kind, state=state, in_reply_to=target, text=text, as_chair=as_chair
    )
    if (said if state is not None else said.filter(speaker=actor)).exists():
        raise RuleViolation("This intervention has already been delivered at this meeting.")
    intervention = Intervention.objects.create(
        meeting=meeting,
        item=item,
        kind=kind,
        state=state,
        speaker=actor,
        as_chair=as_chair,
        in_reply_to=target,
        language=language,
        text=text,
        **_audience_fields(audience),
    )
    if floor is not None:
        floor.status = FloorRequest.Status.SPOKE
        floor.save(update_fields=["status"])
    record(
        actor=actor,
        action="intervention.delivered",
        obj=intervention,
        audience=audience,
        payload={
            "meeting": meeting.pk,
            "item": item.pk if item else None,
            "kind": kind,
            "state": state.code if state else None,
            "as_chair": as_chair,
            "in_reply_to": target.pk if target else None,
            "language": language,
            "text": text,
        },
        event_data={
            "meeting": meeting.pk,
            "intervention": intervention.pk,
            "kind": kind,
            "state": state.code if state else None,
        },
    )
    return intervention


@transaction.atomic
def attach_document(
    *,
    actor: User,
    meeting_id: int,
    title: str,
    language: str,
    body: str = "",
    url: str = "",
    visibility: str | None = None,
) -> MeetingDocument:
    """Attach a document to a meeting: the chair, the secretariat or a delegation there."""
    meeting = selectors.get_meeting(actor, meeting_id, for_update=True)
    if not (actor.is_chair or actor.is_secretariat) and (
        actor.state_id is None or actor.state_id not in _states_at(meeting)
    ):
        raise NotPermitted("only the chair, the secretariat or a delegation there attaches")
    title = _text(title, "title", limit=200)
    if language not in LANGUAGES:
        raise InvalidInput(f"language: one of {', '.join(LANGUAGES)}")
    if not body.strip() and not url.strip():
        raise InvalidInput("body: give the text of the document or its address (url)")
    if url and not url.startswith("https://"):
        raise InvalidInput("url: an https:// address")
    if visibility is None:
        audience = meeting.audience
    else:
        level = _visibility(visibility, MEETING_VISIBILITIES)
        audience = Audience(
            level,
            states=frozenset(_states_at(meeting))
            if level is Visibility.RESTRICTED
            else frozenset(),
        )
        if not reaches_no_further(audience, meeting.audience):
            raise InvalidInput("visibility: a document reaches no further than its meeting")
        if audience.visibility is Visibility.RESTRICTED and actor.state_id is None:
            raise InvalidInput("visibility: the secretariat cannot attach what it could not read")
    document = MeetingDocument.objects.create(
        meeting=meeting,
        title=title,
        language=language,
        body=body.strip(),
        url=url.strip(),
        attached_by=actor,
        **_audience_fields(audience),
    )
    record(
        actor=actor,
        action="document.attached",
        obj=document,
        audience=audience,
        payload={"meeting": meeting.pk, "title": title, "language": language},
    )
    return document


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
    audience = Audience(Visibility.RESTRICTED, states=frozenset({state.code, other}))
    bilateral = Bilateral.objects.create(
        meeting=meeting,
        requester=state,
        counterpart_id=other,
        requested_by=actor,
        subject=subject,
        **_audience_fields(audience),
    )
    ProposedSlot.objects.bulk_create(
        ProposedSlot(bilateral=bilateral, starts_at=s.starts_at, ends_at=s.ends_at)
        for s in proposed
    )
    record(
        actor=actor,
        action="bilateral.requested",
        obj=bilateral,
        audience=audience,
        payload={
            "meeting": meeting.pk,
            "requester": state.code,
            "counterpart": other,
            "subject": subject,
            "slots": [[s.starts_at.isoformat(), s.ends_at.isoformat()] for s in proposed],
        },
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
        raise InvalidInput(f"slot: {slot_id} is not one of the proposed slots")
    # Lock both delegations' rows in a fixed order: two acceptances that would double-book
    # a state then run one after the other, and the second sees the first's session.
    list(
        State.objects.select_for_update()
        .filter(code__in=[bilateral.requester_id, bilateral.counterpart_id])
        .order_by("code")
    )
    meeting = bilateral.meeting
    slot = Slot(chosen.starts_at, chosen.ends_at)
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
        **_audience_fields(audience),
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
        action="bilateral.accepted",
        obj=bilateral,
        audience=audience,
        payload={
            "meeting": meeting.pk,
            "session": session.pk,
            "starts_at": slot.starts_at.isoformat(),
            "ends_at": slot.ends_at.isoformat(),
        },
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
        action="bilateral.declined",
        obj=bilateral,
        audience=bilateral.audience,
        payload={"meeting": bilateral.meeting_id, "reason": bilateral.decline_reason},
    )
    return bilateral


# --- Calendar feed --------------------------------------------------------------------


def calendar_token_hash(token: str) -> str:
    # 256 random bits: a plain SHA-256 suffices and lets the feed be looked up by hash.
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_calendar_feed(*, actor: User) -> str:
    """A new secret address for the person's calendar feed; the old one stops working.
    The token is returned once and never stored."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=actor,
        defaults={"token_hash": calendar_token_hash(token), "created_at": timezone.now()},
    )
    record(
        actor=actor,
        action="calendar.feed_issued",
        obj=("members.user", str(actor.pk)),
        audience=Audience(Visibility.DELEGATION, owner_state=actor.state_id),
        payload={"user": actor.username},
    )
    return token
