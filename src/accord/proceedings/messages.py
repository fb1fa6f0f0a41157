"""The domain's refusals about procedure, in the reader's language.

The pure domain words its refusals in English and names each with a `code`; this maps the
codes users meet to translated sentences, keeping the class (and so the HTTP status), the
code and the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.utils.translation import gettext as _

from accord.domain.errors import DomainError, InvalidInput


def _numbers(message: str) -> list[str]:
    return re.findall(r"\d+", message)


def _quorum_above(message: str) -> str:
    quorum, members = ([*_numbers(message), "?", "?"])[:2]
    return _("A quorum of %(quorum)s is above the %(members)s members of the series.") % {
        "quorum": quorum,
        "members": members,
    }


def _quorum_not_reached(message: str) -> str:
    present, needed = ([*_numbers(message), "?", "?"])[:2]
    return _("The quorum is not reached: %(present)s members present, %(needed)s needed.") % {
        "present": present,
        "needed": needed,
    }


def _silence_minimum(message: str) -> str:
    if "window" in message:
        return _("The silence window is shorter than the silence-procedure minimum.")
    hours = ([*_numbers(message), "72"])[0]
    return _("Silence runs at least %(hours)s hours under the rules of procedure.") % {
        "hours": hours
    }


TRANSLATIONS: dict[str, Callable[[str], str]] = {
    "quorum_too_small": lambda m: _("A quorum is at least one member."),
    "quorum_above_members": _quorum_above,
    "quorum_not_reached": _quorum_not_reached,
    "silence_below_minimum": _silence_minimum,
    "duration": lambda m: _("A duration is longer than zero and at most 60 days."),
    "turn": lambda m: _("A speaking time is between 30 seconds and one hour."),
    "reply_above_statement": lambda m: _("A right of reply runs longer than the speaking time."),
    "replies": lambda m: _("The rules give between 0 and 5 rights of reply."),
    "observer_point_of_order": lambda m: _(
        "The rules of procedure do not let observers raise points of order."
    ),
    "replies_exhausted": lambda m: _(
        "Your delegation has had the rights of reply the rules give on this item."
    ),
    "not_own_statement": lambda m: _("A state corrects only its own interventions."),
    "corrections_closed": lambda m: _("The window for corrections has closed."),
    "corrections_still_open": lambda m: _("The window for corrections is still open."),
    "outside_mandate": lambda m: _("The facilitator acts only on the paragraph or item given."),
    "facilitator_power": lambda m: _("The rules of procedure do not give facilitators this power."),
    "confirmation_too_late": lambda m: _(
        "An ad referendum approval is confirmed within the window the rules give."
    ),
    "silence_heads_only": lambda m: _(
        "Only a head of delegation breaks silence under the rules of procedure."
    ),
    "point_of_order_raised": lambda m: _("Your delegation has already raised a point of order."),
    "list_closed": lambda m: _("The chair has closed the list of speakers on this item."),
    "already_inscribed": lambda m: _(
        "Your delegation is already on the list of speakers for this item."
    ),
    "observer_group": lambda m: _("An observer does not speak on behalf of a group of states."),
    "record_final": lambda m: _("The summary record is final: it no longer changes."),
    "correction_unchanged": lambda m: _("The correction changes nothing in the intervention."),
    "absence_not_counted": lambda m: _("Under these rules every member approves, present or not."),
    "amendment_does_not_break_silence": lambda m: _(
        "Under these rules of procedure an amendment does not break silence: break silence "
        "with a written reason to return the text to negotiation."
    ),
    "text_in_adoption": lambda m: _(
        "The text is put to adoption in session: amendments wait until it returns to negotiation."
    ),
}


def translated(error: DomainError) -> DomainError:
    """The same refusal with its message in the reader's language, where one is known."""
    word = TRANSLATIONS.get(error.code)
    if word is None:
        return error
    # Bad input keeps the one code of bad input (the field says which); a refusal keeps
    # its finer code ("observer_point_of_order", "quorum_not_reached").
    code = None if isinstance(error, InvalidInput) else error.code
    return type(error)(word(error.message), code=code, field=error.field)


@contextmanager
def in_users_language() -> Iterator[None]:
    """Re-raise the domain's refusals inside the block in the reader's language."""
    try:
        yield
    except DomainError as error:
        better = translated(error)
        if better is error:
            raise
        raise better from error
