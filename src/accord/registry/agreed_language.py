"""Agreed language for a drafter (DESIGN §2 rule 8, a translation memory): the aligned
paragraphs of every adopted text the reader may see, cited by symbol, ranked by the domain
(`agreed_language.rank_agreed_language`) against what the reader is writing or the
paragraph being amended.

A read: it takes the viewer and filters in the query (rule 5). A restricted adopted text
is agreed language only for the states it names; a text the reader may not see is never
offered, cited or counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from accord.domain import agreed_language, negotiation
from accord.domain.errors import DomainError, InvalidInput
from accord.languages.deployment import deployment_languages
from accord.languages.models import DocumentLanguages, RevisionVersion
from accord.languages.selectors import setting_of, versions_in
from accord.languages.services import check_language
from accord.members.models import User
from accord.negotiation.domain_values import revision_value
from accord.negotiation.models import Document, Revision
from accord.negotiation.permissions import document_for, visible_documents
from accord.registry.models import RegisterEntry

# The adopted texts the memory reads, newest first: bounds the work of one request.
MEMORY_DOCUMENTS = 200
QUERY_LIMIT = 2_000


def _viewer(user: Any) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated else None


def _agreed_texts(
    value: negotiation.Revision, versions: dict[str, negotiation.Revision]
) -> Iterable[tuple[str, dict[str, str]]]:
    labels = value.labels()
    for paragraph in value.paragraphs:
        texts = {}
        for code, version in versions.items():
            try:
                texts[code] = version.paragraph(paragraph.id).agreed_text()
            except DomainError:
                continue  # a version that does not hold the paragraph agreed offers nothing
        yield labels[paragraph.id], texts


def agreed_memory(
    user: Any, *, excluding: int | None = None
) -> list[agreed_language.AgreedParagraph]:
    """Every paragraph of the adopted texts `user` may see, in each of their languages.

    Four queries whatever the number of texts: the documents, their adopted revisions,
    their language settings and their versions.
    """
    adopted = visible_documents(_viewer(user)).filter(status=Document.Status.ADOPTED)
    if excluding is not None:
        adopted = adopted.exclude(pk=excluding)
    documents = list(adopted.order_by("-adopted_at", "-id")[:MEMORY_DOCUMENTS])
    rows = {
        r.document_id: r
        for r in Revision.objects.filter(
            document__in=documents, number=F("document__current_revision")
        )
    }
    settings = {s.document_id: s for s in DocumentLanguages.objects.filter(document__in=documents)}
    stored: dict[int, dict[str, dict[str, Any]]] = {}
    for version in RevisionVersion.objects.filter(revision__in=rows.values()):
        stored.setdefault(version.revision_id, {})[version.language] = version.content
    symbols = dict(
        RegisterEntry.objects.filter(document__in=documents).values_list("document_id", "symbol")
    )
    memory = []
    for document in documents:
        row = rows.get(document.pk)
        if row is None:
            continue
        value = revision_value(row)
        setting = settings.get(document.pk)
        working = setting.working_language if setting else deployment_languages()[0]
        versions = {working: value}
        for code, content in stored.get(row.pk, {}).items():
            versions[code] = negotiation.revision_from_dict(content)
        source = symbols.get(document.pk, document.title)
        for label, texts in _agreed_texts(value, versions):
            memory.append(agreed_language.AgreedParagraph(source, document.public_id, label, texts))
    return memory


def _paragraph_text(document: Document, language: str, paragraph_id: int) -> str:
    """The paragraph being amended, as the current revision has it in `language` (the
    working language's text while that version is missing)."""
    row = Revision.objects.get(document=document, number=document.current_revision)
    working, _codes = setting_of(document)
    versions = versions_in(document, row)
    value = versions.get(language) or versions[working]
    assert value is not None
    if paragraph_id not in {p.id for p in value.paragraphs}:
        raise InvalidInput(_("The current revision has no such paragraph."), field="paragraph")
    return value.paragraph(paragraph_id).render()


def suggest_agreed_language(
    user: Any,
    document_id: int,
    *,
    language: str | None = None,
    paragraph_id: int | None = None,
    text: str = "",
    limit: int = agreed_language.DEFAULT_LIMIT,
) -> tuple[str, tuple[agreed_language.Suggestion, ...]]:
    """(the language ranked in, the agreed language closest to `text`, or else to the
    paragraph being amended), for an amendment to `document_id`. NotFound when the reader
    may not see the document; the document's working language when `language` is None."""
    document = document_for(_viewer(user), document_id)
    code = check_language(language) if language else setting_of(document)[0]
    if len(text) > QUERY_LIMIT:
        raise InvalidInput(_("The words to compare are at most 2,000 characters."), field="text")
    query = text.strip()
    if not query and paragraph_id is not None:
        query = _paragraph_text(document, code, paragraph_id)
    memory = agreed_memory(user, excluding=document.pk)
    return code, agreed_language.rank_agreed_language(query, code, memory, limit=limit)
