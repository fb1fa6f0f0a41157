"""The one search: a page of each kind of result, each read by its app's selector, so that
what a reader finds is what that app's pages and lists show them (rule 5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q

from accord.dialogue import selectors as dialogue
from accord.dialogue.models import Concern, Intervention
from accord.domain.errors import InvalidInput
from accord.edge.pagination import FIRST_PAGE, InvalidCursor, Page, PageRequest, paginate
from accord.edge.search import read_query
from accord.languages.models import DocumentLanguages, RevisionVersion
from accord.negotiation import selectors as negotiation
from accord.negotiation.models import Document
from accord.registry.models import RegisterEntry

KINDS = ("concerns", "interventions", "documents")
NEWEST_FIRST = ("-id",)


@dataclass(frozen=True)
class SearchResults:
    concerns: Page[Concern]
    interventions: Page[Intervention]
    documents: Page[Document]
    symbols: dict[int, str]  # the registry symbol of each document on the page that has one
    # The title of each language version of a document's current revision, by language
    # (its working language's included), for the documents on the page negotiated in more
    # than one language.
    titles: dict[int, dict[str, str]]


def search(
    user: Any, query: str, *, kind: str | None = None, page: PageRequest = FIRST_PAGE
) -> SearchResults:
    """A page of the concerns, one of the interventions and one of the documents matching
    `query`, among those the user may see, newest first: Chinese found by its words inside
    unspaced text, Russian in any inflection (`accord.edge.search`), alike on PostgreSQL and
    SQLite; a document also by its registry symbol, written in full. With `kind`, only that
    one (its next pages: a cursor belongs to one kind's results, so a cursor without `kind`
    is refused)."""
    words = read_query(query)
    if kind is not None and kind not in KINDS:
        raise InvalidInput("kind: concerns, interventions or documents", field="kind")
    if kind is None and page.cursor is not None:
        raise InvalidCursor()
    none: Page[Any] = Page([], None)

    def wanted(name: str) -> bool:
        return kind in (None, name)

    documents = none
    if wanted("documents"):
        found = negotiation.found_documents(user, words, also=_by_symbol(query))
        documents = paginate(found, page)
    return SearchResults(
        concerns=paginate(dialogue.found_concerns(user, words), page, order=NEWEST_FIRST)
        if wanted("concerns")
        else none,
        interventions=paginate(dialogue.found_interventions(user, words), page, order=NEWEST_FIRST)
        if wanted("interventions")
        else none,
        documents=documents,
        symbols=_symbols(documents),
        titles=_titles(documents),
    )


def _by_symbol(query: str) -> Q:
    """The documents registered under the symbol `query` (any case), as ids, so that the
    database can still answer the words from its index beside them. Not scoped here: the
    documents' selector keeps only those the reader may see."""
    ids = RegisterEntry.objects.filter(symbol__iexact=query.strip()).values_list(
        "document_id", flat=True
    )
    return Q(pk__in=list(ids))


def _symbols(documents: Page[Document]) -> dict[int, str]:
    # The page holds only documents the reader may see: their symbols are theirs to read.
    pairs = RegisterEntry.objects.filter(document_id__in=[d.pk for d in documents])
    return dict(pairs.values_list("document_id", "symbol"))


def _titles(documents: Page[Document]) -> dict[int, dict[str, str]]:
    """The versions' titles of the page's documents' current revisions (two queries; the
    page holds only documents the reader may see, and their versions are theirs to read)."""
    by_id = {d.pk: d for d in documents}
    working = dict(
        DocumentLanguages.objects.filter(document_id__in=list(by_id)).values_list(
            "document_id", "working_language"
        )
    )
    titles: dict[int, dict[str, str]] = {
        pk: {code: by_id[pk].title} for pk, code in working.items()
    }
    versions = RevisionVersion.objects.filter(
        revision__document_id__in=list(working),
        revision__number=F("revision__document__current_revision"),
    ).values_list("revision__document_id", "language", "content__title")
    for pk, language, title in versions:
        if isinstance(title, str):
            titles[pk][language] = title
    return {pk: found for pk, found in titles.items() if len(found) > 1}
