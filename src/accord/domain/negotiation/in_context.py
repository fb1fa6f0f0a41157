"""An amendment read against its paragraph: the words it strikes and the words it
inserts, in place, with the unchanged words around them — all of them, or only a few on
either side (the brief form a list of amendments shows)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from accord.domain.negotiation.amendments import Amendment, AmendmentKind
from accord.domain.negotiation.text import Revision, Text, render_bracket

SAME, STRUCK, INSERTED = "same", "struck", "inserted"
_WORD = re.compile(r"\S+\s*|\s+")
ELLIPSIS = "…"


@dataclass(frozen=True)
class Piece:
    """A run of words: unchanged (`same`), struck out or inserted."""

    kind: str
    text: str


def _merge(pieces: list[Piece]) -> tuple[Piece, ...]:
    merged: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if merged and merged[-1].kind == piece.kind:
            merged[-1] = Piece(piece.kind, merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return tuple(merged)


def word_changes(old: str, new: str) -> tuple[Piece, ...]:
    """`old` turned into `new`, word by word."""
    before, after = _WORD.findall(old), _WORD.findall(new)
    pieces: list[Piece] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece(SAME, "".join(before[i1:i2])))
            continue
        pieces.append(Piece(STRUCK, "".join(before[i1:i2])))
        pieces.append(Piece(INSERTED, "".join(after[j1:j2])))
    return _merge(pieces)


def in_context(revision: Revision, amendment: Amendment) -> tuple[Piece, ...]:
    """What `amendment` would do to its paragraph of `revision` (() when the paragraph
    is not in it)."""
    if amendment.kind is AmendmentKind.INSERT_PARAGRAPH:
        return (Piece(INSERTED, amendment.text),)
    paragraph = next((p for p in revision.paragraphs if p.id == amendment.paragraph_id), None)
    if paragraph is None:
        return ()
    if amendment.kind is AmendmentKind.DELETE_PARAGRAPH:
        return (Piece(STRUCK, paragraph.render()),)
    if amendment.kind is AmendmentKind.REPLACE_PARAGRAPH or amendment.span is None:
        return word_changes(paragraph.render(), amendment.text)
    span = amendment.span
    pieces: list[Piece] = []
    for index, segment in enumerate(paragraph.segments):
        whole = segment.text if isinstance(segment, Text) else render_bracket(segment)
        if index != span.segment:
            pieces.append(Piece(SAME, whole))
            continue
        if not isinstance(segment, Text):  # a bracket replaced whole
            pieces += [Piece(STRUCK, whole), Piece(INSERTED, amendment.text)]
            continue
        pieces += [
            Piece(SAME, segment.text[: span.start]),
            Piece(STRUCK, segment.text[span.start : span.end]),
            Piece(INSERTED, amendment.text),
            Piece(SAME, segment.text[span.end :]),
        ]
    return _merge(pieces)


def in_brief(pieces: tuple[Piece, ...], words: int = 4) -> tuple[Piece, ...]:
    """The same change with unchanged runs cut to `words` words next to each change."""
    brief: list[Piece] = []
    for index, piece in enumerate(pieces):
        if piece.kind != SAME:
            brief.append(piece)
            continue
        run = _WORD.findall(piece.text)
        first, last = index == 0, index == len(pieces) - 1
        if len(run) <= (words if first or last else 2 * words):
            brief.append(piece)
        elif first:
            brief.append(Piece(SAME, ELLIPSIS + " " + "".join(run[-words:])))
        elif last:
            brief.append(Piece(SAME, "".join(run[:words]).rstrip() + " " + ELLIPSIS))
        else:
            middle = "".join(run[:words]).rstrip() + " " + ELLIPSIS + " " + "".join(run[-words:])
            brief.append(Piece(SAME, middle))
    return tuple(brief)
