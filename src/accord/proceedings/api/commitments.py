"""Implementation follow-up through the API: commitments and the implementation matrix."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Schema, Status

from accord.edge.fields import FilledLine, Prose, StateCode
from accord.edge.pagination import Page, Paged, whole
from accord.edge.requests import acting_user as _user
from accord.edge.schemas import Input

from .. import follow_up, matrix_pdf
from ..models import Commitment
from .routing import (
    CommitmentId,
    DocumentId,
    Paragraph,
    router,
)

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


@router.get("/documents/{document_id}/commitments", response=Paged[CommitmentOut])
def list_commitments(request: HttpRequest, document_id: DocumentId) -> Page[CommitmentOut]:
    matrix = follow_up.implementation_matrix(_user(request), document_id)
    return whole(CommitmentOut.build(c, matrix.today) for _p, row in matrix.rows for c in row)


@router.get("/documents/{document_id}/commitments.csv")
def commitments_csv(request: HttpRequest, document_id: DocumentId) -> HttpResponse:
    matrix = follow_up.implementation_matrix(_user(request), document_id)
    response = HttpResponse(follow_up.matrix_csv(matrix), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="implementation-{document_id.public_id}.csv"'
    )
    return response


@router.get("/documents/{document_id}/commitments.pdf")
def commitments_pdf(request: HttpRequest, document_id: DocumentId) -> HttpResponse:
    """The implementation matrix as a PDF (headings in the reader's language)."""
    matrix = follow_up.implementation_matrix(_user(request), document_id)
    response = HttpResponse(matrix_pdf.to_pdf(matrix), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="implementation-{document_id.public_id}.pdf"'
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
