"""The list of speakers under the rules of procedure, and the chair's console.

Writes: a delegation inscribes for a statement (on its own behalf or on behalf of a group
of states, named), raises a point of order or asks for a right of reply; the chair (or a
co-chair) gives the floor — to a named place or to the next in the order of the floor —
closes the list of an item and makes announcements to the room. The places are the
dialogue's `FloorRequest` rows, each with its `FloorTurn`; the action names are the
dialogue's (`floor.requested`, `floor.given`), so every page following the list refreshes.

Each write is one transaction holding the meeting row's lock, so two requests on one list
see each other in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.dialogue import selectors as dialogue_selectors
from accord.dialogue.models import AgendaItem, FloorRequest, Meeting
from accord.domain import events, procedure
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.text import check_line
from accord.ledger.services import record
from accord.members.models import User
from accord.negotiation import permissions

from .messages import in_users_language
from .models import Announcement, FloorTurn, SpeakersList
from .series import rules_for_meeting

WAITING = FloorRequest.Status.WAITING
HAS_FLOOR = FloorRequest.Status.HAS_FLOOR


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = meeting.agenda_items.filter(pk=item_id).first()
    if item is None:
        raise NotFound(_("No such agenda item at this meeting."))
    return item


def presides(actor: User, meeting: Meeting) -> bool:
    """The chair, or a co-chair appointed at this meeting, conducts it."""
    return permissions.presides(actor, meeting.pk)


def _require_presiding(actor: User, meeting: Meeting) -> None:
    if not presides(actor, meeting):
        raise NotPermitted(_("Only the chair or a co-chair conducts the meeting."))


def inscription_of(request: FloorRequest, observers: set[str]) -> procedure.Inscription:
    """The domain's place on the list for a stored request (with its turn); `observers`
    are the meeting's invited observers."""
    turn = getattr(request, "turn", None)
    state = request.state
    return procedure.Inscription(
        ref=str(request.pk),
        state=request.state_id,
        turn=procedure.Turn(turn.turn) if turn else procedure.Turn.STATEMENT,
        rank=procedure.Rank(turn.rank) if turn else procedure.Rank.DELEGATE,
        observer=not state.is_member or request.state_id in observers,
        requested_at=request.requested_at,
        on_behalf_of=turn.on_behalf_of if turn else "",
    )


def _observers(meeting: Meeting) -> set[str]:
    return set(meeting.observers.values_list("code", flat=True))


def _places(item: AgendaItem) -> list[FloorRequest]:
    return list(
        FloorRequest.objects.filter(item=item, status__in=[WAITING, HAS_FLOOR])
        .select_related("state", "turn")
        .order_by("requested_at", "id")
    )


@transaction.atomic
def inscribe(
    *,
    actor: User,
    meeting_id: int,
    item_id: int,
    turn: str = procedure.Turn.STATEMENT.value,
    on_behalf_of: str = "",
    now: datetime | None = None,
) -> FloorRequest:
    """The actor's delegation takes a place on the item's list of speakers."""
    meeting = dialogue_selectors.get_meeting(actor, meeting_id, for_update=True)
    item, new = check_inscribe(
        actor=actor, meeting=meeting, item_id=item_id, turn=turn, on_behalf_of=on_behalf_of,
        moment=now or timezone.now(),
    )  # fmt: skip
    return do_inscribe(actor=actor, meeting=meeting, item=item, new=new)


def check_inscribe(
    *, actor: User, meeting: Meeting, item_id: int, turn: str, on_behalf_of: str, moment: datetime
) -> tuple[AgendaItem, procedure.Inscription]:
    """Every refusal of `inscribe`, in its order; writes nothing. Returns the item and the
    domain's new place. Precondition: the meeting row is locked."""
    state = actor.state
    if state is None:
        raise NotPermitted(_("Only a state's delegation takes the floor."))
    members = set(meeting.participants.values_list("code", flat=True))
    observers = _observers(meeting)
    if state.code not in members | observers:
        raise NotPermitted(_("Only delegations at this meeting may ask for the floor."))
    item = _item(meeting, item_id)
    if not meeting.agenda_adopted:
        raise RuleViolation(_("The agenda is not adopted yet."))
    try:
        kind = procedure.Turn(turn)
    except ValueError:
        raise InvalidInput(_("turn: to speak, a point of order or a right of reply.")) from None
    group = check_line(on_behalf_of.strip(), field="on_behalf_of") if on_behalf_of else ""
    if len(group) > 200:
        raise InvalidInput(_("on_behalf_of: at most 200 characters."), field="on_behalf_of")
    new = procedure.Inscription(
        ref="new",
        state=state.code,
        turn=kind,
        rank=procedure.Rank.HEAD if actor.is_head else procedure.Rank.DELEGATE,
        observer=state.code not in members or not state.is_member,
        requested_at=moment,
        on_behalf_of=group,
    )
    replies = FloorTurn.objects.filter(
        request__item=item, request__state=state, turn=procedure.Turn.REPLY.value
    ).count()
    with in_users_language():
        procedure.check_inscription(
            rules_for_meeting(meeting), new,
            waiting=[inscription_of(r, observers) for r in _places(item)],
            replies_made=replies,
            list_closed=SpeakersList.objects.filter(item=item).exists(),
        )  # fmt: skip
    return item, new


def do_inscribe(
    *, actor: User, meeting: Meeting, item: AgendaItem, new: procedure.Inscription
) -> FloorRequest:
    """Write the place and its turn, record it. Lock: the meeting row, in the caller's
    transaction."""
    request = FloorRequest.objects.create(
        item=item, state_id=new.state, requested_by=actor, requested_at=new.requested_at
    )
    FloorTurn.objects.create(
        request=request, turn=new.turn.value, on_behalf_of=new.on_behalf_of, rank=int(new.rank)
    )
    record(
        actor=actor,
        action=events.FLOOR_REQUESTED,
        obj=request,
        audience=meeting.audience,
        payload={
            "meeting": meeting.public_id,
            "item": item.public_id,
            "state": new.state,
            "turn": new.turn.value,
            "on_behalf_of": new.on_behalf_of,
        },
    )
    return request


@transaction.atomic
def give_floor(
    *, actor: User, meeting_id: int, item_id: int, request_id: int | None = None
) -> FloorRequest:
    """The chair gives the floor: to the place named, or to the next in the order of the
    floor. Whoever held it is done."""
    meeting = dialogue_selectors.get_meeting(actor, meeting_id, for_update=True)
    _require_presiding(actor, meeting)
    item = _item(meeting, item_id)
    observers = _observers(meeting)
    waiting = [r for r in _places(item) if r.status == WAITING]
    if request_id is None:
        if not waiting:
            raise RuleViolation(_("No one is waiting for the floor on this item."))
        order = procedure.order_of_speakers(inscription_of(r, observers) for r in waiting)
        chosen = next(r for r in waiting if str(r.pk) == order[0].ref)
    else:
        found = next((r for r in waiting if r.pk == request_id), None)
        if found is None:
            raise NotFound(_("No such place waiting on this item's list of speakers."))
        chosen = found
    FloorRequest.objects.filter(item__meeting=meeting, status=HAS_FLOOR).update(
        status=FloorRequest.Status.SPOKE
    )
    chosen.status = HAS_FLOOR
    chosen.given_at = timezone.now()
    chosen.save(update_fields=["status", "given_at"])
    turn = inscription_of(chosen, observers).turn
    limit = procedure.time_limit(rules_for_meeting(meeting), turn)
    record(
        actor=actor,
        action=events.FLOOR_GIVEN,
        obj=chosen,
        audience=meeting.audience,
        payload={
            "meeting": meeting.public_id,
            "item": item.public_id,
            "state": chosen.state_id,
            "turn": turn.value,
            "limit_seconds": int(limit.total_seconds()) if limit else None,
        },
    )
    return chosen


@transaction.atomic
def close_list(*, actor: User, meeting_id: int, item_id: int) -> SpeakersList:
    """The chair closes the item's list: no new statement, points of order and replies
    still."""
    meeting = dialogue_selectors.get_meeting(actor, meeting_id, for_update=True)
    _require_presiding(actor, meeting)
    item = _item(meeting, item_id)
    if SpeakersList.objects.filter(item=item).exists():
        raise RuleViolation(_("The list of speakers on this item is already closed."))
    closed = SpeakersList.objects.create(item=item, closed_at=timezone.now(), closed_by=actor)
    record(
        actor=actor,
        action=events.FLOOR_LIST_CLOSED,
        obj=item,
        audience=meeting.audience,
        payload={"meeting": meeting.public_id, "item": item.public_id},
    )
    return closed


@transaction.atomic
def announce(*, actor: User, meeting_id: int, text: str) -> Announcement:
    """The chair's announcement to the room, live to every participant."""
    meeting = dialogue_selectors.get_meeting(actor, meeting_id, for_update=True)
    _require_presiding(actor, meeting)
    words = check_line((text or "").strip(), field="text")
    if not words or len(words) > 500:
        raise InvalidInput(_("text: an announcement holds 1 to 500 characters."), field="text")
    made = Announcement.objects.create(meeting=meeting, text=words, made_by=actor)
    record(
        actor=actor,
        action=events.SITTING_ANNOUNCED,
        obj=made,
        audience=meeting.audience,
        payload={"meeting": meeting.public_id, "text": words},
    )
    return made


# --- reads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    request: FloorRequest
    inscription: procedure.Inscription
    limit: timedelta | None


@dataclass(frozen=True)
class Console:
    """What the chair's console (and the speaker's view of it) shows."""

    meeting: Meeting
    rules: procedure.RulesOfProcedure
    items: list[AgendaItem]
    item: AgendaItem | None
    holder: Place | None
    ends_at: datetime | None  # when the holder's time runs out (None: no limit)
    queue: list[Place]
    closed: bool
    announcements: list[Announcement]
    presiding: bool


def console(user: User, meeting_id: int, item_id: int | None = None) -> Console:
    """The sitting as it stands: the current item (the one whose floor is held, else the
    one asked for, else the first), who has the floor and the queue in order."""
    meeting = dialogue_selectors.get_meeting(user, meeting_id)
    rules = rules_for_meeting(meeting)
    observers = _observers(meeting)
    items = list(meeting.agenda_items.all())
    held = (
        FloorRequest.objects.filter(item__meeting=meeting, status=HAS_FLOOR)
        .select_related("state", "turn", "item")
        .first()
    )
    item = next((i for i in items if i.pk == item_id), None) if item_id else None
    if item is None:
        item = held.item if held is not None else (items[0] if items else None)
    queue: list[Place] = []
    holder = None
    if item is not None:
        places = _places(item)
        waiting = [r for r in places if r.status == WAITING]
        by_ref = {str(r.pk): r for r in waiting}
        for ins in procedure.order_of_speakers(inscription_of(r, observers) for r in waiting):
            queue.append(Place(by_ref[ins.ref], ins, procedure.time_limit(rules, ins.turn)))
    if held is not None:
        ins = inscription_of(held, observers)
        holder = Place(held, ins, procedure.time_limit(rules, ins.turn))
    ends_at = (
        holder.request.given_at + holder.limit
        if holder is not None and holder.limit is not None and holder.request.given_at
        else None
    )
    closed = item is not None and SpeakersList.objects.filter(item=item).exists()
    return Console(
        meeting=meeting, rules=rules, items=items, item=item, holder=holder, ends_at=ends_at,
        queue=queue, closed=closed, announcements=list(meeting.announcements.all()[:5]),
        presiding=presides(user, meeting),
    )  # fmt: skip
