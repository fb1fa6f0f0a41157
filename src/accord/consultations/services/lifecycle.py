"""Creating and closing a consultation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction

from accord.consultations.models import Consultation, Statement
from accord.consultations.selectors import get_consultation
from accord.domain import published
from accord.domain.errors import InvalidInput, NotPermitted
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.models import State, User

from .checks import _clean_text, _require_moderator


@transaction.atomic
def create_consultation(
    *,
    actor: User,
    title: str,
    kind: str,
    visibility: str,
    question: str = "",
    states: Iterable[str] = (),
    statements: Sequence[str] = (),
) -> Consultation:
    """Open a consultation, seeded with `statements` (accepted as they come from its author).

    The secretariat opens consultations; so may the chair and a member state's head, who
    alone can open a restricted one (the secretariat never sees restricted exchanges).
    """
    named = check_consultation(actor=actor, kind=kind, visibility=visibility, states=states)
    clean_title = _clean_text(title, "title", multiline=False)[:200]
    texts = [
        _clean_text(text, f"statement {number}") for number, text in enumerate(statements, start=1)
    ]
    return do_create_consultation(
        actor=actor,
        title=clean_title,
        question=question.strip(),
        kind=kind,
        visibility=visibility,
        named=named,
        statements=texts,
    )


def check_consultation(
    *, actor: User, kind: str, visibility: str, states: Iterable[str]
) -> list[str]:
    """Who may open it, its kind and its audience; writes nothing. Returns the states a
    restricted consultation names (sorted codes)."""
    if not (actor.is_secretariat or actor.is_superuser or actor.is_head):
        raise NotPermitted("only the secretariat, the chair or a head opens a consultation")
    if kind not in Consultation.Kind.values:
        raise InvalidInput(f"kind: one of {', '.join(Consultation.Kind.values)}")
    allowed = [v.value for v in Visibility if v is not Visibility.DELEGATION]
    if visibility not in allowed:
        raise InvalidInput(f"visibility: one of {', '.join(allowed)}")
    named = sorted({code.strip().upper() for code in states if code.strip()})
    if visibility == Visibility.RESTRICTED:
        if len(named) < 2:
            raise InvalidInput("states: a restricted consultation names at least two states")
        if actor.state_id not in named:
            raise InvalidInput("states: a restricted consultation includes your own state")
        if State.objects.filter(code__in=named).count() != len(named):
            raise InvalidInput("states: unknown state code")
    elif named:
        raise InvalidInput("states: only a restricted consultation names states")
    return named


def do_create_consultation(
    *,
    actor: User,
    title: str,
    question: str,
    kind: str,
    visibility: str,
    named: list[str],
    statements: Sequence[str],
) -> Consultation:
    """Create the consultation and its seeded statements (already cleaned), and record it.

    Lock: none needed (new rows); call inside the caller's transaction.
    """
    consultation = Consultation.objects.create(
        title=title,
        question=question,
        kind=kind,
        **Consultation.audience_fields(Audience(Visibility(visibility), states=frozenset(named))),
        created_by=actor,
    )
    for number, text in enumerate(statements, start=1):
        Statement.objects.create(
            consultation=consultation,
            number=number,
            text=text,
            author=actor,
            seeded=True,
            status=Statement.Status.ACCEPTED,
            moderated_by=actor,
            moderated_at=consultation.created_at,
        )
    record(
        actor=actor,
        obj=consultation,
        event=published.ConsultationCreated(
            audience=consultation.audience,
            title=consultation.title,
            kind=kind,
            visibility=visibility,
            states=tuple(named),
            statements=len(statements),
        ),
    )
    return consultation


@transaction.atomic
def close_consultation(*, actor: User, consultation_id: int) -> Consultation:
    """Close a consultation to new statements and votes."""
    consultation = get_consultation(actor, consultation_id)
    _require_moderator(actor, consultation)
    record(
        actor=actor,
        obj=consultation,
        event=published.ConsultationClosed(
            audience=consultation.audience, consultation=consultation.public_id
        ),
    )
    consultation.is_open = False
    consultation.save(update_fields=["is_open"])
    return consultation
