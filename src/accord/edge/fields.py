"""Bounded input types for every API schema (issue 11): each bound is in the OpenAPI
document, and a request past it is answered 422 before any work starts.

Each text type leaves its length to the field (`Field(max_length=…)`): the OpenAPI test
checks that every string a request carries has one.

- `Line`: one line of text (a title, a name, a subject): no line breaks, no control
  characters (C0, DEL, C1) and no bidirectional overrides or isolates (U+202A–U+202E,
  U+2066–U+2069), which can make a title read differently from what it holds.
- `Prose`: text of several lines (a summary, an intervention): line breaks and tabs are
  allowed and CRLF / CR become LF; the other controls and bidi overrides are refused.
- `Code`: a short identifier (a state's code, a language, a kind).
- Numbers that size work: `RevisionNumber`, `Ordinal`, `Limit`, `Offset`.

The character classes are written with the characters themselves, not escapes, so that
pydantic (Rust regex), Python's `re` and an ECMA-262 reader of the document agree on them.
The same rule serves the pages' forms and the CLI imports through `accord.domain.text`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field
from typing_extensions import TypeAliasType

from accord.domain.text import LINE_FORBIDDEN, PROSE_FORBIDDEN, normalise_newlines

LINE_PATTERN = f"^[^{LINE_FORBIDDEN}]*$"
PROSE_PATTERN = f"^[^{PROSE_FORBIDDEN}]*$"
CODE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.:-]*$"
# An address given as https://…, or none.
HTTPS_OR_NOTHING = f"^(|https://[^{LINE_FORBIDDEN} ]*)$"
# The same, with at least one character that is not a space (what `str.strip` leaves).
FILLED_LINE_PATTERN = f"^[^{LINE_FORBIDDEN}]*[^{LINE_FORBIDDEN}\\s][^{LINE_FORBIDDEN}]*$"
FILLED_PROSE_PATTERN = f"^[^{PROSE_FORBIDDEN}]*[^{PROSE_FORBIDDEN}\\s][^{PROSE_FORBIDDEN}]*$"

Line = Annotated[str, Field(pattern=LINE_PATTERN)]
# The constraint before the validator: in the other order pydantic leaves the pattern out
# of the JSON schema (the validator still runs first).
Prose = Annotated[
    str,
    Field(pattern=PROSE_PATTERN),
    BeforeValidator(normalise_newlines),
]
# Text that must say something: not empty, not only spaces.
FilledLine = Annotated[str, Field(pattern=FILLED_LINE_PATTERN, min_length=1)]
FilledProse = Annotated[
    str,
    Field(pattern=FILLED_PROSE_PATTERN, min_length=1),
    BeforeValidator(normalise_newlines),
]
# A map's key that is a whole number (JSON keys are strings).
NumberKey = Annotated[str, Field(pattern="^[1-9][0-9]{0,9}$")]
Code = Annotated[str, Field(pattern=CODE_PATTERN, min_length=1)]
# A public id (`accord.members.public_ids`): a kind's prefix, "_" and 26 base32 letters.
PUBLIC_ID_PATTERN = "^[a-z]{2,5}_[a-z2-7]{26}$"
# An opaque public id (`secrets.token_urlsafe`): letters, digits, - and _.
OpaqueId = Annotated[str, Field(pattern="^[A-Za-z0-9_-]+$", min_length=1)]
StateCode = Annotated[
    str, Field(pattern="^[A-Za-z]{3}$", min_length=3, max_length=3, description="a state code")
]
UserName = Annotated[str, Field(pattern=LINE_PATTERN, min_length=1, max_length=150)]

# Ids and sequence numbers as the database holds them (64-bit and 32-bit integers).
MAX_ID = 2**63 - 1
MAX_NUMBER = 2**31 - 1
# No negotiation runs to ten thousand revisions; a redline's range is checked against it
# before anything is read.
MAX_REVISION = 10_000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
RevisionNumber = Annotated[int, Field(ge=1, le=MAX_REVISION)]
Ordinal = Annotated[int, Field(ge=1, le=MAX_NUMBER)]
Limit = Annotated[int, Field(ge=1, le=500)]
Offset = Annotated[int, Field(ge=0, le=1_000_000)]

# A free-form JSON object (a notification's content, checked against its type's schema
# by the domain): keys are short lines, text is prose, nesting and sizes are bounded.
Key = Annotated[str, Field(pattern=LINE_PATTERN, max_length=64)]
Datum = TypeAliasType(  # type: ignore[misc]
    "Datum",
    "Annotated[str, Field(pattern=PROSE_PATTERN, max_length=20_000)] | int | float | bool "
    "| Annotated[list[Datum], Field(max_length=1000)] "
    "| Annotated[dict[Key, Datum], Field(max_length=100)] | None",
)
