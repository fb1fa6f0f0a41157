"""A refusal as the pages say it: a full sentence in the reader's language, and the field
it is about (so the page can put it next to that field and link to it from the summary).

The services word their refusals for the API (`slots[2]: the slot lies outside the
meeting (…)`, `time_zone: unknown time zone 'Mars/Base'`): a field path, a colon, lower
case. The refusals people meet most often in the pages are worded again here; any other
keeps its text, made a sentence, with the field path taken off and kept as the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accord.domain.errors import DomainError

FIELD_PREFIX = re.compile(r"^(?P<field>[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+)*): (?P<rest>.+)$", re.S)
Worder = Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class Refusal:
    field: str | None  # the form field's name (`slots` for `slots[2]`), or None
    message: str


def _slot(match: re.Match[str]) -> dict[str, str]:
    return {"n": match.group("n")}


# (pattern over the whole message, form field, the sentence)
KNOWN: list[tuple[re.Pattern[str], str, Worder]] = [
    (
        re.compile(r"^time_zone: unknown time zone '(?P<zone>.*)'$"),
        "time_zone",
        lambda m: (
            _("“%(zone)s” is not a time zone we know: choose one such as Asia/Almaty.")
            % {"zone": m.group("zone")}
        ),
    ),
    (
        re.compile(r"^slots\[(?P<n>\d+)\]: the slot lies outside the meeting"),
        "slots",
        lambda m: _("Proposed time %(n)s lies outside the meeting’s dates.") % _slot(m),
    ),
    (
        re.compile(r"^slots\[(?P<n>\d+)\]: the slot collides with the plenary sitting '(?P<s>.*)'"),
        "slots",
        lambda m: (
            _(
                "Proposed time %(n)s falls during the plenary sitting “%(sitting)s”: "
                "choose a time on the sidelines."
            )
            % {"n": m.group("n"), "sitting": m.group("s")}
        ),
    ),
    (
        re.compile(r"^slots\[(?P<n>\d+)\]: the delegation is already booked then"),
        "slots",
        lambda m: _("Proposed time %(n)s: your delegation is already booked then.") % _slot(m),
    ),
    (
        re.compile(r"^slots\[(?P<n>\d+)\]: a slot must end after it starts"),
        "slots",
        lambda m: _("Proposed time %(n)s ends before it starts.") % _slot(m),
    ),
    (
        re.compile(r"^slots: propose at least one time slot"),
        "slots",
        lambda m: _("Propose at least one time for the bilateral."),
    ),
    (
        re.compile(r"^ends_at: the meeting ends before it starts"),
        "ends_at",
        lambda m: _("The meeting must end after it starts."),
    ),
    (
        re.compile(r"^venue: give a venue or an online address"),
        "venue",
        lambda m: _("Give a venue or an online address."),
    ),
    (
        re.compile(r"^(?P<field>[a-z_]+): a date and time$"),
        "",
        lambda m: _("Enter a date and time."),
    ),
]


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?。！？" else text + "."


def refusal(error: DomainError | str) -> Refusal:
    """The refusal `error` as a sentence for a page, with its field."""
    message = error.message if isinstance(error, DomainError) else str(error)
    for pattern, field, word in KNOWN:
        match = pattern.match(message)
        if match is not None:
            named = field or match.groupdict().get("field")
            return Refusal(named, word(match))
    prefixed = FIELD_PREFIX.match(message)
    if prefixed is None:
        return Refusal(getattr(error, "field", None), _sentence(message))
    named_field = prefixed.group("field").split("[")[0].split(".")[0]
    return Refusal(named_field, _sentence(prefixed.group("rest")))


def sentence(error: DomainError | str) -> str:
    """Only the sentence (for a message on the page the form came from)."""
    return refusal(error).message
