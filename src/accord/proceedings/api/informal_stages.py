"""Informal stages through the API: non-papers, Friends of the Chair, a text bracketed in
its entirety."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Schema, Status

from accord.edge.fields import FilledLine, FilledProse, StateCode
from accord.edge.pagination import Page, Paged, PageQuery, listed
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import Input

from .. import informal
from ..models import FriendsGroup, NonPaper
from .routing import (
    DocumentId,
    FriendsId,
    MeetingId,
    Paragraph,
    router,
)

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


@router.get("/meetings/{meeting_id}/non-papers", response=Paged[NonPaperOut])
def list_non_papers(
    request: HttpRequest, response: HttpResponse, meeting_id: MeetingId, page: Query[PageQuery]
) -> Page[NonPaperOut]:
    """A page of the meeting's non-papers, the newest first."""
    found = informal.non_papers_page(_user(request), meeting_id, page.page())
    return listed(request, response, found, NonPaperOut.build)


@router.post("/meetings/{meeting_id}/non-papers", response={201: NonPaperOut})
def circulate(request: HttpRequest, meeting_id: MeetingId, data: NonPaperIn) -> Status[NonPaperOut]:
    row = informal.circulate_non_paper(
        actor=_user(request), meeting_id=meeting_id, title=data.title, body=data.body
    )
    return Status(201, NonPaperOut.build(row))


@router.get("/documents/{document_id}/friends", response=Paged[FriendsOut])
def list_friends(
    request: HttpRequest, response: HttpResponse, document_id: DocumentId, page: Query[PageQuery]
) -> Page[FriendsOut]:
    """A page of the friends-of-the-chair groups on the document, the newest first."""
    found = informal.friends_groups_page(_user(request), document_id, page.page())
    return listed(request, response, found, FriendsOut.build)


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
