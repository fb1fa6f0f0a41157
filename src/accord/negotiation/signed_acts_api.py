"""`POST /documents/{id}/adoption/challenge` and `POST /documents/{id}/signatures/challenge`:
the server-signed challenges an adoption act, or a head's signature of the adopted text, is
signed over.

Included by `negotiation.api` (issue 12).
"""

from __future__ import annotations

from typing import Annotated

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from accord.edge.schemas import ChallengeOut
from accord.members.models import User
from accord.members.public_ids import PublicIdPath, RowKey
from accord.negotiation import services
from accord.negotiation.adoption_services import _no_pending_procedure
from accord.negotiation.models import AdoptionProcedure, Document
from accord.negotiation.permissions import document_for, head_state_of
from accord.negotiation.signed_acts import issue_adoption_challenge

router = Router(tags=["documents"])
# A document's public id, given to the handler as its key (issue 11).
DocumentId = Annotated[RowKey, PublicIdPath(Document)]


@router.post("/documents/{document_id}/adoption/challenge", response={201: ChallengeOut})
def adoption_challenge(request: HttpRequest, document_id: DocumentId) -> Status[ChallengeOut]:
    """A single-use challenge (10 minutes) for one act of the head on the open procedure."""
    actor = request.user
    assert isinstance(actor, User)
    with transaction.atomic():
        document = document_for(actor, document_id)
        state = head_state_of(actor)
        row = (
            AdoptionProcedure.objects.select_related("document", "revision")
            .filter(document=document, outcome=AdoptionProcedure.Outcome.PENDING)
            .first()
        )
        if row is None:
            raise _no_pending_procedure(document)
        issued = issue_adoption_challenge(actor=actor, state=state, row=row, now=timezone.now())
    return Status(201, ChallengeOut(**issued.signed))


@router.post("/documents/{document_id}/signatures/challenge", response={201: ChallengeOut})
def signature_challenge(request: HttpRequest, document_id: DocumentId) -> Status[ChallengeOut]:
    """A single-use challenge (10 minutes) for the head's signature of the adopted text, for a
    state under its roster: sign the `accord-text-signature/1` act over it and submit it to
    `POST /documents/{id}/signatures`."""
    actor = request.user
    assert isinstance(actor, User)
    issued = services.issue_signature_challenge(actor=actor, document_id=document_id)
    return Status(201, ChallengeOut(**issued.signed))
