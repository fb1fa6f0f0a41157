"""`POST /notifications/{id}/acknowledgements/challenge` and `POST /hotline/challenge`: the
server-signed challenges an acknowledgement or a hotline message of a state under its roster
is signed over (issue 12). Included by `notifications.api`."""

from __future__ import annotations

from typing import Annotated

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Status

from accord.edge.fields import StateCode
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import ChallengeOut, Input
from accord.members.public_ids import PublicIdPath, RowKey
from accord.notifications import selectors, signed_acts
from accord.notifications.models import Notification

router = Router(tags=["notifications"])
NotificationId = Annotated[RowKey, PublicIdPath(Notification)]


class HotlineChallengeIn(Input):
    to: StateCode = Field(..., description="the state the message will go to")


@router.post(
    "/notifications/{notification_id}/acknowledgements/challenge", response={201: ChallengeOut}
)
def acknowledgement_challenge(
    request: HttpRequest, notification_id: NotificationId
) -> Status[ChallengeOut]:
    """A single-use challenge (10 minutes) for the acknowledgement of this notification by
    the caller's state, under its roster."""
    actor = _user(request)
    with transaction.atomic():
        notification = selectors.get_notification(actor, notification_id)
        issued = signed_acts.issue_acknowledgement_challenge(actor=actor, notification=notification)
    return Status(201, ChallengeOut(**issued.signed))


@router.post("/hotline/challenge", response={201: ChallengeOut})
def hotline_challenge(request: HttpRequest, payload: HotlineChallengeIn) -> Status[ChallengeOut]:
    """A single-use challenge (10 minutes) for one hotline message to `to`, by a sender
    under its roster."""
    with transaction.atomic():
        issued = signed_acts.issue_hotline_challenge(actor=_user(request), to_state=payload.to)
    return Status(201, ChallengeOut(**issued.signed))
