"""Interventions delivered at a meeting and the documents attached to it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accord.domain import published, search
from accord.domain.dialogue import (
    reaches_no_further,
)
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.models import State, User

from .. import selectors
from ..models import (
    AgendaItem,
    FloorRequest,
    Intervention,
    Meeting,
    MeetingDocument,
)
from .checks import LANGUAGES, _own_state, _states_at, _text, _visibility
from .floor import _item_of
from .meetings import MEETING_VISIBILITIES


@dataclass(frozen=True)
class CheckedIntervention:
    """What `check_intervention` found admissible: who speaks, on what, to whom."""

    meeting: Meeting
    kind: str
    text: str
    language: str
    state: State | None
    as_chair: bool
    target: Intervention | None
    item: AgendaItem | None
    floor: FloorRequest | None
    audience: Audience


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
    checked = check_intervention(
        actor=actor,
        meeting=meeting,
        kind=kind,
        text=text,
        language=language,
        item_id=item_id,
        in_reply_to=in_reply_to,
        visibility=visibility,
        as_chair=as_chair,
    )
    return do_deliver_intervention(actor=actor, checked=checked)


def check_intervention(
    *,
    actor: User,
    meeting: Meeting,
    kind: str,
    text: str,
    language: str,
    item_id: int | None,
    in_reply_to: int | None,
    visibility: str | None,
    as_chair: bool,
) -> CheckedIntervention:
    """Every refusal of `deliver_intervention`, in its order; writes nothing.

    Precondition: the meeting row is locked (`get_meeting(..., for_update=True)`), so that the
    repeat check and the floor cannot change under it.
    """
    if kind not in Intervention.Kind.values:
        raise InvalidInput(f"kind: one of {', '.join(Intervention.Kind.values)}")
    if language not in LANGUAGES:
        raise InvalidInput(f"language: one of {', '.join(LANGUAGES)}")
    text = _text(text, "text", limit=50000, multiline=True)
    target = _reply_target(actor, meeting, kind, in_reply_to)
    state = _speaker_state(actor, meeting, kind, as_chair)
    if target is not None and state is not None and target.state_id == state.code:
        raise RuleViolation("a right of reply answers another delegation")
    item = _item_of(meeting, item_id) if item_id is not None else None
    floor = _floor_held(meeting, item, state, as_chair)
    audience = _intervention_audience(meeting, target, visibility)
    # The meeting row is locked: the same words sent twice (a form resubmitted) stand once.
    said = meeting.interventions.filter(
        item=item, kind=kind, state=state, in_reply_to=target, text=text, as_chair=as_chair
    )
    if (said if state is not None else said.filter(speaker=actor)).exists():
        raise RuleViolation("This intervention has already been delivered at this meeting.")
    return CheckedIntervention(
        meeting, kind, text, language, state, as_chair, target, item, floor, audience
    )


def _reply_target(
    actor: User, meeting: Meeting, kind: str, in_reply_to: int | None
) -> Intervention | None:
    """The intervention a right of reply answers, among those the actor may see."""
    target = None
    if kind == Intervention.Kind.REPLY:
        if in_reply_to is None:
            raise InvalidInput("in_reply_to: a right of reply names the intervention it answers")
        target = selectors.interventions(actor).filter(pk=in_reply_to, meeting=meeting).first()
        if target is None:
            raise NotFound("no such intervention at this meeting")
    elif in_reply_to is not None:
        raise InvalidInput("in_reply_to: only a right of reply answers an intervention")
    return target


def _speaker_state(actor: User, meeting: Meeting, kind: str, as_chair: bool) -> State | None:
    """The state in whose name the actor speaks (none for the secretariat's briefings)."""
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
    return state


def _floor_held(
    meeting: Meeting, item: AgendaItem | None, state: State | None, as_chair: bool
) -> FloorRequest | None:
    """At a meeting with an agenda: the floor the delegation holds on the item (locked)."""
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
    return floor


def _intervention_audience(
    meeting: Meeting, target: Intervention | None, visibility: str | None
) -> Audience:
    """Who may read it: no further than its meeting, nor than what it answers."""
    outer = target.audience if target is not None else meeting.audience
    if visibility is None:
        return outer
    level = _visibility(visibility, MEETING_VISIBILITIES)
    audience = Audience(
        level,
        states=frozenset(_states_at(meeting)) if level is Visibility.RESTRICTED else frozenset(),
    )
    if not (reaches_no_further(audience, meeting.audience) and reaches_no_further(audience, outer)):
        raise InvalidInput(
            "visibility: an intervention reaches no further than its meeting "
            "or the intervention it answers"
        )
    return audience


def do_deliver_intervention(*, actor: User, checked: CheckedIntervention) -> Intervention:
    """Write the intervention, use up the floor, record it.

    Lock: the meeting row (and the floor request, both taken by `check_intervention`), inside
    the caller's transaction.
    """
    c = checked
    intervention = Intervention.objects.create(
        meeting=c.meeting,
        item=c.item,
        kind=c.kind,
        state=c.state,
        speaker=actor,
        as_chair=c.as_chair,
        in_reply_to=c.target,
        language=c.language,
        text=c.text,
        search_terms=search.index_terms(c.text),
        **Intervention.audience_fields(c.audience),
    )
    if c.floor is not None:
        c.floor.status = FloorRequest.Status.SPOKE
        c.floor.save(update_fields=["status"])
    state_code = c.state.code if c.state else None
    record(
        actor=actor,
        obj=intervention,
        event=published.InterventionDelivered(
            audience=intervention.audience,
            meeting=c.meeting.public_id,
            item=c.item.public_id if c.item else None,
            kind=c.kind,
            state=state_code,
            as_chair=c.as_chair,
            in_reply_to=c.target.public_id if c.target else None,
            language=c.language,
            text=c.text,
        ),
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
        **MeetingDocument.audience_fields(audience),
    )
    record(
        actor=actor,
        obj=document,
        event=published.DocumentAttached(
            audience=document.audience,
            meeting=meeting.public_id,
            title=title,
            language=language,
        ),
    )
    return document
