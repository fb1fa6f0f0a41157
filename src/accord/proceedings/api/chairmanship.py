"""Chairmanship through the API: `/chair-terms`, the hand-over, co-chairs, vice-chairs and
facilitators."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Schema, Status

from accord.dialogue.public_refs import ItemRef, public
from accord.edge.fields import FilledLine, FilledProse, Line, StateCode
from accord.edge.pagination import Page, Paged, PageQuery, listed
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import Input

from .. import chairing
from ..models import ChairOffice, Handover
from .routing import (
    DocumentRef,
    MeetingId,
    OfficeId,
    Paragraph,
    router,
)

# --- chairmanship ---------------------------------------------------------------------------


class OfficeIn(Input):
    office: Literal["co-chair", "vice-chair", "facilitator"]
    holder: FilledLine = Field(..., max_length=150)
    document: DocumentRef | None = None
    paragraph: Paragraph | Literal[""] = ""
    item: ItemRef | None = None


class OfficeOut(Schema):
    id: str
    meeting: str
    office: str
    holder: str
    state: str
    document: str | None
    paragraph: str
    item: str | None
    appointed_at: datetime
    ended_at: datetime | None

    @staticmethod
    def build(row: ChairOffice) -> OfficeOut:
        return OfficeOut(
            id=row.public_id, meeting=row.meeting.public_id, office=row.office,
            holder=row.holder.username,
            state=row.state_id, document=public(row.document), paragraph=row.paragraph,
            item=public(row.item), appointed_at=row.appointed_at, ended_at=row.ended_at,
        )  # fmt: skip


class HandoverIn(Input):
    incoming: StateCode
    note: FilledProse = Field(..., max_length=20000)
    holder: Line = Field("", max_length=150, description="the incoming head, when it has several")
    takes_effect_on: date | None = Field(None, description="default: today, at once")
    ends_on: date | None = Field(None, description="default: the outgoing term's end")


class HandoverOut(Schema):
    outgoing: str
    incoming: str
    note: str
    written_at: datetime
    holder: str | None
    starts_on: date | None
    ends_on: date | None

    @staticmethod
    def build(row: Handover) -> HandoverOut:
        term = row.term
        return HandoverOut(
            outgoing=row.outgoing_state_id, incoming=row.incoming_state_id, note=row.note,
            written_at=row.written_at, holder=term.holder.username if term else None,
            starts_on=term.starts_on if term else None, ends_on=term.ends_on if term else None,
        )  # fmt: skip


class ChairTermsOut(Schema):
    chair_state: str | None
    starts_on: date | None
    ends_on: date | None
    handovers: list[HandoverOut]


@router.get("/chair-terms", response=ChairTermsOut)
def chair_terms(request: HttpRequest) -> ChairTermsOut:
    from accord.members.models import ChairTerm

    term = ChairTerm.current()
    return ChairTermsOut(
        chair_state=term.state_id if term else None,
        starts_on=term.starts_on if term else None,
        ends_on=term.ends_on if term else None,
        handovers=[HandoverOut.build(h) for h in chairing.handovers(_user(request))],
    )  # fmt: skip


@router.post("/chair-terms/handover", response={201: HandoverOut})
def hand_over(request: HttpRequest, data: HandoverIn) -> Status[HandoverOut]:
    row = chairing.hand_over(
        actor=_user(request), incoming=data.incoming, note=data.note, holder=data.holder,
        takes_effect_on=data.takes_effect_on, ends_on=data.ends_on,
    )  # fmt: skip
    return Status(201, HandoverOut.build(row))


@router.get("/meetings/{meeting_id}/offices", response=Paged[OfficeOut])
def list_offices(
    request: HttpRequest, response: HttpResponse, meeting_id: MeetingId, page: Query[PageQuery]
) -> Page[OfficeOut]:
    """A page of the offices at the meeting, the first appointed first."""
    found = chairing.offices_page(_user(request), meeting_id, page.page())
    return listed(request, response, found, OfficeOut.build)


@router.post("/meetings/{meeting_id}/offices", response={201: OfficeOut})
def appoint(request: HttpRequest, meeting_id: MeetingId, data: OfficeIn) -> Status[OfficeOut]:
    row = chairing.appoint(
        actor=_user(request), meeting_id=meeting_id, office=data.office, holder=data.holder,
        document_id=data.document, paragraph=data.paragraph, item_id=data.item,
    )  # fmt: skip
    return Status(201, OfficeOut.build(row))


@router.post("/chair-terms/offices/{office_id}/end", response=OfficeOut)
def end_office(request: HttpRequest, office_id: OfficeId) -> OfficeOut:
    return OfficeOut.build(chairing.end_office(actor=_user(request), office_id=office_id))
