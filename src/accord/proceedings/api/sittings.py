"""The floor through the API: the list of speakers, points of order, the chair's console
acts and announcements."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Schema, Status

from accord.dialogue.public_refs import ItemRef, public
from accord.edge.fields import FilledLine, Prose
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import Input
from accord.members.models import User

from .. import floor
from .routing import (
    FloorRequestRef,
    MeetingId,
    router,
)

# --- the floor ------------------------------------------------------------------------------


class PlaceOut(Schema):
    id: str
    state: str
    turn: str
    on_behalf_of: str
    rank: str
    observer: bool
    status: str
    requested_at: datetime
    given_at: datetime | None
    limit_seconds: int | None

    @staticmethod
    def build(place: floor.Place) -> PlaceOut:
        ins = place.inscription
        return PlaceOut(
            id=place.request.public_id,
            state=ins.state,
            turn=ins.turn.value,
            on_behalf_of=ins.on_behalf_of,
            rank="head" if ins.rank == 0 else "delegate",
            observer=ins.observer,
            status=place.request.status,
            requested_at=place.request.requested_at,
            given_at=place.request.given_at,
            limit_seconds=int(place.limit.total_seconds()) if place.limit else None,
        )


class FloorStateOut(Schema):
    meeting: str
    item: str | None
    list_closed: bool
    holder: PlaceOut | None
    ends_at: datetime | None
    queue: list[PlaceOut]
    series_rules: dict[str, Any]


class InscriptionIn(Input):
    item: ItemRef
    turn: Literal["statement", "point-of-order", "reply"] = "statement"
    on_behalf_of: Prose = Field("", max_length=200)


class ItemIn(Input):
    item: ItemRef


class GiveIn(Input):
    item: ItemRef
    request: FloorRequestRef | None = None


class AnnouncementIn(Input):
    text: FilledLine = Field(..., max_length=500)


class AnnouncementOut(Schema):
    id: str
    text: str
    made_at: datetime


def _floor_state(user: User, meeting_id: int, item: int | None) -> FloorStateOut:
    view = floor.console(user, meeting_id, item)
    return FloorStateOut(
        meeting=view.meeting.public_id,
        item=public(view.item),
        list_closed=view.closed,
        holder=PlaceOut.build(view.holder) if view.holder else None,
        ends_at=view.ends_at,
        queue=[PlaceOut.build(p) for p in view.queue],
        series_rules=view.rules.to_dict(),
    )


@router.get("/meetings/{meeting_id}/floor", response=FloorStateOut)
def floor_state(
    request: HttpRequest, meeting_id: MeetingId, item: Query[ItemRef | None] = None
) -> FloorStateOut:
    """The list of speakers of the current (or the named) item in the order of the floor,
    with each place's time limit, and who has the floor until when."""
    return _floor_state(_user(request), meeting_id, item)


@router.post("/meetings/{meeting_id}/floor/inscriptions", response={201: FloorStateOut})
def inscribe(
    request: HttpRequest, meeting_id: MeetingId, data: InscriptionIn
) -> Status[FloorStateOut]:
    user = _user(request)
    floor.inscribe(
        actor=user, meeting_id=meeting_id, item_id=data.item, turn=data.turn,
        on_behalf_of=data.on_behalf_of,
    )  # fmt: skip
    return Status(201, _floor_state(user, meeting_id, data.item))


@router.post("/meetings/{meeting_id}/points-of-order", response={201: FloorStateOut})
def point_of_order(
    request: HttpRequest, meeting_id: MeetingId, data: ItemIn
) -> Status[FloorStateOut]:
    user = _user(request)
    floor.inscribe(actor=user, meeting_id=meeting_id, item_id=data.item, turn="point-of-order")
    return Status(201, _floor_state(user, meeting_id, data.item))


@router.post("/meetings/{meeting_id}/floor/give", response=FloorStateOut)
def give_floor(request: HttpRequest, meeting_id: MeetingId, data: GiveIn) -> FloorStateOut:
    user = _user(request)
    floor.give_floor(actor=user, meeting_id=meeting_id, item_id=data.item, request_id=data.request)
    return _floor_state(user, meeting_id, data.item)


@router.post("/meetings/{meeting_id}/floor/close", response=FloorStateOut)
def close_list(request: HttpRequest, meeting_id: MeetingId, data: ItemIn) -> FloorStateOut:
    user = _user(request)
    floor.close_list(actor=user, meeting_id=meeting_id, item_id=data.item)
    return _floor_state(user, meeting_id, data.item)


@router.post("/meetings/{meeting_id}/announcements", response={201: AnnouncementOut})
def announce(
    request: HttpRequest, meeting_id: MeetingId, data: AnnouncementIn
) -> Status[AnnouncementOut]:
    made = floor.announce(actor=_user(request), meeting_id=meeting_id, text=data.text)
    return Status(201, AnnouncementOut(id=made.public_id, text=made.text, made_at=made.made_at))
