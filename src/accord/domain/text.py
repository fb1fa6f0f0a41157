"""What text Accord accepts (issue 11): no control characters and no bidirectional
overrides anywhere, and no line breaks where a single line is expected.

A title holding a newline broke the calendar of its meeting; BEL and ESC reach terminals
through exports and the CLI; a right-to-left override makes a title read differently from
what it holds. Multi-line text keeps its line breaks (CRLF and CR become LF) and tabs.

The classes below are the body of a regular-expression character class, written with the
characters themselves so that every regex engine reads them alike.
"""

from __future__ import annotations

import re
from typing import Any

from accord.domain.errors import InvalidInput

_CONTROLS = (
    "\x00-\x08"  # C0 below TAB
    "\x0b\x0c"  # vertical tab, form feed
    "\x0e-\x1f"  # the rest of C0
    "\x7f-\x9f"  # DEL and C1 (NEL among them)
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2066-\u2069"  # bidi isolates
)
# In prose: TAB, LF and CR allowed (CR is normalised away).
PROSE_FORBIDDEN = _CONTROLS
# On one line: no TAB, LF or CR either.
LINE_FORBIDDEN = "\t\n\r" + _CONTROLS

LINE_CONTROL = re.compile(f"[{LINE_FORBIDDEN}]")
PROSE_CONTROL = re.compile(f"[{PROSE_FORBIDDEN}]")


def normalise_newlines(value: Any) -> Any:
    """CRLF and lone CR as LF (anything that is not text is left for the caller to refuse)."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _named(character: str) -> str:
    return f"U+{ord(character):04X}"


def check_line(value: str, *, field: str) -> str:
    """The value, unless it holds a line break, a control or a bidi override."""
    found = LINE_CONTROL.search(value)
    if found:
        raise InvalidInput(
            f"{field}: a single line of text without control characters "
            f"(found {_named(found.group())})",
            field=field,
            code="control_character",
        )
    return value


def check_prose(value: str, *, field: str) -> str:
    """The value with its line breaks normalised, unless it holds a control (other than
    TAB and line breaks) or a bidi override."""
    value = normalise_newlines(value)
    found = PROSE_CONTROL.search(value)
    if found:
        raise InvalidInput(
            f"{field}: text without control characters (found {_named(found.group())})",
            field=field,
            code="control_character",
        )
    return value


def clean_for_import(value: str) -> str:
    """Imported text (a Pol.is export) with its controls dropped and its line breaks
    normalised: one stray character should not refuse a whole file."""
    return PROSE_CONTROL.sub("", normalise_newlines(value))
