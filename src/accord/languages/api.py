"""`/documents/{id}/languages`, `/documents/{id}/versions/{lang}` and
`/documents/{id}/revisions/{n}/concordance`: language versions, their verification and the
concordance findings between them (DESIGN §5). Handlers parse, call one service or
selector, and return."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from accord.edge.fields import Key, RevisionNumber
from accord.edge.requests import acting_user
from accord.languages import selectors, services
from accord.languages.schemas import (
    ConcordanceOut,
    ExplanationIn,
    LanguageCode,
    LanguagesIn,
    VerificationIn,
    VersionIn,
    VersionOut,
)
from accord.members.public_ids import PublicIdPath, RowKey
from accord.negotiation.models import Document
from accord.negotiation.schemas import RedlineOut

router = Router(tags=["languages"])
# A document's public id, given to the handlers as its key (issue 11).
DocumentId = Annotated[RowKey, PublicIdPath(Document)]


_actor = acting_user  # the API root authenticates every operation


@router.put("/documents/{document_id}/languages", response=ConcordanceOut)
def set_languages(
    request: HttpRequest, document_id: DocumentId, payload: LanguagesIn
) -> ConcordanceOut:
    actor = _actor(request)
    services.set_languages(
        actor=actor,
        document_id=document_id,
        working_language=payload.working_language,
        languages=payload.languages,
    )
    return ConcordanceOut.build(selectors.get_versions(actor, document_id))


class RevisionQuery(Schema):
    revision: RevisionNumber | None = None


@router.get("/documents/{document_id}/versions", response=ConcordanceOut)
def list_versions(
    request: HttpRequest, document_id: DocumentId, query: Query[RevisionQuery]
) -> ConcordanceOut:
    return ConcordanceOut.build(
        selectors.get_versions(_actor(request), document_id, query.revision)
    )


@router.get("/documents/{document_id}/versions/{language}", response=VersionOut)
def read_version(
    request: HttpRequest,
    document_id: DocumentId,
    language: LanguageCode,
    query: Query[RevisionQuery],
) -> VersionOut:
    value = selectors.get_version(_actor(request), document_id, language, query.revision)
    return VersionOut.build(document_id.public_id, language, value)


@router.put("/documents/{document_id}/versions/{language}", response=VersionOut)
def submit_version(
    request: HttpRequest, document_id: DocumentId, language: LanguageCode, payload: VersionIn
) -> VersionOut:
    actor = _actor(request)
    services.submit_version(
        actor=actor,
        document_id=document_id,
        number=payload.revision,
        language=language,
        title=payload.title,
        paragraphs=payload.paragraphs,
    )
    value = selectors.get_version(actor, document_id, language, payload.revision)
    return VersionOut.build(document_id.public_id, language, value)


@router.post(
    "/documents/{document_id}/versions/{language}/verification", response={201: ConcordanceOut}
)
def verify_version(
    request: HttpRequest, document_id: DocumentId, language: LanguageCode, payload: VerificationIn
) -> Status[ConcordanceOut]:
    actor = _actor(request)
    services.verify_version(
        actor=actor, document_id=document_id, number=payload.revision, language=language
    )
    return Status(
        201, ConcordanceOut.build(selectors.get_versions(actor, document_id, payload.revision))
    )


class VersionRedlineQuery(Schema):
    from_number: RevisionNumber = Query(..., alias="from")  # type: ignore[assignment]
    to: RevisionNumber


@router.get("/documents/{document_id}/versions/{language}/redline", response=RedlineOut)
def redline(
    request: HttpRequest,
    document_id: DocumentId,
    language: LanguageCode,
    query: Query[VersionRedlineQuery],
) -> RedlineOut:
    line = selectors.redline_in(_actor(request), document_id, language, query.from_number, query.to)
    return RedlineOut.build(line)


@router.get("/documents/{document_id}/revisions/{number}/concordance", response=ConcordanceOut)
def read_concordance(
    request: HttpRequest, document_id: DocumentId, number: RevisionNumber
) -> ConcordanceOut:
    return ConcordanceOut.build(selectors.get_versions(_actor(request), document_id, number))


@router.put(
    "/documents/{document_id}/revisions/{number}/concordance/{key}/explanation",
    response=ConcordanceOut,
)
def explain_finding(
    request: HttpRequest,
    document_id: DocumentId,
    payload: ExplanationIn,
    number: RevisionNumber,
    key: Key,
) -> ConcordanceOut:
    actor = _actor(request)
    services.explain_finding(
        actor=actor,
        document_id=document_id,
        number=number,
        key=key,
        explanation=payload.explanation,
    )
    return ConcordanceOut.build(selectors.get_versions(actor, document_id, number))
