"""`/consultations…`: consultations, statements, votes, the opinion map, Pol.is import/export."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from accord.consultations import selectors, services
from accord.consultations.models import Consultation, Participant, Statement, Vote
from accord.consultations.opinion_map import is_stale
from accord.domain.errors import InvalidInput
from accord.domain.opinion import polis
from accord.edge.fields import (
    MAX_NUMBER,
    Code,
    FilledLine,
    FilledProse,
    Prose,
    StateCode,
    UserName,
)
from accord.edge.pagination import Page, Paged, PageQuery, listed
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import Input
from accord.members.public_ids import PublicIdPath, RowKey

router = Router(tags=["consultations"])
# A consultation's public id, given to the handlers as its key (issue 11).
ConsultationId = Annotated[RowKey, PublicIdPath(Consultation)]

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ConsultationIn(Input):
    title: FilledLine = Field(..., max_length=200)
    question: Prose = Field("", max_length=4000)
    kind: Literal["state", "open"] = Field(
        ..., description="state (one state, one voice) or open (invited experts)"
    )
    visibility: Literal["public", "participants", "members", "restricted"] = "participants"
    states: list[StateCode] = Field(
        default_factory=list, max_length=100, description="restricted: the named states"
    )
    statements: list[Annotated[FilledProse, Field(max_length=1000)]] = Field(
        default_factory=list, max_length=200, description="seeds"
    )


class ConsultationOut(Schema):
    id: str
    title: str
    question: str
    kind: str
    visibility: str
    states: list[str]
    is_open: bool
    created_at: datetime
    created_by: str

    @staticmethod
    def build(c: Consultation) -> ConsultationOut:
        return ConsultationOut(
            id=c.public_id,
            title=c.title,
            question=c.question,
            kind=c.kind,
            visibility=c.visibility,
            states=sorted(c.audience.states),
            is_open=c.is_open,
            created_at=c.created_at,
            created_by=c.created_by.get_username(),
        )


class StatementIn(Input):
    text: FilledProse = Field(..., max_length=1000)


class ModerationIn(Input):
    status: Literal["accepted", "rejected", "meta"]


class StatementOut(Schema):
    number: int
    text: str
    status: str
    seeded: bool
    created_at: datetime

    @staticmethod
    def build(s: Statement) -> StatementOut:
        return StatementOut(
            number=s.number,
            text=s.text,
            status=s.status,
            seeded=s.seeded,
            created_at=s.created_at,
        )


class VoteBody(Input):
    statement: int = Field(..., ge=1, le=2_147_483_647, description="the statement's number")
    vote: Literal["agree", "disagree", "pass"]


class VoteBatchIn(Input):
    votes: list[VoteBody] = Field(..., min_length=1, max_length=services.MAX_BATCH)


class VoteOut(Schema):
    statement: int
    vote: str
    seat: int
    state: str | None

    @staticmethod
    def build(v: Vote, seat: Participant) -> VoteOut:
        return VoteOut(
            statement=v.statement.number,
            vote=services.VOTE_NAMES[v.value],
            seat=seat.number,
            state=seat.state_id,
        )


class VoteBatchOut(Schema):
    count: int


class InviteIn(Input):
    username: UserName


class InviteOut(Schema):
    username: str
    seat: int


class AnalysisOut(Schema):
    consultation: str
    stale: bool = Field(..., description="votes arrived after this analysis; a recompute is due")
    computed_at: datetime | None
    vote_count: int
    at_seq: int
    incremental: bool
    result: dict[str, Any]


class ImportOut(Schema):
    statements: int
    participants: int
    votes: int


@router.get("/consultations", response=Paged[ConsultationOut])
def list_consultations(
    request: HttpRequest, response: HttpResponse, page: Query[PageQuery]
) -> Page[ConsultationOut]:
    """A page of the consultations the caller may see, newest first."""
    found = selectors.list_consultations(_user(request), page=page.page())
    return listed(request, response, found, ConsultationOut.build)


@router.post("/consultations", response={201: ConsultationOut})
def create_consultation(request: HttpRequest, payload: ConsultationIn) -> Status[Any]:
    consultation = services.create_consultation(
        actor=_user(request),
        title=payload.title,
        question=payload.question,
        kind=payload.kind,
        visibility=payload.visibility,
        states=payload.states,
        statements=payload.statements,
    )
    return Status(201, ConsultationOut.build(consultation))


@router.get("/consultations/{consultation_id}", response=ConsultationOut)
def read_consultation(request: HttpRequest, consultation_id: ConsultationId) -> ConsultationOut:
    return ConsultationOut.build(selectors.get_consultation(_user(request), consultation_id))


@router.get("/consultations/{consultation_id}/statements", response=Paged[StatementOut])
def list_statements(
    request: HttpRequest,
    response: HttpResponse,
    consultation_id: ConsultationId,
    page: Query[PageQuery],
    status: Code | None = Query(None, max_length=40),  # noqa: B008 - Ninja's way
) -> Page[StatementOut]:
    """A page of the consultation's statements, by number."""
    statements = selectors.list_statements(
        _user(request), consultation_id, status=status, page=page.page()
    )
    return listed(request, response, statements, StatementOut.build)


@router.post("/consultations/{consultation_id}/statements", response={201: StatementOut})
def submit_statement(
    request: HttpRequest, consultation_id: ConsultationId, payload: StatementIn
) -> Status[Any]:
    statement = services.submit_statement(
        actor=_user(request), consultation_id=consultation_id, text=payload.text
    )
    return Status(201, StatementOut.build(statement))


@router.post(
    "/consultations/{consultation_id}/statements/{number}/moderation", response=StatementOut
)
def moderate_statement(
    request: HttpRequest,
    consultation_id: ConsultationId,
    payload: ModerationIn,
    number: int = Path(..., ge=1, le=MAX_NUMBER),
) -> StatementOut:
    statement = services.moderate_statement(
        actor=_user(request),
        consultation_id=consultation_id,
        number=number,
        status=payload.status,
    )
    return StatementOut.build(statement)


@router.post("/consultations/{consultation_id}/invitations", response={201: InviteOut})
def invite(request: HttpRequest, consultation_id: ConsultationId, payload: InviteIn) -> Status[Any]:
    seat = services.invite_by_name(
        actor=_user(request), consultation_id=consultation_id, username=payload.username
    )
    return Status(201, InviteOut(username=payload.username, seat=seat.number))


@router.post("/consultations/{consultation_id}/votes", response={201: VoteOut})
def cast_vote(
    request: HttpRequest, consultation_id: ConsultationId, payload: VoteBody
) -> Status[Any]:
    """Cast (or replace) your seat's vote on one statement: agree, disagree or pass."""
    vote = services.cast_vote(
        actor=_user(request),
        consultation_id=consultation_id,
        statement=payload.statement,
        vote=payload.vote,
    )
    return Status(201, VoteOut.build(vote, vote.participant))


@router.post("/consultations/{consultation_id}/votes/batch", response={201: VoteBatchOut})
def cast_votes(
    request: HttpRequest, consultation_id: ConsultationId, payload: VoteBatchIn
) -> Status[Any]:
    """Cast several votes of your seat at once: one transaction and one ledger entry (with
    the digest of every vote). All or nothing."""
    votes = services.cast_votes(
        actor=_user(request),
        consultation_id=consultation_id,
        votes=[services.VoteIn(v.statement, v.vote) for v in payload.votes],
    )
    return Status(201, VoteBatchOut(count=len(votes)))


@router.get("/consultations/{consultation_id}/analysis", response=AnalysisOut)
def read_analysis(request: HttpRequest, consultation_id: ConsultationId) -> AnalysisOut:
    """The latest stored opinion map, and whether votes arrived since (it never waits)."""
    consultation, analysis = selectors.get_analysis(_user(request), consultation_id)
    return AnalysisOut(
        consultation=consultation.public_id,
        stale=is_stale(consultation, analysis.at_seq if analysis else None),
        computed_at=analysis.computed_at if analysis else None,
        vote_count=analysis.vote_count if analysis else 0,
        at_seq=analysis.at_seq if analysis else 0,
        incremental=analysis.incremental if analysis else False,
        result=analysis.result if analysis else {},
    )


@router.post("/consultations/{consultation_id}/import", response={201: ImportOut})
def import_polis(
    request: HttpRequest,
    consultation_id: ConsultationId,
    comments: UploadedFile = File(...),  # noqa: B008 - Ninja's way to declare a file
    votes: UploadedFile = File(...),  # noqa: B008
) -> Status[Any]:
    """Import a Pol.is export (multipart: `comments` = comments.csv, `votes` = votes.csv)."""
    files = {}
    for name, upload in (
        (polis.COMMENTS_FILE, comments),
        (polis.VOTES_FILE, votes),
    ):
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise InvalidInput(f"{name}: larger than {MAX_UPLOAD_BYTES // 2**20} MB")
        files[name] = upload.read()
    counts = services.import_polis(
        actor=_user(request), consultation_id=consultation_id, files=files
    )
    return Status(201, ImportOut(**counts))


@router.get("/consultations/{consultation_id}/export")
def export_polis(request: HttpRequest, consultation_id: ConsultationId) -> HttpResponse:
    """The consultation in the Pol.is export format, as a zip of the three CSV files."""
    files = selectors.export_polis(_user(request), consultation_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="consultation-{consultation_id.public_id}-polis.zip"'
    )
    return response
