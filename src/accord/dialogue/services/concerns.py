"""Concerns: raising one, co-sponsoring it, moving it along its course."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from accord.domain import published, search
from accord.domain.dialogue import (
    ConcernStatus,
    Mover,
    check_transition,
)
from accord.domain.errors import InvalidInput, RuleViolation
from accord.domain.visibility import Audience, Visibility
from accord.ledger.services import record
from accord.members.models import State, User

from .. import selectors
from ..models import (
    Concern,
)
from .checks import _member_state, _states, _text, _visibility

# --- Concerns -------------------------------------------------------------------------

CONCERN_VISIBILITIES = (
    Visibility.PUBLIC,
    Visibility.PARTICIPANTS,
    Visibility.MEMBERS,
    Visibility.RESTRICTED,
)


@transaction.atomic
def raise_concern(
    *,
    actor: User,
    title: str,
    summary: str,
    category: str,
    affected_states: Sequence[str] = (),
    visibility: str = Visibility.MEMBERS.value,
    restricted_to: Sequence[str] = (),
) -> Concern:
    """A member state raises a security concern (rule 1: any member may).

    A restricted concern is seen by the raising state and the states in `restricted_to`.
    """
    state = _member_state(actor, "raise a concern")
    title = _text(title, "title", limit=200)
    summary = _text(summary, "summary", limit=20000, multiline=True)
    if category not in Concern.Category.values:
        raise InvalidInput(f"category: one of {', '.join(Concern.Category.values)}")
    level = _visibility(visibility, CONCERN_VISIBILITIES)
    affected = _states(affected_states, "affected_states")
    named = _states(restricted_to, "restricted_to")
    if level is not Visibility.RESTRICTED and named:
        raise InvalidInput("restricted_to: only a restricted concern names its states")
    audience = Audience(
        level,
        states=frozenset({state.code, *(s.code for s in named)})
        if level is Visibility.RESTRICTED
        else frozenset(),
    )
    # The state's row serialises its concerns: a form sent twice raises one concern.
    State.objects.select_for_update().filter(code=state.code).first()
    open_concerns = Concern.objects.filter(raised_by_state=state).exclude(
        status=ConcernStatus.CLOSED
    )
    if open_concerns.filter(title__iexact=title).exists():
        raise RuleViolation(f"{state.code} has already raised an open concern titled “{title}”.")
    concern = Concern.objects.create(
        title=title,
        summary=summary,
        search_terms=search.index_terms(title, summary),
        category=category,
        raised_by_state=state,
        raised_by=actor,
        **Concern.audience_fields(audience),
    )
    concern.affected_states.set(affected)
    record(
        actor=actor,
        obj=concern,
        event=published.ConcernRaised(
            audience=concern.audience,
            title=title,
            category=category,
            state=state.code,
            affected_states=tuple(s.code for s in affected),
        ),
    )
    return concern


@transaction.atomic
def co_sponsor_concern(*, actor: User, concern_id: int) -> Concern:
    """Another member state joins a concern as co-sponsor."""
    concern = selectors.get_concern(actor, concern_id, for_update=True)
    state = _member_state(actor, "co-sponsor a concern")
    if concern.raised_by_state_id == state.code:
        raise RuleViolation("a state does not co-sponsor the concern it raised")
    if concern.co_sponsors.filter(code=state.code).exists():
        raise RuleViolation(f"{state.code} already co-sponsors this concern")
    if concern.status == ConcernStatus.CLOSED:
        raise RuleViolation("the concern is closed")
    concern.co_sponsors.add(state)
    record(
        actor=actor,
        obj=concern,
        event=published.ConcernCoSponsored(
            audience=concern.audience, concern=concern.public_id, state=state.code
        ),
    )
    return concern


def _move(concern: Concern, *, actor: User, target: ConcernStatus, note: str) -> None:
    """Precondition: `concern` is locked and visible to `actor`."""
    current = ConcernStatus(concern.status)
    check_transition(
        current,
        target,
        Mover(
            is_chair=actor.is_chair,
            is_secretariat=actor.is_secretariat,
            is_raiser=actor.state_id == concern.raised_by_state_id,
        ),
    )
    concern.status = target.value
    concern.status_changed_at = timezone.now()
    concern.save(update_fields=["status", "status_changed_at"])
    record(
        actor=actor,
        obj=concern,
        event=published.ConcernMoved(
            audience=concern.audience,
            concern=concern.public_id,
            from_=current.value,
            to=target.value,
            note=note,
        ),
    )


@transaction.atomic
def move_concern(*, actor: User, concern_id: int, to: str, note: str = "") -> Concern:
    """Take a concern to the next stage of its lifecycle (see `accord.domain.dialogue`)."""
    concern = selectors.get_concern(actor, concern_id, for_update=True)
    if to not in {s.value for s in ConcernStatus}:
        raise InvalidInput(f"to: one of {', '.join(s.value for s in ConcernStatus)}")
    if len(note) > 2000:
        raise InvalidInput("note: at most 2000 characters")
    _move(concern, actor=actor, target=ConcernStatus(to), note=note.strip())
    return concern
