"""Meetings through the API: the agenda, the floor, interventions, documents, the summary record."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Status

from accord.dialogue.public_refs import FloorRequestId, MeetingId
from accord.edge.fields import (
    Code,
)
from accord.edge.pagination import Page, Paged, PageQuery, listed
from accord.edge.requests import acting_user as _user

from .. import selectors, services
from ..invitations import calendar_of
from ..summary import summary_markdown
from .routing import router
from .schemas import (
    AgendaItemIn,
    AgendaItemOut,
    AgendaOut,
    FloorIn,
    FloorOut,
    InterventionIn,
    InterventionOut,
    MeetingDocumentIn,
    MeetingDocumentOut,
    MeetingIn,
    MeetingOut,
    SummaryItemOut,
    SummaryOut,
)

# --- Meetings -------------------------------------------------------------------------


@router.get("/meetings", response=Paged[MeetingOut])
def list_meetings(
    request: HttpRequest,
    response: HttpResponse,
    page: Query[PageQuery],
    kind: Code | None = Query(None, max_length=40),  # noqa: B008 - Ninja's way
) -> Page[MeetingOut]:
    """A page of the meetings the caller may see, the latest first."""
    found = selectors.list_meetings(_user(request), kind=kind, page=page.page())
    return listed(request, response, found, MeetingOut.build)


@router.post("/meetings", response={201: MeetingOut})
def convene_meeting(request: HttpRequest, data: MeetingIn) -> Status[MeetingOut]:
    fields = data.dict(exclude={"sittings"})
    meeting = services.convene_meeting(
        actor=_user(request),
        sittings=[(s.title, s.starts_at, s.ends_at) for s in data.sittings],
        **fields,
    )
    return Status(201, MeetingOut.build(meeting))


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def read_meeting(request: HttpRequest, meeting_id: MeetingId) -> MeetingOut:
    return MeetingOut.build(selectors.get_meeting(_user(request), meeting_id))


@router.get("/meetings/{meeting_id}/agenda", response=AgendaOut)
def read_agenda(request: HttpRequest, meeting_id: MeetingId) -> AgendaOut:
    user = _user(request)
    items = selectors.agenda(user, meeting_id)
    meeting = selectors.get_meeting(user, meeting_id)
    return AgendaOut(
        meeting=meeting.public_id,
        adopted=meeting.agenda_adopted,
        items=[AgendaItemOut.build(i) for i in items],
    )


@router.post("/meetings/{meeting_id}/agenda", response={201: AgendaItemOut})
def add_agenda_item(
    request: HttpRequest, meeting_id: MeetingId, data: AgendaItemIn
) -> Status[AgendaItemOut]:
    item = services.add_agenda_item(
        actor=_user(request), meeting_id=meeting_id, title=data.title, concern_id=data.concern
    )
    return Status(201, AgendaItemOut.build(item))


@router.post("/meetings/{meeting_id}/agenda/adopt", response=AgendaOut)
def adopt_agenda(request: HttpRequest, meeting_id: MeetingId) -> AgendaOut:
    meeting = services.adopt_agenda(actor=_user(request), meeting_id=meeting_id)
    return AgendaOut(
        meeting=meeting.public_id,
        adopted=True,
        items=[AgendaItemOut.build(i) for i in meeting.agenda_items.all()],
    )


@router.get("/meetings/{meeting_id}/speakers", response=Paged[FloorOut])
def list_of_speakers(
    request: HttpRequest, response: HttpResponse, meeting_id: MeetingId, page: Query[PageQuery]
) -> Page[FloorOut]:
    """A page of the list of speakers, in the order the floor was asked for."""
    found = selectors.list_of_speakers(_user(request), meeting_id, page.page())
    return listed(request, response, found, FloorOut.build)


@router.post("/meetings/{meeting_id}/speakers", response={201: FloorOut})
def request_floor(request: HttpRequest, meeting_id: MeetingId, data: FloorIn) -> Status[FloorOut]:
    floor = services.request_floor(actor=_user(request), meeting_id=meeting_id, item_id=data.item)
    return Status(201, FloorOut.build(floor))


@router.post("/meetings/{meeting_id}/speakers/{request_id}/floor", response=FloorOut)
def give_floor(request: HttpRequest, meeting_id: MeetingId, request_id: FloorRequestId) -> FloorOut:
    floor = services.give_floor(actor=_user(request), meeting_id=meeting_id, request_id=request_id)
    return FloorOut.build(floor)


@router.get("/meetings/{meeting_id}/interventions", response=Paged[InterventionOut])
def list_interventions(
    request: HttpRequest, response: HttpResponse, meeting_id: MeetingId, page: Query[PageQuery]
) -> Page[InterventionOut]:
    """A page of the meeting's interventions the caller may see, in the order delivered."""
    found = selectors.list_interventions(_user(request), meeting_id, page=page.page())
    return listed(request, response, found, InterventionOut.build)


@router.post("/meetings/{meeting_id}/interventions", response={201: InterventionOut})
def deliver_intervention(
    request: HttpRequest, meeting_id: MeetingId, data: InterventionIn
) -> Status[InterventionOut]:
    intervention = services.deliver_intervention(
        actor=_user(request),
        meeting_id=meeting_id,
        kind=data.kind,
        text=data.text,
        language=data.language,
        item_id=data.item,
        in_reply_to=data.in_reply_to,
        visibility=data.visibility,
        as_chair=data.as_chair,
    )
    return Status(201, InterventionOut.build(intervention))


@router.get("/meetings/{meeting_id}/documents", response=Paged[MeetingDocumentOut])
def list_documents(
    request: HttpRequest, response: HttpResponse, meeting_id: MeetingId, page: Query[PageQuery]
) -> Page[MeetingDocumentOut]:
    found = selectors.list_documents(_user(request), meeting_id, page=page.page())
    return listed(request, response, found, MeetingDocumentOut.build)


@router.post("/meetings/{meeting_id}/documents", response={201: MeetingDocumentOut})
def attach_document(
    request: HttpRequest, meeting_id: MeetingId, data: MeetingDocumentIn
) -> Status[MeetingDocumentOut]:
    document = services.attach_document(actor=_user(request), meeting_id=meeting_id, **data.dict())
    return Status(201, MeetingDocumentOut.build(document))


@router.get("/meetings/{meeting_id}/summary", response=SummaryOut)
def summary_record(request: HttpRequest, meeting_id: MeetingId) -> SummaryOut:
    record = selectors.summary_record(_user(request), meeting_id)
    return SummaryOut(
        meeting=MeetingOut.build(record.meeting),
        sections=[
            SummaryItemOut(
                item=AgendaItemOut.build(item) if item else None,
                interventions=[InterventionOut.build(i) for i in spoken],
            )
            for item, spoken in record.items
        ],
    )


@router.get("/meetings/{meeting_id}/summary.md")
def summary_record_markdown(request: HttpRequest, meeting_id: MeetingId) -> HttpResponse:
    record = selectors.summary_record(_user(request), meeting_id)
    return HttpResponse(summary_markdown(record), content_type="text/markdown; charset=utf-8")


@router.get("/meetings/{meeting_id}/calendar.ics")
def meeting_calendar(request: HttpRequest, meeting_id: MeetingId) -> HttpResponse:
    meeting = selectors.get_meeting(_user(request), meeting_id)
    response = HttpResponse(
        calendar_of([meeting], name=meeting.title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{meeting.public_id}.ics"'
    return response
