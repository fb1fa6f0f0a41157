"""The floor: asking for it and giving it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accord.domain import published
from accord.domain.errors import NotFound, NotPermitted, RuleViolation
from accord.ledger.services import record
from accord.members.models import User

from .. import selectors
from ..models import (
    AgendaItem,
    FloorRequest,
    Meeting,
)
from .checks import _own_state, _states_at

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
        obj=request,
        event=published.FloorRequested(
            audience=meeting.audience,
            meeting=meeting.public_id,
            item=item.public_id,
            state=state.code,
        ),
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
        obj=request,
        event=published.FloorGiven(
            audience=meeting.audience,
            meeting=meeting.public_id,
            item=request.item.public_id,
            state=request.state_id,
        ),
    )
    return request
