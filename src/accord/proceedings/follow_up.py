"""Implementation follow-up: commitments under the operative paragraphs of an adopted text,
the implementation matrix, its CSV and PDF exports, and the overdue items (home panel, and
`accord tick`, which records each commitment found overdue once, on the ledger, and the
alerts app turns that entry into alerts to the lead states' duty officers).

The secretariat or the chair records a commitment; a lead state (its head or a delegate)
or the secretariat updates its status and evidence. Every change is on the ledger with the
document's audience.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import events, procedure
from accord.domain.errors import InvalidInput, NotFound, NotPermitted
from accord.domain.text import check_line, check_prose
from accord.ledger.services import record
from accord.members.access import encode_states
from accord.members.models import State, User
from accord.negotiation.models import Document
from accord.negotiation.permissions import document_for, visible_documents

from .chairing import paragraph_numbers
from .models import Commitment

MAX_EVIDENCE = 5000


def _operative(document: Document) -> list[str]:
    return [n for n in paragraph_numbers(document) if n.startswith("OP")]


@transaction.atomic
def add_commitment(
    *,
    actor: User,
    document_id: int,
    paragraph: str,
    description: str,
    lead_states: list[str],
    due: date,
) -> Commitment:
    """A commitment under an operative paragraph of an adopted text."""
    document = document_for(actor, document_id, lock=True)
    if not (actor.is_secretariat or actor.is_chair):
        raise NotPermitted(_("Only the chair or the secretariat records commitments."))
    if document.status != Document.Status.ADOPTED:
        raise InvalidInput(_("Commitments are recorded under an adopted text."))
    members = State.objects.filter(status=State.Status.MEMBER, left_on__isnull=True)
    leads = procedure.check_commitment(
        paragraph=paragraph,
        operative=_operative(document),
        lead_states=[c.upper() for c in lead_states],
        members=members.values_list("code", flat=True),
    )
    words = check_line((description or "").strip(), field="description")
    if not words or len(words) > 500:
        raise InvalidInput(_("description: 1 to 500 characters."), field="description")
    row = Commitment.objects.create(
        document=document, paragraph=paragraph, description=words,
        lead_states=encode_states(leads), due=due, created_by=actor,
    )  # fmt: skip
    record(
        actor=actor,
        action=events.COMMITMENT_RECORDED,
        obj=row,
        audience=document.audience,
        payload={
            "document": document.public_id, "paragraph": paragraph, "description": words,
            "lead_states": list(leads), "due": due.isoformat(),
        },
    )  # fmt: skip
    return row


@transaction.atomic
def update_commitment(
    *,
    actor: User,
    document_id: int,
    commitment_id: int,
    status: str,
    evidence: str = "",
) -> Commitment:
    """A lead state or the secretariat reports progress on a commitment."""
    document = document_for(actor, document_id)
    row = Commitment.objects.select_for_update().filter(pk=commitment_id, document=document).first()
    if row is None:
        raise NotFound(_("No such commitment."))
    if not (actor.is_secretariat or actor.state_id in row.lead_codes):
        raise NotPermitted(_("Only a lead state or the secretariat reports on a commitment."))
    if status not in Commitment.Status.values:
        raise InvalidInput(_("status: planned, in progress, done or dropped."), field="status")
    words = check_prose((evidence or "").strip(), field="evidence")
    if len(words) > MAX_EVIDENCE:
        raise InvalidInput(_("evidence: at most 5000 characters."), field="evidence")
    row.status = status
    row.evidence = words
    row.updated_at = timezone.now()
    row.save(update_fields=["status", "evidence", "updated_at"])
    record(
        actor=actor,
        action=events.COMMITMENT_UPDATED,
        obj=row,
        audience=document.audience,
        payload={
            "document": document.public_id,
            "commitment": row.public_id,
            "status": status,
            "evidence": words,
        },
    )
    return row


@dataclass(frozen=True)
class Matrix:
    document: Document
    rows: list[tuple[str, list[Commitment]]]
    today: date


def implementation_matrix(user: User, document_id: int) -> Matrix:
    """One row per operative paragraph with its commitments."""
    document = document_for(user, document_id)
    commitments = list(Commitment.objects.filter(document=document))
    by_id = {str(c.pk): c for c in commitments}
    rows = procedure.matrix(_operative(document), [c.value() for c in commitments])
    return Matrix(
        document,
        [(r.paragraph, [by_id[c.ref] for c in r.commitments]) for r in rows],
        timezone.localdate(),
    )


def matrix_csv(matrix: Matrix) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["paragraph", "commitment", "lead_states", "due", "status", "overdue", "evidence"]
    )
    for paragraph, commitments in matrix.rows:
        for c in commitments:
            writer.writerow([
                paragraph, c.description, " ".join(c.lead_codes), c.due.isoformat(), c.status,
                "yes" if c.value().overdue(matrix.today) else "no", c.evidence,
            ])  # fmt: skip
    return out.getvalue()


def overdue(user: User, *, today: date | None = None, limit: int = 10) -> list[Commitment]:
    """Overdue commitments under documents the user may see, the most overdue first."""
    day = today or timezone.localdate()
    return list(
        Commitment.objects.filter(
            document__in=visible_documents(user),
            due__lt=day,
            status__in=[Commitment.Status.PLANNED, Commitment.Status.IN_PROGRESS],
        )
        .select_related("document")
        .order_by("due", "id")[:limit]
    )


def flag_overdue(*, now: datetime) -> list[str]:
    """Record each commitment past its due date and not settled, once (`accord tick`)."""
    today = timezone.localdate(now)
    late = Commitment.objects.filter(
        due__lt=today,
        overdue_noted_at__isnull=True,
        status__in=[Commitment.Status.PLANNED, Commitment.Status.IN_PROGRESS],
    ).values_list("pk", flat=True)
    return [line for pk in list(late) if (line := _flag(pk, today=today, now=now))]


@transaction.atomic
def _flag(pk: int, *, today: date, now: datetime) -> str | None:
    """One commitment, locked and re-checked, so that two ticks racing flag it once."""
    row = Commitment.objects.select_for_update().select_related("document").get(pk=pk)
    if row.overdue_noted_at is not None or not row.value().overdue(today):
        return None
    row.overdue_noted_at = now
    row.save(update_fields=["overdue_noted_at"])
    document = row.document
    record(
        actor=None,
        action=events.COMMITMENT_OVERDUE,
        obj=row,
        audience=document.audience,
        payload={
            "document": document.public_id, "commitment": row.public_id,
            "paragraph": row.paragraph, "description": row.description,
            "lead_states": row.lead_codes, "due": row.due.isoformat(),
        },
    )  # fmt: skip
    return f"commitment {row.public_id} under {document.public_id} is overdue"
