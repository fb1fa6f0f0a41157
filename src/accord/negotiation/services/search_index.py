"""A document's search column: the terms of its title and of its current revision, in the
working language and in every language version submitted for that revision (a chair's
statement: its title and text), rewritten whenever one of them changes.

Revisions are immutable, so the column lives on the document and follows its current
revision: a new revision replaces the terms (its versions are not in yet), a version
submitted for the current revision adds its terms (`accord.languages.services`).
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.domain import negotiation, search
from accord.negotiation.domain_values import revision_value
from accord.negotiation.models import Document, Revision


def _texts(value: negotiation.Revision) -> list[str]:
    # Every alternative of every bracket is searchable: a delegate looks for wording proposed.
    return [value.title, *(p.render() for p in value.paragraphs)]


def document_terms(document: Document, versions: Sequence[negotiation.Revision] = ()) -> str:
    """The terms search finds `document` under, its language `versions` included."""
    if document.chair_statement is not None:
        return search.index_terms(document.title, str(document.chair_statement.get("text", "")))
    row = Revision.objects.filter(document=document, number=document.current_revision).first()
    texts = [document.title]
    if row is not None:
        texts += _texts(revision_value(row))
    for version in versions:
        texts += _texts(version)
    return search.index_terms(*texts)


def index_document(*, document: Document, versions: Sequence[negotiation.Revision] = ()) -> None:
    """Rewrite the document's search column from its current revision and `versions` (the
    current revision's other language versions).

    Lock: the document row (or a row made in the caller's transaction).
    """
    document.search_terms = document_terms(document, versions)
    document.save(update_fields=["search_terms"])
