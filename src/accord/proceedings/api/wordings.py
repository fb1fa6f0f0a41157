"""Facilitators' wordings through the API: proposed for the paragraph given, brought into
a revision by the chair."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Schema, Status

from accord.edge.fields import Code, FilledProse
from accord.edge.pagination import Page, Paged, PageQuery, listed
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import Input
from accord.members.public_ids import PublicIdPath, RowKey

from .. import wordings
from ..models import FacilitatorWording
from .routing import DocumentId, Paragraph, router

WordingId = Annotated[RowKey, PublicIdPath(FacilitatorWording)]


class FacilitatorWordingIn(Input):
    paragraph: Paragraph
    text: FilledProse = Field(..., max_length=20000)


class BringInIn(Input):
    decision: Literal["agreed", "bracketed"] = "agreed"
    decisions: dict[Code, Literal["agreed", "bracketed", "left-out"]] = Field(
        default_factory=dict, max_length=500, description="the other pending amendments"
    )


class FacilitatorWordingOut(Schema):
    id: str
    document: str
    paragraph: str
    against: int
    text: str
    proposed_by: str
    proposed_at: datetime
    revision: int | None
    amendment: str

    @staticmethod
    def build(row: FacilitatorWording) -> FacilitatorWordingOut:
        return FacilitatorWordingOut(
            id=row.public_id, document=row.document.public_id, paragraph=row.paragraph,
            against=row.against, text=row.text, proposed_by=row.proposed_by.username,
            proposed_at=row.proposed_at, revision=row.revision, amendment=row.amendment,
        )  # fmt: skip


@router.get("/documents/{document_id}/wordings", response=Paged[FacilitatorWordingOut])
def list_wordings(
    request: HttpRequest, response: HttpResponse, document_id: DocumentId, page: Query[PageQuery]
) -> Page[FacilitatorWordingOut]:
    """A page of the wordings proposed on the document, the newest first."""
    found = wordings.wordings(_user(request), document_id, page.page())
    return listed(request, response, found, FacilitatorWordingOut.build)


@router.post("/documents/{document_id}/wordings", response={201: FacilitatorWordingOut})
def propose_wording(
    request: HttpRequest, document_id: DocumentId, data: FacilitatorWordingIn
) -> Status[FacilitatorWordingOut]:
    """The paragraph's facilitator (or the chair) proposes a wording for that paragraph."""
    row = wordings.propose_wording(
        actor=_user(request), document_id=document_id, paragraph=data.paragraph, text=data.text
    )
    return Status(201, FacilitatorWordingOut.build(row))


@router.post("/wordings/{wording_id}/bring-in", response=FacilitatorWordingOut)
def bring_in_wording(
    request: HttpRequest, wording_id: WordingId, data: BringInIn
) -> FacilitatorWordingOut:
    """The chair brings the wording into the next revision (issuing it)."""
    row = wordings.bring_in(
        actor=_user(request), wording_id=wording_id, decision=data.decision,
        decisions=dict(data.decisions),
    )  # fmt: skip
    return FacilitatorWordingOut.build(row)
