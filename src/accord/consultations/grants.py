"""Live events for invited experts: the invitation is what lets them into an open
consultation (see `selectors.visible_consultations`), whatever their state's audience."""

from __future__ import annotations

from collections.abc import Iterator

from accord.consultations.models import Participant
from accord.events.grants import Grant
from accord.members.models import User

# What the consultation page follows. Not `consultation.invited`: who else was invited is
# the secretariat's business.
FOLLOWED = frozenset(
    {
        "consultation.vote_cast",
        "consultation.votes_cast",
        "consultation.statement_submitted",
        "consultation.statement_moderated",
        "consultation.analysis_updated",
        "consultation.closed",
    }
)


def granted_to(user: User) -> Iterator[Grant]:
    invited = Participant.objects.filter(user=user).values_list(
        "consultation_id", "consultation__public_id"
    )
    for key, public_id in invited:
        # Entries name the consultation by its public id; those written before, by its key.
        yield Grant("consultations.consultation", public_id, FOLLOWED)
        yield Grant("consultations.consultation", str(key), FOLLOWED)
