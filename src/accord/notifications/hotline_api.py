"""`/hotline/messages`: urgent messages between two member states, their receipts
(paths are absolute). Included by `notifications.api`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from accord.edge.fields import Code, FilledProse, StateCode
from accord.edge.pagination import MAX_SIZE, PAGE_SIZE, Page, Paged, PageQuery, listed
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import Input
from accord.members.public_ids import PublicIdPath, RowKey
from accord.notifications import hotline, selectors
from accord.notifications.models import HotlineMessage

# No tags of its own: it takes `notifications.api`'s; and the operation ids it had there, so
# the OpenAPI document is the same as before the move.
router = Router()
OPERATION = "accord_notifications_api_{}".format

# Path parameters are public ids, given to the handlers as the rows' keys (issue 11).
MessageId = Annotated[RowKey, PublicIdPath(HotlineMessage)]


class HotlineIn(Input):
    to: StateCode = Field(..., description="the other state's code")
    body: FilledProse = Field(..., max_length=5000)


class HotlineSignedIn(HotlineIn):
    signed: dict[str, Any] | None = Field(
        None,
        max_length=50,
        description="the signed accord-hotline-message/1 act over a challenge from "
        "POST /hotline/challenge; required for a sender with a root key",
    )


class ReceiptIn(Input):
    receipt: Literal["delivered", "read"]


class HotlineOut(Schema):
    id: str
    from_state: str
    to_state: str
    sent_by: str
    body: str
    sent_at: datetime
    delivered_at: datetime | None
    read_at: datetime | None

    @staticmethod
    def build(row: HotlineMessage) -> HotlineOut:
        return HotlineOut(
            id=row.public_id,
            from_state=row.from_state_id,
            to_state=row.to_state_id,
            sent_by=row.sent_by.username,
            body=row.body,
            sent_at=row.sent_at,
            delivered_at=row.delivered_at,
            read_at=row.read_at,
        )


class HotlinePage(PageQuery):
    limit: int = Field(MAX_SIZE, ge=1, le=MAX_SIZE, description=PAGE_SIZE)


@router.get("/hotline/messages", response=Paged[HotlineOut], operation_id=OPERATION("list_hotline"))
def list_hotline(
    request: HttpRequest,
    response: HttpResponse,
    page: Query[HotlinePage],
    state: Code | None = Query(None, max_length=3),  # noqa: B008 - Ninja's way
) -> Page[HotlineOut]:
    """A page of the caller's state's hotline messages, the latest first (with `state`: the
    exchange with that state); 500 unless `limit` says fewer, as before pages."""
    rows = selectors.hotline_page(_user(request), with_state=state, page=page.page())
    return listed(request, response, rows, HotlineOut.build)


@router.post(
    "/hotline/messages", response={201: HotlineOut}, operation_id=OPERATION("send_hotline")
)
def send_hotline(request: HttpRequest, payload: HotlineSignedIn) -> Status[HotlineOut]:
    """A duty officer or head sends an urgent message to another member state."""
    row = hotline.send_hotline_message(
        actor=_user(request), to_state=payload.to, body=payload.body, signed=payload.signed
    )
    return Status(201, HotlineOut.build(row))


@router.get(
    "/hotline/messages/{message_id}", response=HotlineOut, operation_id=OPERATION("read_hotline")
)
def read_hotline(request: HttpRequest, message_id: MessageId) -> HotlineOut:
    return HotlineOut.build(selectors.get_hotline_message(_user(request), message_id))


@router.post(
    "/hotline/messages/{message_id}/receipts",
    response=HotlineOut,
    operation_id=OPERATION("receipt"),
)
def receipt(request: HttpRequest, message_id: MessageId, payload: ReceiptIn) -> HotlineOut:
    """The receiving state's delivery or read receipt."""
    row = hotline.give_receipt(actor=_user(request), message_id=message_id, receipt=payload.receipt)
    return HotlineOut.build(row)
