"""Revisions: issuing the next revision of a text."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import events, negotiation
from accord.domain.errors import InvalidInput, RuleViolation
from accord.ledger.services import record
from accord.members.models import User
from accord.negotiation.domain_values import amendment_value
from accord.negotiation.models import Amendment, Document, Revision
from accord.negotiation.permissions import document_for, require_chair

from .drafts import _check_title, _current, _require_negotiation
from .search_index import index_document


@dataclass(frozen=True)
class IssuedRevision:
    """What a revision was issued from, for the apps that follow it (`REVISION_FOLLOWERS`)."""

    actor: User
    document: Document
    previous: Revision
    row: Revision
    amendments: list[Amendment]
    decisions: dict[str, negotiation.Decision]
    resolutions: dict[int, int]
    ad_referendum: dict[int, frozenset[str]] | None
    title_changed: bool
    now: datetime


# What other apps do when a revision is issued (languages: each version updated from the
# amendments' wordings), inside `issue_revision`'s transaction, the document row locked.
REVISION_FOLLOWERS: list[Callable[[IssuedRevision], None]] = []


@transaction.atomic
def issue_revision(
    *,
    actor: User,
    document_id: int,
    decisions: Mapping[str, str],
    resolutions: Mapping[int, int] | None = None,
    ad_referendum: Mapping[int, Sequence[str]] | None = None,
    title: str | None = None,
    based_on: int | None = None,
    now: datetime | None = None,
) -> Revision:
    """The chair issues the next revision, deciding every pending amendment.

    `based_on` is the revision the chair was looking at: if another revision was issued in
    the meantime the request is stale and refused.
    """
    document = document_for(actor, document_id, lock=True)
    previous = Revision.objects.get(document=document, number=document.current_revision)
    revision, rows, parsed_decisions = check_revision(
        actor=actor,
        document=document,
        decisions=decisions,
        resolutions=resolutions,
        ad_referendum=ad_referendum,
        title=title,
        based_on=based_on,
    )
    moment = now or timezone.now()
    row = do_issue_revision(
        actor=actor,
        document=document,
        revision=revision,
        rows=rows,
        decisions=parsed_decisions,
        title=title,
        now=moment,
    )
    issued = IssuedRevision(
        actor=actor, document=document, previous=previous, row=row,
        amendments=[a for a in rows if a.withdrawn_at is None], decisions=parsed_decisions,
        resolutions={int(b): int(i) for b, i in (resolutions or {}).items()},
        ad_referendum=(
            None if ad_referendum is None
            else {int(p): frozenset(c) for p, c in ad_referendum.items()}
        ),
        title_changed=title is not None and title.strip() != previous.content.get("title"),
        now=moment,
    )  # fmt: skip
    for follow in REVISION_FOLLOWERS:
        follow(issued)
    return row


def check_revision(
    *,
    actor: User,
    document: Document,
    decisions: Mapping[str, str],
    resolutions: Mapping[int, int] | None,
    ad_referendum: Mapping[int, Sequence[str]] | None,
    title: str | None,
    based_on: int | None,
) -> tuple[negotiation.Revision, list[Amendment], dict[str, negotiation.Decision]]:
    """Every refusal of `issue_revision`, in its order; writes nothing. Returns the next
    revision as the domain computes it, the pending amendments' rows and the decisions.
    Precondition: the document row is locked."""
    chair_state = require_chair(actor, meeting_id=document.meeting_id)
    _require_negotiation(document)
    if based_on is not None and based_on != document.current_revision:
        raise RuleViolation(_("Rev.%(n)s is no longer the current revision.") % {"n": based_on})
    if title is not None:
        _check_title(title.strip())
    current = _current(document)
    rows = list(
        document.amendments.filter(against=document.current_revision)
        .select_related("document")
        .prefetch_related("stances")
    )
    try:
        parsed_decisions = {code: negotiation.Decision(d) for code, d in decisions.items()}
    except ValueError:
        raise InvalidInput(_("A decision is agreed, bracketed or left-out.")) from None
    reserved = None
    if ad_referendum is not None:
        reserved = {int(pid): frozenset(codes) for pid, codes in ad_referendum.items()}
    revision = negotiation.issue_revision(
        current,
        chair=chair_state.code,
        amendments=[amendment_value(row) for row in rows],
        decisions=parsed_decisions,
        resolutions={int(b): int(i) for b, i in (resolutions or {}).items()},
        ad_referendum=reserved,
        title=title,
    )
    return revision, rows, parsed_decisions


def do_issue_revision(
    *,
    actor: User,
    document: Document,
    revision: negotiation.Revision,
    rows: list[Amendment],
    decisions: dict[str, negotiation.Decision],
    title: str | None,
    now: datetime | None,
) -> Revision:
    """Store the revision, the amendments' decisions and the document's new state; record it.

    Lock: the document row, inside the caller's transaction.
    """
    parsed_decisions = decisions
    moment = now or timezone.now()
    row = Revision.objects.create(
        document=document,
        number=revision.number,
        content=negotiation.revision_to_dict(revision),
        sha256=negotiation.revision_hash(revision),
        issued_by=actor,
        issued_at=moment,
    )
    for amendment in rows:
        if amendment.withdrawn_at is None:
            amendment.decision = parsed_decisions[amendment.code].value
            amendment.save(update_fields=["decision"])
    document.current_revision = revision.number
    fields = ["current_revision"]
    if title is not None and title.strip():
        document.title = revision.title
        fields.append("title")
    document.save(update_fields=fields)
    index_document(document=document)
    record(
        actor=actor,
        action=events.REVISION_ISSUED,
        obj=row,
        audience=document.audience,
        payload={
            "document": document.public_id,
            "revision": revision.number,
            "sha256": row.sha256,
            "decisions": {code: d.value for code, d in sorted(parsed_decisions.items())},
            "open_paragraphs": list(revision.open_paragraphs),
        },
    )
    return row
