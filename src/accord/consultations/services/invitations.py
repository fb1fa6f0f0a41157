"""Inviting a participant to a consultation."""

from __future__ import annotations

from django.db import transaction

from accord.consultations.models import Participant
from accord.consultations.selectors import get_consultation
from accord.domain import published
from accord.domain.errors import InvalidInput, RuleViolation
from accord.ledger.services import record
from accord.members.models import User

from .checks import _next_number, _require_moderator


@transaction.atomic
def invite_by_name(*, actor: User, consultation_id: int, username: str) -> Participant:
    """Invite the active user with that name. The consultation's access is checked before
    the name is looked up: who may not moderate it learns nothing of which names exist."""
    consultation = get_consultation(actor, consultation_id)
    _require_moderator(actor, consultation)
    invitee = User.objects.filter(username=username, is_active=True).first()
    if invitee is None:
        raise InvalidInput("username: no such active user", field="username")
    return invite(actor=actor, consultation_id=consultation_id, user=invitee)


@transaction.atomic
def invite(*, actor: User, consultation_id: int, user: User) -> Participant:
    """Invite an expert to vote in an open consultation (idempotent)."""
    consultation = get_consultation(actor, consultation_id)
    _require_moderator(actor, consultation)
    if consultation.is_state_consultation:
        raise RuleViolation("a state consultation seats states, not invited experts")
    existing = Participant.objects.filter(consultation=consultation, user=user).first()
    if existing is not None:
        return existing
    entry = record(
        actor=actor,
        obj=consultation,
        event=published.ConsultationInvited(
            audience=consultation.audience,
            consultation=consultation.public_id,
            user=user.get_username(),
        ),
    )
    del entry  # the head lock is now held: numbering is race-free
    return Participant.objects.create(
        consultation=consultation,
        number=_next_number(Participant, consultation),
        user=user,
        invited_by=actor,
    )
