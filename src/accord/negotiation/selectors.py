"""Every read of negotiation, scoped to who asks (rule 5): lists filter in the query, and a
document the viewer may not see is `NotFound` exactly like one that does not exist.

Reads never write (issue 16): a procedure that is due is settled by `accord tick` and by
the next act on it (`services.settle_procedure`); until then a read shows the outcome the
domain computes now (`consensus.evaluate`), without persisting it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import consensus, negotiation, search
from accord.domain.errors import InvalidInput, NotFound, RuleViolation
from accord.edge.pagination import FIRST_PAGE, Page, PageRequest, paginate
from accord.edge.search import answering, read_query
from accord.members.models import SigningKey, User
from accord.negotiation.domain_values import bundle_for, procedure_value, revision_value
from accord.negotiation.models import (
    AdoptionAct,
    AdoptionProcedure,
    Amendment,
    AmendmentStance,
    Document,
    Revision,
    Signature,
)
from accord.negotiation.permissions import document_for, visible_documents


def _user(user: Any) -> User | None:
    # Django gives pages an AnonymousUser; the rule reads it as the public.
    return user if isinstance(user, User) and user.is_authenticated else None


def list_documents(
    user: Any,
    *,
    status: str | None = None,
    kind: str | None = None,
    q: str | None = None,
    page: PageRequest = FIRST_PAGE,
) -> Page[Document]:
    """A page of the documents `user` may see, newest first; with `q`, those whose title or
    current revision, in any of its language versions, holds its words (`accord.edge.search`)."""
    queryset = _listed(user) if q is None else found_documents(user, read_query(q))
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return paginate(queryset, page)


def _listed(user: Any) -> QuerySet[Document]:
    # The meeting and the text a chair's statement is based on give their public ids.
    return visible_documents(_user(user)).select_related("meeting", "based_on")


def found_documents(user: Any, words: search.Query, *, also: Q | None = None) -> QuerySet[Document]:
    """The documents `user` may see whose title or current revision, in any of its language
    versions, holds `words`, or that `also` names (`accord.search`: a registry symbol);
    the reader's scope applies to both."""
    condition = answering(words) if also is None else answering(words) | also
    return _listed(user).filter(condition)


def get_document(user: Any, document_id: int, *, now: datetime | None = None) -> Document:
    """The document as stored (a due adoption is not settled by a read); NotFound for
    absent or hidden."""
    return _settled(document_for(_user(user), document_id), now or timezone.now())[0]


def _settled(document: Document, moment: datetime) -> tuple[Document, AdoptionProcedure | None]:
    """`document` and its pending procedure (acts prefetched), if any. A due procedure is
    not settled here: the read evaluates it at `moment` (see `_adoption_of`) and writes
    nothing; `accord tick` or the next act persists the outcome."""
    if document.status != Document.Status.ADOPTION:
        return document, None
    pending = (
        document.procedures.filter(outcome=AdoptionProcedure.Outcome.PENDING)
        .select_related("revision", "terms")
        .prefetch_related("acts")
        .first()
    )
    if pending is not None:
        pending.document = document
    return document, pending


@dataclass(frozen=True)
class RevisionView:
    document: Document
    row: Revision
    value: negotiation.Revision


def get_revision(user: Any, document_id: int, number: int | None = None) -> RevisionView:
    """A revision of a visible document (the current one by default)."""
    document = get_document(user, document_id)
    wanted = document.current_revision if number is None else number
    row = document.revisions.filter(number=wanted).first()
    if row is None:
        raise NotFound(_("No such revision."))
    return RevisionView(document, row, revision_value(row))


def list_revisions(user: Any, document_id: int) -> list[Revision]:
    return list(get_document(user, document_id).revisions.order_by("number"))


def get_redline(
    user: Any, document_id: int, from_number: int, to_number: int
) -> negotiation.Redline:
    """The redline between two revisions (InvalidInput unless from < to, both exist)."""
    document = get_document(user, document_id)
    low, high = min(from_number, to_number), max(from_number, to_number)
    rows = document.revisions.filter(number__gte=low, number__lte=high)
    return negotiation.redline([revision_value(r) for r in rows], from_number, to_number)


def list_amendments(
    user: Any, document_id: int, *, against: int | None = None, page: PageRequest = FIRST_PAGE
) -> Page[Amendment]:
    """A page of the amendments of a visible document with their supporters and opponents,
    in the order proposed."""
    return paginate(_amendment_rows(get_document(user, document_id), against=against), page)


def get_amendment(user: Any, document_id: int, code: str) -> Amendment:
    """One amendment of a visible document, by its code; NotFound when there is none."""
    found = _amendment_rows(get_document(user, document_id)).filter(code=code).first()
    if found is None:
        raise NotFound("no such amendment")
    return found


def _amendment_rows(document: Document, *, against: int | None = None) -> QuerySet[Amendment]:
    queryset = document.amendments.select_related("proposer_state").prefetch_related(
        Prefetch("stances", queryset=AmendmentStance.objects.order_by("state_id"))
    )
    if against is not None:
        queryset = queryset.filter(against=against)
    return queryset


@dataclass(frozen=True)
class AdoptionView:
    procedure: AdoptionProcedure
    value: consensus.Procedure
    evaluation: consensus.Evaluation


def get_adoption(user: Any, document_id: int, *, now: datetime | None = None) -> AdoptionView:
    """The latest adoption procedure on a visible document, as the domain evaluates it now."""
    moment = now or timezone.now()
    document, pending = _settled(document_for(_user(user), document_id), moment)
    return _adoption_of(document, pending, moment)


def _adoption_of(
    document: Document, pending: AdoptionProcedure | None, moment: datetime
) -> AdoptionView:
    row = pending or (
        document.procedures.select_related("document", "revision", "terms")
        .prefetch_related("acts")
        .order_by("-opened_at")
        .first()
    )
    if row is None:
        raise NotFound(_("No adoption procedure has been opened on this document."))
    value = procedure_value(row)
    # A persisted outcome (settled by `accord tick` at its own `now`) is final: evaluate no
    # earlier than the instant it was decided.
    if row.decided_at is not None and row.decided_at > moment:
        moment = row.decided_at
    return AdoptionView(row, value, consensus.evaluate(value, moment))


def adoption_after(act: AdoptionAct) -> AdoptionView:
    """The procedure `act` was just applied to, as it now stands: the answer to the request
    that made the act, whose service has found the document visible to its actor."""
    row = act.procedure
    prefetch_related_objects([row], "acts")
    value = procedure_value(row)
    moment = timezone.now()
    if row.decided_at is not None and row.decided_at > moment:
        moment = row.decided_at
    return AdoptionView(row, value, consensus.evaluate(value, moment))


@dataclass(frozen=True)
class DocumentPage:
    """What the document page shows, each row read once."""

    document: Document
    revision: RevisionView | None  # None for a chair's statement, which has its own page
    amendments: Page[Amendment]  # a page of those to the current revision
    earlier: Page[Amendment]  # a page of those to earlier revisions, when asked for
    adoption: AdoptionView | None
    signatures: list[Signature]
    chairs_statements: list[Document]


AMENDMENT_LISTS = ("pending", "earlier")


def get_document_page(
    user: Any, document_id: int, *, page: PageRequest = FIRST_PAGE, listing: str | None = None
) -> DocumentPage:
    """The current revision, a page of the amendments to it, the adoption, signatures and
    chair's statements of a visible document, for its page. `page` is a page of the
    `listing`: "pending" (the default), or "earlier", which also reads a page of the
    amendments to earlier revisions (only then: the first page of the amendments to the
    current one beside it)."""
    if listing is not None and listing not in AMENDMENT_LISTS:
        raise InvalidInput(_("list: pending or earlier"), field="list")
    moment = timezone.now()
    viewer = _user(user)
    document, pending = _settled(document_for(viewer, document_id), moment)
    if document.kind == Document.Kind.CHAIRS_STATEMENT:
        return DocumentPage(document, None, Page([], None), Page([], None), None, [], [])
    row = document.revisions.filter(number=document.current_revision).first()
    if row is None:
        raise NotFound(_("No such revision."))
    try:
        adoption: AdoptionView | None = _adoption_of(document, pending, moment)
    except NotFound:
        adoption = None
    return DocumentPage(
        document=document,
        revision=RevisionView(document, row, revision_value(row)),
        amendments=paginate(
            _amendment_rows(document, against=document.current_revision),
            page if listing in (None, "pending") else PageRequest(size=page.size),
        ),
        earlier=paginate(_amendment_rows(document).exclude(against=document.current_revision), page)
        if listing == "earlier"
        else Page([], None),
        adoption=adoption,
        signatures=list(document.signatures.select_related("state")),
        chairs_statements=list(visible_documents(viewer).filter(based_on=document)),
    )


def list_signatures(
    user: Any, document_id: int, *, page: PageRequest = FIRST_PAGE
) -> Page[Signature]:
    """A page of the signatures of a visible document, by state."""
    document = get_document(user, document_id)
    rows = document.signatures.select_related("state")
    return paginate(rows, page, order=("state_id", "id"))


def adopted_procedure(document: Document) -> AdoptionProcedure:
    """The procedure that adopted `document`; RuleViolation while it is not adopted."""
    row = document.procedures.filter(outcome=AdoptionProcedure.Outcome.ADOPTED).first()
    if row is None:
        raise RuleViolation(_("The document has not been adopted."))
    return row


def get_bundle(user: Any, document_id: int) -> dict[str, Any]:
    """The verification bundle of an adopted, visible document."""
    document = get_document(user, document_id)
    row = adopted_procedure(document)
    assert row.record is not None
    keys = SigningKey.objects.filter(state_id__in=row.record["adopted_by"])
    return bundle_for(row, keys, document.signatures.all())


def list_chairs_statements(user: Any, document_id: int) -> QuerySet[Document]:
    """Chair's statements issued on a document, as far as `user` may see them."""
    document = get_document(user, document_id)
    return visible_documents(_user(user)).filter(based_on=document)
