"""Opening and settling an adoption procedure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.domain import consensus, events, negotiation
from accord.domain.errors import InvalidInput, RuleViolation
from accord.domain.visibility import StateStatus, Viewer, can_see
from accord.ledger.services import record
from accord.members.access import encode_states
from accord.members.models import State, User
from accord.negotiation.domain_values import (
    procedure_value,
    revision_value,
)
from accord.negotiation.labels import outcome_label
from accord.negotiation.models import (
    AdoptionProcedure,
    Document,
    Revision,
)
from accord.negotiation.permissions import document_for, require_chair
from accord.proceedings import adoption as rules_of_procedure


def _participants(document: Document) -> tuple[list[str], list[str]]:
    """(members, observers) who may see the document: each member has one voice."""
    members: list[str] = []
    observers: list[str] = []
    for state in State.objects.filter(left_on__isnull=True):
        viewer = Viewer(state=state.code, state_status=StateStatus(state.status))
        if not can_see(viewer, document.audience):
            continue
        (members if state.is_member else observers).append(state.code)
    return members, observers


# Checks other apps add before a text is put to adoption (languages: every version verified,
# every concordance finding explained); each raises a DomainError to refuse. They run with the
# document row locked, inside `open_adoption`'s transaction.
ADOPTION_GATES: list[Callable[[Document, Revision], None]] = []
# What other apps add to the text that is adopted and signed (languages: every version).
ADOPTION_TEXTS: list[Callable[[Document, Revision, dict[str, Any]], dict[str, Any]]] = []


def _adoption_text(
    document: Document, row: Revision, revision: negotiation.Revision
) -> dict[str, Any]:
    """The text put to adoption and signed, with what other apps add (`ADOPTION_TEXTS`).
    RuleViolation while brackets remain, as `consensus.open_procedure` would say."""
    text = negotiation.adopted_text(revision)
    for extend in ADOPTION_TEXTS:
        text = extend(document, row, text)
    return text


@transaction.atomic
def open_adoption(
    *,
    actor: User,
    document_id: int,
    kind: str,
    deadline: datetime | None = None,
    now: datetime | None = None,
    absent: Sequence[str] = (),
) -> AdoptionProcedure:
    """The chair puts the current revision to adoption (409 while it holds brackets), as
    the rules of procedure of the document's meeting say (`proceedings.adoption`)."""
    document = document_for(actor, document_id, lock=True)
    chair_state = require_chair(actor, meeting_id=document.meeting_id)
    revision_row, text, procedure = check_open_adoption(
        document,
        kind=kind,
        chair=chair_state.code,
        now=now or timezone.now(),
        deadline=deadline,
        absent=absent,
    )
    return do_open_adoption(actor, document, revision_row, text, procedure, chair_state)


def check_open_adoption(
    document: Document,
    *,
    kind: str,
    chair: str,
    now: datetime,
    deadline: datetime | None,
    absent: Sequence[str],
) -> tuple[Revision, dict[str, Any], consensus.Procedure]:
    """The revision put to adoption, the text adopted and signed, and the procedure the
    rules of procedure open; every refusal, no write. Precondition: the document is locked
    (the gates of `ADOPTION_GATES` run under that lock)."""
    if document.status == Document.Status.ADOPTED:
        raise RuleViolation(_("The document has been adopted."))
    if document.status != Document.Status.NEGOTIATION:
        raise RuleViolation(_("An adoption procedure is already open on this document."))
    revision_row = Revision.objects.get(document=document, number=document.current_revision)
    revision = revision_value(revision_row)
    for gate in ADOPTION_GATES:
        gate(document, revision_row)
    members, observers = _participants(document)
    try:
        procedure_kind = consensus.ProcedureKind(kind)
    except ValueError:
        raise InvalidInput(_("The procedure is consensus or silence.")) from None
    text = _adoption_text(document, revision_row, revision)
    procedure = rules_of_procedure.open_under_rules(
        document,
        revision,
        kind=procedure_kind,
        members=members,
        observers=observers,
        chair=chair,
        now=now,
        deadline=deadline,
        text=text,
        absent=absent,
    )
    return revision_row, text, procedure


def do_open_adoption(
    actor: User,
    document: Document,
    revision_row: Revision,
    text: dict[str, Any],
    procedure: consensus.Procedure,
    chair_state: State,
) -> AdoptionProcedure:
    """Store the procedure and its terms, and put the document in adoption. Needs the lock
    on the document row, so that one procedure is open on it at a time."""
    row = AdoptionProcedure.objects.create(
        document=document,
        revision=revision_row,
        kind=procedure.kind.value,
        chair_state=chair_state,
        members=encode_states(procedure.members),
        observers=encode_states(procedure.observers),
        text=text,
        text_sha256=procedure.text_hash,
        opened_by=actor,
        opened_at=procedure.opened_at,
        deadline=procedure.deadline,
    )
    rules_of_procedure.keep_terms(row, procedure)
    document.status = Document.Status.ADOPTION
    document.save(update_fields=["status"])
    record(
        actor=actor,
        action=events.ADOPTION_OPENED,
        obj=row,
        audience=document.audience,
        payload={
            "document": document.public_id,
            "revision": procedure.revision,
            "kind": row.kind,
            "deadline": consensus.format_time(row.deadline) if row.deadline else None,
            "text_sha256": row.text_sha256,
            "consent": procedure.consent.value,
            "absent": sorted(procedure.absent),
        },
    )
    return row


def _persist_outcome(
    row: AdoptionProcedure,
    procedure: consensus.Procedure,
    evaluation: consensus.Evaluation,
    actor: User | None,
    now: datetime,
) -> None:
    """Store a decided outcome. Precondition: the procedure row is locked."""
    document = Document.objects.select_for_update().get(pk=row.document_id)
    row.outcome = evaluation.outcome.value
    row.decided_at = evaluation.decided_at
    row.outcome_reason = evaluation.reason[:400]
    fields = ["outcome", "decided_at", "outcome_reason"]
    if evaluation.outcome is consensus.Outcome.ADOPTED:
        adoption = consensus.adoption_record(procedure, now)
        row.record = adoption.to_dict()
        row.record_sha256 = adoption.record_hash()
        fields += ["record", "record_sha256"]
        document.status = Document.Status.ADOPTED
        document.adopted_at = evaluation.decided_at
    else:
        # Failed consensus and broken silence both return the text to negotiation.
        document.status = Document.Status.NEGOTIATION
    row.save(update_fields=fields)
    document.save(update_fields=["status", "adopted_at"])
    record(
        actor=actor,
        action=events.ADOPTION_BY_OUTCOME[evaluation.outcome.value],
        obj=row,
        audience=document.audience,
        payload={
            "document": document.public_id,
            "outcome": evaluation.outcome.value,
            "decided_at": consensus.format_time(evaluation.decided_at or now),
            "reason": evaluation.reason,
            "record_sha256": row.record_sha256,
        },
    )


@transaction.atomic
def settle_procedure(*, procedure_id: int, now: datetime | None = None) -> AdoptionProcedure:
    """Persist the outcome the domain gives at `now`, if it is decided (idempotent).

    `accord tick` calls it for every pending procedure; selectors call it on read so that
    a silence procedure is adopted no later than the first read after its deadline.
    """
    moment = now or timezone.now()
    row = (
        # The terms row is outer-joined: lock only the rows locked before it was added.
        AdoptionProcedure.objects.select_for_update(of=("self", "document", "revision"))
        .select_related("document", "revision", "terms")
        .get(pk=procedure_id)
    )
    if row.outcome != AdoptionProcedure.Outcome.PENDING:
        return row
    procedure = procedure_value(row)
    evaluation = consensus.evaluate(procedure, moment)
    if evaluation.outcome is not consensus.Outcome.PENDING:
        _persist_outcome(row, procedure, evaluation, None, moment)
    return row


def _locked_pending(document: Document) -> AdoptionProcedure:
    row = (
        # The terms row is outer-joined: lock only the rows locked before it was added.
        AdoptionProcedure.objects.select_for_update(of=("self", "document", "revision"))
        .select_related("document", "revision", "terms")
        .filter(document=document, outcome=AdoptionProcedure.Outcome.PENDING)
        .first()
    )
    if row is None:
        raise _no_pending_procedure(document)
    return row


def _no_pending_procedure(document: Document) -> RuleViolation:
    """The refusal of an act on a document with no procedure open, saying why."""
    document.refresh_from_db(fields=["status"])
    if document.status == Document.Status.ADOPTED:
        return RuleViolation(
            _("The document has been adopted: nothing can be approved or objected.")
        )
    latest = document.procedures.order_by("-opened_at").first()
    if latest is not None:
        return RuleViolation(
            _(
                "The adoption procedure is closed (%(outcome)s): nothing can be approved or "
                "objected."
            )
            % {"outcome": outcome_label(latest.outcome)}
        )
    return RuleViolation(_("No adoption procedure is open on this document."))
