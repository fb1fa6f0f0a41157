"""The chair's statement, issued when a text is not adopted by consensus."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import consensus, events
from accord.domain.errors import RuleViolation
from accord.ledger.services import record
from accord.members.models import User
from accord.negotiation.domain_values import (
    procedure_value,
)
from accord.negotiation.models import (
    Document,
)
from accord.negotiation.permissions import document_for, require_chair

from .search_index import index_document


@transaction.atomic
def issue_chairs_statement(
    *, actor: User, document_id: int, text: str, now: datetime | None = None
) -> Document:
    """When consensus fails, the chair's statement under the chair's own responsibility:
    labelled as such, never signed, never presented as agreed."""
    document = document_for(actor, document_id, lock=True)
    require_chair(actor, meeting_id=document.meeting_id)
    moment = now or timezone.now()
    row = document.procedures.select_related("document", "revision").order_by("-opened_at").first()
    if row is None:
        raise RuleViolation(_("No adoption procedure has been held on this document."))
    statement = consensus.chair_statement(procedure_value(row), moment, text=text)
    issued = Document.objects.create(
        kind=Document.Kind.CHAIRS_STATEMENT,
        title=_("Chair's statement: %(title)s") % {"title": document.title},
        status=Document.Status.ISSUED,
        **Document.audience_fields(document.audience),
        meeting_id=document.meeting_id,
        based_on=document,
        chair_statement=statement.to_dict(),
        created_by=actor,
        created_at=moment,
    )
    issued.concerns.set(document.concerns.all())
    index_document(document=issued)
    record(
        actor=actor,
        action=events.DOCUMENT_CHAIRS_STATEMENT,
        obj=issued,
        audience=issued.audience,
        payload={"based_on": document.public_id, "statement": statement.to_dict()},
    )
    return issued
