"""`/notification-types`, `/notifications` and `/duty` (paths are absolute); the hotline's
routes are in `hotline_api`, included here."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from accord.dialogue.models import Meeting
from accord.domain.errors import InvalidInput
from accord.edge.fields import (
    HTTPS_OR_NOTHING,
    Code,
    Datum,
    Key,
    Line,
    Offset,
    StateCode,
)
from accord.edge.pagination import MAX_SIZE, PAGE_SIZE, Page, Paged, PageQuery, listed, whole
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import Input
from accord.members.public_ids import PublicIdPath, RowKey, public_id_of
from accord.notifications import exports, meetings, selectors, services
from accord.notifications.hotline_api import HotlineOut
from accord.notifications.models import Notification, NotificationType

router = Router(tags=["notifications"])

# Path parameters are public ids, given to the handlers as the rows' keys (issue 11).
NotificationId = Annotated[RowKey, PublicIdPath(Notification)]


class NotificationTypeOut(Schema):
    key: str
    version: int
    title: str
    description: str
    ack_hours: int
    reply_hours: int | None
    is_reply: bool
    schema_: dict[str, Any] = Field(..., alias="schema")

    @staticmethod
    def build(row: NotificationType) -> dict[str, Any]:
        # A dict, not an instance: an instance's `schema` attribute is pydantic's method.
        return {
            "key": row.key,
            "version": row.version,
            "title": row.title,
            "description": row.description,
            "ack_hours": row.ack_hours,
            "reply_hours": row.reply_hours,
            "is_reply": row.is_reply,
            "schema": row.schema,
        }


class NotificationIn(Input):
    type: Code = Field(..., max_length=50, description="a notification type key")
    content: dict[Key, Datum] = Field(
        ..., max_length=100, description="the fields of the type's schema"
    )
    recipients: list[StateCode] | None = Field(
        None,
        max_length=100,
        description="state codes (restricted to them); null sends to all members",
    )


class ReplyIn(Input):
    content: dict[Key, Datum] = Field(..., max_length=100)


class NotificationOut(Schema):
    id: str
    type: str
    type_version: int
    type_title: str
    sender: str
    recipients: list[str] | None
    visibility: str
    subject: str
    content: dict[str, Any]
    sent_at: datetime
    ack_due_at: datetime
    reply_due_at: datetime | None
    in_reply_to: str | None

    @staticmethod
    def build(row: Notification) -> NotificationOut:
        return NotificationOut(**exports.as_record(row))


class BoardRowOut(Schema):
    state: str
    status: str
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    ack_overdue: bool
    replied_at: datetime | None
    reply_id: str | None
    reply_overdue: bool


class AcknowledgementOut(Schema):
    notification: str
    state: str
    acknowledged_at: datetime


class MeetingRequestOut(Schema):
    notification: str
    meeting_requested_at: datetime


class ConveneIn(Input):
    starts_at: datetime
    ends_at: datetime
    venue: Line = Field("", max_length=200)
    online_url: str = Field("", max_length=400, pattern=HTTPS_OR_NOTHING)


class ConvenedOut(Schema):
    notification: str
    meeting: str


class SignedActIn(Input):
    signed: dict[str, Any] | None = Field(
        None,
        max_length=50,
        description="the signed act over a challenge (issue 12); required for a state "
        "with a root key",
    )


class DutyOut(Schema):
    to_acknowledge: list[NotificationOut]
    replies_due: list[NotificationOut]
    unanswered_requests: list[NotificationOut]
    hotline_unread: list[HotlineOut]


@router.get("/notification-types", response=Paged[NotificationTypeOut], by_alias=True)
def list_types(request: HttpRequest) -> Page[dict[str, Any]]:
    """The current version of every notification type, with its schema: a fixed set, on
    one page."""
    return whole(NotificationTypeOut.build(row) for row in selectors.notification_types())


@router.get("/notification-types/{key}", response=NotificationTypeOut, by_alias=True)
def read_type(
    request: HttpRequest,
    key: Annotated[Code, Path(max_length=50)],
    version: int | None = Query(None, ge=1, le=10_000),
) -> dict[str, Any]:
    return NotificationTypeOut.build(selectors.get_notification_type(key=key, version=version))


class NotificationPage(PageQuery):
    limit: int = Field(100, ge=1, le=MAX_SIZE, description=PAGE_SIZE)


@router.get("/notifications", response=Paged[NotificationOut])
def list_notifications(
    request: HttpRequest,
    response: HttpResponse,
    page: Query[NotificationPage],
    q: Line | None = Query(None, max_length=200),  # noqa: B008 - Ninja's way
    type: Code | None = Query(None, max_length=50),  # noqa: B008
    awaiting: bool = False,
    offset: Offset = 0,
) -> Page[NotificationOut]:
    """A page of what the caller may see, the latest first; `q` searches subjects,
    `awaiting` keeps what the caller's state has still to acknowledge. `limit` is at most
    500 (100 unless given); the next page is at the `Link` header's address (`?cursor=`)."""
    if offset:
        # Pages follow the cursor, never an offset: say so rather than answer page one again.
        raise InvalidInput(
            _("offset: follow the Link header (?cursor=) to the next page"), field="offset"
        )
    rows = selectors.notifications_page(
        _user(request), q=q, type_key=type, awaiting=awaiting, page=page.page()
    )
    return listed(request, response, rows, NotificationOut.build)


@router.post("/notifications", response={201: NotificationOut})
def send(request: HttpRequest, payload: NotificationIn) -> Status[NotificationOut]:
    """Send a notification (a member state's delegation)."""
    row = services.send_notification(
        actor=_user(request),
        type_key=payload.type,
        content=payload.content,
        recipients=payload.recipients,
    )
    return Status(201, NotificationOut.build(row))


@router.get("/notifications/export")
def export(request: HttpRequest, format: Literal["json", "ics"] = "json") -> HttpResponse:
    """Every notification the caller may see, as JSON or as iCalendar (announced periods)."""
    rows = selectors.list_notifications(_user(request))
    if format == "ics":
        response = HttpResponse(
            exports.as_icalendar(rows, host=request.get_host().split(":")[0]),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="notifications.ics"'
        return response
    return JsonResponse({"notifications": exports.as_json(rows)})


@router.get("/notifications/{notification_id}", response=NotificationOut)
def read(request: HttpRequest, notification_id: NotificationId) -> NotificationOut:
    return NotificationOut.build(selectors.get_notification(_user(request), notification_id))


@router.get("/notifications/{notification_id}/acknowledgements", response=Paged[BoardRowOut])
def read_board(request: HttpRequest, notification_id: NotificationId) -> Page[BoardRowOut]:
    """The board: who acknowledged, who is overdue, who replied (sender and secretariat);
    one row per recipient state, on one page."""
    rows = selectors.board(_user(request), notification_id, now=timezone.now())
    return whole(BoardRowOut(status=row.status, **row.__dict__) for row in rows)


@router.post(
    "/notifications/{notification_id}/acknowledgements", response={201: AcknowledgementOut}
)
def acknowledge(
    request: HttpRequest, notification_id: NotificationId, payload: SignedActIn | None = None
) -> Status[AcknowledgementOut]:
    """Acknowledge receipt for the caller's state (a recipient, once); a state under its
    roster sends the signed accord-acknowledgement/1 act over a challenge from
    `POST /notifications/{id}/acknowledgements/challenge`."""
    delivery = services.acknowledge(
        actor=_user(request),
        notification_id=notification_id,
        signed=None if payload is None else payload.signed,
    )
    assert delivery.acknowledged_at is not None
    return Status(
        201,
        AcknowledgementOut(
            notification=delivery.notification.public_id,
            state=delivery.state_id,
            acknowledged_at=delivery.acknowledged_at,
        ),
    )


@router.get("/notifications/{notification_id}/replies", response=Paged[NotificationOut])
def list_replies(
    request: HttpRequest,
    response: HttpResponse,
    notification_id: NotificationId,
    page: Query[PageQuery],
) -> Page[NotificationOut]:
    user = _user(request)
    notification = selectors.get_notification(user, notification_id)
    rows = selectors.replies_page(user, notification, page=page.page())
    return listed(request, response, rows, NotificationOut.build)


@router.post("/notifications/{notification_id}/replies", response={201: NotificationOut})
def reply(
    request: HttpRequest, notification_id: NotificationId, payload: ReplyIn
) -> Status[NotificationOut]:
    """A recipient state replies to a request for explanation."""
    row = services.reply(
        actor=_user(request), notification_id=notification_id, content=payload.content
    )
    return Status(201, NotificationOut.build(row))


@router.post("/notifications/{notification_id}/meeting-request", response={201: MeetingRequestOut})
def request_meeting(
    request: HttpRequest, notification_id: NotificationId
) -> Status[MeetingRequestOut]:
    """The requesting state asks the chair to convene a meeting on an unanswered request."""
    row = services.request_meeting(actor=_user(request), notification_id=notification_id)
    assert row.meeting_requested_at is not None
    return Status(
        201,
        MeetingRequestOut(
            notification=row.public_id, meeting_requested_at=row.meeting_requested_at
        ),
    )


@router.post("/notifications/{notification_id}/meeting", response={201: ConvenedOut})
def convene(
    request: HttpRequest, notification_id: NotificationId, payload: ConveneIn
) -> Status[ConvenedOut]:
    """The chair convenes, in one step, a meeting with the request on its agenda."""
    meeting_id = meetings.convene_meeting_on_request(
        actor=_user(request),
        notification_id=notification_id,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        venue=payload.venue,
        online_url=payload.online_url,
    )
    return Status(
        201,
        ConvenedOut(
            notification=notification_id.public_id,
            meeting=str(public_id_of(Meeting, meeting_id)),
        ),
    )


@router.get("/duty", response=DutyOut)
def duty(request: HttpRequest) -> DutyOut:
    """Everything awaiting the caller's state: the duty officer view as JSON."""
    waiting = selectors.awaiting_state(_user(request))
    return DutyOut(
        to_acknowledge=[NotificationOut.build(n) for n in waiting.to_acknowledge],
        replies_due=[NotificationOut.build(n) for n in waiting.replies_due],
        unanswered_requests=[NotificationOut.build(n) for n in waiting.unanswered_requests],
        hotline_unread=[HotlineOut.build(m) for m in waiting.hotline_unread],
    )


# Issue 12's challenges and the hotline live in their own modules.
from accord.notifications import hotline_api, signed_acts_api  # noqa: E402

router.add_router("", hotline_api.router)
router.add_router("", signed_acts_api.router)
