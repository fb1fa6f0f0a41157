"""Input and output schemas of the dialogue API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from accord.dialogue.public_refs import (
    ConcernRef,
    InterventionRef,
    ItemRef,
    MeetingRef,
    SlotRef,
    public,
)
from accord.edge.fields import (
    HTTPS_OR_NOTHING,
    FilledLine,
    FilledProse,
    Line,
    Prose,
    StateCode,
)
from accord.edge.schemas import Input

from ..models import AgendaItem, Bilateral, Concern, FloorRequest, Intervention, Meeting
from ..models import MeetingDocument as Document

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
    id: str
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
            id=concern.public_id,
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
    id: str
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
    sidelines_of: str | None

    @staticmethod
    def build(meeting: Meeting) -> MeetingOut:
        return MeetingOut(
            id=meeting.public_id,
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
            sidelines_of=public(meeting.sidelines_of),
        )


class AgendaItemIn(Input):
    title: Line = Field("", max_length=200)
    concern: ConcernRef | None = None


class AgendaItemOut(Schema):
    id: str
    number: int
    title: str
    concern: str | None

    @staticmethod
    def build(item: AgendaItem) -> AgendaItemOut:
        return AgendaItemOut(
            id=item.public_id, number=item.number, title=item.title, concern=public(item.concern)
        )


class AgendaOut(Schema):
    meeting: str
    adopted: bool
    items: list[AgendaItemOut]


class FloorIn(Input):
    item: ItemRef


class FloorOut(Schema):
    id: str
    item: str
    state: str
    status: str
    requested_at: datetime
    given_at: datetime | None

    @staticmethod
    def build(request: FloorRequest) -> FloorOut:
        return FloorOut(
            id=request.public_id,
            item=request.item.public_id,
            state=request.state_id,
            status=request.status,
            requested_at=request.requested_at,
            given_at=request.given_at,
        )


class InterventionIn(Input):
    kind: InterventionKind
    text: FilledProse = Field(..., max_length=50000)
    language: Language
    item: ItemRef | None = None
    in_reply_to: InterventionRef | None = None
    visibility: VisibilityName | None = None
    as_chair: bool = False


class InterventionOut(Schema):
    id: str
    meeting: str
    item: str | None
    kind: str
    state: str | None
    as_chair: bool
    in_reply_to: str | None
    language: str
    text: str
    visibility: str
    delivered_at: datetime

    @staticmethod
    def build(intervention: Intervention) -> InterventionOut:
        return InterventionOut(
            id=intervention.public_id,
            meeting=intervention.meeting.public_id,
            item=public(intervention.item),
            kind=intervention.kind,
            state=intervention.state_id,
            as_chair=intervention.as_chair,
            in_reply_to=public(intervention.in_reply_to),
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
    id: str
    meeting: str
    title: str
    language: str
    body: str
    url: str
    visibility: str
    attached_at: datetime

    @staticmethod
    def build(document: Document) -> MeetingDocumentOut:
        return MeetingDocumentOut(
            id=document.public_id,
            meeting=document.meeting.public_id,
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
    id: str
    starts_at: datetime
    ends_at: datetime
    chosen: bool


class BilateralIn(Input):
    meeting: MeetingRef
    counterpart: StateCode
    subject: FilledLine = Field(..., max_length=200)
    slots: list[SlotIn] = Field(..., max_length=20)


class BilateralOut(Schema):
    id: str
    meeting: str
    requester: str
    counterpart: str
    subject: str
    status: str
    slots: list[SlotOut]
    session: str | None
    decline_reason: str
    requested_at: datetime

    @staticmethod
    def build(bilateral: Bilateral) -> BilateralOut:
        return BilateralOut(
            id=bilateral.public_id,
            meeting=bilateral.meeting.public_id,
            requester=bilateral.requester_id,
            counterpart=bilateral.counterpart_id,
            subject=bilateral.subject,
            status=bilateral.status,
            slots=[
                SlotOut(id=s.public_id, starts_at=s.starts_at, ends_at=s.ends_at, chosen=s.chosen)
                for s in bilateral.slots.all()
            ],
            session=public(bilateral.session),
            decline_reason=bilateral.decline_reason,
            requested_at=bilateral.requested_at,
        )


class AcceptIn(Input):
    slot: SlotRef


class DeclineIn(Input):
    reason: Prose = Field("", max_length=500)


class CalendarFeedOut(Schema):
    url: str
