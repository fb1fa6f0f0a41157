"""The demo's heads sign their adoption acts and the adopted text with their keys from the
key folder (issue 12)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from accord.domain import signing
from accord.members.demo_rosters import person_key
from accord.members.models import User
from accord.negotiation.models import AdoptionProcedure
from accord.negotiation.signed_acts import issue_adoption_challenge


def demo_signed(
    folder: Path,
    actor: User,
    document_id: int,
    act: str,
    when: datetime,
    *,
    reason: str = "",
    paragraphs: Sequence[str] = (),
) -> dict[str, Any]:
    """The signed act `actor` makes at `when`, as their ministry's machine would."""
    assert actor.state is not None
    row = AdoptionProcedure.objects.select_related("document", "revision").get(
        document_id=document_id, outcome=AdoptionProcedure.Outcome.PENDING
    )
    issued = issue_adoption_challenge(actor=actor, state=actor.state, row=row, now=when)
    statement = signing.act_statement(
        issued.signed["challenge"], act=act, reason=reason, dissociated_from=list(paragraphs)
    )
    return signing.sign_act(statement, person_key(actor.username, folder))


def demo_text_signature(folder: Path, actor: User, document_id: int, when: datetime) -> Any:
    """The head's signature of the adopted text at `when`, as their ministry's machine makes it."""
    from accord.negotiation.services import issue_signature_challenge, sign_text

    issued = issue_signature_challenge(actor=actor, document_id=document_id, now=when)
    statement = signing.state_act_statement(issued.signed["challenge"])
    signed = signing.sign_act(statement, person_key(actor.username, folder))
    return sign_text(actor=actor, document_id=document_id, signed=signed, now=when)
