"""Amendments and the chair's next revision.

A member state proposes an amendment against the *current* revision (a stale revision number
is refused); other states support or oppose it; only its proposer may withdraw it. The chair
then issues the next revision with `issue_revision`, giving a `Decision` for every pending
amendment and, optionally, resolving brackets by choosing an alternative.

Targets. Offsets are always those of the revision the amendment was proposed against, so the
amendments of one round never shift each other:

* `REPLACE_SPAN` names a `Span`: a segment of the paragraph and, for agreed text, the
  character range `[start, end)` inside it (`start == end` inserts words; empty `text`
  deletes words). On a bracket segment the span is the whole bracket (`start == end == 0`).
* `REPLACE_PARAGRAPH` / `DELETE_PARAGRAPH` target the whole paragraph.
* `INSERT_PARAGRAPH` goes after `paragraph_id` (a paragraph of the same kind), or first
  among the paragraphs of its kind when `paragraph_id` is None.

Merging. Bracketed amendments that touch overlapping words of one agreed segment become a
single bracket over the union of their spans: the current wording (backed by the states that
opposed the change) and one alternative per amendment. An amendment on an existing bracket
adds its wording to that bracket; identical wordings merge and pool their backers. Two
amendments on the same words cannot both be taken in as agreed text (RuleViolation).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import StrEnum

from accord.domain.errors import InvalidInput, NotPermitted, RuleViolation
from accord.domain.negotiation.text import (
    Bracket,
    Paragraph,
    ParagraphKind,
    Revision,
    Text,
)


class AmendmentKind(StrEnum):
    """The four things a member can propose."""

    INSERT_PARAGRAPH = "insert-paragraph"
    REPLACE_SPAN = "replace-span"
    REPLACE_PARAGRAPH = "replace-paragraph"
    DELETE_PARAGRAPH = "delete-paragraph"


@dataclass(frozen=True)
class Span:
    """Segment `segment` of a paragraph; characters `[start, end)` when it is agreed text."""

    segment: int
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Amendment:
    """A proposal by one state against one revision. Immutable: acts return a new value."""

    id: str
    document_id: str
    against: int  # the revision number it was proposed against
    proposer: str
    kind: AmendmentKind
    paragraph_id: int | None  # target; for an insert, the paragraph it follows (None: first)
    text: str = ""
    span: Span | None = None
    paragraph_kind: ParagraphKind | None = None  # inserts only
    supporters: frozenset[str] = frozenset()
    opponents: frozenset[str] = frozenset()
    withdrawn: bool = False

    @property
    def backers(self) -> frozenset[str]:
        """The proposer and its supporters: the states behind its wording."""
        return self.supporters | {self.proposer}


def find_span(paragraph: Paragraph, words: str, occurrence: int = 1) -> Span:
    """The span of the `occurrence`-th appearance of `words` inside agreed text of a paragraph.

    A convenience for people who quote the words they want to change.
    """
    if not words:
        raise InvalidInput("quote at least one character")
    seen = 0
    for index, segment in enumerate(paragraph.segments):
        if not isinstance(segment, Text):
            continue
        start = segment.text.find(words)
        while start != -1:
            seen += 1
            if seen == occurrence:
                return Span(index, start, start + len(words))
            start = segment.text.find(words, start + 1)
    raise InvalidInput(f"{words!r} does not appear in the agreed text of paragraph {paragraph.id}")


def propose_amendment(
    current: Revision,
    *,
    amendment_id: str,
    proposer: str,
    against: int,
    kind: AmendmentKind,
    paragraph_id: int | None,
    text: str = "",
    span: Span | None = None,
    paragraph_kind: ParagraphKind | None = None,
    members: Collection[str] | None = None,
) -> Amendment:
    """Validate a proposal against the current revision and return the new amendment.

    RuleViolation when `against` is not the current revision (stale); InvalidInput for an
    unknown paragraph, a span out of range, an empty insert or a change that changes nothing.
    When `members` is given, NotPermitted unless `proposer` is one (observers never propose).
    """
    _check_member(proposer, members)
    if against != current.number:
        raise RuleViolation(
            f"amendment proposed against Rev.{against} but the current revision is {current.label}"
        )
    try:
        kind = AmendmentKind(kind)
        paragraph_kind = None if paragraph_kind is None else ParagraphKind(paragraph_kind)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    if kind is AmendmentKind.INSERT_PARAGRAPH:
        if paragraph_kind is None or not text.strip():
            raise InvalidInput("an inserted paragraph needs a kind and some text")
        if paragraph_id is not None and current.paragraph(paragraph_id).kind != paragraph_kind:
            raise InvalidInput("insert after a paragraph of the same kind (or first of its kind)")
        span = None
    else:
        if paragraph_id is None:
            raise InvalidInput("name the paragraph the amendment changes")
        target = current.paragraph(paragraph_id)
        if kind is AmendmentKind.REPLACE_PARAGRAPH:
            if not text.strip():
                raise InvalidInput("a replacement paragraph needs text; to remove it, delete it")
            span = None
        elif kind is AmendmentKind.DELETE_PARAGRAPH:
            text, span = "", None
        else:
            _check_span(target, span, text)
        paragraph_kind = None
    return Amendment(
        id=amendment_id,
        document_id=current.document_id,
        against=against,
        proposer=proposer,
        kind=kind,
        paragraph_id=paragraph_id,
        text=text,
        span=span,
        paragraph_kind=paragraph_kind,
    )


def _check_member(state: str, members: Collection[str] | None) -> None:
    if members is not None and state not in members:
        raise NotPermitted(f"{state} is not a member state: only members propose or take sides")


def _check_span(paragraph: Paragraph, span: Span | None, text: str) -> None:
    if span is None or not 0 <= span.segment < len(paragraph.segments):
        raise InvalidInput(f"the span does not name a segment of paragraph {paragraph.id}")
    segment = paragraph.segments[span.segment]
    if isinstance(segment, Bracket):
        # Proposing a wording the bracket already holds is allowed: it pools the backers.
        if span.start != 0 or span.end != 0:
            raise InvalidInput("a span on a bracket covers the whole bracket: start=end=0")
        return
    if not 0 <= span.start <= span.end <= len(segment.text):
        raise InvalidInput(f"span {span.start}..{span.end} is outside the segment's text")
    if segment.text[span.start : span.end] == text:
        raise InvalidInput("the amendment changes nothing")


def _check_open(amendment: Amendment, current_revision: int) -> None:
    if amendment.withdrawn:
        raise RuleViolation(f"amendment {amendment.id} has been withdrawn")
    if amendment.against != current_revision:
        raise RuleViolation(
            f"amendment {amendment.id} was decided when Rev.{amendment.against + 1} was issued"
        )


def support(
    amendment: Amendment,
    state: str,
    *,
    current_revision: int,
    members: Collection[str] | None = None,
) -> Amendment:
    """`state` supports the amendment (one voice: it stops opposing it)."""
    _check_member(state, members)
    _check_open(amendment, current_revision)
    if state == amendment.proposer:
        raise InvalidInput("the proposer already backs its own amendment")
    if state in amendment.supporters:
        raise RuleViolation(f"{state} already supports amendment {amendment.id}.")
    return replace(
        amendment,
        supporters=amendment.supporters | {state},
        opponents=amendment.opponents - {state},
    )


def oppose(
    amendment: Amendment,
    state: str,
    *,
    current_revision: int,
    members: Collection[str] | None = None,
) -> Amendment:
    """`state` opposes the amendment (one voice: it stops supporting it)."""
    _check_member(state, members)
    _check_open(amendment, current_revision)
    if state == amendment.proposer:
        raise InvalidInput("the proposer cannot oppose its own amendment; withdraw it")
    if state in amendment.opponents:
        raise RuleViolation(f"{state} already opposes amendment {amendment.id}.")
    return replace(
        amendment,
        supporters=amendment.supporters - {state},
        opponents=amendment.opponents | {state},
    )


def withdraw(amendment: Amendment, state: str, *, current_revision: int) -> Amendment:
    """The proposer withdraws its amendment; NotPermitted for anyone else."""
    if state != amendment.proposer:
        raise NotPermitted(f"only {amendment.proposer} may withdraw amendment {amendment.id}")
    _check_open(amendment, current_revision)
    return replace(amendment, withdrawn=True)
