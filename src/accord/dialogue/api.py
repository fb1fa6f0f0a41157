"""`/concerns`, `/meetings`, `/bilaterals`, `/search` and `/calendar`: the dialogue's API.

Handlers parse, call one service or selector, and shape the answer. Everything that is
hidden from the caller answers 404 exactly as if it did not exist (the selectors see to
it); errors are mapped to statuses in one place, `accord.site.api`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from accord.edge.fields import (
    HTTPS_OR_NOTHING,
    Code,
    FilledLine,
    FilledProse,
    Id,
    Line,
    Prose,
    StateCode,
)
from accord.edge.schemas import Input
from accord.members.models import User

from . import selectors, services
from .invitations import calendar_of
from .models import AgendaItem, Bilateral, Concern, FloorRequest, Intervention, Meeting
from .models import MeetingDocument as Document
from .summary import summary_markdown

router = Router(tags=["dialogue"])


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


# --- Schemas --------------------------------------------------------------------------


# The choices as literals, not the models' enums: two enums named `Kind` would be one
# schema in the OpenAPI document (tests/api/test_input_bounds.py keeps these in step).
Language = Literal["en", "zh-hans", "ru"]
VisibilityName = Literal["public", "participants", "members", "restricted", "delegation"]
Category = Literal[
    "terrorism",
    "non_proliferation",
    "arms_control",
    "maritime",
    "cyber",
    "biosafety",
    "humanitarian",
    "crime",
    "climate",
    "health",
    "borders",
    "other",
]
ConcernStatusName = Literal[
    "raised",
    "on_agenda",
    "under_dialogue",
    "outcome_adopted",
    "chairs_statement",
    "no_consensus",
    "follow_up",
    "closed",
]
MeetingKind = Literal[
    "ministerial", "senior_officials", "working_group", "summit", "bilateral", "consultation"
]
InterventionKind = Literal["statement", "briefing", "question", "reply"]


# A concern is never one delegation's note.
ConcernVisibility = Literal["public", "participants", "members", "restricted"]


class ConcernIn(Input):
    title: FilledLine = Field(..., max_length=200)
    summary: FilledProse = Field(..., max_length=20000)
    category: Category
    affected_states: list[StateCode] = Field(default_factory=list, max_length=100)
    visibility: ConcernVisibility = "members"
    restricted_to: list[StateCode] = Field(
        default_factory=list, max_length=100, description="states of a restricted concern"
    )


class ConcernOut(Schema):
    id: int
    title: str
    summary: str
    category: str
    status: str
    visibility: str
    raised_by_state: str
    raised_at: datetime
    status_changed_at: datetime
    co_sponsors: list[str]
    affected_states: list[str]

    @staticmethod
    def build(concern: Concern) -> ConcernOut:
        return ConcernOut(
            id=concern.pk,
            title=concern.title,
            summary=concern.summary,
            category=concern.category,
            status=concern.status,
            visibility=concern.visibility,
            raised_by_state=concern.raised_by_state_id,
            raised_at=concern.raised_at,
            status_changed_at=concern.status_changed_at,
            co_sponsors=sorted(s.code for s in concern.co_sponsors.all()),
            affected_states=sorted(s.code for s in concern.affected_states.all()),
        )


class StatusIn(Input):
    to: ConcernStatusName
    note: Prose = Field("", max_length=2000)


class SittingIn(Input):
    title: FilledLine = Field(..., max_length=200)
    starts_at: datetime
    ends_at: datetime


class SittingOut(Schema):
    title: str
    starts_at: datetime
    ends_at: datetime


class MeetingIn(Input):
    title: FilledLine = Field(..., max_length=200)
    kind: MeetingKind
    starts_at: datetime
    ends_at: datetime
    time_zone: Line = Field("UTC", max_length=64)
    venue: Line = Field("", max_length=200)
    online_url: str = Field("", max_length=200, pattern=HTTPS_OR_NOTHING)
    participants: list[StateCode] = Field(..., max_length=100)
    observers: list[StateCode] = Field(default_factory=list, max_length=100)
    visibility: VisibilityName = "participants"
    sittings: list[SittingIn] = Field(default_factory=list, max_length=50)


class MeetingOut(Schema):
    id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    venue: str
    online_url: str
    visibility: str
    participants: list[str]
    observers: list[str]
    sittings: list[SittingOut]
    agenda_adopted: bool
    sidelines_of: int | None

    @staticmethod
    def build(meeting: Meeting) -> MeetingOut:
        return MeetingOut(
            id=meeting.pk,
            title=meeting.title,
            kind=meeting.kind,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            time_zone=meeting.time_zone,
            venue=meeting.venue,
            online_url=meeting.online_url,
            visibility=meeting.visibility,
            participants=sorted(s.code for s in meeting.participants.all()),
            observers=sorted(s.code for s in meeting.observers.all()),
            sittings=[
                SittingOut(title=s.title, starts_at=s.starts_at, ends_at=s.ends_at)
                for s in meeting.sittings.all()
            ],
            agenda_adopted=meeting.agenda_adopted,
            sidelines_of=meeting.sidelines_of_id,
        )


class AgendaItemIn(Input):
    title: Line = Field("", max_length=200)
    concern: Id | None = None


class AgendaItemOut(Schema):
    id: int
    number: int
    title: str
    concern: int | None

    @staticmethod
    def build(item: AgendaItem) -> AgendaItemOut:
        return AgendaItemOut(
            id=item.pk, number=item.number, title=item.title, concern=item.concern_id
        )


class AgendaOut(Schema):
    meeting: int
    adopted: bool
    items: list[AgendaItemOut]


class FloorIn(Input):
    item: Id


class FloorOut(Schema):
    id: int
    item: int
    state: str
    status: str
    requested_at: datetime
    given_at: datetime | None

    @staticmethod
    def build(request: FloorRequest) -> FloorOut:
        return FloorOut(
            id=request.pk,
            item=request.item_id,
            state=request.state_id,
            status=request.status,
            requested_at=request.requested_at,
            given_at=request.given_at,
        )


class InterventionIn(Input):
    kind: InterventionKind
    text: FilledProse = Field(..., max_length=50000)
    language: Language
    item: Id | None = None
    in_reply_to: Id | None = None
    visibility: VisibilityName | None = None
    as_chair: bool = False


class InterventionOut(Schema):
    id: int
    meeting: int
    item: int | None
    kind: str
    state: str | None
    as_chair: bool
    in_reply_to: int | None
    language: str
    text: str
    visibility: str
    delivered_at: datetime

    @staticmethod
    def build(intervention: Intervention) -> InterventionOut:
        return InterventionOut(
            id=intervention.pk,
            meeting=intervention.meeting_id,
            item=intervention.item_id,
            kind=intervention.kind,
            state=intervention.state_id,
            as_chair=intervention.as_chair,
            in_reply_to=intervention.in_reply_to_id,
            language=intervention.language,
            text=intervention.text,
            visibility=intervention.visibility,
            delivered_at=intervention.delivered_at,
        )


class MeetingDocumentIn(Input):
    title: FilledLine = Field(..., max_length=200)
    language: Language
    body: Prose = Field("", max_length=200000)
    url: str = Field("", max_length=200, pattern=HTTPS_OR_NOTHING)
    visibility: VisibilityName | None = None


class MeetingDocumentOut(Schema):
    id: int
    meeting: int
    title: str
    language: str
    body: str
    url: str
    visibility: str
    attached_at: datetime

    @staticmethod
    def build(document: Document) -> MeetingDocumentOut:
        return MeetingDocumentOut(
            id=document.pk,
            meeting=document.meeting_id,
            title=document.title,
            language=document.language,
            body=document.body,
            url=document.url,
            visibility=document.visibility,
            attached_at=document.attached_at,
        )


class SummaryItemOut(Schema):
    item: AgendaItemOut | None
    interventions: list[InterventionOut]


class SummaryOut(Schema):
    meeting: MeetingOut
    sections: list[SummaryItemOut]


class SlotIn(Input):
    starts_at: datetime
    ends_at: datetime


class SlotOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    chosen: bool


class BilateralIn(Input):
    meeting: Id
    counterpart: StateCode
    subject: FilledLine = Field(..., max_length=200)
    slots: list[SlotIn] = Field(..., max_length=20)


class BilateralOut(Schema):
    id: int
    meeting: int
    requester: str
    counterpart: str
    subject: str
    status: str
    slots: list[SlotOut]
    session: int | None
    decline_reason: str
    requested_at: datetime

    @staticmethod
    def build(bilateral: Bilateral) -> BilateralOut:
        return BilateralOut(
            id=bilateral.pk,
            meeting=bilateral.meeting_id,
            requester=bilateral.requester_id,
            counterpart=bilateral.counterpart_id,
            subject=bilateral.subject,
            status=bilateral.status,
            slots=[
                SlotOut(id=s.pk, starts_at=s.starts_at, ends_at=s.ends_at, chosen=s.chosen)
                for s in bilateral.slots.all()
            ],
            session=bilateral.session_id,
            decline_reason=bilateral.decline_reason,
            requested_at=bilateral.requested_at,
        )


class AcceptIn(Input):
    slot: Id


class DeclineIn(Input):
    reason: Prose = Field("", max_length=500)


class SearchOut(Schema):
    # The query is not echoed back, so that an answer holds only what was found.
    concerns: list[ConcernOut]
    interventions: list[InterventionOut]


class CalendarFeedOut(Schema):
    url: str


# --- Concerns -------------------------------------------------------------------------


@router.get("/concerns", response=list[ConcernOut])
def list_concerns(
    request: HttpRequest,
    status: Code | None = Query(None, max_length=40),  # noqa: B008 - Ninja's way
    category: Code | None = Query(None, max_length=40),  # noqa: B008
    member: Code | None = Query(None, max_length=3),  # noqa: B008
) -> list[ConcernOut]:
    found = selectors.list_concerns(_user(request), status=status, category=category, member=member)
    return [ConcernOut.build(c) for c in found]


@router.post("/concerns", response={201: ConcernOut})
def raise_concern(request: HttpRequest, data: ConcernIn) -> Status[ConcernOut]:
    concern = services.raise_concern(actor=_user(request), **data.dict())
    return Status(201, ConcernOut.build(concern))


@router.get("/concerns/{concern_id}", response=ConcernOut)
def read_concern(request: HttpRequest, concern_id: int) -> ConcernOut:
    return ConcernOut.build(selectors.get_concern(_user(request), concern_id))


@router.post("/concerns/{concern_id}/status", response=ConcernOut)
def move_concern(request: HttpRequest, concern_id: int, data: StatusIn) -> ConcernOut:
    concern = services.move_concern(
        actor=_user(request), concern_id=concern_id, to=data.to, note=data.note
    )
    return ConcernOut.build(concern)


@router.post("/concerns/{concern_id}/co-sponsors", response=ConcernOut)
def co_sponsor(request: HttpRequest, concern_id: int) -> ConcernOut:
    concern = services.co_sponsor_concern(actor=_user(request), concern_id=concern_id)
    return ConcernOut.build(concern)


# --- Meetings -------------------------------------------------------------------------


@router.get("/meetings", response=list[MeetingOut])
def list_meetings(
    request: HttpRequest,
    kind: Code | None = Query(None, max_length=40),  # noqa: B008 - Ninja's way
) -> list[MeetingOut]:
    return [MeetingOut.build(m) for m in selectors.list_meetings(_user(request), kind=kind)]


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
def read_meeting(request: HttpRequest, meeting_id: int) -> MeetingOut:
    return MeetingOut.build(selectors.get_meeting(_user(request), meeting_id))


@router.get("/meetings/{meeting_id}/agenda", response=AgendaOut)
def read_agenda(request: HttpRequest, meeting_id: int) -> AgendaOut:
    user = _user(request)
    items = selectors.agenda(user, meeting_id)
    meeting = selectors.get_meeting(user, meeting_id)
    return AgendaOut(
        meeting=meeting.pk,
        adopted=meeting.agenda_adopted,
        items=[AgendaItemOut.build(i) for i in items],
    )


@router.post("/meetings/{meeting_id}/agenda", response={201: AgendaItemOut})
def add_agenda_item(
    request: HttpRequest, meeting_id: int, data: AgendaItemIn
) -> Status[AgendaItemOut]:
    item = services.add_agenda_item(
        actor=_user(request), meeting_id=meeting_id, title=data.title, concern_id=data.concern
    )
    return Status(201, AgendaItemOut.build(item))


@router.post("/meetings/{meeting_id}/agenda/adopt", response=AgendaOut)
def adopt_agenda(request: HttpRequest, meeting_id: int) -> AgendaOut:
    meeting = services.adopt_agenda(actor=_user(request), meeting_id=meeting_id)
    return AgendaOut(
        meeting=meeting.pk,
        adopted=True,
        items=[AgendaItemOut.build(i) for i in meeting.agenda_items.all()],
    )


@router.get("/meetings/{meeting_id}/speakers", response=list[FloorOut])
def list_of_speakers(request: HttpRequest, meeting_id: int) -> list[FloorOut]:
    return [FloorOut.build(r) for r in selectors.list_of_speakers(_user(request), meeting_id)]


@router.post("/meetings/{meeting_id}/speakers", response={201: FloorOut})
def request_floor(request: HttpRequest, meeting_id: int, data: FloorIn) -> Status[FloorOut]:
    floor = services.request_floor(actor=_user(request), meeting_id=meeting_id, item_id=data.item)
    return Status(201, FloorOut.build(floor))


@router.post("/meetings/{meeting_id}/speakers/{request_id}/floor", response=FloorOut)
def give_floor(request: HttpRequest, meeting_id: int, request_id: int) -> FloorOut:
    floor = services.give_floor(actor=_user(request), meeting_id=meeting_id, request_id=request_id)
    return FloorOut.build(floor)


@router.get("/meetings/{meeting_id}/interventions", response=list[InterventionOut])
def list_interventions(request: HttpRequest, meeting_id: int) -> list[InterventionOut]:
    found = selectors.list_interventions(_user(request), meeting_id)
    return [InterventionOut.build(i) for i in found]


@router.post("/meetings/{meeting_id}/interventions", response={201: InterventionOut})
def deliver_intervention(
    request: HttpRequest, meeting_id: int, data: InterventionIn
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


@router.get("/meetings/{meeting_id}/documents", response=list[MeetingDocumentOut])
def list_documents(request: HttpRequest, meeting_id: int) -> list[MeetingDocumentOut]:
    return [
        MeetingDocumentOut.build(d) for d in selectors.list_documents(_user(request), meeting_id)
    ]


@router.post("/meetings/{meeting_id}/documents", response={201: MeetingDocumentOut})
def attach_document(
    request: HttpRequest, meeting_id: int, data: MeetingDocumentIn
) -> Status[MeetingDocumentOut]:
    document = services.attach_document(actor=_user(request), meeting_id=meeting_id, **data.dict())
    return Status(201, MeetingDocumentOut.build(document))


@router.get("/meetings/{meeting_id}/summary", response=SummaryOut)
def summary_record(request: HttpRequest, meeting_id: int) -> SummaryOut:
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
def summary_record_markdown(request: HttpRequest, meeting_id: int) -> HttpResponse:
    record = selectors.summary_record(_user(request), meeting_id)
    return HttpResponse(summary_markdown(record), content_type="text/markdown; charset=utf-8")


@router.get("/meetings/{meeting_id}/calendar.ics")
def meeting_calendar(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.get_meeting(_user(request), meeting_id)
    response = HttpResponse(
        calendar_of([meeting], name=meeting.title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


# --- Bilaterals -----------------------------------------------------------------------


@router.get("/bilaterals", response=list[BilateralOut])
def list_bilaterals(request: HttpRequest, meeting: Id | None = None) -> list[BilateralOut]:
    found = selectors.list_bilaterals(_user(request), meeting_id=meeting)
    return [BilateralOut.build(b) for b in found]


@router.post("/bilaterals", response={201: BilateralOut})
def request_bilateral(request: HttpRequest, data: BilateralIn) -> Status[BilateralOut]:
    bilateral = services.request_bilateral(
        actor=_user(request),
        meeting_id=data.meeting,
        counterpart=data.counterpart,
        subject=data.subject,
        slots=[(s.starts_at, s.ends_at) for s in data.slots],
    )
    return Status(201, BilateralOut.build(bilateral))


@router.get("/bilaterals/{bilateral_id}", response=BilateralOut)
def read_bilateral(request: HttpRequest, bilateral_id: int) -> BilateralOut:
    return BilateralOut.build(selectors.get_bilateral(_user(request), bilateral_id))


@router.post("/bilaterals/{bilateral_id}/accept", response=BilateralOut)
def accept_bilateral(request: HttpRequest, bilateral_id: int, data: AcceptIn) -> BilateralOut:
    bilateral = services.accept_bilateral(
        actor=_user(request), bilateral_id=bilateral_id, slot_id=data.slot
    )
    return BilateralOut.build(bilateral)


@router.post("/bilaterals/{bilateral_id}/decline", response=BilateralOut)
def decline_bilateral(request: HttpRequest, bilateral_id: int, data: DeclineIn) -> BilateralOut:
    bilateral = services.decline_bilateral(
        actor=_user(request), bilateral_id=bilateral_id, reason=data.reason
    )
    return BilateralOut.build(bilateral)


# --- Search and the calendar feed -----------------------------------------------------


@router.get("/search", response=SearchOut)
def search(
    request: HttpRequest,
    q: FilledLine = Query(..., max_length=200),  # noqa: B008 - Ninja's way
) -> SearchOut:
    results = selectors.search(_user(request), q)
    return SearchOut(
        concerns=[ConcernOut.build(c) for c in results.concerns],
        interventions=[InterventionOut.build(i) for i in results.interventions],
    )


@router.post("/calendar/feed", response={201: CalendarFeedOut})
def issue_calendar_feed(request: HttpRequest) -> Status[CalendarFeedOut]:
    """A new secret address of the caller's calendar feed (the previous one stops working)."""
    token = services.issue_calendar_feed(actor=_user(request))
    url = request.build_absolute_uri(reverse("dialogue:calendar-feed", args=[token]))
    return Status(201, CalendarFeedOut(url=url))
