"""Rules of procedure as data (DESIGN §2 rule 9): one value per meeting series.

A region's rules of procedure say what consensus means, how long silence must run, who may
break it, how long a state may speak and reply, whether observers raise points of order and
how long states have to correct a summary record. `check_rules` refuses a set that
contradicts itself, naming the reason; every other function reads a set already checked.

The default (`RulesOfProcedure()`) is Accord's reading before rules were data: every member
approves, no speaking limits, observers raise no points of order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from accord.domain.consensus import Consent
from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
# The bounds any sane set keeps: a window of a month is already long.
LONGEST_WINDOW = timedelta(days=60)
LONGEST_TURN = timedelta(hours=1)
SHORTEST_TURN = timedelta(seconds=30)


class SilenceBreakers(StrEnum):
    """Who may break silence for a state."""

    HEADS = "heads"  # only the head of delegation
    DELEGATIONS = "delegations"  # the head or a delegate


class Power(StrEnum):
    """What a facilitator may do within the paragraph or item given."""

    CONSULT = "consult"  # hold informal consultations
    PROPOSE_WORDING = "propose-wording"  # put a wording to the states
    REPORT = "report"  # report back to the chair


@dataclass(frozen=True)
class RulesOfProcedure:
    """The rules of one meeting series. Durations are `timedelta`s; `None` means no limit."""

    consent: Consent = Consent.EVERY_MEMBER_APPROVES
    quorum: int = 1  # members present needed for the chair to put a text in session
    absent_window: timedelta = DAY  # no objection: after it an absent member's silence consents
    silence_minimum: timedelta = 72 * HOUR  # UNGA decision 74/544
    silence_period: timedelta = 72 * HOUR  # the deadline the chair proposes by default
    silence_broken_by: SilenceBreakers = SilenceBreakers.HEADS
    amendment_breaks_silence: bool = False  # OSCE: an amendment breaks silence
    ad_referendum_window: timedelta = 7 * DAY  # the longest confirmation window
    statement_time: timedelta | None = None  # per statement on an item
    reply_time: timedelta | None = None  # per right of reply
    replies_per_item: int | None = None  # rights of reply per state per agenda item
    observers_raise_points_of_order: bool = False
    correction_window: timedelta = 7 * DAY  # for states to correct a draft summary record
    facilitator_powers: frozenset[Power] = field(
        default_factory=lambda: frozenset({Power.CONSULT, Power.REPORT})
    )

    def to_dict(self) -> dict[str, Any]:
        """The rules as JSON: durations in whole seconds, enums by value."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, timedelta):
                value = int(value.total_seconds())
            elif isinstance(value, frozenset):
                value = sorted(str(v) for v in value)
            elif isinstance(value, StrEnum):
                value = value.value
            out[f.name] = value
        return out


_DURATIONS = {
    "absent_window",
    "silence_minimum",
    "silence_period",
    "ad_referendum_window",
    "statement_time",
    "reply_time",
    "correction_window",
}


def rules_from_dict(data: dict[str, Any]) -> RulesOfProcedure:
    """Rules from `to_dict`'s form (missing keys take the default; unknown keys refused)."""
    known = {f.name for f in fields(RulesOfProcedure)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InvalidInput(f"{unknown[0]}: not a rule of procedure", field=unknown[0])
    values: dict[str, Any] = {}
    try:
        for name, value in data.items():
            if name in _DURATIONS:
                values[name] = None if value is None else timedelta(seconds=int(value))
            elif name == "consent":
                values[name] = Consent(value)
            elif name == "silence_broken_by":
                values[name] = SilenceBreakers(value)
            elif name == "facilitator_powers":
                values[name] = frozenset(Power(v) for v in value)
            elif name in ("quorum", "replies_per_item"):
                values[name] = None if value is None else int(value)
            else:
                values[name] = bool(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(f"{name}: not a valid value", field=name) from None
    return replace(RulesOfProcedure(), **values)


def _refuse(field_name: str, reason: str, code: str) -> InvalidInput:
    return InvalidInput(f"{field_name}: {reason}", field=field_name, code=code)


def check_rules(rules: RulesOfProcedure, *, members: int) -> RulesOfProcedure:
    """`rules` unchanged, or InvalidInput naming the first contradiction.

    `members` is the number of member states in the series: a quorum above it could never
    be reached.
    """
    if rules.quorum < 1:
        raise _refuse("quorum", "a quorum is at least one member", "quorum_too_small")
    if rules.quorum > members:
        raise _refuse(
            "quorum",
            f"a quorum of {rules.quorum} is above the {members} members of the series",
            "quorum_above_members",
        )
    for name in sorted(_DURATIONS):
        value = getattr(rules, name)
        if value is not None and not timedelta(0) < value <= LONGEST_WINDOW:
            raise _refuse(name, "a duration is longer than zero and at most 60 days", "duration")
    if rules.silence_period < rules.silence_minimum:
        raise _refuse(
            "silence_period",
            "the silence window is shorter than the silence-procedure minimum",
            "silence_below_minimum",
        )
    for name in ("statement_time", "reply_time"):
        value = getattr(rules, name)
        if value is not None and not SHORTEST_TURN <= value <= LONGEST_TURN:
            raise _refuse(name, "a speaking time is between 30 seconds and one hour", "turn")
    if (
        rules.reply_time is not None
        and rules.statement_time is not None
        and rules.reply_time > rules.statement_time
    ):
        raise _refuse(
            "reply_time", "a right of reply is longer than a statement", "reply_above_statement"
        )
    if rules.replies_per_item is not None and not 0 <= rules.replies_per_item <= 5:
        raise _refuse("replies_per_item", "between 0 and 5 rights of reply", "replies")
    return rules


# --- what the rules say about one act -------------------------------------------------------


def check_quorum(rules: RulesOfProcedure, *, present: int) -> None:
    """RuleViolation unless enough members are present to put a text in session."""
    if present < rules.quorum:
        raise RuleViolation(
            f"the quorum is not reached: {present} members present, {rules.quorum} needed",
            code="quorum_not_reached",
        )


def check_silence_deadline(rules: RulesOfProcedure, *, now: datetime, deadline: datetime) -> None:
    """InvalidInput when a silence procedure would run shorter than the rules' minimum."""
    if deadline - now < rules.silence_minimum:
        hours = int(rules.silence_minimum.total_seconds() // 3600)
        raise InvalidInput(
            f"deadline: silence runs at least {hours} hours under the rules of procedure",
            field="deadline",
            code="silence_below_minimum",
        )


def check_confirmation(rules: RulesOfProcedure, *, now: datetime, confirm_by: datetime) -> None:
    """InvalidInput when an ad referendum confirmation is due later than the rules allow."""
    if confirm_by - now > rules.ad_referendum_window:
        days = rules.ad_referendum_window.days
        raise InvalidInput(
            f"confirm_by: an ad referendum approval is confirmed within {days} days",
            field="confirm_by",
            code="confirmation_too_late",
        )


def check_silence_breaker(rules: RulesOfProcedure, *, is_head: bool) -> None:
    """NotPermitted when the rules reserve breaking silence to heads of delegation."""
    if rules.silence_broken_by is SilenceBreakers.HEADS and not is_head:
        raise NotPermitted(
            "only a head of delegation breaks silence under the rules of procedure",
            code="silence_heads_only",
        )
