"""`/rules`, the floor, summary records, `/chair-terms`, informal stages and commitments.

Handlers parse, call one service or selector, and shape the answer; what the caller may not
see answers 404 as if it did not exist (the selectors see to it).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status

from accord.dialogue import selectors as dialogue_selectors
from accord.dialogue.models import FloorRequest, Meeting
from accord.dialogue.public_refs import ItemRef, MeetingRef, public
from accord.edge.fields import FilledLine, FilledProse, Prose, StateCode
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import Input
from accord.members.models import User
from accord.members.public_ids import PublicIdPath, PublicIdRef, RowKey
from accord.negotiation.models import Document

from . import chairing, floor, follow_up, informal, records, series
from .models import ChairOffice, Commitment, FriendsGroup, MeetingSeries, NonPaper

router = Router(tags=["procedure"])
# Meetings and documents are named by their public ids, given to the handlers as keys.
MeetingId = Annotated[RowKey, PublicIdPath(Meeting)]
DocumentId = Annotated[RowKey, PublicIdPath(Document)]

OfficeId = Annotated[RowKey, PublicIdPath(ChairOffice)]
FriendsId = Annotated[RowKey, PublicIdPath(FriendsGroup)]
CommitmentId = Annotated[RowKey, PublicIdPath(Commitment)]
DocumentRef = Annotated[int, PublicIdRef(Document)]
FloorRequestRef = Annotated[int, PublicIdRef(FloorRequest)]
SeriesCode = Annotated[str, Path(max_length=40)]
Seconds = Annotated[int, Field(ge=0, le=60 * 86400)]
Paragraph = Annotated[str, Field(pattern="^(PP|OP)[1-9][0-9]{0,3}$", max_length=8)]


# --- rules of procedure ---------------------------------------------------------------------


Power = Literal["consult", "propose-wording", "report"]


def _default_powers() -> list[Power]:
    return ["consult", "report"]


class RulesIn(Input):
    consent: Literal["every-member-approves", "no-objection"] = "every-member-approves"
    quorum: Annotated[int, Field(ge=0, le=1000)] = 1
    absent_window: Seconds = 86400
    silence_minimum: Seconds = 72 * 3600
    silence_period: Seconds = 72 * 3600
    silence_broken_by: Literal["heads", "delegations"] = "heads"
    amendment_breaks_silence: bool = False
    ad_referendum_window: Seconds = 7 * 86400
    statement_time: Seconds | None = None
    reply_time: Seconds | None = None
    replies_per_item: Annotated[int, Field(ge=0, le=100)] | None = None
    observers_raise_points_of_order: bool = False
    correction_window: Seconds = 7 * 86400
    facilitator_powers: list[Power] = Field(default_factory=_default_powers, max_length=3)


class SeriesIn(Input):
    code: Annotated[str, Field(pattern="^[A-Za-z0-9-]{1,40}$", max_length=40)]
    name: FilledLine = Field(..., max_length=200)
    rules: RulesIn


class SeriesOut(Schema):
    code: str
    name: str
    rules: dict[str, Any]
    meetings: list[str]

    @staticmethod
    def build(row: MeetingSeries, viewer: User) -> SeriesOut:
        # Only the meetings the reader may see: a restricted meeting held under the series
        # must answer like one that does not exist (rule 5).
        visible = dialogue_selectors.meetings(viewer).filter(series_link__series=row)
        return SeriesOut(
            code=row.code,
            name=row.name,
            rules=row.rules,
            meetings=[meeting.public_id for meeting in visible.order_by("pk")],
        )


class HeldUnderIn(Input):
    meeting: MeetingRef


@router.get("/rules", response=list[SeriesOut])
def list_rules(request: HttpRequest) -> list[SeriesOut]:
    return [SeriesOut.build(s, _user(request)) for s in series.list_series()]


@router.post("/rules", response={201: SeriesOut})
def adopt_rules(request: HttpRequest, data: SeriesIn) -> Status[SeriesOut]:
    row = series.adopt_rules(
        actor=_user(request),
        code=series.check_code(data.code),
        name=data.name,
        rules=data.rules.model_dump(),
    )
    return Status(201, SeriesOut.build(row, _user(request)))


@router.post("/rules/{code}/meetings", response=SeriesOut)
def hold_under(request: HttpRequest, code: SeriesCode, data: HeldUnderIn) -> SeriesOut:
    link = series.hold_under(actor=_user(request), code=code, meeting_id=data.meeting)
    return SeriesOut.build(link.series, _user(request))


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


# --- summary records ------------------------------------------------------------------------


class EntryOut(Schema):
    ref: str
    state: str | None
    speaker: str
    item: int | None
    kind: str
    text: str
    original: str


class CorrectionOut(Schema):
    statement: str
    state: str
    text: str
    at: datetime


class RecordOut(Schema):
    meeting: str
    stage: str
    issued_at: datetime
    corrections_until: datetime
    approved_at: datetime | None
    sha256: str
    entries: list[EntryOut]
    corrections: list[CorrectionOut]

    @staticmethod
    def build(view: records.RecordView) -> RecordOut:
        row = view.row
        return RecordOut(
            meeting=row.meeting.public_id,
            stage=row.stage,
            issued_at=row.issued_at,
            corrections_until=row.corrections_until,
            approved_at=row.approved_at,
            sha256=row.final_sha256,
            entries=[EntryOut(**e) for e in view.entries],
            corrections=[
                CorrectionOut(statement=c.ref, state=c.state_id, text=c.text, at=c.at)
                for c in view.corrections
            ],
        )


class CorrectionIn(Input):
    statement: Annotated[str, Field(pattern="^itv_[a-z2-7]{26}$", max_length=30)]
    text: FilledProse = Field(..., max_length=50000)


@router.get("/meetings/{meeting_id}/record", response=RecordOut)
def get_record(request: HttpRequest, meeting_id: MeetingId) -> RecordOut:
    return RecordOut.build(records.get_record(_user(request), meeting_id))


@router.get("/meetings/{meeting_id}/record.md")
def record_markdown(request: HttpRequest, meeting_id: MeetingId) -> HttpResponse:
    view = records.get_record(_user(request), meeting_id)
    return HttpResponse(records.record_markdown(view), content_type="text/markdown; charset=utf-8")


@router.post("/meetings/{meeting_id}/record", response={201: RecordOut})
def issue_draft(request: HttpRequest, meeting_id: MeetingId) -> Status[RecordOut]:
    user = _user(request)
    records.issue_draft(actor=user, meeting_id=meeting_id)
    return Status(201, RecordOut.build(records.get_record(user, meeting_id)))


@router.post("/meetings/{meeting_id}/record/corrections", response={201: RecordOut})
def correct_record(
    request: HttpRequest, meeting_id: MeetingId, data: CorrectionIn
) -> Status[RecordOut]:
    user = _user(request)
    records.submit_correction(actor=user, meeting_id=meeting_id, ref=data.statement, text=data.text)
    return Status(201, RecordOut.build(records.get_record(user, meeting_id)))


@router.post("/meetings/{meeting_id}/record/approve", response=RecordOut)
def approve_record(request: HttpRequest, meeting_id: MeetingId) -> RecordOut:
    user = _user(request)
    records.approve_record(actor=user, meeting_id=meeting_id)
    return RecordOut.build(records.get_record(user, meeting_id))


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


class HandoverOut(Schema):
    outgoing: str
    incoming: str
    note: str
    written_at: datetime


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
        handovers=[
            HandoverOut(
                outgoing=h.outgoing_state_id, incoming=h.incoming_state_id, note=h.note,
                written_at=h.written_at,
            )
            for h in chairing.handovers(_user(request))
        ],
    )  # fmt: skip


@router.post("/chair-terms/handover", response={201: HandoverOut})
def hand_over(request: HttpRequest, data: HandoverIn) -> Status[HandoverOut]:
    row = chairing.hand_over(actor=_user(request), incoming=data.incoming, note=data.note)
    return Status(
        201,
        HandoverOut(
            outgoing=row.outgoing_state_id, incoming=row.incoming_state_id, note=row.note,
            written_at=row.written_at,
        ),
    )  # fmt: skip


@router.get("/meetings/{meeting_id}/offices", response=list[OfficeOut])
def list_offices(request: HttpRequest, meeting_id: MeetingId) -> list[OfficeOut]:
    return [OfficeOut.build(o) for o in chairing.offices_at(_user(request), meeting_id)]


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


# --- informal stages ------------------------------------------------------------------------


class NonPaperIn(Input):
    title: FilledLine = Field(..., max_length=200)
    body: FilledProse = Field(..., max_length=50000)


class NonPaperOut(Schema):
    id: str
    title: str
    body: str
    circulated_at: datetime

    @staticmethod
    def build(row: NonPaper) -> NonPaperOut:
        return NonPaperOut(
            id=row.public_id, title=row.title, body=row.body, circulated_at=row.circulated_at
        )


class FriendsIn(Input):
    paragraph: Paragraph
    states: list[StateCode] = Field(..., min_length=2, max_length=50)


class OutcomeIn(Input):
    outcome: FilledProse = Field(..., max_length=20000)


class FriendsOut(Schema):
    id: str
    document: str
    paragraph: str
    states: list[str]
    outcome: str
    reported_at: datetime | None
    brought_back_at: datetime | None

    @staticmethod
    def build(row: FriendsGroup) -> FriendsOut:
        return FriendsOut(
            id=row.public_id, document=row.document.public_id, paragraph=row.paragraph,
            states=row.state_codes, outcome=row.outcome, reported_at=row.reported_at,
            brought_back_at=row.brought_back_at,
        )  # fmt: skip


class BracketIn(Input):
    lift: bool = False


class BracketOut(Schema):
    document: str
    bracketed_entirely: bool


@router.get("/meetings/{meeting_id}/non-papers", response=list[NonPaperOut])
def list_non_papers(request: HttpRequest, meeting_id: MeetingId) -> list[NonPaperOut]:
    return [NonPaperOut.build(n) for n in informal.non_papers(_user(request), meeting_id)]


@router.post("/meetings/{meeting_id}/non-papers", response={201: NonPaperOut})
def circulate(request: HttpRequest, meeting_id: MeetingId, data: NonPaperIn) -> Status[NonPaperOut]:
    row = informal.circulate_non_paper(
        actor=_user(request), meeting_id=meeting_id, title=data.title, body=data.body
    )
    return Status(201, NonPaperOut.build(row))


@router.get("/documents/{document_id}/friends", response=list[FriendsOut])
def list_friends(request: HttpRequest, document_id: DocumentId) -> list[FriendsOut]:
    return [FriendsOut.build(g) for g in informal.friends_groups(_user(request), document_id)]


@router.post("/documents/{document_id}/friends", response={201: FriendsOut})
def convene_friends(
    request: HttpRequest, document_id: DocumentId, data: FriendsIn
) -> Status[FriendsOut]:
    row = informal.convene_friends(
        actor=_user(request), document_id=document_id, paragraph=data.paragraph, states=data.states
    )
    return Status(201, FriendsOut.build(row))


@router.post("/friends/{group_id}/outcome", response=FriendsOut)
def report_friends(request: HttpRequest, group_id: FriendsId, data: OutcomeIn) -> FriendsOut:
    row = informal.report_friends(actor=_user(request), group_id=group_id, outcome=data.outcome)
    return FriendsOut.build(row)


@router.post("/friends/{group_id}/bring-back", response=FriendsOut)
def bring_back(request: HttpRequest, group_id: FriendsId) -> FriendsOut:
    return FriendsOut.build(informal.bring_back(actor=_user(request), group_id=group_id))


@router.post("/documents/{document_id}/bracket", response=BracketOut)
def bracket(request: HttpRequest, document_id: DocumentId, data: BracketIn) -> BracketOut:
    document = informal.bracket_entirely(
        actor=_user(request), document_id=document_id, lift=data.lift
    )
    return BracketOut(document=document.public_id, bracketed_entirely=not data.lift)


# --- commitments ----------------------------------------------------------------------------


class CommitmentIn(Input):
    paragraph: Paragraph
    description: FilledLine = Field(..., max_length=500)
    lead_states: list[StateCode] = Field(..., min_length=1, max_length=50)
    due: date


class CommitmentUpdateIn(Input):
    status: Literal["planned", "in-progress", "done", "dropped"]
    evidence: Prose = Field("", max_length=5000)


class CommitmentOut(Schema):
    id: str
    paragraph: str
    description: str
    lead_states: list[str]
    due: date
    status: str
    evidence: str
    overdue: bool

    @staticmethod
    def build(row: Commitment, today: date) -> CommitmentOut:
        return CommitmentOut(
            id=row.public_id, paragraph=row.paragraph, description=row.description,
            lead_states=row.lead_codes, due=row.due, status=row.status, evidence=row.evidence,
            overdue=row.value().overdue(today),
        )  # fmt: skip


@router.get("/documents/{document_id}/commitments", response=list[CommitmentOut])
def list_commitments(request: HttpRequest, document_id: DocumentId) -> list[CommitmentOut]:
    matrix = follow_up.implementation_matrix(_user(request), document_id)
    return [CommitmentOut.build(c, matrix.today) for _p, row in matrix.rows for c in row]


@router.get("/documents/{document_id}/commitments.csv")
def commitments_csv(request: HttpRequest, document_id: DocumentId) -> HttpResponse:
    matrix = follow_up.implementation_matrix(_user(request), document_id)
    response = HttpResponse(follow_up.matrix_csv(matrix), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="implementation-{document_id.public_id}.csv"'
    )
    return response


@router.post("/documents/{document_id}/commitments", response={201: CommitmentOut})
def add_commitment(
    request: HttpRequest, document_id: DocumentId, data: CommitmentIn
) -> Status[CommitmentOut]:
    row = follow_up.add_commitment(
        actor=_user(request), document_id=document_id, paragraph=data.paragraph,
        description=data.description, lead_states=data.lead_states, due=data.due,
    )  # fmt: skip
    return Status(201, CommitmentOut.build(row, timezone.localdate()))


@router.post("/documents/{document_id}/commitments/{commitment_id}", response=CommitmentOut)
def update_commitment(
    request: HttpRequest,
    document_id: DocumentId,
    commitment_id: CommitmentId,
    data: CommitmentUpdateIn,
) -> CommitmentOut:
    row = follow_up.update_commitment(
        actor=_user(request), document_id=document_id, commitment_id=commitment_id,
        status=data.status, evidence=data.evidence,
    )  # fmt: skip
    return CommitmentOut.build(row, timezone.localdate())
