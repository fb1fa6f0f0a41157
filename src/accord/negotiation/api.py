"""`/documents…`: drafts, revisions, redlines, amendments, adoption, signatures, bundles and
exports (DESIGN §5). Handlers parse, call one service or selector, and return."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Path, Query, Router, Schema, Status

from accord.domain.errors import InvalidInput
from accord.edge.fields import LINE_PATTERN, MAX_REVISION, Code, FilledLine, RevisionNumber
from accord.edge.pagination import Page, Paged, PageQuery, listed
from accord.edge.requests import acting_user as _actor
from accord.members.models import User
from accord.members.public_ids import PublicIdPath, RowKey
from accord.negotiation import exports, selectors, services
from accord.negotiation.adoption_acts import ActRequest, perform_act
from accord.negotiation.amendment_schemas import AmendmentIn, AmendmentOut
from accord.negotiation.models import Document
from accord.negotiation.schemas import (
    AdoptionActIn,
    AdoptionOpenIn,
    AdoptionOut,
    ChairStatementIn,
    DocumentIn,
    DocumentOut,
    RedlineOut,
    RevisionIn,
    RevisionOut,
    SignatureOut,
)

router = Router(tags=["negotiation"])

AmendmentCode = Annotated[Code, Path(max_length=40)]
# A document's public id, given to the handlers as its key (issue 11).
DocumentId = Annotated[RowKey, PublicIdPath(Document)]


class DocumentFilter(Schema):
    status: Code | None = Field(None, max_length=40)
    kind: Code | None = Field(None, max_length=40)
    # Words of the title or of the current revision in any language version.
    q: FilledLine | None = Field(None, max_length=200)


@router.get("/documents", response=Paged[DocumentOut])
def list_documents(
    request: HttpRequest,
    response: HttpResponse,
    filters: Query[DocumentFilter],
    page: Query[PageQuery],
) -> Page[DocumentOut]:
    """A page of the documents the caller may see, newest first (with `q`, those holding
    its words)."""
    rows = selectors.list_documents(
        _actor(request), status=filters.status, kind=filters.kind, q=filters.q, page=page.page()
    )
    return listed(request, response, rows, DocumentOut.build)


@router.post("/documents", response={201: RevisionOut})
def create_document(request: HttpRequest, payload: DocumentIn) -> Status[RevisionOut]:
    actor = _actor(request)
    document = services.create_draft(
        actor=actor,
        kind=payload.kind,
        title=payload.title,
        paragraphs=[p.dict() for p in payload.paragraphs],
        visibility=payload.visibility,
        states=payload.states,
        meeting_id=payload.meeting_id,
        concern_ids=payload.concern_ids,
    )
    view = selectors.get_revision(actor, document.pk)
    return Status(201, RevisionOut.build(view.document, view.row, view.value))


@router.get("/documents/{document_id}", response=RevisionOut)
def read_document(request: HttpRequest, document_id: DocumentId) -> RevisionOut:
    actor = _actor(request)
    document = selectors.get_document(actor, document_id)
    if document.kind == document.Kind.CHAIRS_STATEMENT:
        return _chair_statement_out(document)
    view = selectors.get_revision(actor, document_id)
    return RevisionOut.build(view.document, view.row, view.value)


def _chair_statement_out(document: Any) -> RevisionOut:
    return RevisionOut(
        document=DocumentOut.build(document),
        number=0,
        label="",
        sha256="",
        issued_at=document.created_at,
        adoptable=False,
        paragraphs=[],
        content={},
        chair_statement=document.chair_statement,
    )


@router.get("/documents/{document_id}/revisions/{number}", response=RevisionOut)
def read_revision(
    request: HttpRequest,
    document_id: DocumentId,
    number: int = Path(..., ge=1, le=MAX_REVISION),
) -> RevisionOut:
    view = selectors.get_revision(_actor(request), document_id, number)
    return RevisionOut.build(view.document, view.row, view.value)


@router.post("/documents/{document_id}/revisions", response={201: RevisionOut})
def issue_revision(
    request: HttpRequest, document_id: DocumentId, payload: RevisionIn
) -> Status[RevisionOut]:
    actor = _actor(request)
    services.issue_revision(
        actor=actor,
        document_id=document_id,
        decisions=payload.decisions,
        resolutions={int(bracket): index for bracket, index in payload.resolutions.items()},
        ad_referendum=(
            {int(paragraph): states for paragraph, states in payload.ad_referendum.items()}
            if payload.ad_referendum is not None
            else None
        ),
        title=payload.title,
        based_on=payload.based_on,
    )
    view = selectors.get_revision(actor, document_id)
    return Status(201, RevisionOut.build(view.document, view.row, view.value))


class RedlineQuery(Schema):
    # `from` is a Python keyword: the field has another name and the query keeps its own.
    from_number: RevisionNumber | None = Field(None, alias="from", description="default Rev.1")
    to: RevisionNumber | None = Field(None, description="default: the current revision")


@router.get("/documents/{document_id}/redline", response=RedlineOut)
def redline(
    request: HttpRequest, document_id: DocumentId, query: Query[RedlineQuery]
) -> RedlineOut:
    actor = _actor(request)
    document = selectors.get_document(actor, document_id)
    from_number = query.from_number or 1
    to_number = query.to or document.current_revision
    return RedlineOut.build(selectors.get_redline(actor, document_id, from_number, to_number))


@router.get("/documents/{document_id}/amendments", response=Paged[AmendmentOut])
def list_amendments(
    request: HttpRequest, response: HttpResponse, document_id: DocumentId, page: Query[PageQuery]
) -> Page[AmendmentOut]:
    """A page of the document's amendments, in the order proposed."""
    rows = selectors.list_amendments(_actor(request), document_id, page=page.page())
    return listed(request, response, rows, AmendmentOut.build)


@router.post("/documents/{document_id}/amendments", response={201: AmendmentOut})
def propose_amendment(
    request: HttpRequest, document_id: DocumentId, payload: AmendmentIn
) -> Status[AmendmentOut]:
    actor = _actor(request)
    row = services.propose_amendment(
        actor=actor,
        document_id=document_id,
        against=payload.against,
        kind=payload.kind,
        paragraph_id=payload.paragraph_id,
        text=payload.text,
        span=(payload.span.segment, payload.span.start, payload.span.end) if payload.span else None,
        quote=payload.quote,
        occurrence=payload.occurrence,
        paragraph_kind=payload.paragraph_kind,
        language=payload.language or "",
        translations={code: w.dict() for code, w in payload.translations.items()},
    )
    return Status(201, _amendment(actor, document_id, row.code))


def _amendment(actor: User, document_id: int, code: AmendmentCode) -> AmendmentOut:
    return AmendmentOut.build(selectors.get_amendment(actor, document_id, code))


@router.post("/documents/{document_id}/amendments/{code}/support", response=AmendmentOut)
def support_amendment(
    request: HttpRequest, document_id: DocumentId, code: AmendmentCode
) -> AmendmentOut:
    actor = _actor(request)
    services.support_amendment(actor=actor, document_id=document_id, code=code)
    return _amendment(actor, document_id, code)


@router.post("/documents/{document_id}/amendments/{code}/oppose", response=AmendmentOut)
def oppose_amendment(
    request: HttpRequest, document_id: DocumentId, code: AmendmentCode
) -> AmendmentOut:
    actor = _actor(request)
    services.oppose_amendment(actor=actor, document_id=document_id, code=code)
    return _amendment(actor, document_id, code)


@router.post("/documents/{document_id}/amendments/{code}/withdraw", response=AmendmentOut)
def withdraw_amendment(
    request: HttpRequest, document_id: DocumentId, code: AmendmentCode
) -> AmendmentOut:
    actor = _actor(request)
    services.withdraw_amendment(actor=actor, document_id=document_id, code=code)
    return _amendment(actor, document_id, code)


def _adoption(actor: User, document_id: int) -> AdoptionOut:
    view = selectors.get_adoption(actor, document_id)
    return AdoptionOut.build(view.procedure, view.value, view.evaluation)


@router.get("/documents/{document_id}/adoption", response=AdoptionOut)
def read_adoption(request: HttpRequest, document_id: DocumentId) -> AdoptionOut:
    return _adoption(_actor(request), document_id)


@router.post("/documents/{document_id}/adoption", response={201: AdoptionOut})
def open_adoption(
    request: HttpRequest, document_id: DocumentId, payload: AdoptionOpenIn
) -> Status[AdoptionOut]:
    actor = _actor(request)
    services.open_adoption(
        actor=actor,
        document_id=document_id,
        kind=payload.kind,
        deadline=payload.deadline,
        absent=payload.absent,
    )
    return Status(201, _adoption(actor, document_id))


@router.post("/documents/{document_id}/adoption/acts", response=AdoptionOut)
def act(request: HttpRequest, document_id: DocumentId, payload: AdoptionActIn) -> AdoptionOut:
    actor = _actor(request)
    asked = ActRequest(
        payload.act, payload.reason, payload.confirm_by, payload.paragraphs, payload.signed
    )
    done = perform_act(actor=actor, document_id=document_id, asked=asked)
    view = selectors.adoption_after(done)  # the document is not read a second time
    return AdoptionOut.build(view.procedure, view.value, view.evaluation)


@router.post("/documents/{document_id}/chairs-statement", response={201: DocumentOut})
def chairs_statement(
    request: HttpRequest, document_id: DocumentId, payload: ChairStatementIn
) -> Status[DocumentOut]:
    issued = services.issue_chairs_statement(
        actor=_actor(request), document_id=document_id, text=payload.text
    )
    return Status(201, DocumentOut.build(issued))


@router.get("/documents/{document_id}/signatures", response=Paged[SignatureOut])
def list_signatures(
    request: HttpRequest, response: HttpResponse, document_id: DocumentId, page: Query[PageQuery]
) -> Page[SignatureOut]:
    """A page of the document's signatures, by state."""
    rows = selectors.list_signatures(_actor(request), document_id, page=page.page())
    return listed(request, response, rows, SignatureOut.build)


@router.post(
    "/documents/{document_id}/signatures",
    response={201: SignatureOut},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "description": "A signature (state, key_fingerprint, signed_at, "
                        "signature, adoption_record_sha256), or the whole bundle signed "
                        "with `accord sign`, from which the caller's state's signature is "
                        "taken; for a state under its roster, the head's signed act "
                        "(act, key_fingerprint, signature) over the challenge of "
                        "`POST /documents/{id}/signatures/challenge`.",
                        "maxProperties": 100,
                        "propertyNames": {"pattern": LINE_PATTERN, "maxLength": 64},
                        "additionalProperties": {"$ref": "#/components/schemas/Datum"},
                    }
                }
            },
        }
    },
)
def submit_signature(request: HttpRequest, document_id: DocumentId) -> Status[SignatureOut]:
    actor = _actor(request)
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("the body is not JSON: send a signature or a signed bundle") from None
    row = services.submit_signature(
        actor=actor, document_id=document_id, signature=services.signature_from(body, actor)
    )
    return Status(201, SignatureOut.build(row))


@router.get("/documents/{document_id}/bundle")
def bundle(request: HttpRequest, document_id: DocumentId) -> HttpResponse:
    data = selectors.get_bundle(_actor(request), document_id)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    name = f"document-{document_id.public_id}-bundle.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ExportQuery(Schema):
    format: Literal["html", "md", "pdf", "akn"] = "html"


@router.get("/documents/{document_id}/export")
def export(
    request: HttpRequest, document_id: DocumentId, query: Query[ExportQuery]
) -> HttpResponse:
    return exports.export_response(_actor(request), document_id, query.format)


# Issue 12's routes live in their own module.
from accord.negotiation import signed_acts_api  # noqa: E402

router.add_router("", signed_acts_api.router)
