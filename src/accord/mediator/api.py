"""The mediator's API: suggested wordings for a state consultation and for a bracketed
paragraph, and the chair's amendment from one of them.

GET returns the last suggestions shown (null before the first request); POST asks the
mediator again, stores the answer and records the use on the ledger. Every figure is a
prediction, labelled as such, never a vote.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status

from accord.consultations.models import Consultation
from accord.edge.fields import Id
from accord.edge.requests import acting_user as _actor
from accord.mediator import selectors, services
from accord.mediator.models import Mediation
from accord.members.public_ids import PublicIdPath, RowKey
from accord.negotiation.models import Document

router = Router(tags=["mediator"])
# Public ids, given to the handlers as the rows' keys (issue 11).
ConsultationId = Annotated[RowKey, PublicIdPath(Consultation)]
DocumentId = Annotated[RowKey, PublicIdPath(Document)]


class SpanOut(Schema):
    source_kind: str = Field(..., description="alternative, amendment, statement, llm, …")
    source_id: str
    state: str | None
    source_start: int
    source_end: int
    start: int
    end: int


class SimilarOut(Schema):
    text: str
    similarity: float
    provenance: list[SpanOut]


class AcceptanceOut(Schema):
    state: str
    predicted_acceptance: float = Field(..., description="a prediction in [0, 1], not a vote")
    basis: str = Field(..., description="votes, stated_position or none (extrapolated)")


class WordingOut(Schema):
    rank: int
    text: str
    is_deletion: bool
    origin: str = Field(..., description="extractive or llm")
    provenance: list[SpanOut]
    similar_wordings: list[SimilarOut]
    acceptance: list[AcceptanceOut]
    least_satisfied_acceptance: float
    least_satisfied_states: list[str]
    predicted_objections: list[str]
    bridging_score: float
    label: str
    amendment: str | None = Field(None, description="the chair's amendment made from it")
    counterparts: dict[str, str] = Field(
        default_factory=dict,
        description="the same wording in the revision's other language versions, by language "
        "code (the alternative of the same index in the same bracket, or the amendment's "
        "translation); empty when no aligned text exists",
    )


class SuggestionsOut(Schema):
    id: str
    subject: str
    consultation_id: str | None
    document_id: str | None
    paragraph_id: int | None
    bracket_id: int | None
    revision: int | None
    requested_by: str
    requested_at: datetime
    drafters: str
    embedder: str
    label: str
    notes: list[str]
    veto_threshold: float
    wordings: list[WordingOut]

    @staticmethod
    def build(m: Mediation) -> SuggestionsOut:
        result: dict[str, Any] = m.result
        return SuggestionsOut(
            id=m.public_id,
            subject=m.subject,
            consultation_id=m.consultation.public_id if m.consultation else None,
            document_id=m.document.public_id if m.document else None,
            paragraph_id=m.paragraph_id,
            bracket_id=m.bracket_id,
            revision=m.revision,
            requested_by=m.requested_by.get_username(),
            requested_at=m.requested_at,
            drafters=m.drafters,
            embedder=m.embedder,
            label=result["label"],
            notes=result["notes"],
            veto_threshold=result["veto_threshold"],
            wordings=[
                WordingOut(**w, amendment=m.amendments.get(str(w["rank"])))
                for w in result["wordings"]
            ],
        )


class LatestOut(Schema):
    suggestions: SuggestionsOut | None = Field(
        None, description="the last suggestions shown; null before anyone asked"
    )


class AmendmentMadeOut(Schema):
    code: str
    document_id: str
    against: int
    paragraph_id: int | None
    text: str
    proposer_state: str
    rank: int


@router.get("/mediator/consultations/{consultation_id}/suggestions", response=LatestOut)
def consultation_suggestions(request: HttpRequest, consultation_id: ConsultationId) -> LatestOut:
    _, latest = selectors.latest_for_consultation(_actor(request), consultation_id)
    return LatestOut(suggestions=SuggestionsOut.build(latest) if latest else None)


@router.post("/mediator/consultations/{consultation_id}/suggestions", response=SuggestionsOut)
def ask_on_consultation(request: HttpRequest, consultation_id: ConsultationId) -> SuggestionsOut:
    mediation = services.ask_on_consultation(actor=_actor(request), consultation_id=consultation_id)
    return SuggestionsOut.build(mediation)


@router.get("/documents/{document_id}/paragraphs/{paragraph_id}/suggestions", response=LatestOut)
def paragraph_suggestions(
    request: HttpRequest, document_id: DocumentId, paragraph_id: int
) -> LatestOut:
    _, latest = selectors.latest_for_paragraph(_actor(request), document_id, paragraph_id)
    return LatestOut(suggestions=SuggestionsOut.build(latest) if latest else None)


@router.post(
    "/documents/{document_id}/paragraphs/{paragraph_id}/suggestions",
    response=SuggestionsOut,
)
def ask_on_paragraph(
    request: HttpRequest,
    document_id: DocumentId,
    paragraph_id: int,
    bracket: Id | None = None,
) -> SuggestionsOut:
    """`?bracket=` names the bracket when the paragraph holds several (default: its first)."""
    mediation = services.ask_on_paragraph(
        actor=_actor(request),
        document_id=document_id,
        paragraph_id=paragraph_id,
        bracket_id=bracket,
    )
    return SuggestionsOut.build(mediation)


@router.post(
    "/documents/{document_id}/paragraphs/{paragraph_id}/suggestions/{rank}/amendment",
    response={201: AmendmentMadeOut},
)
def propose_as_amendment(
    request: HttpRequest,
    document_id: DocumentId,
    paragraph_id: int,
    rank: int = Path(..., ge=1, le=100),
) -> Status[AmendmentMadeOut]:
    _, amendment = services.propose_as_amendment(
        actor=_actor(request), document_id=document_id, paragraph_id=paragraph_id, rank=rank
    )
    return Status(
        201,
        AmendmentMadeOut(
            code=amendment.code,
            document_id=document_id.public_id,
            against=amendment.against,
            paragraph_id=amendment.paragraph_id,
            text=amendment.text,
            proposer_state=str(amendment.proposer_state_id),
            rank=rank,
        ),
    )
