"""Small checks shared by the consultation's actions."""

from __future__ import annotations

from django.db.models import Max

from accord.consultations.models import Consultation, Participant, Statement
from accord.consultations.selectors import can_moderate
from accord.domain.errors import InvalidInput, NotPermitted
from accord.domain.text import check_line, check_prose
from accord.members.models import User

MAX_STATEMENT_LENGTH = 1000


def _require_moderator(actor: User, consultation: Consultation) -> None:
    if not can_moderate(actor, consultation):
        raise NotPermitted("only the secretariat moderates this consultation")


def _clean_text(text: str, what: str, *, multiline: bool = True) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput(f"{what}: may not be empty")
    if len(cleaned) > MAX_STATEMENT_LENGTH:
        raise InvalidInput(f"{what}: at most {MAX_STATEMENT_LENGTH} characters")
    # Pages and the CLI come here without the API's schemas: the same rule for them.
    if multiline:
        return check_prose(cleaned, field=what)
    return check_line(cleaned, field=what)


def _next_number(model: type[Statement] | type[Participant], consultation: Consultation) -> int:
    """The next free number. Precondition: the ledger head lock is held (see module doc)."""
    top = model.objects.filter(consultation=consultation).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1
