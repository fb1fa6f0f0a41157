"""The negotiation text: paragraphs of agreed text and brackets, and immutable revisions.

DESIGN §2 rule 4. A *revision* (Rev.1, Rev.2 …) is a frozen value: a tuple of numbered
paragraphs, each a tuple of segments. A segment is either agreed `Text` or a `Bracket`: a
disputed segment with one or more alternative wordings, each backed by a set of states. An
empty alternative proposes deletion (or, for a proposed insertion, not inserting).

Paragraph status follows "nothing is agreed until everything is agreed": `AGREED` and
`AGREED_AD_REF` are provisional until the whole document is adopted. A revision is adoptable
only when no bracket remains (`Revision.is_adoptable`).

Identity: paragraphs and brackets carry integer ids that never change across revisions and
are never reused (the revision remembers the highest id handed out), so amendments, redlines
and the app's database rows can refer to them. The labels people read (`PP2`, `OP3`) are
derived from position and kind.

The canonical JSON form lives in `negotiation.canonical`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

from accord.domain.errors import InvalidInput, RuleViolation


class ParagraphKind(StrEnum):
    """Preambular paragraphs come first (PP1, PP2 …), then operative ones (OP1, OP2 …)."""

    PREAMBULAR = "preambular"
    OPERATIVE = "operative"


class ParagraphStatus(StrEnum):
    """Provisional status of one paragraph (nothing is agreed until everything is agreed)."""

    AGREED = "agreed"
    AGREED_AD_REF = "agreed-ad-ref"
    OPEN = "open"


class Decision(StrEnum):
    """What the chair does with an amendment when issuing the next revision."""

    AGREED = "agreed"  # taken in as agreed text
    BRACKETED = "bracketed"  # taken in as a bracketed alternative
    LEFT_OUT = "left-out"


@dataclass(frozen=True)
class Alternative:
    """One wording inside a bracket; `text == ""` proposes deletion."""

    text: str
    backers: frozenset[str] = frozenset()
    amendments: tuple[str, ...] = ()  # ids of the amendments that proposed this wording


@dataclass(frozen=True)
class Bracket:
    """A disputed segment: at least one alternative, no two with the same text."""

    id: int
    alternatives: tuple[Alternative, ...]

    def __post_init__(self) -> None:
        if not self.alternatives:
            raise InvalidInput(f"bracket {self.id} has no alternative")
        texts = [a.text for a in self.alternatives]
        if len(set(texts)) != len(texts):
            raise InvalidInput(f"bracket {self.id} has two alternatives with the same text")


@dataclass(frozen=True)
class Text:
    """Agreed (provisionally) text; never empty inside a paragraph."""

    text: str


Segment: TypeAlias = Text | Bracket


def render_bracket(bracket: Bracket) -> str:
    """A bracket as delegates read it: `[one wording / another]`."""
    # "—" marks the empty alternative so that a proposed deletion stays visible.
    return "[" + " / ".join(a.text or "—" for a in bracket.alternatives) + "]"


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph. Segments are normalised: no empty or adjacent `Text`."""

    id: int
    kind: ParagraphKind
    segments: tuple[Segment, ...]
    ad_referendum: frozenset[str] = frozenset()  # states that agreed only ad referendum

    def __post_init__(self) -> None:
        if not self.segments:
            raise InvalidInput(f"paragraph {self.id} is empty")
        previous_text = False
        for segment in self.segments:
            is_text = isinstance(segment, Text)
            if is_text and (previous_text or not segment.text):  # type: ignore[union-attr]
                raise InvalidInput(f"paragraph {self.id}: segments are not normalised")
            previous_text = is_text
        if self.ad_referendum and self.brackets:
            raise InvalidInput(f"paragraph {self.id} holds brackets: it cannot be agreed ad ref")

    @property
    def brackets(self) -> tuple[Bracket, ...]:
        """The paragraph's brackets, in order."""
        return tuple(s for s in self.segments if isinstance(s, Bracket))

    @property
    def status(self) -> ParagraphStatus:
        """Open while a bracket remains; agreed ad ref while a state has reserved it."""
        if self.brackets:
            return ParagraphStatus.OPEN
        if self.ad_referendum:
            return ParagraphStatus.AGREED_AD_REF
        return ParagraphStatus.AGREED

    def render(self) -> str:
        """Plain text with brackets shown as `[alt 1 / alt 2]` (`—` for an empty one)."""
        return "".join(s.text if isinstance(s, Text) else render_bracket(s) for s in self.segments)

    def agreed_text(self) -> str:
        """The paragraph's text; RuleViolation while it holds brackets."""
        if self.brackets:
            raise RuleViolation(f"paragraph {self.id} still holds brackets")
        return "".join(s.text for s in self.segments if isinstance(s, Text))


def normalise_segments(segments: list[Segment]) -> tuple[Segment, ...]:
    """Merge adjacent `Text` segments and drop empty ones (the canonical segment form)."""
    out: list[Segment] = []
    for segment in segments:
        if isinstance(segment, Text):
            if not segment.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + segment.text)
                continue
        out.append(segment)
    return tuple(out)


@dataclass(frozen=True)
class AmendmentRecord:
    """Provenance: what the chair decided for one amendment when issuing a revision."""

    amendment_id: str
    proposer: str
    supporters: frozenset[str]
    decision: Decision
    paragraph_id: int | None  # the target, or the new paragraph of an insert; None if left out


@dataclass(frozen=True)
class ResolutionRecord:
    """Provenance: the chair resolved a bracket by choosing one of its alternatives."""

    bracket_id: int
    paragraph_id: int
    chosen: Alternative


@dataclass(frozen=True)
class Revision:
    """One immutable revision of a draft, with the provenance of how it was made."""

    document_id: str
    number: int
    title: str
    paragraphs: tuple[Paragraph, ...]
    issued_by: str  # the chair's state
    last_paragraph_id: int  # highest paragraph id ever handed out in this document
    last_bracket_id: int
    amendments: tuple[AmendmentRecord, ...] = ()
    resolutions: tuple[ResolutionRecord, ...] = ()

    def __post_init__(self) -> None:
        if self.number < 1:
            raise InvalidInput("revision numbers start at 1")
        ids = [p.id for p in self.paragraphs]
        if len(set(ids)) != len(ids):
            raise InvalidInput("two paragraphs share an id")
        if any(i < 1 or i > self.last_paragraph_id for i in ids):
            raise InvalidInput("paragraph id out of range")
        bracket_ids = [b.id for p in self.paragraphs for b in p.brackets]
        if len(set(bracket_ids)) != len(bracket_ids):
            raise InvalidInput("two brackets share an id")
        if any(i < 1 or i > self.last_bracket_id for i in bracket_ids):
            raise InvalidInput("bracket id out of range")
        seen_operative = False
        for p in self.paragraphs:
            if p.kind is ParagraphKind.OPERATIVE:
                seen_operative = True
            elif seen_operative:
                raise InvalidInput("preambular paragraphs must come before operative ones")

    @property
    def label(self) -> str:
        """`Rev.3`."""
        return f"Rev.{self.number}"

    @property
    def is_adoptable(self) -> bool:
        """True when no bracket remains: only then may the text be put to adoption."""
        return all(not p.brackets for p in self.paragraphs)

    @property
    def open_paragraphs(self) -> tuple[int, ...]:
        """Ids of the paragraphs that still hold brackets."""
        return tuple(p.id for p in self.paragraphs if p.brackets)

    def labels(self) -> dict[int, str]:
        """Paragraph id -> its number as people read it (`PP1`, `OP3`)."""
        counts = {ParagraphKind.PREAMBULAR: 0, ParagraphKind.OPERATIVE: 0}
        out: dict[int, str] = {}
        for p in self.paragraphs:
            counts[p.kind] += 1
            prefix = "PP" if p.kind is ParagraphKind.PREAMBULAR else "OP"
            out[p.id] = f"{prefix}{counts[p.kind]}"
        return out

    def paragraph(self, paragraph_id: int) -> Paragraph:
        """The paragraph with this id; InvalidInput when it does not exist in this revision."""
        for p in self.paragraphs:
            if p.id == paragraph_id:
                return p
        raise InvalidInput(f"paragraph {paragraph_id} does not exist in {self.label}")

    def brackets(self) -> Iterator[tuple[Paragraph, int, Bracket]]:
        """Every bracket with its paragraph and segment index."""
        for p in self.paragraphs:
            for index, segment in enumerate(p.segments):
                if isinstance(segment, Bracket):
                    yield p, index, segment


def new_draft(
    *,
    document_id: str,
    title: str,
    chair: str,
    paragraphs: list[tuple[ParagraphKind, str | tuple[Segment, ...]]],
) -> Revision:
    """Rev.1 of a draft, circulated by the chair.

    Each paragraph is `(kind, text)` or `(kind, segments)`; brackets in a first draft get
    their ids from the order they appear in (any ids given are replaced).
    """
    built: list[Paragraph] = []
    bracket_id = 0
    for number, (kind, content) in enumerate(paragraphs, start=1):
        raw: tuple[Segment, ...] = (Text(content),) if isinstance(content, str) else content
        segments: list[Segment] = []
        for segment in raw:
            if isinstance(segment, Bracket):
                bracket_id += 1
                segment = Bracket(bracket_id, segment.alternatives)
            segments.append(segment)
        built.append(Paragraph(number, ParagraphKind(kind), normalise_segments(segments)))
    return Revision(
        document_id=document_id,
        number=1,
        title=title,
        paragraphs=tuple(built),
        issued_by=chair,
        last_paragraph_id=len(built),
        last_bracket_id=bracket_id,
    )
