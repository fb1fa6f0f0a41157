"""Interventions delivered at a meeting and the documents attached to it."""

from __future__ import annotations

from django.db import transaction

from accord.domain.dialogue import (
    reaches_no_further,
)
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.models import User

from .. import selectors
from ..models import (
    FloorRequest,
    Intervention,
    MeetingDocument,
)
from .checks import LANGUAGES, _audience_fields, _own_state, _states_at, _text, _visibility
from .floor import _item_of
from .meetings import MEETING_VISIBILITIES


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
