"""Statements: submitting and moderating them."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from accord.consultations import recompute
from accord.consultations.models import Consultation, Participant, Statement
from accord.consultations.selectors import can_moderate, get_consultation
from accord.domain import published
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.ledger.services import record
from accord.members.models import User

from .checks import _clean_text, _next_number, _require_moderator


def _may_speak(actor: User, consultation: Consultation) -> bool:
    """Who may submit statements: any member delegation's people (state consultations),
    invited experts (open ones)."""
    if consultation.is_state_consultation:
        return actor.state is not None and actor.state.is_member
    return Participant.objects.filter(consultation=consultation, user=actor).exists()


@transaction.atomic
def submit_statement(*, actor: User, consultation_id: int, text: str) -> Statement:
    """Submit a statement: a moderator's is accepted at once (seeding), anyone else's
    awaits moderation."""
    consultation = get_consultation(actor, consultation_id)
    if not consultation.is_open:
        raise RuleViolation("the consultation is closed")
    seeding = can_moderate(actor, consultation)
    if not seeding and not _may_speak(actor, consultation):
        raise NotPermitted("only the consultation's participants submit statements")
    cleaned = _clean_text(text, "text")
    status = Statement.Status.ACCEPTED if seeding else Statement.Status.PENDING
    statement = Statement(
        consultation=consultation,
        text=cleaned,
        author=actor,
        seeded=seeding,
        status=status,
        moderated_by=actor if seeding else None,
        moderated_at=timezone.now() if seeding else None,
    )
    entry = record(
        actor=actor,
        obj=consultation,
        # The digest, not the text: a statement awaiting moderation is for the moderators
        # and its author (`selectors.list_statements`), and a rejected one stays so.
        event=published.ConsultationStatementSubmitted(
            audience=consultation.audience,
            consultation=consultation.public_id,
            text_sha256=hashlib.sha256(cleaned.encode()).hexdigest(),
            status=status,
        ),
    )
    statement.number = _next_number(Statement, consultation)
    if not consultation.is_state_consultation:
        statement.author_participant = Participant.objects.filter(
            consultation=consultation, user=actor
        ).first()
    statement.save()
    if seeding:
        _mark_statements_changed(consultation, entry.seq)
    return statement


@transaction.atomic
def moderate_statement(*, actor: User, consultation_id: int, number: int, status: str) -> Statement:
    """Accept, reject or mark as meta a statement (the secretariat's moderation)."""
    consultation = get_consultation(actor, consultation_id)
    _require_moderator(actor, consultation)
    choices = [Statement.Status.ACCEPTED, Statement.Status.REJECTED, Statement.Status.META]
    if status not in choices:
        raise InvalidInput(f"status: one of {', '.join(choices)}")
    statement = (
        Statement.objects.select_for_update()
        .filter(consultation=consultation, number=number)
        .first()
    )
    if statement is None:
        raise InvalidInput(f"statement: no statement {number} in this consultation")
    entry = record(
        actor=actor,
        obj=consultation,
        event=published.ConsultationStatementModerated(
            audience=consultation.audience,
            consultation=consultation.public_id,
            statement=number,
            status=status,
        ),
    )
    statement.status = status
    statement.moderated_by = actor
    statement.moderated_at = timezone.now()
    statement.save(update_fields=["status", "moderated_by", "moderated_at"])
    _mark_statements_changed(consultation, entry.seq)
    return statement


def _mark_statements_changed(consultation: Consultation, seq: int) -> None:
    Consultation.objects.filter(pk=consultation.pk).update(changed_seq=seq, statements_seq=seq)
    recompute.schedule_on_commit(consultation.pk)
