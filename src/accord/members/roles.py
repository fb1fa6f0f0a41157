"""Who holds which role in which delegation: the one writer of `User.role` and `User.state`
after a person is added.

Making someone head of a delegation makes them speak for a state, so every such change is
recorded for everyone to see, whoever makes it and from wherever (the admin included).
The state-signed rosters of DESIGN §2 rule 6 will replace this; until then the ledger at
least makes the change public.
"""

from __future__ import annotations

from django.db import transaction

from accord.domain import events
from accord.domain.errors import InvalidInput, NotPermitted
from accord.domain.visibility import PUBLIC
from accord.ledger.services import record
from accord.members.models import State, User


def role_problem(role: str, state_code: str | None) -> str:
    """Why `role` in the delegation of `state_code` cannot be, or "" when it can."""
    if role not in User.Role.values:
        return f"role: one of {', '.join(User.Role.values)}."
    if (role == User.Role.SECRETARIAT) != (state_code is None):
        return "The secretariat has no state; everyone else belongs to one."
    if state_code is not None and not State.objects.filter(code=state_code).exists():
        return f"state: {state_code} is not a participant."
    return ""


@transaction.atomic
def assign_role(*, actor: User | None, person_id: int, role: str, state_code: str | None) -> User:
    """Give `person_id` the role `role` in the delegation of `state_code` (None: no state).

    Recorded on the ledger for everyone: a new head of delegation is never silent.
    """
    if actor is not None and not (actor.is_secretariat or actor.is_superuser):
        raise NotPermitted("Only the secretariat may change a person's role or delegation.")
    person = User.objects.select_for_update().get(pk=person_id)
    before = {"role": person.role, "state": person.state_id}
    if before == {"role": role, "state": state_code}:
        return person
    problem = role_problem(role, state_code)
    if problem:
        raise InvalidInput(problem)
    person.role = role
    person.state_id = state_code
    person.save(update_fields=["role", "state"])
    record(
        actor=actor,
        action=events.PERSON_ROLE_ASSIGNED,
        obj=person,
        audience=PUBLIC,
        payload={
            "username": person.username,
            "from": before,
            "to": {"role": role, "state": state_code},
        },
    )
    return person
