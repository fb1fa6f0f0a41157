"""`GET /search` (DESIGN §5): a page of each kind of result. The handler parses, calls the
one selector and returns."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from accord.dialogue.api import ConcernOut, InterventionOut
from accord.edge.fields import FilledLine
from accord.edge.pagination import PageQuery, next_url
from accord.edge.requests import acting_user
from accord.negotiation.models import Document
from accord.negotiation.schemas import DocumentOut
from accord.search import selectors

router = Router(tags=["dialogue"])


class FoundDocumentOut(DocumentOut):
    """A document as `GET /documents` lists it, with its registry symbol (null when it is
    not registered) and the title of each language version of its current revision, by
    language (`en`, `zh`, `ru`; empty for a text in one language)."""

    symbol: str | None
    titles: dict[str, str]

    @staticmethod
    def found(document: Document, results: selectors.SearchResults) -> FoundDocumentOut:
        listed = DocumentOut.build(document)
        return FoundDocumentOut(
            **listed.dict(),
            symbol=results.symbols.get(document.pk),
            titles=results.titles.get(document.pk, {}),
        )


class SearchNextOut(Schema):
    """The address of the next page of each kind of result (`?kind=…&cursor=…`), or null."""

    concerns: str | None
    interventions: str | None
    documents: str | None


class SearchOut(Schema):
    # The query is not echoed back, so that an answer holds only what was found.
    concerns: list[ConcernOut]
    interventions: list[InterventionOut]
    documents: list[FoundDocumentOut]
    next: SearchNextOut


# The operation keeps the id it had when the dialogue's API answered it (before documents
# were searched here), so that the public document only gains.
@router.get("/search", response=SearchOut, operation_id="accord_dialogue_api_search")
def search(
    request: HttpRequest,
    page: Query[PageQuery],
    q: FilledLine = Query(..., max_length=200),  # noqa: B008 - Ninja's way
    kind: Literal["concerns", "interventions", "documents"] | None = None,
) -> SearchOut:
    """A page of each kind of result; `next` links to the next page of each (`?kind=` and
    `?cursor=`: a cursor belongs to one kind's results)."""
    results = selectors.search(acting_user(request), q, kind=kind, page=page.page())
    return SearchOut(
        concerns=[ConcernOut.build(c) for c in results.concerns],
        interventions=[InterventionOut.build(i) for i in results.interventions],
        documents=[FoundDocumentOut.found(d, results) for d in results.documents],
        next=SearchNextOut(
            concerns=next_url(request, results.concerns.next, kind="concerns"),
            interventions=next_url(request, results.interventions.next, kind="interventions"),
            documents=next_url(request, results.documents.next, kind="documents"),
        ),
    )
