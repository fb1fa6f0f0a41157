"""Wordings a facilitator proposes for the paragraph given, and the chair brings into a
revision.

A facilitator appointed for a paragraph, where the rules of procedure give facilitators the
power to propose wording, puts a wording to the states for that paragraph only (refused
outside it, with the reason). The chair brings it into the next revision: it is taken in
as the chair's amendment replacing the paragraph (agreed text or a bracketed alternative)
and the revision is issued, deciding the other pending amendments as the chair says, in one
transaction: a revision that cannot be issued leaves the wording waiting.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from accord.domain import events, procedure
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.domain.text import check_prose
from accord.edge.pagination import Page, PageRequest, paginate
from accord.ledger.services import record
from accord.members.models import User
from accord.negotiation import services as negotiation_services
from accord.negotiation.domain_values import revision_value
from accord.negotiation.models import Document, Revision
from accord.negotiation.permissions import document_for, presides

from .chairing import may_act
from .models import ChairOffice, FacilitatorWording

MAX_WORDING = 20000


def _paragraph_id(document: Document, number: str) -> int:
    """The id of the paragraph numbered `number` in the current revision."""
    row = Revision.objects.get(document=document, number=document.current_revision)
    labels = revision_value(row).labels()
    found = next((pid for pid, label in labels.items() if label == number), None)
    if found is None:
        raise InvalidInput(_("paragraph: the text has no such paragraph."), field="paragraph")
    return found


@transaction.atomic
def propose_wording(
    *, actor: User, document_id: int, paragraph: str, text: str
) -> FacilitatorWording:
    """The paragraph's facilitator (or the chair) proposes a wording for it."""
    document = document_for(actor, document_id, lock=True)
    may_act(actor, document, procedure.Power.PROPOSE_WORDING, paragraph=paragraph)
    if document.status != Document.Status.NEGOTIATION:
        raise RuleViolation(_("Wordings are proposed for a text in negotiation."))
    _paragraph_id(document, paragraph)
    words = check_prose((text or "").strip(), field="text")
    if not words or len(words) > MAX_WORDING:
        raise InvalidInput(_("text: 1 to 20000 characters."), field="text")
    row = FacilitatorWording.objects.create(
        document=document, paragraph=paragraph, against=document.current_revision, text=words,
        proposed_by=actor,
    )  # fmt: skip
    record(
        actor=actor,
        action=events.WORDING_PROPOSED,
        obj=row,
        audience=document.audience,
        payload={
            "document": document.public_id, "paragraph": paragraph,
            "against": row.against, "text": words,
        },
    )  # fmt: skip
    return row


@transaction.atomic
def bring_in(
    *,
    actor: User,
    wording_id: int,
    decision: str = "agreed",
    decisions: Mapping[str, str] | None = None,
) -> FacilitatorWording:
    """The chair brings the wording into the next revision, as agreed text or bracketed;
    `decisions` decide the other amendments pending against the current revision."""
    row = FacilitatorWording.objects.select_for_update().filter(pk=wording_id).first()
    if row is None:
        raise NotFound(_("No such wording."))
    document = document_for(actor, row.document_id, lock=True)
    if not presides(actor, document.meeting_id):
        raise NotPermitted(_("Only the chair or a co-chair brings a wording into a revision."))
    if row.revision is not None:
        raise RuleViolation(_("This wording is already in a revision."))
    if row.against != document.current_revision:
        raise RuleViolation(_("The wording was put on an earlier revision: propose it again."))
    if decision not in ("agreed", "bracketed"):
        raise InvalidInput(_("decision: agreed or bracketed."), field="decision")
    amendment = negotiation_services.propose_amendment(
        actor=actor, document_id=document.pk, against=document.current_revision,
        kind="replace-paragraph", paragraph_id=_paragraph_id(document, row.paragraph),
        text=row.text,
    )  # fmt: skip
    revision = negotiation_services.issue_revision(
        actor=actor, document_id=document.pk,
        decisions={**(decisions or {}), amendment.code: decision},
        based_on=document.current_revision,
    )  # fmt: skip
    row.revision, row.amendment = revision.number, amendment.code
    row.save(update_fields=["revision", "amendment"])
    record(
        actor=actor,
        action=events.WORDING_BROUGHT_IN,
        obj=row,
        audience=document.audience,
        payload={
            "document": document.public_id, "paragraph": row.paragraph,
            "revision": revision.number, "amendment": amendment.code, "decision": decision,
        },
    )  # fmt: skip
    return row


def wordings(user: User, document_id: int, page: PageRequest) -> Page[FacilitatorWording]:
    """A page of the wordings proposed on a document the user may see, the newest first."""
    document = document_for(user, document_id)
    found = FacilitatorWording.objects.filter(document=document).select_related("proposed_by")
    return paginate(found, page)


def proposable_paragraphs(user: User, document: Document) -> list[str]:
    """The paragraphs of the current revision `user` may propose a wording for, as the page
    offers them: every one for the chair or a co-chair, a facilitator's own paragraph of
    this text; the service decides again (the rules may not give facilitators the power)."""
    if document.status != Document.Status.NEGOTIATION:
        return []
    row = Revision.objects.get(document=document, number=document.current_revision)
    labels = list(revision_value(row).labels().values())
    if presides(user, document.meeting_id):
        return labels
    given = set(
        ChairOffice.objects.filter(
            holder=user, document=document, office=ChairOffice.Office.FACILITATOR,
            ended_at__isnull=True,
        ).values_list("paragraph", flat=True)
    )  # fmt: skip
    return [label for label in labels if label in given]
