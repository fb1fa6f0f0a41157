"""The chair convenes, in one step, a meeting on an unanswered request for explanation.

The meeting and its agenda are the dialogue app's (`accord.dialogue.services`); this module
only joins the two steps into one transaction, with the request as the first agenda item,
and records on the request which meeting took it up.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from accord.domain import published
from accord.domain.errors import NotPermitted, RuleViolation
from accord.domain.visibility import Visibility
from accord.ledger.services import record
from accord.members.models import State, User
from accord.notifications import selectors
from accord.notifications.models import Notification


@transaction.atomic
def convene_meeting_on_request(
    *,
    actor: User,
    notification_id: int,
    starts_at: datetime,
    ends_at: datetime,
    venue: str = "",
    online_url: str = "",
) -> int:
    """Convene a working-group meeting of the request's states with the request on its
    agenda; returns the meeting's id. Only the chair, only once the requesting state asked.

    A restricted request makes a restricted meeting of the same states (the chair's state
    joined them when the meeting was asked for); a members-level one, a members' meeting.
    """
    from accord.dialogue import services as dialogue

    request = selectors.get_notification(actor, notification_id)
    if not actor.is_chair:
        raise NotPermitted("only the chair convenes a meeting on a request for explanation")
    request = Notification.objects.select_for_update().get(pk=request.pk)
    if request.meeting_requested_at is None:
        raise RuleViolation(f"no meeting was asked for on request {request.public_id}")
    if request.meeting_reference:
        raise RuleViolation(
            f"meeting {request.meeting_reference} was already convened on request "
            f"{request.public_id}"
        )
    members = set(State.objects.filter(status=State.Status.MEMBER).values_list("code", flat=True))
    restricted = request.visibility == Visibility.RESTRICTED.value
    participants = sorted((request.audience.states if restricted else members) & members)
    meeting = dialogue.convene_meeting(
        actor=actor,
        title=f"Request for explanation: {request.subject}"[:200],
        kind="working_group",
        starts_at=starts_at,
        ends_at=ends_at,
        participants=participants,
        venue=venue,
        online_url=online_url,
        visibility=request.visibility,
    )
    dialogue.add_agenda_item(
        actor=actor,
        meeting_id=meeting.pk,
        title=f"{request.subject} (notification {request.public_id}, {request.sender_state_id})"[
            :200
        ],
    )
    request.meeting_reference = meeting.public_id
    request.save(update_fields=["meeting_reference"])
    record(
        actor=actor,
        obj=request,
        event=published.NotificationMeetingConvened(
            audience=request.audience, notification=request.public_id, meeting=meeting.public_id
        ),
    )
    return meeting.pk
