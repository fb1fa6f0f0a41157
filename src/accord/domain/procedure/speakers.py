"""The list of speakers on an agenda item, as the rules of procedure order it.

Order of the floor, decided here once:

1. **Points of order** go to the front, in the order they were raised: a point of order is
   about the conduct of the meeting and is heard before anything else. Observers raise one
   only where the rules allow it.
2. **Statements**, members before observers; among members, statements on behalf of a group
   of states (named as such) first, then heads of delegation, then delegates; within a rank,
   first come, first served.
3. **Rights of reply** at the end of the item, in the order asked, each state limited to the
   number the rules give per item.

Once the chair closes the list no new statement is inscribed; points of order and rights of
reply still are. A state holds at most one waiting statement on an item (one state, one
voice). Each turn carries its time limit from the rules, for the countdown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum

from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.procedure.rules import RulesOfProcedure

POINT_OF_ORDER_TIME = timedelta(minutes=2)


class Turn(StrEnum):
    """What a place on the list is for."""

    STATEMENT = "statement"
    POINT_OF_ORDER = "point-of-order"
    REPLY = "reply"


class Rank(IntEnum):
    """The speaker's rank in the delegation: heads speak before delegates."""

    HEAD = 0
    DELEGATE = 1


@dataclass(frozen=True)
class Inscription:
    """A place on the list of speakers."""

    ref: str  # the app's id of the request
    state: str
    turn: Turn
    rank: Rank
    observer: bool
    requested_at: datetime
    on_behalf_of: str = ""  # a group of states, named as such ("the Central Asian states")

    def precedence(self) -> tuple[int, int, int, int, datetime, str]:
        """The sort key of the order of the floor (see the module docstring)."""
        section = {Turn.POINT_OF_ORDER: 0, Turn.STATEMENT: 1, Turn.REPLY: 2}[self.turn]
        if self.turn is not Turn.STATEMENT:
            return (section, 0, 0, 0, self.requested_at, self.ref)
        group = 0 if self.on_behalf_of else 1
        return (section, int(self.observer), group, int(self.rank), self.requested_at, self.ref)


def order_of_speakers(waiting: Iterable[Inscription]) -> tuple[Inscription, ...]:
    """The waiting inscriptions in the order the chair gives the floor."""
    return tuple(sorted(waiting, key=Inscription.precedence))


def time_limit(rules: RulesOfProcedure, turn: Turn) -> timedelta | None:
    """How long the speaker has for this turn (None: the rules set no limit)."""
    if turn is Turn.POINT_OF_ORDER:
        return POINT_OF_ORDER_TIME
    if turn is Turn.REPLY:
        return rules.reply_time
    return rules.statement_time


def check_inscription(
    rules: RulesOfProcedure,
    new: Inscription,
    *,
    waiting: Sequence[Inscription],
    replies_made: int,
    list_closed: bool,
) -> None:
    """Raise unless `new` may go on the list.

    `waiting` is the item's list now; `replies_made` the rights of reply `new.state` has
    already had or asked for on this item.
    """
    if new.on_behalf_of and new.turn is not Turn.STATEMENT:
        raise InvalidInput("on_behalf_of: only a statement is made on behalf of a group")
    if new.on_behalf_of and new.observer:
        raise NotPermitted(
            "an observer does not speak on behalf of a group of states", code="observer_group"
        )
    if new.turn is Turn.POINT_OF_ORDER:
        if new.observer and not rules.observers_raise_points_of_order:
            raise NotPermitted(
                f"{new.state} is an observer: the rules of procedure do not let observers "
                "raise points of order",
                code="observer_point_of_order",
            )
        if any(w.state == new.state and w.turn is Turn.POINT_OF_ORDER for w in waiting):
            raise RuleViolation(
                f"{new.state} has already raised a point of order", code="point_of_order_raised"
            )
        return
    if new.turn is Turn.REPLY:
        if rules.replies_per_item is not None and replies_made >= rules.replies_per_item:
            raise RuleViolation(
                f"{new.state} has had the {rules.replies_per_item} rights of reply the rules "
                "give on this item",
                code="replies_exhausted",
            )
        return
    if list_closed:
        raise RuleViolation(
            "the chair has closed the list of speakers on this item", code="list_closed"
        )
    if any(w.state == new.state and w.turn is Turn.STATEMENT for w in waiting):
        raise RuleViolation(
            f"{new.state} is already on the list of speakers for this item",
            code="already_inscribed",
        )


def remaining(
    rules: RulesOfProcedure, turn: Turn, *, given_at: datetime, now: datetime
) -> timedelta | None:
    """Time left to the speaker who has the floor (never below zero; None: no limit)."""
    limit = time_limit(rules, turn)
    if limit is None:
        return None
    return max(timedelta(0), given_at + limit - now)
