"""What a channel may carry: rule 7's "never more than its channel is cleared for".

A channel is cleared for a summary (the default) or for the full text. Mail and webhooks
leave the host; a restricted exchange or a delegation's own notes travel only as a
summary ("a message from Russia awaits you") unless the state cleared the channel for the
full text. What participants or members all see travels in full either way.
"""

from __future__ import annotations

from enum import StrEnum

from accord.domain.errors import InvalidInput
from accord.domain.visibility import Audience, Visibility


class Clearance(StrEnum):
    SUMMARY = "summary"
    FULL = "full"


CONFINED = frozenset({Visibility.RESTRICTED, Visibility.DELEGATION})


def parse_clearance(value: str) -> Clearance:
    try:
        return Clearance(value)
    except ValueError:
        raise InvalidInput("clearance: summary or full.") from None


def carries_full_text(clearance: Clearance, audience: Audience) -> bool:
    """True when an alert about an object with this audience may carry its text."""
    return clearance is Clearance.FULL or audience.visibility not in CONFINED
