"""Who may see what: DESIGN §2 rule 5, as one pure function.

Every object carries an `Audience`. The database selectors translate the same rule into a
query filter (`accord.members.access`); the event stream and the ledger export call
`can_see` directly. A test checks that the two agree for every level and viewer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Visibility(StrEnum):
    PUBLIC = "public"
    PARTICIPANTS = "participants"
    MEMBERS = "members"
    RESTRICTED = "restricted"
    DELEGATION = "delegation"


class StateStatus(StrEnum):
    MEMBER = "member"
    OBSERVER = "observer"
    DIALOGUE_PARTNER = "dialogue_partner"


@dataclass(frozen=True)
class Audience:
    """Who an object is for.

    `states` names the states of a restricted object (a bilateral's two parties, a
    meeting's participants); `owner_state` is the state whose delegation notes these are.
    """

    visibility: Visibility
    owner_state: str | None = None
    states: frozenset[str] = field(default_factory=frozenset)

    def as_dict(self) -> dict[str, object]:
        return {
            "visibility": self.visibility.value,
            "owner_state": self.owner_state,
            "states": sorted(self.states),
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Audience:
        states = data.get("states") or []
        owner = data.get("owner_state")
        return cls(
            visibility=Visibility(str(data["visibility"])),
            owner_state=str(owner) if owner else None,
            states=frozenset(str(s) for s in states) if isinstance(states, list) else frozenset(),
        )


PUBLIC = Audience(Visibility.PUBLIC)


@dataclass(frozen=True)
class Viewer:
    """The facts about a user that rule 5 depends on.

    `state_status` is None for a user with no state (the secretariat, an admin, the public).
    """

    state: str | None = None
    state_status: StateStatus | None = None
    is_secretariat: bool = False
    is_authenticated: bool = True

    @property
    def is_member(self) -> bool:
        return self.state_status is StateStatus.MEMBER


ANONYMOUS = Viewer(is_authenticated=False)


def can_see(viewer: Viewer, audience: Audience) -> bool:
    """True when `viewer` may know that an object with this audience exists.

    The secretariat keeps the records of the plenary, so it reads what participants and
    members read, but never a restricted exchange between states nor a delegation's own notes.
    """
    level = audience.visibility
    if level is Visibility.PUBLIC:
        return True
    if not viewer.is_authenticated:
        return False
    if level is Visibility.PARTICIPANTS:
        return viewer.is_secretariat or viewer.state is not None
    if level is Visibility.MEMBERS:
        return viewer.is_secretariat or viewer.is_member
    if level is Visibility.RESTRICTED:
        return viewer.state is not None and viewer.state in audience.states
    if level is Visibility.DELEGATION:
        return viewer.state is not None and viewer.state == audience.owner_state
    raise AssertionError(f"unhandled visibility {level!r}")
