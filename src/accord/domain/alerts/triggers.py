"""What can alert a person, and how each person chose to hear of it (DESIGN rule 7).

A trigger is a kind of cause. Each person picks a delivery mode per trigger; a few
triggers are what the duty officer exists for, and a state cannot let its duty officers
turn them off or defer them to a digest.
"""

from __future__ import annotations

from enum import StrEnum

from accord.domain.errors import InvalidInput


class Trigger(StrEnum):
    SILENCE_OPENED = "silence_opened"
    SILENCE_REMINDER = "silence_reminder"
    AD_REFERENDUM = "ad_referendum"
    NOTIFICATION_RECEIVED = "notification_received"
    ACKNOWLEDGEMENT_OVERDUE = "acknowledgement_overdue"
    ESCALATION = "escalation"
    HOTLINE = "hotline"
    FLOOR_GIVEN = "floor_given"
    BILATERAL_REQUESTED = "bilateral_requested"
    REVISION_ISSUED = "revision_issued"
    DOCUMENT_ADOPTED = "document_adopted"
    COMMITMENT_OVERDUE = "commitment_overdue"
    # Not a preference: the code that proves an address, sent to that address only.
    VERIFICATION = "verification"


class Mode(StrEnum):
    IMMEDIATE = "immediate"
    DIGEST = "digest"
    OFF = "off"


# What a duty officer always hears of at once: deadlines that count silence as consent,
# notifications the state must acknowledge, and the hotline.
DUTY_OFFICER_MANDATORY = frozenset(
    {
        Trigger.SILENCE_OPENED,
        Trigger.SILENCE_REMINDER,
        Trigger.NOTIFICATION_RECEIVED,
        Trigger.ACKNOWLEDGEMENT_OVERDUE,
        Trigger.HOTLINE,
    }
)

# Heads hear of escalations at once too: an escalation is the duty officer's silence.
HEAD_MANDATORY = frozenset({Trigger.ESCALATION, Trigger.AD_REFERENDUM})

PREFERABLE = tuple(trigger for trigger in Trigger if trigger is not Trigger.VERIFICATION)


def parse_trigger(value: str) -> Trigger:
    try:
        trigger = Trigger(value)
    except ValueError:
        raise InvalidInput(f"trigger: {value!r} is not one of {', '.join(PREFERABLE)}.") from None
    if trigger is Trigger.VERIFICATION:
        raise InvalidInput("trigger: verification codes are always sent; it is not a preference.")
    return trigger


def parse_mode(value: str) -> Mode:
    try:
        return Mode(value)
    except ValueError:
        raise InvalidInput(
            f"mode: {value!r} is not one of {', '.join(mode.value for mode in Mode)}."
        ) from None


def mandatory_for(*, is_duty_officer: bool, is_head: bool) -> frozenset[Trigger]:
    """The triggers this person hears of at once whatever they chose."""
    found: frozenset[Trigger] = frozenset({Trigger.VERIFICATION})
    if is_duty_officer:
        found |= DUTY_OFFICER_MANDATORY
    if is_head:
        found |= HEAD_MANDATORY
    return found


def check_choice(trigger: Trigger, mode: Mode, *, is_duty_officer: bool, is_head: bool) -> None:
    """Refuse a preference the state does not allow (a duty officer silencing the hotline)."""
    if mode is not Mode.IMMEDIATE and trigger in mandatory_for(
        is_duty_officer=is_duty_officer, is_head=is_head
    ):
        role = "a duty officer" if trigger in DUTY_OFFICER_MANDATORY else "a head of delegation"
        raise InvalidInput(
            f"mode: {trigger.value} alerts reach {role} at once; "
            f"they cannot be set to {mode.value}."
        )


def effective_mode(
    trigger: Trigger, chosen: Mode | None, *, is_duty_officer: bool, is_head: bool
) -> Mode:
    """How this person hears of `trigger`: mandatory ones at once, else their choice
    (at once when they chose nothing)."""
    if trigger in mandatory_for(is_duty_officer=is_duty_officer, is_head=is_head):
        return Mode.IMMEDIATE
    return chosen or Mode.IMMEDIATE
